import type { AggregateValue } from '../../api';
import { fmtTime, fmtValue, fmtWindow, isFiniteTime } from '../../format';
import { html } from '../../html';
import type { StateAnswer, StateEntry } from '../../stateApi';

/** A window as text; count and global windows are the span of their elements. */
export function windowText(start: number, end: number): string {
  return isFiniteTime(start) && isFiniteTime(end) ? fmtWindow(start, end) : `[${start}, ${end})`;
}

/** The cells of one entry's values, in the order of the aggregates. */
export function ValueCells({ names, values }: { names: string[]; values: Record<string, AggregateValue> | null }) {
  return names.map((n) => html`<td class="num" data-testid=${`value-${n}`}>${values ? fmtValue(values[n]) : '—'}</td>`);
}

/** What an answer reflects: where it was read, the watermark and the checkpoint. */
export function Stamp({ answer }: { answer: StateAnswer }) {
  const where = answer.source === 'live'
    ? html`<strong>live</strong>, read from ${answer.subtasks} subtask${answer.subtasks === 1 ? '' : 's'} without stopping the job`
    : html`savepoint <code>${answer.savepoint?.slice(0, 12)}</code>`;
  return html`
    <p class="small" data-testid="state-stamp" data-source=${answer.source}>
      ${where} · watermark <span data-testid="state-watermark">${answer.watermark === null ? '— (none yet)' : fmtTime(answer.watermark)}</span>${' '}
      · ${answer.checkpointId > 0
        ? html`holds everything before checkpoint <span data-testid="state-checkpoint">#${answer.checkpointId}</span>`
        : html`<span data-testid="state-checkpoint">no checkpoint completed yet</span>`}
    </p>
  `;
}

function Row({ e, names }: { e: StateEntry; names: string[] }) {
  return html`
    <tr data-testid="state-row" data-key=${e.key} data-window=${e.windowStart}>
      <td><code>${e.key}</code></td>
      <td title=${`${e.windowStart} – ${e.windowEnd} (epoch ms)`}>${windowText(e.windowStart, e.windowEnd)}</td>
      ${ValueCells({ names, values: e.values })}
      <td class="num">${e.revision}</td>
    </tr>
  `;
}

/** The entries of an answer, with its stamp and whether more matched than shown. */
export function StateTable({ answer, empty }: { answer: StateAnswer; empty: string }) {
  const names = answer.aggregates;
  return html`
    <div data-testid="state-answer">
      <${Stamp} answer=${answer} />
      ${answer.entries.length === 0
        ? html`<p class="muted" data-testid="state-empty">${empty}</p>`
        : html`<div class="table-wrap"><table class="results compact" data-testid="state-table">
            <thead><tr><th>Key</th><th>Window</th>${names.map((n) => html`<th class="num">${n}</th>`)}<th class="num">Revision</th></tr></thead>
            <tbody>${answer.entries.map((e) => html`<${Row} key=${`${e.key}@${e.windowStart}-${e.windowEnd}`} e=${e} names=${names} />`)}</tbody>
          </table></div>`}
      ${answer.truncated ? html`<p class="small muted" data-testid="state-truncated">More entries matched than shown: raise the limit or narrow the query.</p>` : null}
    </div>
  `;
}
