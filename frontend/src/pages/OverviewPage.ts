import type { JobOverview } from '../api';
import { fmtCount, fmtDuration, fmtRate, isFiniteTime, isoTime } from '../format';
import { html } from '../html';
import { refreshOverview, useLive } from '../live';
import { paths } from '../router';
import { useJobActions, type JobActions } from '../components/actions';
import { PanelBoundary } from '../components/PanelBoundary';
import { HealthBadge } from '../components/HealthBadge';
import { StatusBadge } from '../components/StatusBadge';
import { SubmitJob } from '../components/SubmitJob';

function Watermark({ job }: { job: JobOverview }) {
  if (job.watermark === null) return html`<span class="muted">—</span>`;
  if (!isFiniteTime(job.watermark)) return html`<span>${isoTime(job.watermark)}</span>`;
  const lag = job.watermarkLagMs;
  return html`<span title=${isoTime(job.watermark)} data-testid="watermark-lag">
    ${lag === null ? isoTime(job.watermark) : `${fmtDuration(lag)} ${lag >= 0 ? 'behind' : 'ahead'}`}</span>`;
}

function LastCheckpoint({ job }: { job: JobOverview }) {
  if (job.checkpointMode === null) {
    return job.status === 'RUNNING'
      ? html`<span class="muted" title="the spec takes no checkpoints">none</span>`
      : html`<span class="muted" title="not running">—</span>`;
  }
  const mode = job.checkpointMode === 'EXACTLY_ONCE' ? 'exactly-once' : 'at-least-once';
  return html`<span title=${`${mode}, ${job.checkpoints} this run`}>
    ${job.lastCheckpointAgeMs === null ? 'not yet' : `${fmtDuration(job.lastCheckpointAgeMs)} ago`}
    <small class="muted"> ${mode}</small></span>`;
}

function Row({ job, actions }: { job: JobOverview; actions: JobActions }) {
  const busy = actions.pending === job.job;
  const upToDate = job.desiredState === 'RUNNING' && job.version === job.latestVersion && job.status !== 'FAILED';
  const stopped = job.desiredState === null || (job.desiredState === 'STOPPED' && job.status === 'STOPPED');
  const running = job.status === 'RUNNING';
  return html`
    <tbody class="job">
      <tr data-testid="job-row" data-job=${job.job}>
        <td class="job-cell">
          <a href=${paths.job(job.job)} data-testid="job-link"><strong>${job.job}</strong></a>
          <small class="muted">${job.description}</small>
        </td>
        <td class="nowrap"><${StatusBadge} status=${job.status} />
          <small class="muted desired" data-testid="job-desired">${job.desiredState ? `desired ${job.desiredState.toLowerCase()}` : ''}</small></td>
        <td class="nowrap" data-testid="job-version">
          ${job.version === null ? html`<span class="muted">v${job.latestVersion}</span>` : `v${job.version}`}
          ${job.version !== null && job.version !== job.latestVersion
            ? html` <small class="muted">(v${job.latestVersion} latest)</small>` : null}
        </td>
        <td class="num">${job.parallelism ?? '—'}</td>
        <td class="num" data-testid="throughput" title=${`${fmtCount(job.recordsIn)} records read this run`}>
          ${running || job.recordsIn > 0 ? fmtRate(job.recordsPerSecond) : '—'}
        </td>
        <td class="nowrap"><${Watermark} job=${job} /></td>
        <td class="nowrap"><${LastCheckpoint} job=${job} /></td>
        <td class="nowrap actions" data-needs="OPERATOR">
          <button class="btn-sm" data-testid="deploy" disabled=${busy || upToDate}
            onClick=${() => actions.run(job.job, { kind: 'deploy' })}>Deploy</button>
          <button class="btn-sm secondary" data-testid="stop" disabled=${busy || stopped}
            onClick=${() => actions.run(job.job, { kind: 'stop' })}>Stop</button>
        </td>
      </tr>
      ${job.status === 'FAILED'
        ? html`<tr class="error-row"><td colspan="8" data-testid="job-error">
            <strong>Last error:</strong> <code>${job.lastError ?? 'unknown error'}</code>
            ${' '}<a href=${paths.job(job.job)}>what now?</a></td></tr>`
        : null}
    </tbody>
  `;
}

function Jobs({ jobs, failed, actions }: { jobs: JobOverview[] | undefined; failed: boolean; actions: JobActions }) {
  if (jobs === undefined && failed) return html`<p class="muted" data-testid="overview-unavailable">No jobs to show until the API answers.</p>`;
  if (jobs === undefined) return html`<p class="muted" aria-busy="true" data-testid="overview-loading">Loading jobs…</p>`;
  if (jobs.length === 0) return html`<p class="muted" data-testid="no-jobs">No jobs yet — submit one below.</p>`;
  return html`
    <div class="table-wrap">
      <table class="jobs overview" data-testid="overview-table">
        <thead>
          <tr>
            <th>Job</th><th>Status</th><th>Version</th><th class="num">Parallelism</th>
            <th class="num">Throughput</th><th>Watermark lag</th><th>Last checkpoint</th><th></th>
          </tr>
        </thead>
        ${jobs.map((job) => html`<${Row} key=${job.job} job=${job} actions=${actions} />`)}
      </table>
    </div>
  `;
}

/** `/`: every job with its deployment's state and live figures, pushed by the server. */
export function OverviewPage() {
  const live = useLive();
  const actions = useJobActions();
  return html`
    <div>
      <section>
        <h2>Jobs <small><${HealthBadge} /></small></h2>
        ${actions.error ? html`<p class="notice notice-error" role="alert" data-testid="action-error">${actions.error}</p>` : null}
        <${PanelBoundary} name="Jobs">
          <${Jobs} jobs=${live.jobs} failed=${live.error !== undefined} actions=${actions} />
        <//>
      </section>
      <${PanelBoundary} name="Submit a job">
        <div data-needs="OPERATOR"><${SubmitJob} onSaved=${() => void refreshOverview()} onDeploy=${(name: string) => actions.run(name, { kind: 'deploy' })} /></div>
      <//>
    </div>
  `;
}
