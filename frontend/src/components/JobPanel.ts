import { ApiError, api, describeError, NetworkError, type JobResults, type JobSummary, type WindowResult } from '../api';
import { numeric } from '../format';
import { html } from '../html';
import { usePoll } from '../poll';
import { LatestWindow } from './LatestWindow';
import { MetricTiles } from './MetricTiles';
import { PanelBoundary } from './PanelBoundary';
import { RejectedRecords } from './RejectedRecords';
import { Savepoints } from './Savepoints';
import { WindowChart, type WindowPoint } from './WindowChart';

/** How many of the latest fired windows to fetch (chart x-axis). */
export const WINDOWS = 6;

/** Name of the aggregate the chart and the sort order use. */
export function firstAggregate(data: JobResults): string | undefined {
  return data.aggregates[0] ?? Object.keys(data.results[0]?.values ?? {})[0];
}

/** Total of `agg` over all keys, per window, oldest first. */
function perWindow(results: WindowResult[], agg: string | undefined): WindowPoint[] {
  const byStart = new Map<number, WindowPoint>();
  for (const r of results) {
    const p = byStart.get(r.windowStart) ?? { start: r.windowStart, end: r.windowEnd, total: 0 };
    p.total += agg ? numeric(r.values[agg]) : 0;
    byStart.set(r.windowStart, p);
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

function ResultsProblem({ error }: { error: unknown }) {
  if (error instanceof ApiError && error.status === 404) {
    return html`<p class="muted">No results for this job yet${error.problem.detail ? ` (${error.problem.detail})` : ''}.</p>`;
  }
  if (error instanceof NetworkError) return null; // the page-wide banner already says so
  return html`<p class="notice notice-error" role="alert">Could not load results: ${describeError(error)}</p>`;
}

export function JobPanel({ job }: { job: JobSummary }) {
  const res = usePoll<JobResults>(job.name, (signal) => api.results(job.name, WINDOWS, signal));
  const data = res.data;
  const agg = data ? firstAggregate(data) : undefined;

  return html`
    <section class="job-panel" data-testid="job-panel" data-job=${job.name}>
      <h3 class="panel-title">Results <small class="muted">— the latest fired windows</small></h3>
      ${res.error ? html`<${ResultsProblem} error=${res.error} />` : null}
      ${data === undefined
        ? res.error
          ? null
          : html`<p class="muted" aria-busy="true">Loading results…</p>`
        : html`
            <div>
              <${PanelBoundary} name="Counters">
                <${MetricTiles} metrics=${data.metrics} watermark=${data.watermark} />
              <//>
              <${PanelBoundary} name="Chart">
                <article class="chart-card">
                  <header>
                    <strong>${agg ?? 'value'}</strong>
                    <span class="muted"> — total over all keys per window (last ${WINDOWS} fired windows, UTC)</span>
                  </header>
                  <${WindowChart} points=${perWindow(data.results, agg)} label=${agg ?? 'value'} />
                </article>
              <//>
              <${PanelBoundary} name="Latest window"><${LatestWindow} data=${data} agg=${agg} /><//>
              <${PanelBoundary} name="Rejected records">
                <${RejectedRecords} job=${job.name} metrics=${data.metrics} />
              <//>
              <${PanelBoundary} name="Checkpoints and savepoints">
                <${Savepoints} job=${job} checkpoints=${data.checkpoints} />
              <//>
            </div>
          `}
    </section>
  `;
}
