import { useState } from 'preact/hooks';
import { describeError } from '../../api';
import { experiments } from '../../experiments';
import { html } from '../../html';
import { ops, problemField, type CatalogSavepoint } from '../../ops';
import { useLoad } from '../../poll';
import { navigate, paths } from '../../router';

/**
 * Start an A/B experiment of a job (`POST /api/jobs/{name}/experiments`): version b, from a savepoint of the
 * running deployment taken now or chosen from the catalog. A refusal is shown next to the field it names; on
 * success the experiment's page opens.
 */
export function ExperimentStart({ job, versions, current, onClose }: {
  job: string; versions: number[]; current: number | null; onClose: () => void;
}) {
  const choices = [...versions].sort((x, y) => y - x);
  const [version, setVersion] = useState(String(choices.find((v) => v !== current) ?? choices[0] ?? 1));
  const [savepoint, setSavepoint] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const catalog = useLoad<CatalogSavepoint[]>((s) => ops.catalog({ job, kind: 'savepoint' }, s), [job]);
  const field = problemField(problem);

  const start = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const e = await experiments.start(job, Number(version), savepoint || null);
      navigate(paths.experiment(job, e.id));
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  };

  return html`
    <article class="ops-dialog" role="dialog" aria-label="Start an experiment" data-testid="experiment-start">
      <header><strong>Experiment on ${job}</strong><span class="muted"> — run version b next to the deployment
        (v${current ?? '—'}) from one of its savepoints, into outputs of its own, and compare the two</span></header>
      <label>Version b
        <select data-testid="experiment-version" value=${version} disabled=${busy}
          aria-invalid=${field?.field === 'version' ? 'true' : undefined}
          onChange=${(e: Event) => setVersion((e.target as HTMLSelectElement).value)}>
          ${choices.map((v) => html`<option value=${String(v)}>v${v}${v === current ? ' (what runs now)' : ''}</option>`)}
        </select>
      </label>
      ${field?.field === 'version' ? html`<small class="field-error" role="alert" data-testid="problem-version">${field.message}</small>` : null}
      <label>Start from
        <select data-testid="experiment-savepoint" value=${savepoint} disabled=${busy}
          aria-invalid=${field?.field === 'savepoint' ? 'true' : undefined}
          onChange=${(e: Event) => setSavepoint((e.target as HTMLSelectElement).value)}>
          <option value="">a savepoint of the deployment taken now</option>
          ${(catalog.data ?? []).filter((s) => s.status !== 'CORRUPT' && s.status !== 'MISSING').map((s) => html`<option value=${s.id}>
            savepoint ${s.id.slice(0, 12)} (v${s.jobVersion ?? '?'}, ${s.createdAt.replace('T', ' ').slice(0, 19)})</option>`)}
        </select>
      </label>
      ${field?.field === 'savepoint' ? html`<small class="field-error" role="alert" data-testid="problem-savepoint">${field.message}</small>` : null}
      <p class="small muted">b reads the same input from the savepoint's offsets and writes to
        <code>&lt;topic&gt;.experiment-&lt;id&gt;</code> with its own transactional ids: nothing of b reaches the
        deployment's outputs. Upgrades, suspends and stops of the deployment are refused until the experiment is
        promoted or aborted.</p>
      ${problem && !field ? html`<p class="notice notice-error" role="alert" data-testid="experiment-problem">${describeError(problem)}</p>` : null}
      <footer class="submit-bar">
        <button class="btn-sm" data-testid="experiment-start-button" disabled=${busy} onClick=${start}>Start experiment</button>
        <button class="btn-sm secondary" data-testid="experiment-start-close" onClick=${onClose}>Cancel</button>
      </footer>
    </article>
  `;
}
