import { useEffect, useState } from 'preact/hooks';
import { ApiError, describeError } from '../../api';
import { fmtInstant } from '../../format';
import { html } from '../../html';
import { refreshOverview } from '../../live';
import { ops, type DeploymentEvent, type DeploymentState, type Operation } from '../../ops';
import { usePoll } from '../../poll';
import { OperationWatch } from './OperationWatch';
import { SavepointSettingsForm } from './SavepointSettingsForm';

type Control = 'suspend' | 'resume' | 'drain' | 'cancel';

/** What each control does, said before it is sent (drain and cancel ask for a confirmation with it). */
const CONTROLS: { id: Control; label: string; does: string; confirm: boolean }[] = [
  { id: 'suspend', label: 'Suspend', does: 'Takes a savepoint, then stops; Resume restores that savepoint.', confirm: false },
  { id: 'resume', label: 'Resume', does: "Starts the suspended deployment again from its suspend's savepoint.", confirm: false },
  {
    id: 'drain',
    label: 'Drain',
    does: 'Fires every open window now (their results go to the outputs, early for windows not yet due), takes a savepoint and stops. The job stays stopped until deployed again.',
    confirm: true,
  },
  {
    id: 'cancel',
    label: 'Cancel',
    does: 'Stops without a savepoint: what the open windows counted since the last checkpoint is not saved, and nothing is emitted for them.',
    confirm: true,
  },
];

/** Whether the observed value differs from the desired one (nothing observed while nothing runs is no mismatch). */
function mismatch(desired: number, observed: number | null): boolean {
  return observed !== null && observed !== desired;
}

function enabled(c: Control, d: DeploymentState): boolean {
  if (d.operationInProgress !== null) return false;
  const live = d.desiredState === 'RUNNING' && d.status !== 'FAILED';
  if (c === 'resume') return d.desiredState === 'SUSPENDED';
  return live;
}

function Timeline({ events }: { events: DeploymentEvent[] }) {
  const newest = [...events].reverse();
  return html`
    <div class="table-wrap timeline">
      <table class="results compact" data-testid="timeline">
        <thead><tr><th>At (UTC)</th><th>Event</th><th>Status</th><th>Operation</th><th>Details</th></tr></thead>
        <tbody>
          ${newest.map((e) => html`<tr key=${e.id} data-testid="timeline-row" data-type=${e.type}>
            <td class="nowrap">${fmtInstant(e.at)}</td>
            <td><code>${e.type}</code></td>
            <td class="nowrap">${e.fromStatus || e.toStatus ? `${e.fromStatus ?? '—'} → ${e.toStatus ?? '—'}` : ''}</td>
            <td>${e.operationId === null ? html`<span class="muted">—</span>` : `#${e.operationId}`}</td>
            <td class="small">${e.message}</td>
          </tr>`)}
        </tbody>
      </table>
    </div>
  `;
}

/**
 * A job's deployment (`GET /api/jobs/{name}/deployment`): desired against observed state, version and
 * parallelism side by side (a mismatch, as during an upgrade or rescale, is marked), the last error, the controls
 * suspend, resume, drain and cancel (drain and cancel confirmed with what they do), the last control's
 * operation, the savepoint settings, and the deployment's timeline, newest first. A deployment on Flink
 * (`onFlink`) shows its desired state, last error and timeline only: its operations, run and savepoints are the
 * Flink panel's.
 */
