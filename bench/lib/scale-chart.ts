/**
 * The scale bench's chart: one log-log panel per table (the log's measures, the portfolio's),
 * each measure drawn relative to its value at the smallest size (1 = unchanged), with dashed
 * guides for "flat" and "grows like the size". Plain SVG, no library.
 */
import type { ScaleMeasure, ScaleResult } from '../scale-bench.js';

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
/** After the ten colours, the same colours dashed, so no two lines look alike. */
const DASHES = ['', '7 4', '2 3'];
/** Amounts that grow with the data by nature (they are in the table): the chart shows costs only. */
const NOT_CHARTED = new Set(['storeAuditEntries', 'diskBytes', 'auditEntries', 'auditVerify']);

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function panel(title: string, sizes: number[], measures: ScaleMeasure[], top: number): { svg: string; height: number } {
  const left = 70;
  const width = 420;
  const height = 300;
  const drawn = measures.filter((m) => !NOT_CHARTED.has(m.key) && m.values[0] !== null && m.values[0]! > 0 && m.values.filter((v) => v !== null).length > 1);
  const ratios = drawn.flatMap((m) => m.values.map((v) => (v === null || !(v > 0) ? null : v / m.values[0]!)).filter((r): r is number => r !== null));
  const spanX = Math.log10(sizes[sizes.length - 1]! / sizes[0]!) || 1;
  const lo = Math.min(0.1, ...ratios);
  const hi = Math.max(10 ** spanX, ...ratios);
  const x = (n: number) => left + (Math.log10(n / sizes[0]!) / spanX) * width;
  const y = (r: number) => top + 30 + height - ((Math.log10(r) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * height;
  const parts: string[] = [`<text x="${left}" y="${top + 18}" font-size="14" font-weight="bold">${escape(title)}</text>`];
  parts.push(`<rect x="${left}" y="${top + 30}" width="${width}" height="${height}" fill="none" stroke="#999"/>`);
  for (const n of sizes) parts.push(`<text x="${x(n)}" y="${top + 30 + height + 16}" font-size="11" text-anchor="middle">${n.toLocaleString('en-US')}</text>`);
  for (let e = Math.ceil(Math.log10(lo)); e <= Math.floor(Math.log10(hi)); e++) {
    parts.push(`<line x1="${left}" x2="${left + width}" y1="${y(10 ** e)}" y2="${y(10 ** e)}" stroke="#eee"/><text x="${left - 6}" y="${y(10 ** e) + 4}" font-size="11" text-anchor="end">×${10 ** e >= 1 ? 10 ** e : (10 ** e).toFixed(-e)}</text>`);
  }
  const end = sizes[sizes.length - 1]!;
  parts.push(`<line x1="${x(sizes[0]!)}" y1="${y(1)}" x2="${x(end)}" y2="${y(1)}" stroke="#555" stroke-dasharray="4 4"/><text x="${x(end) + 4}" y="${y(1) + 4}" font-size="10">flat</text>`);
  parts.push(`<line x1="${x(sizes[0]!)}" y1="${y(1)}" x2="${x(end)}" y2="${y(end / sizes[0]!)}" stroke="#555" stroke-dasharray="2 6"/><text x="${x(end) + 4}" y="${y(end / sizes[0]!) + 4}" font-size="10">∝ size</text>`);
  drawn.forEach((m, i) => {
    const color = COLORS[i % COLORS.length];
    const dash = DASHES[Math.floor(i / COLORS.length) % DASHES.length] ? ` stroke-dasharray="${DASHES[Math.floor(i / COLORS.length) % DASHES.length]}"` : '';
    const points = m.values.map((v, k) => (v === null || !(v > 0) ? null : `${x(sizes[k]!).toFixed(1)},${y(v / m.values[0]!).toFixed(1)}`)).filter(Boolean);
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2"${dash} points="${points.join(' ')}"/>`);
    const ly = top + 39 + i * 16;
    parts.push(`<line x1="${left + width + 44}" x2="${left + width + 66}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"${dash}/><text x="${left + width + 72}" y="${ly + 4}" font-size="11">${escape(`${m.label} (${m.unit})`)}</text>`);
  });
  return { svg: parts.join('\n'), height: Math.max(height + 60, 40 + drawn.length * 16) };
}

export function scaleChartSvg(result: ScaleResult, caption: string): string {
  const a = panel('Decision log, audit trail, server — relative to the smallest size', result.sizes, result.measures, 30);
  const b = panel('Portfolio simulation with parsing — relative to the smallest size', result.portfolioSizes, result.portfolio, 30 + a.height + 20);
  const total = 30 + a.height + 20 + b.height + 10;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1120" height="${total}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n<text x="10" y="18" font-size="11">${escape(caption)}</text>\n${a.svg}\n${b.svg}\n</svg>\n`;
}
