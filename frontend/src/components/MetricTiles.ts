import type { Metrics } from '../api';
import { fmtCount, fmtLag, isoTime } from '../format';
import { html } from '../html';

function Tile({ label, value, hint, id }: { label: string; value: string; hint?: string; id: string }) {
  return html`
    <div class="tile" data-testid=${`metric-${id}`}>
      <span class="tile-label">${label}</span>
      <span class="tile-value">${value}</span>
      ${hint ? html`<small class="tile-hint">${hint}</small>` : null}
    </div>
  `;
}

export function MetricTiles({ metrics, watermark }: { metrics: Metrics; watermark: number | null }) {
  return html`
    <div class="tiles">
      <${Tile} id="records-in" label="Records in" value=${fmtCount(metrics.recordsIn)} />
      <${Tile} id="filtered" label="Filtered out" value=${fmtCount(metrics.recordsFiltered)} />
      <${Tile} id="dead-letters" label="Dead letters" value=${fmtCount(metrics.deadLetters)} />
      <${Tile} id="late-dropped" label="Late dropped" value=${fmtCount(metrics.lateDropped)} />
      <${Tile} id="results-emitted" label="Results emitted" value=${fmtCount(metrics.resultsEmitted)} />
      <${Tile}
        id="watermark"
        label="Watermark"
        value=${watermark === null ? '—' : isoTime(watermark)}
        hint=${watermark === null ? 'no events yet' : fmtLag(watermark, Date.now())}
      />
    </div>
  `;
}
