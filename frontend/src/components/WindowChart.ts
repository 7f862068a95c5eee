import { useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { fmtValue } from '../format';
import { html } from '../html';
import { themeOf, usePlot } from './plot';

export interface WindowPoint {
  start: number;
  end: number;
  total: number;
}

const HEIGHT = 220;

/** "#0172ad" → "rgba(1, 114, 173, 0.55)"; other color syntaxes are used as they are. */
function translucent(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!m) return color;
  const [r, g, b] = [m[1], m[2], m[3]].map((x) => parseInt(x ?? '0', 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** "23:44:50" (UTC), with milliseconds only when they are not zero. */
function utcTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.slice(20, 23) === '000' ? iso.slice(11, 19) : iso.slice(11, 23);
}

/** Writes each bar's value above it. */
function drawValues(color: string) {
  return (u: uPlot) => {
    const ctx = u.ctx;
    const px = uPlot.pxRatio;
    const xs = u.data[0];
    const ys = u.data[1] ?? [];
    ctx.save();
    ctx.fillStyle = color;
    ctx.font = `${Math.round(12 * px)}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    xs.forEach((x, i) => {
      const y = ys[i];
      if (y === null || y === undefined) return;
      ctx.fillText(fmtValue(y), u.valToPos(x, 'x', true), u.valToPos(y, 'y', true) - 4 * px);
    });
    ctx.restore();
  };
}

function Chart({ points, label }: { points: WindowPoint[]; label: string }) {
  const step = useRef(10);
  const first = points[0];
  step.current = first ? Math.max((first.end - first.start) / 1000, 1) : 10;
  const data: uPlot.AlignedData = [points.map((p) => p.start / 1000), points.map((p) => p.total)];
  const ref = usePlot(
    HEIGHT,
    (el, width): uPlot.Options => {
      const { text, primary, axis } = themeOf(el);
      return {
        width,
        height: HEIGHT,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
        legend: { show: false },
        cursor: { show: false },
        scales: {
          x: { time: true, range: (_u, min, max) => [min - step.current * 0.75, max + step.current * 0.75] },
          y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.2 : 1] },
        },
        axes: [
          {
            ...axis,
            grid: { show: false },
            // One tick per window start, thinned out so labels (~80 px each) never overlap.
            splits: (u) => {
              const xs = u.data[0];
              const every = Math.ceil(xs.length / Math.max(2, Math.floor((u.width - 60) / 80)));
              return Array.from(xs).filter((_x, i) => (xs.length - 1 - i) % every === 0);
            },
            values: (_u, splits) => splits.map((s) => utcTime(s * 1000)),
          },
          { ...axis, size: 56 },
        ],
        series: [
          {},
          {
            label,
            stroke: primary,
            fill: translucent(primary, 0.55),
            width: 1,
            paths: uPlot.paths.bars?.({ size: [0.6, 90] }),
            points: { show: false },
          },
        ],
        hooks: { draw: [drawValues(text)] },
      };
    },
    data,
    [label],
  );

  return html`<div class="chart" ref=${ref} data-testid="window-chart" role="img" aria-label=${`${label} per window`}></div>`;
}

export function WindowChart({ points, label }: { points: WindowPoint[]; label: string }) {
  if (points.length === 0) return html`<p class="muted chart-empty">No fired windows yet.</p>`;
  return html`<${Chart} points=${points} label=${label} />`;
}
