import { html } from '../../html';
import type { CatalogSavepoint } from '../../ops';

/**
 * What the catalog knows about a savepoint, as badges: its file status (CORRUPT and MISSING with the problem
 * as text), "not replayable" with which offsets Kafka no longer has, and pinned.
 */
export function SavepointMarks({ s }: { s: CatalogSavepoint }) {
  const bad = s.status === 'CORRUPT' || s.status === 'MISSING';
  return html`
    <span class="sp-marks">
      <span class=${`badge ${bad ? 'badge-failed' : s.status === 'VERIFIED' ? 'badge-running' : 'badge-finished'}`}
        data-testid="sp-status" title=${s.status === 'UNVERIFIED' ? 'files not read back yet: use Check' : ''}>${s.status}</span>
      ${s.pinned ? html` <span class="badge badge-pinned" data-testid="pinned" title="kept by retention and delete until unpinned">pinned</span>` : null}
      ${s.replayable === false ? html` <span class="badge badge-failed" data-testid="not-replayable">not replayable</span>` : null}
      ${bad && s.problem ? html`<small class="sp-problem" data-testid="sp-problem">${s.problem}</small>` : null}
      ${s.replayable === false && s.replayProblem ? html`<small class="sp-problem" data-testid="replay-problem">${s.replayProblem}</small>` : null}
    </span>
  `;
}
