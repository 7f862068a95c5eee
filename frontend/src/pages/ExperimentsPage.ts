import { useState } from 'preact/hooks';
import { ApiError, describeError } from '../api';
import { experiments, type Experiment, type SideFigures } from '../experiments';
import { fmtCount, fmtDuration, fmtInstant, fmtRate, isoTime } from '../format';
import { html } from '../html';
import { usePoll } from '../poll';
import { paths } from '../router';
import { ComparisonReport } from '../components/ComparisonReport';
import { PanelBoundary } from '../components/PanelBoundary';

const STATE_CLASS: Record<string, string> = {
  RUNNING: 'badge-running',
  PROMOTED: 'badge-running',
  ABORTED: 'badge-stopped',
  FAILED: 'badge-failed',
};

function State({ e }: { e: Experiment }) {
  return html`<span class=${`badge ${STATE_CLASS[e.state] ?? ''}`} data-testid="experiment-state">${e.state}</span>`;
}

/** `/experiments`: every experiment, newest first, linking to its page. */
export function ExperimentsPage() {
  const list = usePoll<Experiment[]>('experiments', (s) => experiments.all(s), 2000);
  return html`
    <section data-testid="experiments-page">
      <h2>Experiments</h2>
      <p class="muted small">An experiment runs another version of a job next to its deployment, from one of its
        savepoints, on the same input and into outputs of its own, and compares the two results window by window.
        Start one from a job's page (<em>Experiment…</em>).</p>
      ${list.error ? html`<p class="notice notice-error" role="alert">${describeError(list.error)}</p>` : null}
      ${list.data === undefined ? html`<p class="muted" aria-busy="true">Loading…</p>`
        : list.data.length === 0 ? html`<p class="muted" data-testid="no-experiments">No experiment yet.</p>`
        : html`<div class="table-wrap"><table class="results" data-testid="experiment-list">
            <thead><tr><th>#</th><th>Job</th><th>A → B</th><th>State</th><th>Started</th><th>By</th><th>Outcome</th></tr></thead>
            <tbody>${list.data.map((e) => html`<tr data-testid="experiment-row" data-id=${e.id} data-state=${e.state}>
              <td><a href=${paths.experiment(e.job, e.id)} data-testid="experiment-link">#${e.id}</a></td>
              <td><a href=${paths.job(e.job)}>${e.job}</a></td>
              <td>v${e.baseVersion} → v${e.version}</td>
              <td><${State} e=${e} /></td>
              <td>${fmtInstant(e.startedAt)}</td><td>${e.principal}</td>
              <td class="small">${e.outcome ?? '—'}</td></tr>`)}</tbody>
          </table></div>`}
    </section>
  `;
}

function ms(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : fmtDuration(x);
}

/** Each side's throughput, lag and latency, A against B. */
function Figures({ a, b }: { a: SideFigures | null; b: SideFigures | null }) {
  const row = (label: string, f: (s: SideFigures) => string, id: string) => html`<tr data-testid=${`figure-${id}`}>
    <th>${label}</th><td>${a ? f(a) : '—'}</td><td>${b ? f(b) : '—'}</td></tr>`;
  return html`
    <table class="results compact" data-testid="experiment-figures">
      <thead><tr><th></th><th>A (deployment)</th><th>B (experiment)</th></tr></thead>
      <tbody>
        ${row('Throughput', (s) => fmtRate(s.recordsPerSecond), 'throughput')}
        ${row('Records read', (s) => fmtCount(s.recordsIn), 'records')}
        ${row('Watermark', (s) => (s.watermark === null ? '—' : isoTime(s.watermark)), 'watermark')}
        ${row('Event-time lag', (s) => ms(s.eventTimeLagMs), 'lag')}
        ${row('Result latency (mean / max)', (s) => `${ms(s.meanLatencyMs)} / ${ms(s.maxLatencyMs)}`, 'latency')}
        ${row('Results emitted', (s) => fmtCount(s.results), 'results')}
      </tbody>
    </table>
  `;
}

type Asking = 'promote' | 'abort' | null;

/** What each action does, said in its confirmation. */
function consequence(e: Experiment, what: 'promote' | 'abort'): string {
  if (what === 'promote') {
    return `Stops b's run and upgrades the deployment from v${e.baseVersion} to v${e.version}: savepoint of v${e.baseVersion}, `
      + `v${e.version} restored from it (health gate, rollback on failure). Windows open at that savepoint are emitted by `
      + `v${e.version} into the deployment's outputs; b's own topics are deleted.`;
  }
  return `Stops b's run and deletes its topics (${e.resultTopics.join(', ') || 'none'}), result table and snapshots; `
    + `b's results are lost, the comparison report stays. The deployment is not touched.`;
}

