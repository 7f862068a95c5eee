import { useState } from 'preact/hooks';
import { describeError } from '../../api';
import { flink, type FlinkFeature, type FlinkJob } from '../../flink';
import { fmtCount } from '../../format';
import { html } from '../../html';
import { refreshOverview } from '../../live';
import { usePoll } from '../../poll';

const SUPPORT_CLASS: Record<FlinkFeature['support'], string> = {
  SUPPORTED: 'badge-running',
  APPROXIMATE: 'badge-starting',
  UNSUPPORTED: 'badge-failed',
};

/**
 * The compatibility report of a spec on Flink (`GET /api/jobs/{name}/flink/compatibility`): every feature
 * SUPPORTED, APPROXIMATE (with what differs) or UNSUPPORTED (the deploy is refused), shown before deploying.
 */
export function FlinkReport({ features }: { features: FlinkFeature[] }) {
  const unsupported = features.filter((f) => f.support === 'UNSUPPORTED').length;
  return html`
    <div class="flink-report" data-testid="flink-report">
      <p class="small">${unsupported
        ? html`<strong class="field-error" data-testid="flink-unsupported">${unsupported} feature${unsupported > 1 ? 's' : ''} cannot run on Flink: it cannot be deployed there.</strong>`
        : 'Every feature runs on Flink; approximate ones differ as noted.'}</p>
      <div class="table-wrap"><table class="results compact">
        <thead><tr><th>Feature</th><th>Where</th><th>On Flink</th><th>Note</th></tr></thead>
        <tbody>${features.map((f) => html`<tr data-testid="flink-feature" data-support=${f.support}>
          <td>${f.feature}</td><td>${f.pointer ? html`<code>${f.pointer}</code>` : html`<span class="muted">the whole job</span>`}</td>
          <td><span class=${`badge ${SUPPORT_CLASS[f.support]}`}>${f.support.toLowerCase()}</span></td>
          <td class="small">${f.note}</td></tr>`)}</tbody>
      </table></div>
    </div>
  `;
}

function Facts({ s }: { s: FlinkJob }) {
  const m = s.metrics;
  return html`
    <table class="results compact" data-testid="flink-facts">
      <tbody>
        <tr><th>Target</th><td data-testid="flink-target">Flink</td></tr>
        <tr><th>Flink job</th><td><code data-testid="flink-job-id">${s.deployment.flinkJobId ?? '—'}</code></td></tr>
        <tr><th>Flink state</th><td data-testid="flink-state">${s.state ?? html`<span class="muted">${s.unavailable}</span>`}</td></tr>
        <tr><th>Parallelism</th><td data-testid="flink-parallelism">${s.parallelism ?? '—'}</td></tr>
        <tr><th>Checkpoints</th><td data-testid="flink-checkpoints">${s.checkpoints
          ? `${fmtCount(s.checkpoints.completed)} completed, ${fmtCount(s.checkpoints.failed)} failed, ${fmtCount(s.checkpoints.restored)} restored`
          : '—'}</td></tr>
        <tr><th>Restored from</th><td class="small"><code>${s.checkpoints?.latestRestored ?? '—'}</code></td></tr>
        <tr><th>Restarts</th><td>${m.numRestarts ?? '—'}</td></tr>
        <tr><th>Last checkpoint</th><td>${m.lastCheckpointDuration ? `${m.lastCheckpointDuration} ms, ${m.lastCheckpointSize ?? '?'} bytes` : '—'}</td></tr>
      </tbody>
    </table>
  `;
}

/**
 * A deployment on Flink (`GET /api/jobs/{name}/flink`, every 2 s): its Flink job, Flink's state, parallelism,
 * checkpoint counts and metrics, and the operations on it (savepoint, stop with savepoint with or without drain,
 * cancel, upgrade to the latest version, rescale), each completing within the request.
 */
export function FlinkSection({ job, latestVersion }: { job: string; latestVersion: number }) {
  const poll = usePoll<FlinkJob>(`flink:${job}`, (s) => flink.status(job, s), 2000);
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [p, setP] = useState('1');
  const s = poll.data;
  const running = s?.deployment.desiredState === 'RUNNING';

  const act = async (label: string, call: () => Promise<unknown>, outcome: (r: unknown) => string) => {
    setBusy(label);
    setDone(null);
    setError(null);
    try {
      setDone(outcome(await call()));
    } catch (e) {
      setError(`${label} failed: ${describeError(e)}`);
    } finally {
      setBusy(null);
      void refreshOverview();
    }
  };
  const took = (r: unknown) => `savepoint ${(r as { id: string }).id} registered in the catalog`;

  if (!s) {
    return html`<section class="deployment" data-testid="flink-section"><h3>On Flink</h3>
      <p class="muted" aria-busy=${poll.error ? 'false' : 'true'}>${poll.error ? describeError(poll.error) : 'Loading…'}</p></section>`;
  }
  return html`
    <section class="deployment" data-testid="flink-section">
      <h3>On Flink</h3>
      <${Facts} s=${s} />
      <div class="submit-bar job-actions" data-needs="OPERATOR">
        <button class="btn-sm" data-testid="flink-savepoint" disabled=${!!busy || !running}
          onClick=${() => act('Savepoint', () => flink.savepoint(job), took)}>Savepoint</button>
        <button class="btn-sm secondary" data-testid="flink-stop" disabled=${!!busy || !running}
          title="stop with a savepoint; deploy from it later" onClick=${() => act('Stop with savepoint', () => flink.stop(job, false), took)}>Stop with savepoint</button>
        <button class="btn-sm secondary" data-testid="flink-drain" disabled=${!!busy || !running}
          title="fire every window, then stop with a savepoint" onClick=${() => act('Stop with drain', () => flink.stop(job, true), took)}>Stop with drain</button>
        <button class="btn-sm secondary" data-testid="flink-cancel" disabled=${!!busy || !running}
          title="stop without a savepoint" onClick=${() => act('Cancel', () => flink.cancel(job), () => 'cancelled')}>Cancel</button>
        <button class="btn-sm secondary" data-testid="flink-upgrade" disabled=${!!busy || !running || s.deployment.version === latestVersion}
          title="stop with a savepoint, run the latest version from it"
          onClick=${() => act('Upgrade', () => flink.upgrade(job, latestVersion), () => `upgraded to v${latestVersion}`)}>Upgrade to v${latestVersion}</button>
        <label class="inline">Parallelism <input type="number" min="1" data-testid="flink-parallelism-input" value=${p}
          onInput=${(e: Event) => setP((e.target as HTMLInputElement).value)} style="width:5em" /></label>
        <button class="btn-sm secondary" data-testid="flink-rescale" disabled=${!!busy || !running}
          onClick=${() => act('Rescale', () => flink.rescale(job, Number(p)), () => `rescaled to ${p}`)}>Rescale</button>
      </div>
      ${busy ? html`<p class="muted" aria-busy="true" data-testid="flink-busy">${busy} on Flink…</p>` : null}
      ${done ? html`<p class="notice notice-ok" role="status" data-testid="flink-done">${done}</p>` : null}
      ${error ? html`<p class="notice notice-error" role="alert" data-testid="flink-error">${error}</p>` : null}
    </section>
  `;
}
