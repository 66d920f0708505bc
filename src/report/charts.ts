/**
 * SVG charts for the conversion report, drawn at build time with d3 (scales and path generators;
 * no DOM needed). Static SVG: readable without JavaScript and printable.
 */
import { scaleBand, scaleLinear } from 'd3-scale';
import { area, line } from 'd3-shape';
import { contrast } from '../lib/palette.ts';

/**
 * The report's colours, each text colour checked against what it sits on (tests: at least 4.5:1,
 * WCAG AA for text). Axis labels, the threshold label and bar values are text too.
 */
export const COLOURS = {
  text: '#1a1a1a',
  muted: '#4b5563',
  line: '#1f4e9c',
  fill: '#dbe7fb',
  grid: '#e5e7eb',
  threshold: '#9a4a06',
  bar: '#1f4e9c',
  barText: '#1f2937',
} as const;

/** A heat-map cell's blue, by its share of the largest cell (0-1): a solid colour, so its contrast is known. */
export function heatColours(share: number): { background: string; color: string } {
  const alpha = 0.12 + 0.75 * Math.min(1, Math.max(0, share));
  const mix = (c: number) => Math.round(255 - alpha * (255 - c)).toString(16).padStart(2, '0');
  const background = `#${mix(0x1f)}${mix(0x4e)}${mix(0x9c)}`;
  // Black or white, whichever reads better: one of the two always reaches 4.58:1.
  const color = contrast(background, '#000000') >= contrast(background, '#ffffff') ? '#000000' : '#ffffff';
  return { background, color };
}

/** Escapes text for HTML and SVG. */
export const esc = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** A tiny trend line for tables. */
export function sparkline(values: number[], options: { width?: number; height?: number; label: string }): string {
  const width = options.width ?? 120;
  const height = options.height ?? 28;
  const max = Math.max(...values, 1);
  const x = scaleLinear().domain([0, Math.max(values.length - 1, 1)]).range([1, width - 1]);
  const y = scaleLinear().domain([0, max]).range([height - 2, 2]);
  const d = line<number>().x((_, i) => x(i)).y((v) => y(v))(values) ?? '';
  const fill = area<number>().x((_, i) => x(i)).y0(height - 1).y1((v) => y(v))(values) ?? '';
  const last = values.at(-1) ?? 0;
  return `<svg class="spark" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(options.label)}"><path d="${fill}" fill="${COLOURS.fill}"/><path d="${d}" fill="none" stroke="${COLOURS.line}" stroke-width="1.5"/><circle cx="${x(values.length - 1)}" cy="${y(last)}" r="2.2" fill="${COLOURS.line}"/></svg>`;
}

/** Score over time with axes: one point per day, oldest first, ending `now`. */
export function timelineChart(values: number[], now: number, options: { title: string; threshold?: number }): string {
  const width = 720;
  const height = 240;
  const m = { top: 16, right: 16, bottom: 28, left: 44 };
  const days = values.length - 1;
  const max = Math.max(...values, options.threshold ?? 0, 1) * 1.1;
  const x = scaleLinear().domain([-days, 0]).range([m.left, width - m.right]);
  const y = scaleLinear().domain([0, max]).nice().range([height - m.bottom, m.top]);
  const d = line<number>().x((_, i) => x(i - days)).y((v) => y(v))(values) ?? '';
  const fill = area<number>().x((_, i) => x(i - days)).y0(y(0)).y1((v) => y(v))(values) ?? '';
  const yTicks = y.ticks(5).map((t) => `<g><line x1="${m.left}" x2="${width - m.right}" y1="${y(t)}" y2="${y(t)}" stroke="${COLOURS.grid}"/><text x="${m.left - 6}" y="${y(t) + 4}" text-anchor="end">${t}</text></g>`).join('');
  const xTicks = x
    .ticks(6)
    .map((t) => {
      const date = new Date(now + t * 86_400_000).toISOString().slice(5, 10);
      return `<text x="${x(t)}" y="${height - 8}" text-anchor="middle">${t === 0 ? 'today' : date}</text>`;
    })
    .join('');
  const threshold =
    options.threshold !== undefined
      ? `<line x1="${m.left}" x2="${width - m.right}" y1="${y(options.threshold)}" y2="${y(options.threshold)}" stroke="${COLOURS.threshold}" stroke-dasharray="4 4"/><text x="${width - m.right}" y="${y(options.threshold) - 4}" text-anchor="end" fill="${COLOURS.threshold}">trigger ${options.threshold}</text>`
      : '';
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(options.title)}"><title>${esc(options.title)}</title><g font-size="11" fill="${COLOURS.muted}">${yTicks}${xTicks}</g>${threshold}<path d="${fill}" fill="${COLOURS.fill}"/><path d="${d}" fill="none" stroke="${COLOURS.line}" stroke-width="2"/></svg>`;
}

/** Horizontal bars, e.g. the funnel. */
export function barChart(rows: { label: string; value: number }[], options: { title: string }): string {
  const width = 720;
  const rowHeight = 30;
  const m = { left: 170, right: 60 };
  const height = rows.length * rowHeight + 10;
  const y = scaleBand().domain(rows.map((r) => r.label)).range([5, height - 5]).padding(0.25);
  const x = scaleLinear().domain([0, Math.max(...rows.map((r) => r.value), 1)]).range([0, width - m.left - m.right]);
  const bars = rows
    .map((r) => {
      const top = y(r.label) ?? 0;
      return `<g><text x="${m.left - 8}" y="${top + y.bandwidth() / 2 + 4}" text-anchor="end">${esc(r.label)}</text><rect x="${m.left}" y="${top}" width="${Math.max(x(r.value), 1)}" height="${y.bandwidth()}" fill="${COLOURS.bar}" rx="3"/><text x="${m.left + x(r.value) + 6}" y="${top + y.bandwidth() / 2 + 4}">${r.value}</text></g>`;
    })
    .join('');
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(options.title)}"><title>${esc(options.title)}</title><g font-size="12" fill="${COLOURS.barText}">${bars}</g></svg>`;
}
