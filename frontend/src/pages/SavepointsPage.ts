import { api, describeError, type Savepoint } from '../api';
import { fmtCount, fmtInstant, fmtTime } from '../format';
import { html } from '../html';
import { usePoll } from '../poll';
import { paths } from '../router';

/** One row of the catalog: a savepoint with its job, and what the catalog knows about it. */
export interface CatalogEntry {
  job: string;
  savepoint: Savepoint;
  /** Whether its Kafka offsets are still in the topic; undefined until the catalog API says. */
  replayable?: boolean;
  /** Why it is not replayable (which partition lost which offsets). */
  replayableProblem?: string;
  /** Kept by retention and delete; undefined until the catalog API says. */
  pinned?: boolean;
}

/**
 * Today: every job's savepoints (`GET /api/jobs`, then `GET /api/jobs/{name}/savepoints` each), newest first.
 * Merge point: with the savepoint catalog, this becomes one `GET /api/savepoints` that also carries
 * replayable and pinned (see the report of branch dashboard).
 */
async function loadCatalog(signal: AbortSignal): Promise<CatalogEntry[]> {
  const jobs = await api.jobs(signal);
  const lists = await Promise.all(jobs.map(async (j) => (await api.savepoints(j.name, signal)).map((savepoint) => ({ job: j.name, savepoint }))));
  return lists.flat().sort((x, y) => y.savepoint.createdAt.localeCompare(x.savepoint.createdAt));
}

function kib(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

const anchor = (id: string) => `sp-${id}`;

function Row({ e, known }: { e: CatalogEntry; known: Set<string> }) {
  const s = e.savepoint;
  return html`
    <tr id=${anchor(s.id)} data-testid="catalog-row" data-job=${e.job} data-id=${s.id}>
      <td class="nowrap"><a href=${paths.job(e.job)}>${e.job}</a></td>
      <td><code title=${s.id}>${s.id.slice(0, 12)}</code>
        ${e.replayable === false
          ? html` <span class="badge badge-failed" title=${e.replayableProblem ?? ''} data-testid="not-replayable">not replayable</span>`
          : null}
        ${e.pinned ? html` <span class="badge" data-testid="pinned">pinned</span>` : null}
      </td>
      <td>v${s.jobVersion}</td>
      <td>${s.parent
        ? known.has(s.parent)
          ? html`<a href=${`#${anchor(s.parent)}`}><code>${s.parent.slice(0, 12)}</code></a>`
          : html`<code class="muted" title="not in the catalog any more">${s.parent.slice(0, 12)}</code>`
        : html`<span class="muted">—</span>`}</td>
      <td>${s.trigger}</td>
      <td class="nowrap">${fmtInstant(s.createdAt)}</td>
      <td class="nowrap">${fmtTime(s.watermark)}</td>
      <td class="num" title=${`max parallelism ${s.maxParallelism}`}>${s.parallelism}</td>
      <td class="num">${fmtCount(s.entries)}</td>
      <td class="num nowrap">${kib(s.bytes)}</td>
      ${/* Merge point: a last cell with pin/unpin and delete (with a confirmation saying what is lost). */ null}
    </tr>
  `;
}

/** `/savepoints`: the savepoints of every job as a lineage table (version and parent). */
export function SavepointsPage() {
  const res = usePoll('catalog', loadCatalog, 5000);
  const rows = res.data;
  const known = new Set((rows ?? []).map((e) => e.savepoint.id));
  return html`
    <section data-testid="savepoints-page">
      <h2>Savepoints</h2>
      <p class="small muted">Every job's savepoints, newest first; a parent is the snapshot the run that took it was restored from.</p>
      ${res.error ? html`<p class="notice notice-error" role="alert">Could not load the savepoints: ${describeError(res.error)}</p>` : null}
      ${rows === undefined
        ? res.error ? null : html`<p class="muted" aria-busy="true">Loading savepoints…</p>`
        : rows.length === 0
          ? html`<p class="muted" data-testid="catalog-empty">No savepoints yet: take one on a running job's page.</p>`
          : html`<div class="table-wrap"><table class="results compact" data-testid="catalog-table">
              <thead><tr><th>Job</th><th>Savepoint</th><th>Version</th><th>Parent</th><th>Trigger</th><th>Taken (UTC)</th>
                <th>Watermark (UTC)</th><th class="num">Parallelism</th><th class="num">Entries</th><th class="num">Size</th></tr></thead>
              <tbody>${rows.map((e) => html`<${Row} key=${e.savepoint.id} e=${e} known=${known} />`)}</tbody>
            </table></div>`}
    </section>
  `;
}