/** `/jobs/:name/experiments/:id`: one experiment with its live comparison report, promote and abort. */
export function ExperimentPage({ name, id }: { name: string; id: number }) {
  const [ended, setEnded] = useState<Experiment | null>(null);
  const poll = usePoll<Experiment>(ended ? null : `experiment:${name}:${id}`, async (s) => {
    const e = await experiments.get(name, id, s);
    if (e.state !== 'RUNNING') setEnded(e);
    return e;
  }, 1000);
  const [asking, setAsking] = useState<Asking>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const e = ended ?? poll.data;

  const act = async (what: 'promote' | 'abort') => {
    setBusy(true);
    setError(null);
    setAsking(null);
    try {
      setEnded(await (what === 'promote' ? experiments.promote(name, id) : experiments.abort(name, id)));
    } catch (err) {
      setError(`${what} refused: ${describeError(err)}`);
    } finally {
      setBusy(false);
    }
  };

  if (e === undefined) {
    if (poll.error instanceof ApiError && poll.error.status === 404) {
      return html`<section data-testid="experiment-not-found"><h2>No experiment #${id} of <code>${name}</code></h2>
        <p><a href=${paths.experiments()}>All experiments</a></p></section>`;
    }
    return poll.error ? html`<p class="notice notice-error" role="alert">${describeError(poll.error)}</p>`
      : html`<p class="muted" aria-busy="true">Loading experiment ${id}…</p>`;
  }
  return html`
    <div class="experiment-page" data-testid="experiment-page" data-state=${e.state}>
      <nav aria-label="breadcrumb" class="crumbs"><ul><li><a href=${paths.experiments()}>Experiments</a></li>
        <li><a href=${paths.job(name)}>${name}</a></li><li>#${id}</li></ul></nav>
      <header class="job-header">
        <hgroup>
          <h2>Experiment #${id} on ${name} <${State} e=${e} /></h2>
          <p>A: the deployment at v${e.baseVersion} · B: v${e.version}, started by ${e.principal} ${fmtInstant(e.startedAt)}</p>
        </hgroup>
        <dl class="facts" data-testid="experiment-facts">
          <div><dt>From savepoint</dt><dd><code>${e.savepoint.slice(0, 12)}</code> ${e.savepointTaken ? '(taken for it)' : '(chosen)'}</dd></div>
          <div><dt>Compared from</dt><dd>${isoTime(e.compareFrom)}</dd></div>
          <div><dt>B's topics</dt><dd data-testid="experiment-topics">${e.resultTopics.length ? e.resultTopics.join(', ') : 'none (no Kafka sink)'}</dd></div>
          <div><dt>B's run</dt><dd>${e.runState ?? '—'}</dd></div>
        </dl>
        ${e.state === 'RUNNING' || e.state === 'FAILED'
          ? html`<div class="submit-bar job-actions" data-needs="OPERATOR">
              ${e.state === 'RUNNING' ? html`<button class="btn-sm" data-testid="experiment-promote" disabled=${busy}
                onClick=${() => setAsking('promote')}>Promote v${e.version}…</button>` : null}
              <button class="btn-sm contrast" data-testid="experiment-abort" disabled=${busy} onClick=${() => setAsking('abort')}>Abort…</button>
            </div>`
          : null}
      </header>
      ${asking
        ? html`<div class="notice notice-warn" role="alertdialog" data-testid="experiment-confirm">
            <span><strong>${asking === 'promote' ? 'Promote' : 'Abort'} experiment #${id}?</strong> ${consequence(e, asking)}</span>
            <div class="submit-bar">
              <button class="btn-sm" data-testid="experiment-confirm-yes" onClick=${() => act(asking)}>${asking === 'promote' ? 'Promote' : 'Abort'}</button>
              <button class="btn-sm secondary" onClick=${() => setAsking(null)}>Keep it running</button>
            </div>
          </div>`
        : null}
      ${error ? html`<p class="notice notice-error" role="alert" data-testid="experiment-error">${error}</p>` : null}
      ${e.outcome ? html`<p class=${`notice ${e.state === 'FAILED' ? 'notice-error' : 'notice-ok'}`} role="status" data-testid="experiment-outcome">
          ${e.outcome}${e.operationId !== null ? html` — <a href=${paths.job(name)} data-testid="experiment-operation">upgrade operation #${e.operationId}</a>` : null}</p>` : null}
      ${e.state === 'RUNNING' ? html`<${PanelBoundary} name="Figures"><h3>Throughput, lag and latency</h3><${Figures} a=${e.a} b=${e.b} /><//>` : null}
      <${PanelBoundary} name="Comparison">
        <h3>Comparison <small class="muted">— ${e.state === 'RUNNING' ? 'live, over the windows both sides closed' : 'as it stood when the experiment ended'}</small></h3>
        <${ComparisonReport} report=${e.report} />
      <//>
    </div>
  `;
}
