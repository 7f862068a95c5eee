import uPlot from 'uplot';
import type { ComparisonReport as Report, WindowSummary } from '../api';
import { fmtCount, fmtValue, fmtWindow, isoTime } from '../format';
import { html } from '../html';
import { themeOf, usePlot } from './plot';

const HEIGHT = 200;

/** Per-window totals of the first value, A against B, as two lines over window start (UTC). */
function ABChart({ windows, label }: { windows: WindowSummary[]; label: string }) {
  const data: uPlot.AlignedData = [
    windows.map((w) => w.start / 1000),
    windows.map((w) => w.totalA),
    windows.map((w) => w.totalB),
  ];
  const ref = usePlot(
    HEIGHT,
    (el, width): uPlot.Options => {
      const { primary, axis } = themeOf(el);
      return {
        width,
        height: HEIGHT,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
        cursor: { show: false },
        legend: { live: false },
        scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.15 : 1] } },
        axes: [{ ...axis }, { ...axis, size: 56 }],
        series: [
          {},
          { label: `A (${label})`, stroke: primary, width: 2, points: { show: true, size: 5 } },
          { label: `B (${label})`, stroke: '#d9480f', width: 2, dash: [6, 4], points: { show: true, size: 5 } },
        ],
      };
    },
    data,
    [label],
  );
  return html`<div class="chart" ref=${ref} data-testid="comparison-chart" role="img"
    aria-label=${`${label} per window, A against B`}></div>`;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(x === 1 || x === 0 ? 0 : 2)} %`;
}

function values(v: Record<string, unknown> | null): string {
  if (!v) return '—';
  return Object.entries(v)
    .map(([k, x]) => `${k} ${fmtValue(x as never)}`)
    .join(', ');
}

/**
 * A comparison report of two result streams (A: reference, B: candidate): exact-match rate, cell counts, the
 * deviations of the first value, a per-window chart of A against B and the most differing keys.
 */
export function ComparisonReport({ report }: { report: Report | null | undefined }) {
  if (!report) return html`<p class="muted" data-testid="comparison-empty">No comparison yet.</p>`;
  const first = report.valueNames[0] ?? 'value';
  const cells = report.match + report.differ + report.onlyA + report.onlyB;
  return html`<section class="comparison" data-testid="comparison-report">
    <div class="tiles">
      <div class="tile"><small>exact match</small><strong data-testid="match-rate">${pct(report.exactMatchRate)}</strong>
        <small>${fmtCount(report.match)} of ${fmtCount(cells)} cells</small></div>
      <div class="tile"><small>differ</small><strong data-testid="differ">${fmtCount(report.differ)}</strong></div>
      <div class="tile"><small>only in A</small><strong data-testid="only-a">${fmtCount(report.onlyA)}</strong></div>
      <div class="tile"><small>only in B</small><strong data-testid="only-b">${fmtCount(report.onlyB)}</strong></div>
      <div class="tile"><small>|A − B| of ${first}, max / p99</small>
        <strong>${fmtValue(report.maxAbsDeviation)} / ${fmtValue(report.p99AbsDeviation)}</strong></div>
      <div class="tile"><small>relative, max / p99</small>
        <strong>${pct(report.maxRelDeviation)} / ${pct(report.p99RelDeviation)}</strong></div>
    </div>
    <p class="muted">${`${fmtCount(report.windowsCompared)} windows compared${report.windowsDropped > 0
      ? ` (the chart shows the newest ${fmtCount(report.windows.length)})` : ''}, ${report.finished ? 'finished'
      : `${fmtCount(report.openWindows)} still open`}; watermark A ${isoTime(report.watermarkA)}, B ${isoTime(report.watermarkB)}.`}</p>
    ${report.windows.length > 0
      ? html`<${ABChart} windows=${report.windows} label=${first} />`
      : html`<p class="muted chart-empty">No window closed on both sides yet.</p>`}
    <h4>Most differing keys</h4>
    ${report.topDifferences.length === 0
      ? html`<p class="muted" data-testid="no-differences">No differences.</p>`
      : html`<div class="overflow-auto"><table class="striped" data-testid="top-differences">
          <thead><tr><th>window</th><th>key</th><th>A</th><th>B</th><th>|A − B| (${first})</th></tr></thead>
          <tbody>${report.topDifferences.map(
            (d) => html`<tr>
              <td>${fmtWindow(d.windowStart, d.windowEnd)}</td><td><code>${d.key}</code></td>
              <td>${values(d.a)}</td><td>${values(d.b)}</td><td>${fmtValue(d.absDeviation)}</td>
            </tr>`,
          )}</tbody></table></div>`}
  </section>`;
}
