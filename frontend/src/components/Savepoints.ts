import { useState } from 'preact/hooks';
import { api, changeSummary, describeError, type CheckpointStats, type JobSummary, type SavepointDetail } from '../api';
import { fmtCount, isoTime } from '../format';
import { html } from '../html';
import { usePoll } from '../poll';
import { RestoreDialog, type Policy } from './RestoreDialog';
import { ops, type CatalogSavepoint } from '../ops';
import { SavepointMarks } from './ops/SavepointMarks';

function kib(bytes: number | null): string {
  if (bytes === null) return '—';
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** How the figures' snapshots were taken: the checkpoint mode, or savepoints only (mode NONE). */
function modeLabel(mode: string): string {
  return mode === 'AT_LEAST_ONCE' ? 'At-least-once' : mode === 'NONE' ? 'Savepoints' : 'Exactly-once';
}

/** Checkpoint figures, taking savepoints, and the savepoint catalog of a job with restore. */
export function Savepoints({ job, checkpoints }: { job: JobSummary; checkpoints: CheckpointStats | null | undefined }) {
  const list = usePoll<CatalogSavepoint[]>(`savepoints:${job.name}`, (signal) => ops.jobSavepoints(job.name, signal), 3000);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [detail, setDetail] = useState<SavepointDetail | null>(null);
  const [restoring, setRestoring] = useState<SavepointDetail | null>(null);
  const running = job.deployment?.desiredState === 'RUNNING';

  const take = async (stop: boolean) => {
    setBusy(true);
    setMessage(null);
    try {
      const s = await api.takeSavepoint(job.name, stop);
      setMessage(`Savepoint ${s.id.slice(0, 12)} taken (${fmtCount(s.entries)} entries, ${kib(s.bytes)})${stop ? ', job stopped' : ''}.`);
      list.refresh();
    } catch (e) {
      setMessage(`Savepoint failed: ${describeError(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const askRestore = async (id: string) => {
    setMessage(null);
    try {
      setRestoring(await api.savepoint(job.name, id));
    } catch (e) {
      setMessage(`Cannot read savepoint: ${describeError(e)}`);
    }
  };

  const restore = async (id: string, policy: Policy) => {
    setBusy(true);
    setMessage(null);
    try {
      await api.deploy(job.name, id, policy);
      setRestoring(null);
      setMessage(`Deployed ${job.name} from savepoint ${id.slice(0, 12)} (policy ${policy}).`);
    } catch (e) {
      setMessage(`Restore refused: ${describeError(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const inspect = async (id: string) => {
    try {
      setDetail(await api.savepoint(job.name, id));
    } catch (e) {
      setMessage(`Cannot read savepoint: ${describeError(e)}`);
    }
  };

  const rows = list.data ?? [];
  return html`
    <section class="savepoints" data-testid="savepoints">
      <h3>Checkpoints and savepoints</h3>
      <p class="small" data-testid="checkpoint-stats">
        ${checkpoints && checkpoints.completed > 0
          ? html`<strong data-testid="checkpoint-mode">${modeLabel(checkpoints.mode)}</strong>${
              `${checkpoints.mode === 'NONE' ? ' only, no checkpoints' : ' checkpoints'}: ${checkpoints.completed} completed this run; `
              + `last took ${checkpoints.lastDurationMs} ms, ${kib(checkpoints.lastBytes)}, ${fmtCount(checkpoints.lastEntries)} entries`}${checkpoints.restoredFrom
                ? html`; restored from <code>${checkpoints.restoredFrom.slice(0, 12)}</code>` : null}.`
          : html`<span class="muted">No checkpoint yet${running ? '' : ' (not running)'}; add <code>checkpoints</code> to the spec for recovery.</span>`}
      </p>
      <div class="submit-bar" data-needs="OPERATOR">
        <button class="btn-sm" data-testid="take-savepoint" disabled=${busy || !running} onClick=${() => take(false)}>Take savepoint</button>
        <button class="btn-sm secondary" data-testid="stop-with-savepoint" disabled=${busy || !running} onClick=${() => take(true)}>
          Stop with savepoint
        </button>
      </div>
      ${message ? html`<p class="small" data-testid="savepoint-message" role="status">${message}</p>` : null}
      ${rows.length === 0
        ? html`<p class="muted small">No savepoints.</p>`
        : html`
            <div class="table-wrap">
              <table class="results">
                <thead><tr><th>Savepoint</th><th>Taken</th><th>Version</th><th>Trigger</th><th>Watermark</th>
                  <th class="num">Entries</th><th class="num">Size</th><th>Status</th><th></th></tr></thead>
                <tbody>
                  ${rows.map(
                    (s) => html`<tr data-testid="savepoint-row" data-id=${s.id}>
                      <td><code>${s.id.slice(0, 12)}</code></td><td>${s.createdAt.replace('T', ' ').slice(0, 19)}</td>
                      <td>${s.jobVersion === null ? '—' : `v${s.jobVersion}`}</td><td>${s.trigger}</td>
                      <td>${s.watermark === null ? '—' : isoTime(s.watermark)}</td>
                      <td class="num">${fmtCount(s.entries)}</td><td class="num">${kib(s.bytes)}</td>
                      <td><${SavepointMarks} s=${s} /></td>
                      <td class="actions">
                        <button class="btn-sm secondary" onClick=${() => inspect(s.id)}>Check</button>
                        <button class="btn-sm" data-needs="OPERATOR" data-testid="restore-savepoint" disabled=${busy || running || s.status === "CORRUPT" || s.status === "MISSING"}
                          title=${running ? 'stop the job first' : 'deploy the latest version from this savepoint'}
                          onClick=${() => askRestore(s.id)}>Restore…</button>
                      </td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>
          `}
      ${restoring
        ? html`<${RestoreDialog} key=${restoring.savepoint.id} detail=${restoring} busy=${busy}
            onRestore=${(policy: Policy) => restore(restoring.savepoint.id, policy)} onCancel=${() => setRestoring(null)} />`
        : null}
      ${detail
        ? html`<div class=${`notice ${detail.compatibility.compatible ? 'notice-ok' : 'notice-warn'}`} data-testid="compatibility">
            <span>
              Savepoint <code>${detail.savepoint.id.slice(0, 12)}</code> is${' '}<strong>${detail.compatibility.compatible ? 'compatible' : 'not compatible'}</strong> with the latest version.
              ${detail.compatibility.changes.length > 0
                ? html`<ul>${detail.compatibility.changes.map(
                    (c) => html`<li><code>${changeSummary(c)}</code>: ${c.compatible ? 'keeps state' : 'incompatible'} — ${c.reason}</li>`,
                  )}</ul>`
                : ' No changes.'}
            </span>
          </div>`
        : null}
    </section>
  `;
}
