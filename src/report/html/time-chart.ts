import type { Series } from './charts.js';
import { html, type Html } from './escape.js';

/** One point in time: a column of the chart. */
export interface TimeColumn {
  /** Under the axis, short (`11-21`); not every one is shown when there are many. */
  label: string;
  /** In each part's tooltip, whole (`2026-11-21 02:17 UTC`). */
  title: string;
  values: Readonly<Record<string, number>>;
}

const WIDTH = 720;
const HEIGHT = 240;
const LEFT = 40;
const RIGHT = 8;
const TOP = 14;
const BOTTOM = 36;
/** More labels than this under the axis would overlap. */
const MAX_LABELS = 12;

/**
 * Columns over time, drawn as inline SVG like the scan report's charts (charts.ts): fills come
 * from the stylesheet's classes, never a style attribute, so the page's CSP holds. `stacked`: one
 * column per point, its series on top of each other; else the series side by side.
 */
export function timeColumns(title: string, columns: readonly TimeColumn[], series: readonly Series[], stacked: boolean): Html {
  const valueOf = (column: TimeColumn, key: string) => column.values[key] ?? 0;
  const heights = columns.flatMap((column) => (stacked ? [series.reduce((sum, s) => sum + valueOf(column, s.key), 0)] : series.map((s) => valueOf(column, s.key))));
  const max = niceMax(Math.max(0, ...heights));
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotBottom = HEIGHT - BOTTOM;
  const scale = (value: number) => (value / max) * (plotBottom - TOP);
  const slot = plotWidth / Math.max(1, columns.length);
  const barWidth = stacked ? Math.min(36, slot * 0.7) : Math.min(18, (slot * 0.8) / series.length);
  const every = Math.ceil(columns.length / MAX_LABELS);
  const bars = columns.map((column, index) => {
    const centre = LEFT + slot * (index + 0.5);
    let top = plotBottom;
    const parts = series.map((s, i) => {
      const value = valueOf(column, s.key);
      if (value === 0) return '';
      const height = Math.max(1.5, scale(value));
      const x = stacked ? centre - barWidth / 2 : centre - (barWidth * series.length) / 2 + i * barWidth;
      const y = stacked ? top - height : plotBottom - height;
      if (stacked) top = y;
      return html`<rect class="bar ${s.className}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(stacked ? barWidth : barWidth - 2).toFixed(1)}" height="${height.toFixed(1)}"><title>${column.title}: ${value} ${s.label}</title></rect>`;
    });
    const labelled = index % every === 0 || index === columns.length - 1;
    return html`<g>${parts}${labelled ? html`<text class="axis-label" x="${centre.toFixed(1)}" y="${HEIGHT - BOTTOM + 16}" text-anchor="middle">${column.label}</text>` : ''}</g>`;
  });
  const ticks = [0, max / 2, max].filter((tick) => Number.isInteger(tick));
  const grid = ticks.map((tick) => {
    const y = plotBottom - scale(tick);
    return html`<line class="axis" x1="${LEFT}" y1="${y.toFixed(1)}" x2="${WIDTH - RIGHT}" y2="${y.toFixed(1)}"/><text class="axis-label" x="${LEFT - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end">${tick}</text>`;
  });
  return html`<figure class="chart"><figcaption>${title}</figcaption><svg role="img" aria-label="${title}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" preserveAspectRatio="xMinYMin meet"><title>${title}</title>${grid}${bars}</svg>${legend(series)}</figure>`;
}

/** The top of the axis: 1, 2 or 5 times a power of ten (4 too, so that half of it is whole), at least the largest value. */
function niceMax(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 4, 5, 10].find((m) => m * power >= value)!;
  return step * power;
}

function legend(series: readonly Series[]): Html {
  return html`<ul class="legend">${series.map((s) => html`<li><span class="swatch ${s.className}"></span>${s.label}</li>`)}</ul>`;
}
