/**
 * The committee document as one self-contained, print-ready HTML page: a cover, then the sections;
 * the print stylesheet breaks pages before each section, never inside a table row, and puts the
 * content hash and "Page n of m" in every page's margin (CSS paged media).
 */
import type { Block, CommitteeDocument } from './committee-document.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
/** For a CSS string: quotes and backslashes escaped, no line breaks. */
const cssString = (s: string) => `"${s.replace(/[\\"]/g, '\\$&').replace(/[\r\n]/g, ' ')}"`;

/** A dunning timeline: the due date at 0, one dot per step, labels alternating above and below. */
export function timelineSvg(steps: { day: number; action: string; label: string }[]): string {
  const width = 680;
  const pad = 40;
  const days = steps.map((s) => s.day);
  const lo = Math.min(0, ...days);
  const hi = Math.max(1, ...days);
  const x = (d: number) => pad + ((d - lo) / (hi - lo || 1)) * (width - 2 * pad);
  const y = 70;
  const parts = [`<line x1="${pad}" y1="${y}" x2="${width - pad}" y2="${y}" stroke="#555" stroke-width="1.5"/>`];
  parts.push(`<line x1="${x(0)}" y1="${y - 14}" x2="${x(0)}" y2="${y + 14}" stroke="#b00" stroke-width="2"/><text x="${x(0)}" y="${y + 28}" text-anchor="middle" font-size="10" fill="#b00">0</text>`);
  steps.forEach((s, i) => {
    const up = i % 2 === 0;
    const cx = x(s.day);
    const ty = up ? y - 22 - (i % 4 === 0 ? 0 : 14) : y + 34 + (i % 4 === 1 ? 0 : 14);
    parts.push(
      `<circle cx="${cx}" cy="${y}" r="4" fill="#1f4e79"/>`,
      `<line x1="${cx}" y1="${y}" x2="${cx}" y2="${up ? ty + 4 : ty - 10}" stroke="#aaa" stroke-width="0.8"/>`,
      `<text x="${cx}" y="${ty}" text-anchor="middle" font-size="9"><tspan font-weight="bold">${s.day > 0 ? '+' : ''}${s.day}</tspan> ${esc(s.action)}</text>`,
    );
  });
  return `<svg class="timeline" viewBox="0 0 ${width} 140" width="100%" role="img" aria-label="${esc(steps.map((s) => `${s.day}: ${s.action}`).join(', '))}">${parts.join('')}</svg>`;
}

function block(b: Block): string {
  switch (b.kind) {
    case 'p':
      return `<p>${esc(b.text)}</p>`;
    case 'table': {
      const numeric = new Set(b.numeric ?? []);
      const head = b.head.some((h) => h !== '') ? `<thead><tr>${b.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>` : '';
      const rows = b.rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric.has(i) ? ' class="num"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('');
      return `<table>${head}<tbody>${rows}</tbody></table>`;
    }
    case 'timeline':
      return `<figure class="timeline-box"><figcaption>${esc(b.title)}</figcaption>${timelineSvg(b.steps)}<ol class="steps">${b.steps.map((s) => `<li><b>${s.day > 0 ? '+' : ''}${s.day}</b> ${esc(s.action)}${s.label ? ` — ${esc(s.label)}` : ''}</li>`).join('')}</ol></figure>`;
  }
}

export function committeeHtml(doc: CommitteeDocument): string {
  const running = `${doc.policyId} v${doc.version} · sha-256 ${doc.contentHash}`;
  return `<!doctype html>
<html lang="${doc.lang}">
<head>
<meta charset="utf-8">
<title>${esc(`${doc.title} — ${doc.policyName} v${doc.version}`)}</title>
<style>
  @page { size: A4; margin: 22mm 16mm 20mm; 
    @top-left { content: ${cssString(running)}; font: 8pt sans-serif; color: #555; }
    @bottom-right { content: ${cssString(doc.running.page + ' ')} counter(page) ${cssString(' ' + doc.running.of + ' ')} counter(pages); font: 8pt sans-serif; color: #555; } }
  @page :first { @top-left { content: none; } }
  body { font: 10.5pt/1.45 system-ui, "DejaVu Sans", sans-serif; color: #111; max-width: 190mm; margin: 0 auto; padding: 8mm; }
  p { white-space: pre-line; }
  .running { font-size: 8pt; color: #555; border-bottom: 1px solid #ccc; margin-bottom: 6mm; }
  h1 { font-size: 20pt; margin: 0 0 2mm; color: #1f4e79; }
  h2 { font-size: 13pt; color: #1f4e79; border-bottom: 1px solid #1f4e79; padding-bottom: 1mm; margin-top: 8mm; break-after: avoid; }
  .cover { break-after: page; }
  .cover table td:first-child { font-weight: 600; width: 35%; }
  .hash { font-family: "DejaVu Sans Mono", monospace; font-size: 8.5pt; word-break: break-all; }
  table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 9.5pt; }
  th, td { border: 1px solid #bbb; padding: 1.2mm 2mm; text-align: left; vertical-align: top; }
  th { background: #e8eef4; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  tr { break-inside: avoid; }
  figure.timeline-box { margin: 3mm 0 5mm; break-inside: avoid; }
  figcaption { font-weight: 600; }
  ol.steps { columns: 2; font-size: 9pt; margin: 0; padding-left: 5mm; list-style: none; }
  @media print { body { padding: 0; max-width: none; } .running { display: none; } section + section h2 { margin-top: 0; } section.major { break-before: page; } }
</style>
</head>
<body>
<div class="running">${esc(running)}</div>
<section class="cover">
<h1>${esc(doc.title)}</h1>
<p style="font-size:14pt;margin:0 0 6mm">${esc(doc.policyName)} — v${doc.version}</p>
<table><tbody>${doc.cover.map(([k, v]) => `<tr><td>${esc(k)}</td><td${/sha-256/.test(k) ? ' class="hash"' : ''}>${esc(v)}</td></tr>`).join('')}</tbody></table>
</section>
${doc.sections.map((s) => `<section${s.pageBreak ? ' class="major"' : ''}><h2>${esc(s.title)}</h2>${s.blocks.map(block).join('\n')}</section>`).join('\n')}
</body>
</html>
`;
}
