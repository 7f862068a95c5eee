import { useState } from 'preact/hooks';
import { ApiError, api, describeError, type AuditEntry, type AuditQuery } from '../api';
import { fmtInstant } from '../format';
import { html } from '../html';
import { usePoll } from '../poll';
import { navigate, paths } from '../router';

const SIZE = 25;
const FILTERS = ['principal', 'action', 'target', 'outcome'] as const;
type Filter = (typeof FILTERS)[number];

/** The page's query (`?principal=…&page=2`) as the API's filters; the URL is the page's state, so it deep-links. */
function query(search: string): AuditQuery & Record<Filter, string> {
  const p = new URLSearchParams(search);
  const page = Number(p.get('page') ?? '0');
  return {
    principal: p.get('principal') ?? '',
    action: p.get('action') ?? '',
    target: p.get('target') ?? '',
    outcome: p.get('outcome') ?? '',
    page: Number.isInteger(page) && page >= 0 ? page : 0,
    size: SIZE,
  };
}

function searchOf(q: AuditQuery): string {
  const p = new URLSearchParams();
  for (const f of FILTERS) if (q[f]) p.set(f, String(q[f]));
  if (q.page) p.set('page', String(q.page));
  return p.toString();
}

function Row({ e }: { e: AuditEntry }) {
  return html`
    <tr data-testid="audit-row" data-action=${e.action} data-outcome=${e.outcome}>
      <td class="nowrap">${fmtInstant(e.at)}</td>
      <td>${e.principal}</td>
      <td><code>${e.action}</code></td>
      <td><code class="target">${e.target}</code>${e.parameters ? html`<br /><small class="muted">${e.parameters}</small>` : null}</td>
      <td class="nowrap"><span class=${`badge badge-${e.outcome === 'SUCCEEDED' ? 'running' : e.outcome === 'REFUSED' ? 'starting' : 'failed'}`}>
        ${e.outcome}</span> <small class="muted">${e.status}</small></td>
      <td class="small detail">${e.detail && e.detail.length > 90
        ? html`<details><summary>${e.detail.slice(0, 80)}…</summary>${e.detail}</details>`
        : e.detail ?? ''}</td>
    </tr>
  `;
}

/** The filters form: typing changes the form only; "Filter" puts them in the URL (page 0). */
function Filters({ q }: { q: Record<Filter, string> }) {
  const [draft, setDraft] = useState<Record<Filter, string>>({ ...q });
  const field = (f: Filter) => (e: Event) => setDraft({ ...draft, [f]: (e.currentTarget as HTMLInputElement).value });
  const submit = (e: Event) => {
    e.preventDefault();
    navigate(paths.audit(searchOf({ ...draft, page: 0 })));
  };
  return html`
    <form class="filters" data-testid="audit-filters" onSubmit=${submit}>
      <input name="principal" placeholder="principal" aria-label="principal" value=${draft.principal} onInput=${field('principal')} />
      <input name="action" placeholder="action (deploy, submit, …)" aria-label="action" value=${draft.action} onInput=${field('action')} />
      <input name="target" placeholder="target prefix, e.g. /api/jobs/campaign-views" aria-label="target" value=${draft.target}
        onInput=${field('target')} />
      <select name="outcome" aria-label="outcome" value=${draft.outcome} onChange=${field('outcome')}>
        <option value="">any outcome</option>
        <option value="SUCCEEDED">succeeded</option>
        <option value="REFUSED">refused</option>
        <option value="FAILED">failed</option>
      </select>
      <button type="submit" class="btn-sm" data-testid="audit-filter">Filter</button>
      <a href=${paths.audit()} class="small">clear</a>
    </form>
  `;
}

/** `/audit`: every change, who asked for it and how it ended; paged and filterable through the URL. */
export function AuditPage({ search }: { search: string }) {
  const q = query(search);
  const res = usePoll(`audit?${searchOf(q)}`, (signal) => api.audit(q, signal), 5000);
  const data = res.data;
  const page = q.page ?? 0;
  const pages = data ? Math.max(1, Math.ceil(data.total / SIZE)) : 1;
  const problem = res.error instanceof ApiError ? res.error.problem : undefined;
  return html`
    <section data-testid="audit-page">
      <h2>Audit log</h2>
      <${Filters} key=${search} q=${q} />
      ${res.error
        ? html`<p class="notice notice-error" role="alert" data-testid="audit-error">
            ${problem?.detail ? `Refused: ${problem.detail}` : `Could not load the audit log: ${describeError(res.error)}`}</p>`
        : null}
      ${data === undefined
        ? res.error ? null : html`<p class="muted" aria-busy="true">Loading the audit log…</p>`
        : data.items.length === 0
          ? html`<p class="muted" data-testid="audit-empty">${search ? 'No entries match these filters.' : 'No changes yet.'}</p>`
          : html`
              <div class="table-wrap"><table class="results audit" data-testid="audit-table">
                <thead><tr><th>When (UTC)</th><th>Principal</th><th>Action</th><th>Target</th><th>Outcome</th><th>Detail</th></tr></thead>
                <tbody>${data.items.map((e) => html`<${Row} key=${e.id} e=${e} />`)}</tbody>
              </table></div>
              <nav class="pager" data-testid="audit-pager">
                <a href=${paths.audit(searchOf({ ...q, page: page - 1 }))} aria-disabled=${page === 0 ? 'true' : undefined}
                  class=${page === 0 ? 'disabled' : ''} data-testid="audit-prev">← newer</a>
                <span class="small">${`entries ${page * SIZE + 1}–${page * SIZE + data.items.length} of ${data.total} (page ${page + 1} of ${pages})`}</span>
                <a href=${paths.audit(searchOf({ ...q, page: page + 1 }))} aria-disabled=${page + 1 >= pages ? 'true' : undefined}
                  class=${page + 1 >= pages ? 'disabled' : ''} data-testid="audit-next">older →</a>
              </nav>
            `}
    </section>
  `;
}
