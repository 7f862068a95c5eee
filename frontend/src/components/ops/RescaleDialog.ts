import { useState } from 'preact/hooks';
import { describeError } from '../../api';
import { fmtCount } from '../../format';
import { html } from '../../html';
import { refreshOverview } from '../../live';
import { describeGate, ops, problemField, type KeyGroupRange, type Operation, type RescalePlan } from '../../ops';
import { OperationWatch } from './OperationWatch';

function range(r: KeyGroupRange | undefined): string {
  return r ? `${r.firstKeyGroup}–${r.lastKeyGroup}` : '—';
}

function PlanTable({ plan }: { plan: RescalePlan }) {
  const n = Math.max(plan.ranges.before.length, plan.ranges.after.length);
  const rows = Array.from({ length: n }, (_, i) => ({ i, before: plan.ranges.before[i], after: plan.ranges.after[i] }));
  return html`
    <div data-testid="rescale-plan">
      <p class="small">
        ${plan.from} → <strong>${plan.to}</strong> subtasks over ${plan.ranges.maxParallelism} key groups;${' '}
        <strong data-testid="rescale-keys">${fmtCount(plan.ranges.keys)}</strong> keys with state
        ${plan.basedOn ? html` (counted in <code>${plan.basedOn.slice(0, 12)}</code>)` : ' (no snapshot yet to count them in)'}.
        Skew (largest subtask's keys over the mean): <strong data-testid="skew-before">${plan.skewBefore.toFixed(2)}</strong> before,${' '}
        <strong data-testid="skew-after">${plan.skewAfter.toFixed(2)}</strong> after.
      </p>
      <div class="table-wrap"><table class="results compact">
        <thead><tr><th class="num">Subtask</th><th>Key groups before</th><th class="num">Keys before</th>
          <th>Key groups after</th><th class="num">Keys after</th></tr></thead>
        <tbody>${rows.map((r) => html`<tr data-testid="rescale-row">
          <td class="num">${r.i}</td><td>${range(r.before)}</td><td class="num">${r.before ? fmtCount(r.before.keys) : '—'}</td>
          <td>${range(r.after)}</td><td class="num" data-testid="keys-after">${r.after ? fmtCount(r.after.keys) : '—'}</td></tr>`)}</tbody>
      </table></div>
      <p class="small">Expected downtime ≈ ${plan.expectedDowntimeMs} ms (${plan.downtimeBasis}). Health gate: ${describeGate(plan.gate)}.</p>
    </div>
  `;
}

/**
 * Change a job's parallelism through savepoint and restore (`POST /api/jobs/{name}/rescale`): the dry run's
 * key-group ranges, key counts and skew per subtask, then the run, watched to its measured downtime.
 */
export function RescaleDialog({ job, current: now, onClose }: { job: string; current: number | null; onClose: () => void }) {
  const [current] = useState(now);
  const [text, setText] = useState(String(current === null ? 2 : current === 1 ? 2 : current * 2));
  const [plan, setPlan] = useState<RescalePlan | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [op, setOp] = useState<Operation | null>(null);
  const field = problemField(problem);
  const parallelism = Number(text);

  const act = async (dry: boolean) => {
    setBusy(true);
    setProblem(null);
    try {
      if (dry) setPlan(await ops.planRescale(job, parallelism));
      else setOp(await ops.rescale(job, parallelism));
    } catch (e) {
      setProblem(e);
      if (dry) setPlan(null);
    } finally {
      setBusy(false);
      if (!dry) void refreshOverview();
    }
  };

  return html`
    <article class="ops-dialog" role="dialog" aria-label="Rescale" data-testid="rescale-dialog">
      <header><strong>Rescale ${job}</strong><span class="muted"> — savepoint, stop, restore at the new parallelism (currently ${current ?? '—'})</span></header>
      <label>New parallelism
        <input type="number" min="1" data-testid="rescale-parallelism" value=${text} disabled=${busy || op !== null}
          aria-invalid=${field?.field === 'parallelism' ? 'true' : undefined}
          onInput=${(e: Event) => { setText((e.target as HTMLInputElement).value); setPlan(null); }} />
      </label>
      ${field?.field === 'parallelism' ? html`<small class="field-error" role="alert" data-testid="problem-parallelism">${field.message}</small>` : null}
      <div class="submit-bar">
        <button class="btn-sm" data-testid="rescale-plan-button" disabled=${busy || op !== null || !(parallelism >= 1)} onClick=${() => act(true)}>Plan (dry run)</button>
      </div>
      ${problem && !field ? html`<p class="notice notice-error" role="alert" data-testid="rescale-problem">${describeError(problem)}</p>` : null}
      ${plan ? html`<${PlanTable} plan=${plan} />` : null}
      ${op ? html`<${OperationWatch} key=${op.id} job=${job} first=${op} />` : null}
      <footer class="submit-bar">
        <button class="btn-sm" data-testid="rescale-run" disabled=${busy || !plan || op !== null} onClick=${() => act(false)}>
          ${plan ? `Rescale to ${plan.to}` : 'Plan first'}</button>
        <button class="btn-sm secondary" data-testid="rescale-close" onClick=${onClose}>${op ? 'Close' : 'Cancel'}</button>
      </footer>
    </article>
  `;
}
