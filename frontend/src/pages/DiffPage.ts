import { ApiError, api, describeError, type VersionChange } from '../api';
import { html } from '../html';
import { useLoad } from '../poll';
import { paths } from '../router';

function Value({ v }: { v: string | null }) {
  return v === null ? html`<span class="muted">(absent)</span>` : html`<code>${v}</code>`;
}

function ChangeRow({ c }: { c: VersionChange }) {
  return html`
    <tr data-testid="diff-row" data-field=${c.field} data-compatible=${String(c.stateCompatible)}>
      <td><code>${c.field}</code></td>
      <td class="diff-values"><${Value} v=${c.from} /> <span class="arrow">→</span> <${Value} v=${c.to} /></td>
      <td>${c.stateCompatible
        ? html`<span class="badge badge-running">keeps state</span>`
        : html`<span class="badge badge-failed">incompatible</span>`}</td>
      <td class="small">${c.reason}</td>
    </tr>
  `;
}

/** `/jobs/:name/versions/:a/diff/:b`: every changed field between two versions, classified as a restore would. */
export function DiffPage({ name, a, b }: { name: string; a: number; b: number }) {
  const res = useLoad((signal) => api.diff(name, a, b, signal), [name, a, b]);
  const diff = res.data;
  const stale = diff !== undefined && (diff.from !== a || diff.to !== b);
  return html`
    <section class="diff-page" data-testid="diff-page">
      <nav aria-label="breadcrumb" class="crumbs"><ul>
        <li><a href=${paths.overview()}>Overview</a></li>
        <li><a href=${paths.job(name)} data-testid="diff-job-link">${name}</a></li>
        <li>v${a} → v${b}</li>
      </ul></nav>
      <h2>${name}: v${a} → v${b}</h2>
      ${res.error
        ? res.error instanceof ApiError && res.error.status === 404
          ? html`<p class="notice notice-error" role="alert" data-testid="diff-error">${describeError(res.error)}.
              <a href=${paths.job(name)}>Back to ${name}</a></p>`
          : html`<p class="notice notice-error" role="alert" data-testid="diff-error">Could not compare: ${describeError(res.error)}</p>`
        : null}
      ${diff === undefined || stale
        ? res.error ? null : html`<p class="muted" aria-busy="true">Comparing…</p>`
        : html`
            <p class=${`notice ${diff.stateCompatible ? 'notice-ok' : 'notice-warn'}`} data-testid="diff-verdict">
              ${diff.stateCompatible
                ? html`<span>A savepoint of v${a} <strong>keeps its window state</strong> in v${b}: it restores as it is.</span>`
                : html`<span>A savepoint of v${a} <strong>does not fit</strong> v${b}: restoring it needs a policy
                    (reset-windows or drain-first), chosen in the restore dialog.</span>`}
            </p>
            ${diff.changes.length === 0
              ? html`<p class="muted" data-testid="diff-empty">The two versions have the same spec.</p>`
              : html`<div class="table-wrap"><table class="results" data-testid="diff-table">
                  <thead><tr><th>Field</th><th>Old → new</th><th>State</th><th>Why</th></tr></thead>
                  <tbody>${diff.changes.map((c) => html`<${ChangeRow} key=${c.field} c=${c} />`)}</tbody>
                </table></div>`}
            <p class="small">
              ${a > 1 ? html`<a href=${paths.diff(name, a - 1, a)}>← v${a - 1} → v${a}</a> · ` : null}
              <a href=${paths.diff(name, b, a)} data-testid="diff-swap">swap sides</a>
            </p>
          `}
    </section>
  `;
}
