/**
 * The committee document as a PDF, with pdfmake (pure JavaScript: the server needs no browser).
 * Same outline as the HTML page; every page carries the content hash at the top and "Page n of m"
 * at the bottom. pdfmake is loaded on first use, so it costs nothing at start-up.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Block, CommitteeDocument } from './committee-document.js';
import { timelineSvg } from './committee-html.js';

type Content = Record<string, unknown> | string | Content[];

/** Roboto (pdfmake's font) has no arrow glyphs: write them as ASCII arrows in the PDF. */
const glyphs = (s: string) => s.replace(/→/g, '->').replace(/←/g, '<-');

interface PdfMake {
  setFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy?(callback: (url: string) => boolean): void;
  setLocalAccessPolicy?(callback: (path: string) => boolean): void;
  createPdf(definition: Record<string, unknown>): { getBuffer(): Promise<Buffer> };
}

let loaded: Promise<PdfMake> | null = null;

function pdfmake(): Promise<PdfMake> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const fonts = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
    const mod = (await import('pdfmake')) as unknown as { default?: PdfMake } & PdfMake;
    const make = mod.default ?? mod;
    make.setFonts({
      Roboto: {
        normal: path.join(fonts, 'Roboto-Regular.ttf'),
        bold: path.join(fonts, 'Roboto-Medium.ttf'),
        italics: path.join(fonts, 'Roboto-Italic.ttf'),
        bolditalics: path.join(fonts, 'Roboto-MediumItalic.ttf'),
      },
    });
    // Only our own font files may be read; nothing is fetched from the network.
    make.setLocalAccessPolicy?.((p) => path.resolve(p).startsWith(fonts));
    make.setUrlAccessPolicy?.(() => false);
    return make;
  })();
  return loaded;
}

function block(b: Block): Content {
  switch (b.kind) {
    case 'p':
      return { text: glyphs(b.text), margin: [0, 2, 0, 6] };
    case 'table': {
      const numeric = new Set(b.numeric ?? []);
      const hasHead = b.head.some((h) => h !== '');
      const body = [
        ...(hasHead ? [b.head.map((h) => ({ text: glyphs(h), style: 'th', alignment: numeric.has(b.head.indexOf(h)) ? 'right' : 'left' }))] : []),
        ...b.rows.map((r) => r.map((c, i) => ({ text: glyphs(c), alignment: numeric.has(i) ? 'right' : 'left' }))),
      ];
      if (body.length === 0) return { text: '' };
      return { table: { headerRows: hasHead ? 1 : 0, dontBreakRows: true, widths: b.head.map(() => '*'), body }, layout: 'lightHorizontalLines', fontSize: 8.5, margin: [0, 2, 0, 8] };
    }
    case 'timeline':
      return {
        stack: [
          { text: glyphs(b.title), bold: true, margin: [0, 4, 0, 0] },
          { svg: timelineSvg(b.steps).replace('width="100%"', 'width="500"'), width: 500 },
          { ul: b.steps.map((s) => glyphs(`${s.day > 0 ? '+' : ''}${s.day} ${s.action}${s.label ? ` — ${s.label}` : ''}`)), fontSize: 8, margin: [0, 0, 0, 6] },
        ],
        unbreakable: true,
      };
  }
}

export async function committePdfDefinition(doc: CommitteeDocument): Promise<Record<string, unknown>> {
  const running = `${doc.policyId} v${doc.version} · sha-256 ${doc.contentHash}`;
  const content: Content[] = [
    { text: doc.title, style: 'title' },
    { text: `${doc.policyName} — v${doc.version}`, fontSize: 14, margin: [0, 0, 0, 14] },
    { table: { widths: [150, '*'], body: doc.cover.map(([k, v]) => [{ text: k, bold: true }, { text: glyphs(v), fontSize: /sha-256/.test(k) ? 7.5 : 10 }]) }, layout: 'lightHorizontalLines' },
  ];
  doc.sections.forEach((s, i) => {
    content.push({ text: glyphs(s.title), style: 'h2', pageBreak: i === 0 || s.pageBreak ? 'before' : undefined });
    for (const b of s.blocks) content.push(block(b));
  });
  return {
    info: { title: `${doc.title} — ${doc.policyName} v${doc.version}`, subject: running, creator: 'creditgraph' },
    pageSize: 'A4',
    pageMargins: [40, 48, 40, 44],
    header: (page: number) => (page === 1 ? null : { text: running, fontSize: 7, color: '#555', margin: [40, 20, 40, 0] }),
    footer: (page: number, pages: number) => ({ text: `${doc.running.page} ${page} ${doc.running.of} ${pages}`, alignment: 'right', fontSize: 8, color: '#555', margin: [40, 14, 40, 0] }),
    content,
    defaultStyle: { font: 'Roboto', fontSize: 9.5, lineHeight: 1.15 },
    styles: {
      title: { fontSize: 22, bold: true, color: '#1f4e79', margin: [0, 60, 0, 8] },
      h2: { fontSize: 13, bold: true, color: '#1f4e79', margin: [0, 10, 0, 4] },
      th: { bold: true, fillColor: '#e8eef4' },
    },
  };
}

export async function committeePdf(doc: CommitteeDocument): Promise<Buffer> {
  const make = await pdfmake();
  return make.createPdf(await committePdfDefinition(doc)).getBuffer();
}
