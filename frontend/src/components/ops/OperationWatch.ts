import { useState } from 'preact/hooks';
import { describeError } from '../../api';
import { html } from '../../html';
import { describeGate, ops, type Operation } from '../../ops';
import { usePoll } from '../../poll';

/** The steps an operation goes through, in order (OperationStep on the server). */
const STEPS = ['PLANNED', 'SAVEPOINT_TAKEN', 'STOPPED', 'STARTED', 'GATE_PASSED', 'DONE'];

const OUTCOME: Record<string, string> = {
  SUCCEEDED: 'Succeeded',
  FAILED: 'Failed before anything changed: the deployment is as it was',
  ROLLED_BACK: 'Rolled back: the previous version and parallelism run again from the savepoint',
};

/**
 * Watches one operation (`GET /api/jobs/{name}/deployment/operations/{id}` every second until it ends): its
 * steps with their times, the health gate, and the outcome with the error of a failure or rollback.
 */
export function OperationWatch({ job, first, onDone }: { job: string; first: Operation; onDone?: (op: Operation) => void }) {
  const running = (o: Operation) => o.state === 'RUNNING';
  const [op, setOp] = useState(first);
  const poll = usePoll<Operation>(running(op) ? `op:${job}:${first.id}` : null, async (signal) => {
    const o = await ops.operation(job, first.id, signal);
    setOp(o);
    if (!running(o)) onDone?.(o);
    return o;
  }, 1000);
  const lines = op.steps;
  const done = new Map(lines.map((s) => [s.step, s]));
  const rolledBack = done.has('ROLLING_BACK');
  const shown = rolledBack ? lines.map((l) => l.step) : STEPS;
  const ended = !running(op);
  return html`
    <div class="op-watch" data-testid="operation" data-state=${op.state} data-kind=${op.kind}>
      <p class="small">
        <strong>${op.kind} #${op.id}</strong> by ${op.principal}${op.savepoint ? html`, savepoint <code>${op.savepoint.slice(0, 12)}</code>` : null}.
        Health gate: <span data-testid="operation-gate">${describeGate(op.gate)}</span>.
      </p>
      <ol class="op-steps" data-testid="operation-steps">
        ${shown.map((s) => {
          const line = done.get(s);
          const current = !ended && !line && shown.find((x) => !done.has(x)) === s;
          return html`<li class=${line ? 'op-step-done' : current ? 'op-step-current' : 'op-step-todo'} data-step=${s}>
            ${line ? '✔' : current ? '…' : '○'} ${s.replaceAll('_', ' ').toLowerCase()}
            ${line?.at ? html` <small class="muted">${line.at.replace('T', ' ').slice(11, 23)}</small>` : null}
            ${line?.note ? html` <small>(${line.note})</small>` : null}
          </li>`;
        })}
      </ol>
      ${ended
        ? html`<p class=${`notice ${op.state === 'SUCCEEDED' ? 'notice-ok' : 'notice-error'}`} role="status" data-testid="operation-outcome">
            <span><strong>${OUTCOME[op.state] ?? op.state}</strong>${op.downtimeMs !== null
              ? html`<span> — measured downtime <strong data-testid="operation-downtime">${op.downtimeMs} ms</strong></span>` : null}${op.error
              ? html`<br /><span data-testid="operation-error">Reason: ${op.error}</span>` : null}</span>
          </p>`
        : html`<p class="muted small" aria-busy="true">Running…</p>`}
      ${poll.error ? html`<p class="notice notice-error small">Could not read the operation: ${describeError(poll.error)}</p>` : null}
    </div>
  `;
}
