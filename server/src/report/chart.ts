// Inline SVG line charts of the history (no script, no external file): one
// small chart per figure, a point per run, with the values as tooltips.

import { esc, num, percent } from './html';
import type { ReportSummary } from './summary';

export interface Series {
  id: string;
  label: string;
  value: (s: ReportSummary) => number;
  format: (n: number) => string;
}

export const HISTORY_SERIES: Series[] = [
  { id: 'percent', label: 'Can be bootstrapped (%)', value: (s) => s.figures.percentBootstrappable, format: (n) => `${percent(n)}%` },
  { id: 'largest', label: 'Largest cycle cluster', value: (s) => s.figures.clusters.largest, format: num },
  { id: 'in-cycles', label: 'Packages in cycles', value: (s) => s.figures.clusters.packagesInCycles, format: num },
  { id: 'stuck', label: 'Stuck packages', value: (s) => s.figures.stuck, format: num },
];

const W = 225;
const H = 130;
const PAD = { left: 44, right: 10, top: 12, bottom: 28 };

export function lineChart(runs: readonly ReportSummary[], series: Series): string {
  const values = runs.map(series.value);
  const times = runs.map((r) => Date.parse(r.date));
  let lo = Math.min(...values, 0);
  let hi = Math.max(...values, 1);
  if (series.id === 'percent') hi = Math.max(hi, 100);
  if (hi === lo) hi = lo + 1;
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const x = (t: number, i: number) => (t1 === t0 ? (runs.length === 1 ? (W + PAD.left - PAD.right) / 2 : PAD.left + (i * (W - PAD.left - PAD.right)) / (runs.length - 1)) : PAD.left + ((t - t0) * (W - PAD.left - PAD.right)) / (t1 - t0));
  const y = (v: number) => PAD.top + (1 - (v - lo) / (hi - lo)) * (H - PAD.top - PAD.bottom);
  const pts = runs.map((r, i) => ({ x: x(times[i], i), y: y(values[i]), v: values[i], date: r.date }));
  const line = pts.length > 1 ? `<polyline class="line" points="${pts.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ')}"/>` : '';
  const dots = pts
    .map((p) => `<circle class="point" cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="3.5" data-date="${esc(p.date)}" data-value="${p.v}"><title>${esc(p.date.slice(0, 10))}: ${esc(series.format(p.v))}</title></circle>`)
    .join('');
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  const axis = `<line class="axis" x1="${PAD.left}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}"/>`
    + `<line class="axis" x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${H - PAD.bottom}"/>`
    + `<text x="${PAD.left - 4}" y="${y(hi) + 4}" text-anchor="end">${esc(series.format(hi))}</text>`
    + `<text x="${PAD.left - 4}" y="${y(lo) + 4}" text-anchor="end">${esc(series.format(lo))}</text>`
    + (runs.length ? `<text x="${PAD.left}" y="${H - 10}">${day(t0)}</text>` : '')
    + (runs.length > 1 && t1 !== t0 ? `<text x="${W - PAD.right}" y="${H - 10}" text-anchor="end">${day(t1)}</text>` : '');
  return `<figure class="chart" data-series="${esc(series.id)}"><figcaption>${esc(series.label)}</figcaption>`
    + `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(series.label)} over ${runs.length} run${runs.length === 1 ? '' : 's'}">${axis}${line}${dots}</svg></figure>`;
}

export function historyCharts(runs: readonly ReportSummary[]): string {
  if (runs.length === 0) return '';
  return `<div class="charts" id="history-charts" data-runs="${runs.length}">${HISTORY_SERIES.map((s) => lineChart(runs, s)).join('')}</div>`;
}
