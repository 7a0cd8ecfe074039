/**
 * The .xlsx file itself (api/policy-documents/policy-workbook.ts): export → import through real
 * workbook bytes gives back an identical document (the three reference policies and generated
 * ones); the sheets carry real number and percentage formats, frozen bilingual headers, widths
 * and drop-down lists; text that looks like a formula stays text (OWASP CSV injection).
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../engine/index.js';
import { tablesToPolicy, WORKBOOK_SHEETS } from '../../engine/policy-tables/index.js';
import { readPolicyWorkbook, writePolicyWorkbook } from '../../api/policy-documents/policy-workbook.js';
import { propertySeed, roughPolicyArb } from '../policy-tables/generated-policies.js';

const RUNS = Number(process.env.PROPERTY_RUNS_XLSX ?? 25);
const SOURCE = { version: 1, contentHash: 'a'.repeat(64), exportedAt: '2026-12-07T00:00:00.000Z' };
const REFERENCE = ['b2b-standard', 'order-release', 'payment-plan'].map((id) => JSON.parse(readFileSync(new URL(`../../rulesets/${id}.json`, import.meta.url), 'utf8')) as PolicyDocument);
const json = <T>(d: T): T => JSON.parse(JSON.stringify(d));

async function throughXlsx(doc: PolicyDocument): Promise<PolicyDocument> {
  const bytes = await writePolicyWorkbook(doc, SOURCE);
  const read = await readPolicyWorkbook(bytes);
  expect(read.problems).toEqual([]);
  const imported = tablesToPolicy(doc, read.workbook!);
  expect(imported.problems).toEqual([]);
  return imported.document!;
}

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return wb;
}

describe('export → import through the .xlsx file', () => {
  it.each(REFERENCE.map((d) => [d.id, d] as const))('%s comes back identical', async (_id, doc) => {
    expect(await throughXlsx(doc)).toEqual(json(doc));
  });

  it('generated policies (odd labels, unknown fields, null facts) come back identical', async () => {
    await fc.assert(
      fc.asyncProperty(roughPolicyArb, async (doc) => {
        expect(await throughXlsx(json(doc))).toEqual(json(doc));
      }),
      { numRuns: RUNS, seed: propertySeed('workbook file round-trip') },
    );
  }, 120_000);
});

describe('what the workbook looks like', () => {
  it('sheets, bilingual frozen headers, widths, number formats and drop-down lists', async () => {
    const doc = REFERENCE[0]!;
    const wb = await load(await writePolicyWorkbook(doc, SOURCE));
    expect(wb.worksheets.map((w) => w.name)).toEqual(WORKBOOK_SHEETS);

    const readme = wb.getWorksheet('ReadMe')!;
    const readmeText = readme.getSheetValues().flat().filter((v) => typeof v === 'string').join('\n');
    expect(readmeText).toContain('b2b-standard');
    expect(readmeText).toContain('a'.repeat(64));
    expect(readmeText).toContain('How to re-import');
    expect(readmeText).toContain('Comment réimporter');

    const bands = wb.getWorksheet('Bands')!;
    expect(bands.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(bands.getRow(1).values).toContain('Points');
    expect(bands.getRow(2).values).toContain('De (≥)');
    expect(bands.getColumn(3).width).toBeGreaterThanOrEqual(20);

    const criteria = wb.getWorksheet('Criteria')!;
    const weight = criteria.getCell('F3');
    expect(typeof weight.value).toBe('number');
    expect(weight.numFmt).toBe('0" %"');

    const params = wb.getWorksheet('LimitParameters')!;
    const share = params.getCell('D3');
    expect(share.value).toBe(0.35); // class A's share of net worth
    expect(share.numFmt).toBe('0%');
    const levels = wb.getWorksheet('Levels')!;
    expect(levels.getCell('E3').numFmt).toBe('#,##0');
    expect(levels.getCell('E7').value).toBeNull(); // executive committee: no ceiling

    const steps = wb.getWorksheet('Steps')!;
    const validations = (steps as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model;
    const actionList = Object.entries(validations).find(([range]) => range.startsWith('D'))?.[1];
    expect(actionList?.type).toBe('list');
    expect(actionList?.formulae[0]).toContain('formalNotice');
    const overrides = (wb.getWorksheet('Overrides') as unknown as { dataValidations: { model: Record<string, { formulae: string[] }> } }).dataValidations.model;
    expect(Object.values(overrides).map((v) => v.formulae[0])).toContain('"A,B,C,D,E"');
  });
});

describe('OWASP CSV/spreadsheet injection', () => {
  const RISKY = ['=HYPERLINK("http://evil.example","click")', '+33 1 23 45', '-2+3', '@SUM(A1:A9)', '\t=1+1', '\r=1+1'];

  it('text beginning with = + - @ tab or CR is written as text with a text format, never as a formula', async () => {
    const doc = json(REFERENCE[0]!);
    const sc = doc.nodes.find((n) => n.kind === 'scorecard')!;
    if (sc.kind !== 'scorecard') throw new Error('no scorecard');
    const bands = sc.config.criteria.flatMap((c) => c.bands);
    RISKY.forEach((text, i) => (bands[i]!.label = text));
    sc.config.criteria[1]!.label = RISKY[0]!;
    doc.tests[0]!.name = RISKY[3]!;
    const bytes = await writePolicyWorkbook(doc, SOURCE);
    const wb = await load(bytes);
    let risky = 0;
    for (const ws of wb.worksheets)
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type, `${ws.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof cell.value === 'string' && /^[=+\-@\t\r]/.test(cell.value)) {
            risky++;
            expect(cell.numFmt, `${ws.name}!${cell.address}`).toBe('@');
          }
        }),
      );
    expect(risky).toBeGreaterThanOrEqual(RISKY.length);
    // And the file holds no formula element at all.
    const { default: JSZip } = await import('jszip');
    const zip = await JSZip.loadAsync(bytes);
    for (const name of Object.keys(zip.files).filter((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n))) expect(await zip.file(name)!.async('string')).not.toMatch(/<f[ >]/);
    expect(await throughXlsx(doc)).toEqual(doc);
  });
});