export function DeploymentSection({ job, onFlink = false }: { job: string; onFlink?: boolean }) {
  const dep = usePoll<DeploymentState>(`deployment:${job}`, (s) => ops.deployment(job, s), 2000);
  const events = usePoll<DeploymentEvent[]>(`events:${job}`, (s) => ops.events(job, s), 2000);
  // A new event means the deployment moved: read it again now rather than at its next poll.
  const newest = events.data?.[events.data.length - 1]?.id;
  useEffect(() => dep.refresh(), [newest]);
  const [asking, setAsking] = useState<Control | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [op, setOp] = useState<Operation | null>(null);

  const send = async (c: Control) => {
    setBusy(true);
    setError(null);
    setAsking(null);
    try {
      setOp(await ops.control(job, c));
    } catch (e) {
      setError(`${c} refused: ${describeError(e)}`);
    } finally {
      setBusy(false);
      dep.refresh();
      events.refresh();
      void refreshOverview();
    }
  };

  const d = dep.data;
  if (d === undefined) {
    if (dep.error instanceof ApiError && dep.error.status === 404) {
      return html`<section class="deployment" data-testid="deployment"><h3>Deployment</h3><p class="muted">Not deployed yet.</p></section>`;
    }
    return html`<section class="deployment" data-testid="deployment"><h3>Deployment</h3>
      ${dep.error ? html`<p class="notice notice-error">${describeError(dep.error)}</p>` : html`<p class="muted" aria-busy="true">Loading…</p>`}</section>`;
  }
  const asked = CONTROLS.find((c) => c.id === asking);
  return html`
    <section class="deployment" data-testid="deployment">
      <h3>Deployment <small class="muted">#${d.id}</small></h3>
      <table class="results compact desired-observed" data-testid="desired-observed">
        <thead><tr><th></th><th>Desired</th><th>Observed</th></tr></thead>
        <tbody>
          <tr><th>State</th><td data-testid="desired-state">${d.desiredState}</td><td data-testid="observed-status">${d.status}</td></tr>
          <tr class=${mismatch(d.version, d.observedVersion) ? 'mismatch' : ''}><th>Version</th><td data-testid="desired-version">v${d.version}</td>
            <td data-testid="observed-version">${d.observedVersion === null ? '—' : `v${d.observedVersion}`}${mismatch(d.version, d.observedVersion)
              ? html` <small class="field-error" data-testid="version-mismatch">differs from desired</small>` : null}</td></tr>
          <tr class=${mismatch(d.parallelism, d.observedParallelism) ? 'mismatch' : ''}><th>Parallelism</th><td data-testid="desired-parallelism">${d.parallelism}</td>
            <td data-testid="observed-parallelism">${d.observedParallelism ?? '—'}${mismatch(d.parallelism, d.observedParallelism)
              ? html` <small class="field-error" data-testid="parallelism-mismatch">differs from desired</small>` : null}</td></tr>
          <tr><th>Last error</th><td class="muted">—</td><td data-testid="deployment-last-error">${d.lastError
            ? html`<span class="field-error">${d.lastError}</span>` : html`<span class="muted">none</span>`}</td></tr>
        </tbody>
      </table>
      ${d.restoredFrom ? html`<p class="small">The current run was started from savepoint <code>${d.restoredFrom.slice(0, 12)}</code>.</p>` : null}
      ${d.operationInProgress !== null ? html`<p class="small" data-testid="in-progress">Operation #${d.operationInProgress} in progress.</p>` : null}
      ${onFlink ? null : html`<div class="submit-bar" data-needs="OPERATOR">
        ${CONTROLS.map((c) => html`<button class=${`btn-sm ${c.id === 'cancel' ? 'contrast' : 'secondary'}`} data-testid=${`control-${c.id}`}
          title=${c.does} disabled=${busy || !enabled(c.id, d)} onClick=${() => (c.confirm ? setAsking(c.id) : send(c.id))}>${c.label}</button>`)}
      </div>`}
      ${asked
        ? html`<div class="notice notice-warn" role="alertdialog" data-testid="control-confirm">
            <span><strong>${asked.label} ${job}?</strong> ${asked.does}</span>
            <div class="submit-bar">
              <button class="btn-sm" data-testid="control-confirm-yes" onClick=${() => send(asked.id)}>${asked.label}</button>
              <button class="btn-sm secondary" onClick=${() => setAsking(null)}>Keep running</button>
            </div>
          </div>`
        : null}
      ${error ? html`<p class="notice notice-error" role="alert" data-testid="control-error">${error}</p>` : null}
      ${op ? html`<${OperationWatch} key=${op.id} job=${job} first=${op} onDone=${() => dep.refresh()} />` : null}
      ${onFlink ? null : html`<${SavepointSettingsForm} job=${job} />`}
      <h4>Timeline <small class="muted">— newest first</small></h4>
      ${events.data ? html`<${Timeline} events=${events.data} />` : events.error ? html`<p class="notice notice-error">${describeError(events.error)}</p>` : null}
    </section>
  `;
}
