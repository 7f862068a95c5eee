import { useState } from 'preact/hooks';
import { ApiError, describeError } from '../api';
import { allows, useMe } from '../auth';
import { ComparisonReport } from '../components/ComparisonReport';
import { fmtCount, fmtDuration, fmtInstant } from '../format';
import { html } from '../html';
import { usePoll } from '../poll';
import { replays, type Replay } from '../replays';
import { paths } from '../router';
import { ReplayState } from './ReplaysPage';

function Progress({ r }: { r: Replay }) {
  const pct = Math.round(r.fraction * 1000) / 10;
  return html`
    <div class="replay-progress" data-testid="replay-progress" data-fraction=${String(r.fraction)}>
      <progress value=${r.fraction} max="1" data-testid="replay-progress-bar" aria-label="replay progress"></progress>
      <p class="small">
        <strong data-testid="replay-percent">${pct}%</strong>
        ${' · '}<span data-testid="replay-consumed">${fmtCount(r.consumed)}</span> of
        ${' '}<span data-testid="replay-total">${r.total < 0 ? 'unknown yet' : fmtCount(r.total)}</span> offsets
        ${r.phase ? html` · reading the <strong>${r.phase}</strong>` : null}
        ${' · '}${fmtCount(r.recordsRead)} records read
        ${r.rate !== null ? html` · ${fmtCount(Math.round(r.rate))} offsets/s` : null}
        ${r.state === 'RUNNING' && r.etaSeconds !== null ? html` · about ${fmtDuration(r.etaSeconds * 1000)} left` : null}
      </p>
    </div>
  `;
}

/** `/jobs/:name/replays/:id`: a replay's progress to completion, cancel, then its comparison with the baseline. */
export function ReplayPage({ name, id }: { name: string; id: number }) {
  const me = useMe();
  const [cancelError, setCancelError] = useState<string | null>(null);
  const res = usePoll(`replay:${name}:${id}`, (signal) => replays.get(name, id, signal), 500);
  const r = res.data;
  const cancel = async () => {
    setCancelError(null);
    try {
      await replays.cancel(name, id);
    } catch (e) {
      setCancelError(describeError(e));
    }
    res.refresh();
  };
  const range = r ? Object.entries(r.range).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' · ') : '';
  return html`
    <section class="replay-page" data-testid="replay-page">
      <nav aria-label="breadcrumb" class="crumbs"><ul>
        <li><a href=${paths.overview()}>Overview</a></li>
        <li><a href=${paths.job(name)}>${name}</a></li>
        <li><a href=${paths.replays(name)} data-testid="replays-link">Replays</a></li>
        <li>#${id}</li>
      </ul></nav>
      ${res.error instanceof ApiError && res.error.status === 404
        ? html`<p class="notice notice-error" role="alert">${describeError(res.error)}</p>`
        : res.error ? html`<p class="notice notice-error" role="alert">Could not read the replay: ${describeError(res.error)}</p>` : null}
      ${r === undefined ? (res.error ? null : html`<p class="muted" aria-busy="true">Loading…</p>`) : html`
        <h2>Replay #${r.id} of ${name}: v${r.version} <${ReplayState} r=${r} /></h2>
        <p class="small muted" data-testid="replay-facts">
          ${r.savepoint ? html`from savepoint <code>${r.savepoint}</code>` : 'from empty state'} · ${range} ·
          parallelism ${r.parallelism} · started ${fmtInstant(r.startedAt)} by ${r.principal}
          ${r.finishedAt ? ` · ended ${fmtInstant(r.finishedAt)}` : ''}
        </p>
        <${Progress} r=${r} />
        ${r.state === 'RUNNING' && allows(me, 'OPERATOR')
          ? html`<button class="secondary" data-testid="replay-cancel" onClick=${() => void cancel()}>Cancel replay</button>` : null}
        ${cancelError ? html`<p class="notice notice-error" role="alert">${cancelError}</p>` : null}
        ${r.error ? html`<p class="notice notice-error" role="alert" data-testid="replay-error">${r.error}</p>` : null}
        ${r.results !== null ? html`<p class="small" data-testid="replay-figures">The replay emitted ${fmtCount(r.results)} results
          and dropped ${fmtCount(r.lateDropped ?? 0)} late elements.</p>` : null}
        <h3>Comparison</h3>
        <p class="small"><strong>A</strong> = ${r.baseline}; <strong>B</strong> = this replay of v${r.version}.</p>
        ${r.state === 'CANCELLED' ? html`<p class="muted">Cancelled: no report.</p>`
          : html`<div data-testid="replay-report"><${ComparisonReport} report=${r.report} /></div>`}
      `}
    </section>
  `;
}
