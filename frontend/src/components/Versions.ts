import { useState } from 'preact/hooks';
import { api, describeError, type JobVersion } from '../api';
import { fmtInstant } from '../format';
import { html } from '../html';
import { useLoad } from '../poll';
import { navigate, paths } from '../router';

/** Every version of a job with who submitted it, when and why; compares two of them. */
export function Versions({ job, latestVersion, deployed }: { job: string; latestVersion: number; deployed: number | null }) {
  const res = useLoad((signal) => api.versions(job, signal), [job, latestVersion]);
  const list = res.data ?? [];
  const newest = list[list.length - 1]?.version ?? latestVersion;
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const a = from ?? Math.max(1, newest - 1);
  const b = to ?? newest;
  const options = (selected: number) =>
    list.map((v) => html`<option value=${v.version} selected=${v.version === selected}>v${v.version}</option>`);
  const pick = (set: (n: number) => void) => (e: Event) => set(Number((e.currentTarget as HTMLSelectElement).value));

  return html`
    <section class="versions" data-testid="versions">
      <h3>Versions</h3>
      ${res.error ? html`<p class="notice notice-error" role="alert">Could not load the versions: ${describeError(res.error)}</p>` : null}
      ${res.data === undefined
        ? res.error ? null : html`<p class="muted" aria-busy="true">Loading versions…</p>`
        : html`
            <div class="table-wrap">
              <table class="results">
                <thead><tr><th>Version</th><th>Submitted (UTC)</th><th>Author</th><th>Note</th><th>Spec hash</th><th></th></tr></thead>
                <tbody>
                  ${[...list].reverse().map((v: JobVersion) => html`
                    <tr data-testid="version-row" data-version=${v.version}>
                      <td class="nowrap"><strong>v${v.version}</strong>
                        ${v.version === deployed ? html` <small class="badge badge-running">deployed</small>` : null}</td>
                      <td class="nowrap">${fmtInstant(v.createdAt)}</td>
                      <td>${v.author}</td>
                      <td>${v.note ?? html`<span class="muted">—</span>`}</td>
                      <td><code title=${v.specHash}>${v.specHash.slice(0, 10)}</code></td>
                      <td class="actions">
                        ${v.version > 1
                          ? html`<a href=${paths.diff(job, v.version - 1, v.version)} data-testid="compare-previous">
                              compare with v${v.version - 1}</a>`
                          : null}
                      </td>
                    </tr>`)}
                </tbody>
              </table>
            </div>
            ${list.length > 1
              ? html`<form class="submit-bar compare" data-testid="compare-form"
                  onSubmit=${(e: Event) => { e.preventDefault(); navigate(paths.diff(job, a, b)); }}>
                  <label>From <select data-testid="compare-from" onChange=${pick(setFrom)}>${options(a)}</select></label>
                  <label>To <select data-testid="compare-to" onChange=${pick(setTo)}>${options(b)}</select></label>
                  <button type="submit" class="btn-sm" data-testid="compare" disabled=${a === b}>Compare</button>
                </form>`
              : null}
          `}
    </section>
  `;
}
