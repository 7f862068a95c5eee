import { useState } from 'preact/hooks';
import { ApiError, api, describeError, type Problem, type SavedJob } from '../api';
import { FORMATS, type SpecFormat } from '../examples';
import { html } from '../html';

interface Props {
  onSaved: (name: string) => void;
  onDeploy: (name: string) => Promise<boolean>;
}

type Outcome =
  | { kind: 'saved'; job: SavedJob & { created: boolean } }
  | { kind: 'problem'; status: number; problem: Problem }
  | { kind: 'error'; message: string };

function ProblemList({ status, problem }: { status: number; problem: Problem }) {
  const errors = problem.errors ?? [];
  const head = `${problem.title ?? 'Rejected'} (${status})`;
  return html`
    <div class="notice notice-error" role="alert">
      <strong>${head}</strong>
      ${problem.detail && errors.length > 0 ? html`<p>${problem.detail}</p>` : null}
      <ul data-testid="spec-errors">
        ${errors.length > 0
          ? errors.map((e) => html`<li><code>${e.pointer || '/'}</code>: ${e.message}</li>`)
          : html`<li>${problem.detail ?? 'The server rejected the spec.'}</li>`}
      </ul>
    </div>
  `;
}

export function SubmitJob({ onSaved, onDeploy }: Props) {
  const [format, setFormat] = useState<SpecFormat>('yaml');
  const [spec, setSpec] = useState(FORMATS.yaml.example);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [deployed, setDeployed] = useState(false);

  const changeFormat = (next: SpecFormat) => {
    // Swap in the other example only while the text is still an untouched example.
    if (spec === FORMATS[format].example) setSpec(FORMATS[next].example);
    setFormat(next);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setOutcome(null);
    setDeployed(false);
    try {
      const job = await api.submit(spec, FORMATS[format].contentType);
      setOutcome({ kind: 'saved', job });
      onSaved(job.name);
    } catch (err) {
      setOutcome(err instanceof ApiError ? { kind: 'problem', status: err.status, problem: err.problem } : { kind: 'error', message: describeError(err) });
    } finally {
      setBusy(false);
    }
  };

  const deploy = async (name: string) => {
    setDeployed(await onDeploy(name));
  };

  return html`
    <section class="submit">
      <h2>Submit a job</h2>
      <form onSubmit=${submit}>
        <label>
          Job spec
          <textarea
            data-testid="spec-input"
            rows="12"
            spellcheck="false"
            value=${spec}
            onInput=${(e: Event) => setSpec((e.currentTarget as HTMLTextAreaElement).value)}
          ></textarea>
        </label>
        <div class="submit-bar">
          <label class="format">
            Format
            <select
              data-testid="spec-format"
              value=${format}
              onChange=${(e: Event) => changeFormat((e.currentTarget as HTMLSelectElement).value as SpecFormat)}
            >
              ${Object.entries(FORMATS).map(([k, f]) => html`<option value=${k}>${f.label}</option>`)}
            </select>
          </label>
          <button type="submit" data-testid="spec-submit" disabled=${busy} aria-busy=${busy ? 'true' : 'false'}>Submit</button>
        </div>
      </form>
      ${outcome?.kind === 'saved'
        ? html`
            <div class="notice notice-ok" data-testid="spec-saved">
              <span>
                Saved <strong>${outcome.job.name}</strong> version ${outcome.job.version}
                ${outcome.job.created ? '' : html` <small class="muted">(identical to the latest version)</small>`}
              </span>
              <button class="btn-sm" data-testid="spec-deploy" disabled=${deployed} onClick=${() => deploy(outcome.job.name)}>
                ${deployed ? 'Deploy requested' : 'Deploy'}
              </button>
            </div>
            ${(outcome.job.warnings ?? []).length > 0
              ? html`
                  <div class="notice notice-warn" role="status">
                    <strong>Warnings</strong>
                    <ul data-testid="spec-warnings">
                      ${(outcome.job.warnings ?? []).map((w) => html`<li><code>${w.pointer || '/'}</code>: ${w.message}</li>`)}
                    </ul>
                  </div>
                `
              : null}
          `
        : null}
      ${outcome?.kind === 'problem' ? html`<${ProblemList} status=${outcome.status} problem=${outcome.problem} />` : null}
      ${outcome?.kind === 'error'
        ? html`<div class="notice notice-error" role="alert"><strong>Could not submit:</strong> ${outcome.message}</div>`
        : null}
    </section>
  `;
}
