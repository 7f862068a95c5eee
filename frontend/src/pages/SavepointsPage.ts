import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { api, ApiError, describeError } from '../api';
import { fmtCount, fmtInstant, fmtTime } from '../format';
import { html } from '../html';
import { ops, type CatalogKind, type CatalogSavepoint, type SavepointStatus } from '../ops';
import { usePoll } from '../poll';
import { paths } from '../router';
import { SavepointMarks } from '../components/ops/SavepointMarks';

const STATUSES: SavepointStatus[] = ['VERIFIED', 'UNVERIFIED', 'CORRUPT', 'MISSING'];

/** The kind filter's choices; the page shows both kinds by default, each row labelled. */
const KINDS: { id: CatalogKind; label: string }[] = [
  { id: 'all', label: 'savepoints and checkpoints' },
  { id: 'savepoint', label: 'savepoints' },
  { id: 'checkpoint', label: 'retained checkpoints' },
];

export function kib(bytes: number | null): string {
  if (bytes === null) return '—';
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

const anchor = (id: string) => `sp-${id}`;
const short = (id: string) => id.slice(0, 12);

/** What deleting `s` loses, in words, for the confirmation. */
function whatIsLost(s: CatalogSavepoint, children: number): string {
  const state = s.entries === null ? 'its files' : `the state of ${fmtCount(s.entries)} keys (${kib(s.bytes)})`;
  const version = s.jobVersion === null ? '' : ` of v${s.jobVersion}`;
  const kids = children > 0 ? ` ${children} newer snapshot${children === 1 ? '' : 's'} restored from it keep${children === 1 ? 's' : ''} a parent that no longer exists.` : '';
  if (s.kind === 'CHECKPOINT') {
    return `Deletes retained checkpoint ${short(s.id)} (${state}${version}, taken ${fmtInstant(s.createdAt)}): recovery can no longer go back to it. The newest checkpoint of a running deployment is refused.`;
  }
  return `Deletes ${state}${version}, taken ${fmtInstant(s.createdAt)}: the job can no longer be restored or rolled back to this point.${kids}`;
}

interface RowProps {
  s: CatalogSavepoint;
  known: Set<string>;
  children: number;
  refresh: () => void;
  /** Whether to show the job column (not when the list is filtered by job). */
  showJob: boolean;
}

interface DetailProps {
  s: CatalogSavepoint;
  colspan: number;
  /** A refusal or failure, in words. */
  message: string | null;
  /** What a delete loses, while it is being confirmed. */
  lost: string | null;
  busy: boolean;
  onDelete: () => void;
  onKeep: () => void;
}

/** The row under a savepoint with the delete confirmation and the last refusal. */
function RowDetail({ s, colspan, message, lost, busy, onDelete, onKeep }: DetailProps) {
  return html`
    <tr class="row-detail" data-testid="catalog-row-detail" data-id=${s.id}><td colspan=${colspan}>
      ${message ? html`<p class="field-error" role="alert" data-testid="row-error">${message}</p>` : null}
      ${lost
        ? html`<div class="confirm" role="alertdialog" data-testid="delete-confirm">
            <span>${lost}</span>
            <button class="btn-sm contrast" data-testid="delete-yes" disabled=${busy} onClick=${onDelete}>Delete</button>
            <button class="btn-sm secondary" data-testid="delete-no" onClick=${onKeep}>Keep</button>
          </div>`
        : null}
    </td></tr>
  `;
}

function Row({ s, known, children, refresh, showJob }: RowProps) {
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const act = async (what: string, f: () => Promise<unknown>) => {
    setBusy(true);
    setMessage(null);
    try {
      await f();
      setAsking(false);
      refresh();
    } catch (e) {
      const refused = e instanceof ApiError && e.status === 409;
      setMessage({ text: refused ? `Delete refused: ${e.problem.detail ?? describeError(e)}` : `${what} failed: ${describeError(e)}`, error: true });
    } finally {
      setBusy(false);
    }
  };
  return html`
    <${Fragment}>
    <tr id=${anchor(s.id)} data-testid="catalog-row" data-job=${s.job} data-id=${s.id} data-kind=${s.kind} data-pinned=${String(s.pinned)}
      class=${s.kind === 'CHECKPOINT' ? 'checkpoint-row' : ''}>
      ${showJob ? html`<td class="nowrap"><a href=${paths.job(s.job)}>${s.job}</a></td>` : null}
      <td><span class=${`kind-badge kind-${s.kind.toLowerCase()}`} data-testid="kind">${s.kind === 'CHECKPOINT' ? 'checkpoint' : 'savepoint'}</span>
        <code title=${s.location ?? s.id}>${short(s.id)}</code>
        ${s.engine === 'flink'
          ? html` <span class="kind-badge kind-flink" data-testid="engine" title=${`taken on Flink ${s.flinkVersion ?? ''}, job jar sha256 ${s.jarSha256 ?? '?'}; restores only on Flink`}>flink ${s.flinkVersion ?? ''}</span>`
          : null}</td>
      <td>${s.jobVersion === null ? '—' : `v${s.jobVersion}`}</td>
      <td>${s.trigger}</td>
      <td>${s.parent
        ? known.has(s.parent)
          ? html`<a href=${`#${anchor(s.parent)}`}><code>${short(s.parent)}</code></a>`
          : html`<code class="muted" title="not in the list (deleted, or filtered out)">${short(s.parent)}</code>`
        : html`<span class="muted">—</span>`}</td>
      <td>${fmtInstant(s.createdAt)}</td>
      <td>${s.watermark === null ? '—' : fmtTime(s.watermark)}</td>
      <td class="num nowrap">${kib(s.bytes)}</td>
      <td class="num" data-testid="key-count">${s.entries === null ? '—' : fmtCount(s.entries)}</td>
      <td><${SavepointMarks} s=${s} /></td>
      <td class="actions"><div class="row-actions">
        ${s.kind === 'CHECKPOINT' && !s.pinned
          ? html`<button class="btn-sm secondary" data-needs="OPERATOR" disabled title="the engine deletes its checkpoints when newer ones subsume them: take a savepoint to keep this state">Pin</button>`
          : html`<button class="btn-sm secondary" data-needs="OPERATOR" data-testid=${s.pinned ? 'unpin' : 'pin'} disabled=${busy}
          onClick=${() => act(s.pinned ? 'Unpin' : 'Pin', () => ops.pin(s.job, s.id, !s.pinned))}>${s.pinned ? 'Unpin' : 'Pin'}</button>`}
        <button class="btn-sm secondary" data-needs="OPERATOR" data-testid="check" disabled=${busy}
          title="read its files back against the manifest, then ask Kafka whether its offsets can still be read"
          onClick=${() => act('Check', () => ops.check(s.job, s.id))}>Check</button>
        <button class="btn-sm secondary" data-needs="ADMIN" data-testid="delete" disabled=${busy || asking}
          onClick=${() => { setMessage(null); setAsking(true); }}>Delete…</button>
      </div></td>
    </tr>
    ${message || asking
      ? html`<${RowDetail} s=${s} colspan=${showJob ? 11 : 10} message=${message?.text ?? null} lost=${asking ? whatIsLost(s, children) : null}
          busy=${busy} onDelete=${() => act('Delete', () => ops.deleteSavepoint(s.job, s.id))} onKeep=${() => setAsking(false)} />`
      : null}
    <//>
  `;
}

/**
 * `/savepoints`: the catalog of every job as a lineage table (savepoints and the engine's retained checkpoints,
 * each labelled; filtered by job, kind and status), with pin, check and delete.
 */
export function SavepointsPage() {
  const [job, setJob] = useState('');
  const [status, setStatus] = useState('');
  const [kind, setKind] = useState<CatalogKind>('all');
  const jobs = usePoll('catalog-jobs', (s) => api.jobs(s), 10000);
  const res = usePoll(`catalog:${job}:${status}:${kind}`, (s) => ops.catalog({ job, status, kind }, s), 5000);
  const rows = res.data;
  const known = new Set((rows ?? []).map((s) => s.id));
  const children = new Map<string, number>();
  for (const s of rows ?? []) if (s.parent) children.set(s.parent, (children.get(s.parent) ?? 0) + 1);
  return html`
    <section data-testid="savepoints-page">
      <h2>Savepoints</h2>
      <p class="small muted">Every job's savepoints and retained checkpoints, newest first; a parent is the snapshot the run that took it was restored from. Pinned ones are kept by retention and refused by delete.
        Checkpoints are the engine's: they leave the catalog when a newer one subsumes them or the job stops, and the newest one of a running deployment cannot be deleted.</p>
      <div class="filters" role="search">
        <label>Job <select data-testid="filter-job" value=${job} onChange=${(e: Event) => setJob((e.target as HTMLSelectElement).value)}>
          <option value="">all jobs</option>
          ${(jobs.data ?? []).map((j) => html`<option value=${j.name}>${j.name}</option>`)}
        </select></label>
        <label>Kind <select data-testid="filter-kind" value=${kind} onChange=${(e: Event) => setKind((e.target as HTMLSelectElement).value as CatalogKind)}>
          ${KINDS.map((k) => html`<option value=${k.id}>${k.label}</option>`)}
        </select></label>
        <label>Status <select data-testid="filter-status" value=${status} onChange=${(e: Event) => setStatus((e.target as HTMLSelectElement).value)}>
          <option value="">any status</option>
          ${STATUSES.map((s) => html`<option value=${s}>${s}</option>`)}
        </select></label>
      </div>
      ${res.error ? html`<p class="notice notice-error" role="alert">Could not load the savepoints: ${describeError(res.error)}</p>` : null}
      ${rows === undefined
        ? res.error ? null : html`<p class="muted" aria-busy="true">Loading savepoints…</p>`
        : rows.length === 0
          ? html`<p class="muted" data-testid="catalog-empty">${job || status || kind !== 'all' ? 'Nothing matches.' : "No savepoints or checkpoints yet: take a savepoint on a running job's page."}</p>`
          : html`<div class="table-wrap"><table class="results compact" data-testid="catalog-table">
              <thead><tr>${job ? null : html`<th>Job</th>`}<th>Snapshot</th><th>Version</th><th>Trigger</th><th>Parent</th><th>Taken (UTC)</th>
                <th>Watermark (UTC)</th><th class="num">Size</th><th class="num">Keys</th><th>Status</th><th></th></tr></thead>
              <tbody>${rows.map((s) => html`<${Row} key=${`${s.job}/${s.id}`} s=${s} known=${known} children=${children.get(s.id) ?? 0} refresh=${res.refresh} showJob=${!job} />`)}</tbody>
            </table></div>`}
    </section>
  `;
}
