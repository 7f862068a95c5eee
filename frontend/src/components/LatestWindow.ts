import type { Firing, JobResults } from '../api';
import { fmtValue, fmtWindow, numeric } from '../format';
import { useState } from 'preact/hooks';
import { html } from '../html';

const TOP = 20;

const firingClass: Record<Firing, string> = { ON_TIME: 'firing-on-time', EARLY: 'firing-early', LATE: 'firing-late' };

export function LatestWindow({ data, agg }: { data: JobResults; agg: string | undefined }) {
  const latestStart = data.results.reduce((m, r) => Math.max(m, r.windowStart), -Infinity);
  const rows = data.results
    .filter((r) => r.windowStart === latestStart)
    .sort((a, b) => (agg ? numeric(b.values[agg]) - numeric(a.values[agg]) : 0) || a.key.localeCompare(b.key));
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? rows : rows.slice(0, TOP);
  const first = rows[0];
  const aggs = data.aggregates.length > 0 ? data.aggregates : agg ? [agg] : [];

  return html`
    <section class="latest">
      <h3 data-testid="latest-window">
        ${first ? `Latest window ${fmtWindow(first.windowStart, first.windowEnd)}` : 'Latest window: none fired yet'}
      </h3>
      ${first
        ? html`
            <div class="table-wrap">
              <table class="results" data-testid="results-table">
                <thead>
                  <tr>
                    <th>Key</th>
                    ${aggs.map((a) => html`<th class="num">${a}</th>`)}
                    <th>Firing</th>
                    <th class="num">Revision</th>
                  </tr>
                </thead>
                <tbody>
                  ${shown.map(
                    (r) => html`
                      <tr key=${r.key} data-testid="result-row" data-key=${r.key}>
                        <td><code>${r.key}</code></td>
                        ${aggs.map((a, i) =>
                          i === 0
                            ? html`<td class="num" data-testid="result-value" data-value=${String(r.values[a] ?? '')}>${fmtValue(r.values[a])}</td>`
                            : html`<td class="num">${fmtValue(r.values[a])}</td>`,
                        )}
                        <td><span class=${`firing ${firingClass[r.firing] ?? ''}`}>${r.firing}</span></td>
                        <td class="num">${r.revision}</td>
                      </tr>
                    `,
                  )}
                </tbody>
              </table>
            </div>
            <p class="muted small">
              ${shown.length < rows.length ? `Top ${shown.length} of ` : ''}${rows.length} key${rows.length === 1 ? '' : 's'},
              sorted by ${agg ?? 'value'} (highest first).
              ${rows.length > TOP
                ? html` <a href="#" data-testid="toggle-keys" onClick=${(e: Event) => { e.preventDefault(); setShowAll(!showAll); }}>
                    ${showAll ? `Show top ${TOP}` : `Show all ${rows.length}`}</a>`
                : null}
            </p>
          `
        : html`<p class="muted">Results appear here once the first window has fired (the watermark passes its end).</p>`}
    </section>
  `;
}
