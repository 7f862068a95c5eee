import { describeError } from '../api';
import { allows, useMe } from '../auth';
import { ReplayForm } from '../components/replay/ReplayForm';
import { fmtCount, fmtInstant } from '../format';
import { html } from '../html';
import { usePoll } from '../poll';
import { replays, type Replay } from '../replays';
import { navigate, paths } from '../router';

/** A replay's state as a badge. */
export function ReplayState({ r }: { r: Replay }) {
  const cls = r.state === 'SUCCEEDED' ? 'badge-running' : r.state === 'FAILED' ? 'badge-failed' : r.state === 'RUNNING' ? 'badge-starting' : '';
  return html`<span class=${`badge ${cls}`} data-testid="replay-state" data-state=${r.state}>${r.state.toLowerCase()}</span>`;
}

function Row({ job, r }: { job: string; r: Replay }) {
  return html`
    <tr data-testid="replay-row" data-id=${String(r.id)}>
      <td><a href=${paths.replay(job, r.id)} data-testid="replay-link">#${r.id}</a></td>
      <td>v${r.version}</td>
      <td class="small">${String(r.range.kind)}${r.savepoint ? html` · from <code>${r.savepoint.slice(0, 12)}</code>` : ' · empty state'}</td>
      <td><${ReplayState} r=${r} /></td>
      <td><progress value=${r.fraction} max="1" aria-label="progress"></progress></td>
      <td class="num">${fmtCount(r.recordsRead)}</td>
      <td class="small">${r.principal}</td>
      <td class="small">${fmtInstant(r.startedAt)}</td>
    </tr>
  `;
}

/** `/jobs/:name/replays`: the job's what-if replays, newest first, and the form that starts one. */
export function ReplaysPage({ name }: { name: string }) {
  const me = useMe();
  const list = usePoll(`replays:${name}`, (signal) => replays.list(name, signal), 2000);
  return html`
    <section class="replays-page" data-testid="replays-page">
      <nav aria-label="breadcrumb" class="crumbs"><ul>
        <li><a href=${paths.overview()}>Overview</a></li>
        <li><a href=${paths.job(name)}>${name}</a></li>
        <li>Replays</li>
      </ul></nav>
      <h2>What-if replays of ${name}</h2>
      ${list.error ? html`<p class="notice notice-error" role="alert">Could not list replays: ${describeError(list.error)}</p>` : null}
      ${list.data === undefined
        ? list.error ? null : html`<p class="muted" aria-busy="true">Loading…</p>`
        : list.data.length === 0
          ? html`<p class="muted" data-testid="replays-empty">No replay yet.</p>`
          : html`<div class="table-wrap"><table class="results" data-testid="replays-table">
              <thead><tr><th>Replay</th><th>Version</th><th>Range</th><th>State</th><th>Progress</th><th class="num">Records</th><th>By</th><th>Started</th></tr></thead>
              <tbody>${list.data.map((r) => html`<${Row} key=${r.id} job=${name} r=${r} />`)}</tbody>
            </table></div>`}
      ${allows(me, 'OPERATOR')
        ? html`<${ReplayForm} job=${name} onStarted=${(r: Replay) => navigate(paths.replay(name, r.id))} />`
        : html`<p class="muted small">Starting a replay needs the OPERATOR role.</p>`}
    </section>
  `;
}
