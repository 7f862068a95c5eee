import { useState } from 'preact/hooks';
import { describeError, type Savepoint } from '../../api';
import { fmtCount, fmtInstant } from '../../format';
import { html } from '../../html';
import { problemField } from '../../ops';
import { stateApi, type SavepointStateDiff, type StateChange } from '../../stateApi';
import { ValueCells, windowText } from './StateTable';

const STATUS: Record<StateChange['status'], string> = {
  DIFFER: 'differs',
  ONLY_IN_FROM: 'only in from',
  ONLY_IN_TO: 'only in to',
};

function Pick({ name, label, value, set, savepoints }: {
  name: string; label: string; value: string; set: (v: string) => void; savepoints: Savepoint[];
}) {
  return html`
    <label>${label}
      <select data-testid=${`diff-${name}`} value=${value} onChange=${(e: Event) => set((e.target as HTMLSelectElement).value)}>
        ${savepoints.map((s) => html`<option value=${s.id}>${s.id.slice(0, 12)} · ${fmtInstant(s.createdAt)} · v${s.jobVersion}</option>`)}
      </select>
    </label>
  `;
}

/** The keys and windows whose values differ between two savepoints of the job, or that only one holds. */
export function SavepointDiffPanel({ job, savepoints }: { job: string; savepoints: Savepoint[] }) {
  const [from, setFrom] = useState(savepoints[1]?.id ?? savepoints[0]?.id ?? '');
  const [to, setTo] = useState(savepoints[0]?.id ?? '');
  const [limit, setLimit] = useState('100');
  const [diff, setDiff] = useState<SavepointStateDiff | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const field = problemField(problem);

  if (savepoints.length < 2) {
    return html`<article data-testid="state-diff"><header><strong>Compare savepoints</strong></header>
      <p class="muted">Two savepoints of ${job} are needed to compare their state (it has ${savepoints.length}).</p></article>`;
  }
  const compare = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      setDiff(await stateApi.diff(job, from, to, limit));
    } catch (err) {
      setProblem(err);
      setDiff(null);
    } finally {
      setBusy(false);
    }
  };
  const names = diff ? [...new Set(diff.changes.flatMap((c) => Object.keys(c.from ?? c.to ?? {})))] : [];
  return html`
    <article data-testid="state-diff">
      <header><strong>Compare savepoints</strong><span class="muted"> — keys and windows whose values differ</span></header>
      <form class="state-form" onSubmit=${compare}>
        <div class="state-fields">
          <${Pick} name="from" label="From" value=${from} set=${setFrom} savepoints=${savepoints} />
          <${Pick} name="to" label="To" value=${to} set=${setTo} savepoints=${savepoints} />
          <label>Limit
            <input data-testid="diff-limit" value=${limit} aria-invalid=${field?.field === 'limit' ? 'true' : undefined}
              onInput=${(e: Event) => setLimit((e.target as HTMLInputElement).value)} />
            ${field?.field === 'limit' ? html`<small class="field-error" role="alert" data-testid="problem-limit">${field.message}</small>` : null}
          </label>
        </div>
        <div class="submit-bar"><button class="btn-sm" type="submit" data-testid="diff-compare" disabled=${busy}>${busy ? 'Comparing…' : 'Compare'}</button></div>
      </form>
      ${problem && !field ? html`<p class="notice notice-error" role="alert" data-testid="diff-problem">${describeError(problem)}</p>` : null}
      ${diff ? html`
        <p class="small" data-testid="diff-counts">
          <strong data-testid="diff-differ">${fmtCount(diff.differ)}</strong>${' differ · '}<strong>${fmtCount(diff.onlyInFrom)}</strong>${' only in from · '}<strong>${fmtCount(diff.onlyInTo)}</strong>${` only in to · ${fmtCount(diff.same)} the same`}
        </p>
        ${diff.changes.length === 0 ? html`<p class="muted" data-testid="diff-none">The two savepoints hold the same state.</p>`
          : html`<div class="table-wrap"><table class="results compact" data-testid="diff-changes">
              <thead><tr><th>Key</th><th>Window</th><th>Change</th>
                ${names.map((n) => html`<th class="num">${n} (from)</th>`)}${names.map((n) => html`<th class="num">${n} (to)</th>`)}</tr></thead>
              <tbody>${diff.changes.map((c) => html`<tr data-testid="diff-change" data-key=${c.key} data-status=${c.status}>
                <td><code>${c.key}</code></td><td>${windowText(c.windowStart, c.windowEnd)}</td><td>${STATUS[c.status]}</td>
                ${ValueCells({ names, values: c.from })}${ValueCells({ names, values: c.to })}</tr>`)}</tbody>
            </table></div>`}
        ${diff.truncated ? html`<p class="small muted" data-testid="diff-truncated">More changes than listed: raise the limit to see them.</p>` : null}
      ` : null}
    </article>
  `;
}
