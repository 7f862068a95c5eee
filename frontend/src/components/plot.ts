import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

/** A CSS custom property of `el` (the Pico theme's colors), or `fallback` when it is not set. */
export function cssVar(el: Element, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

/** The theme's colors for a chart drawn inside `el`. */
export function themeOf(el: Element) {
  const fg = cssVar(el, '--pico-muted-color', '#7b8495');
  const grid = cssVar(el, '--pico-muted-border-color', 'rgba(128,128,128,0.2)');
  return {
    text: cssVar(el, '--pico-color', '#373c44'),
    primary: cssVar(el, '--pico-primary', '#0172ad'),
    axis: { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } },
  };
}

/**
 * A uPlot chart in the returned ref's element, `height` px high and as wide as the element (at least 240 px,
 * following resizes): built by `options(el, width)` when mounted and again when `deps` change, its data replaced
 * on every render without rebuilding it.
 */
export function usePlot(
  height: number,
  options: (el: HTMLElement, width: number) => uPlot.Options,
  data: uPlot.AlignedData,
  deps: unknown[],
) {
  const ref = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const width = () => Math.max(el.clientWidth, 240);
    const u = new uPlot(options(el, width()), data, el);
    plot.current = u;
    const ro = new ResizeObserver(() => {
      if (Math.abs(u.width - width()) > 1) u.setSize({ width: width(), height });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, deps);
  useEffect(() => {
    plot.current?.setData(data);
  });
  return ref;
}
