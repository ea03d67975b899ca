import { html, type Html } from './escape.js';

/** One coloured part of a bar: `className` picks the fill from the report's stylesheet. */
export interface Series {
  key: string;
  label: string;
  className: string;
}

export interface BarRow {
  label: string;
  values: Readonly<Record<string, number>>;
}

const LABEL_WIDTH = 120;
const ROW_HEIGHT = 28;
const BAR_HEIGHT = 18;
const WIDTH = 520;

/** Horizontal stacked bars, one per row, with the total at the end. Drawn as inline SVG. */
export function stackedBars(title: string, rows: readonly BarRow[], series: readonly Series[]): Html {
  const totals = rows.map((row) => series.reduce((sum, s) => sum + (row.values[s.key] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const barArea = WIDTH - LABEL_WIDTH - 48;
  const height = Math.max(1, rows.length) * ROW_HEIGHT + 8;
  const bars = rows.map((row, index) => {
    const y = 4 + index * ROW_HEIGHT;
    let x = LABEL_WIDTH;
    const segments = series.map((s) => {
      const value = row.values[s.key] ?? 0;
      if (value === 0) return '';
      const width = Math.max(2, (value / max) * barArea);
      const rect = html`<rect class="bar ${s.className}" x="${x.toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" rx="2"><title>${row.label}: ${value} ${s.label}</title></rect>`;
      x += width;
      return rect;
    });
    return html`<g><text class="axis-label" x="${LABEL_WIDTH - 8}" y="${y + 13}" text-anchor="end">${row.label}</text>${segments}<text class="bar-total" x="${(x + 6).toFixed(1)}" y="${y + 13}">${totals[index]}</text></g>`;
  });
  return html`<figure class="chart"><figcaption>${title}</figcaption><svg role="img" aria-label="${title}" viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet"><title>${title}</title>${bars}</svg>${legend(series)}</figure>`;
}

export interface GroupedColumn {
  label: string;
  values: Readonly<Record<string, number>>;
}

/** Vertical bars grouped per column (e.g. baseline beside this scan, per severity). */
export function groupedColumns(title: string, columns: readonly GroupedColumn[], series: readonly Series[]): Html {
  const height = 200;
  const plotTop = 16;
  const plotBottom = height - 28;
  const max = Math.max(1, ...columns.flatMap((column) => series.map((s) => column.values[s.key] ?? 0)));
  const groupWidth = (WIDTH - 40) / Math.max(1, columns.length);
  const barWidth = Math.min(28, (groupWidth - 16) / series.length);
  const groups = columns.map((column, index) => {
    const groupX = 32 + index * groupWidth;
    const start = groupX + (groupWidth - barWidth * series.length) / 2;
    const bars = series.map((s, i) => {
      const value = column.values[s.key] ?? 0;
      const barHeight = (value / max) * (plotBottom - plotTop);
      const x = start + i * barWidth;
      const y = plotBottom - barHeight;
      return html`<rect class="bar ${s.className}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(barWidth - 3).toFixed(1)}" height="${Math.max(value > 0 ? 2 : 0, barHeight).toFixed(1)}" rx="2"><title>${column.label}, ${s.label}: ${value}</title></rect>${value > 0 ? html`<text class="bar-value" x="${(x + (barWidth - 3) / 2).toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle">${value}</text>` : ''}`;
    });
    return html`<g>${bars}<text class="axis-label" x="${(groupX + groupWidth / 2).toFixed(1)}" y="${height - 10}" text-anchor="middle">${column.label}</text></g>`;
  });
  return html`<figure class="chart"><figcaption>${title}</figcaption><svg role="img" aria-label="${title}" viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet"><title>${title}</title><line class="axis" x1="24" y1="${plotBottom}" x2="${WIDTH - 8}" y2="${plotBottom}"/>${groups}</svg>${legend(series)}</figure>`;
}

function legend(series: readonly Series[]): Html {
  return html`<ul class="legend">${series.map((s) => html`<li><span class="swatch ${s.className}"></span>${s.label}</li>`)}</ul>`;
}
