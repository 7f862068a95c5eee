import { api, describeError } from '../api';
import { html } from '../html';
import { useLiveJob } from '../live';
import { useLoad } from '../poll';
import { paths } from '../router';
import { PanelBoundary } from '../components/PanelBoundary';
import { SavepointDiffPanel } from '../components/state/SavepointDiffPanel';
import { StateQueryPanel } from '../components/state/StateQueryPanel';

/**
 * `/jobs/:name/state`: the job's window state — read live from the running job or in a savepoint (key lookup,
 * top N, prefix scan), and the difference between two savepoints.
 */
export function StatePage({ name }: { name: string }) {
  const { job: live } = useLiveJob(name);
  const res = useLoad((signal) => api.savepoints(name, signal), [name]);
  const running = live?.status === 'RUNNING';
  const savepoints = (res.data ?? []).filter((s) => s.kind !== 'CHECKPOINT');
  return html`
    <section class="state-page" data-testid="state-page" data-job=${name}>
      <nav aria-label="breadcrumb" class="crumbs"><ul>
        <li><a href=${paths.overview()}>Overview</a></li>
        <li><a href=${paths.job(name)} data-testid="state-job-link">${name}</a></li>
        <li>State</li>
      </ul></nav>
      <h2>${name}: state</h2>
      <p class="small muted">Live reads come from the running job's subtasks between two batches: never half-applied, and
        they say which watermark and checkpoint they reflect. Savepoint reads answer the same queries from stored state.</p>
      ${res.error ? html`<p class="notice notice-error" role="alert">Could not list the savepoints: ${describeError(res.error)}</p>` : null}
      ${res.data === undefined && !res.error
        ? html`<p class="muted" aria-busy="true">Loading…</p>`
        : html`
            <${PanelBoundary} name="Query state"><${StateQueryPanel} key=${`${running}`} job=${name} savepoints=${savepoints} running=${running} /><//>
            <${PanelBoundary} name="Compare savepoints"><${SavepointDiffPanel} job=${name} savepoints=${savepoints} /><//>
          `}
    </section>
  `;
}
