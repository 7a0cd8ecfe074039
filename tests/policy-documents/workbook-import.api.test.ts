/**
 * The "Done when" of the Excel round-trip, over the API: export b2b-standard, change three band
 * points and one delegation ceiling in the workbook (with exceljs, as a spreadsheet program saves
 * it), preview the import — exactly those four changes in words, valid — import it as one audited
 * draft save with If-Match, and submit. Then every kind of bad workbook: clear problems naming
 * sheet!cell, and nothing changed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLE_KEY, useTestApp } from '../api/support/test-app.js';
import { columnOf, download, editWorkbook, rowWhere, XLSX } from './workbook-support.js';

const RULESETS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'rulesets');
const P = '/api/v1/policies/b2b-standard';
const ana = ROLE_KEY.author;

const t = useTestApp({ rulesets: RULESETS });
let exported: Buffer;

async function draftEtag(): Promise<string> {
  const r = await t.call('GET', `${P}/draft`, { key: ana });
  return r.headers.get('etag')!;
}
const preview = (bytes: Buffer | string, key = ana) => t.call('POST', `${P}/draft/workbook/preview`, { key, rawBody: bytes, headers: { 'content-type': XLSX } });
const importIt = async (bytes: Buffer | string, etag?: string) =>
  t.call('POST', `${P}/draft/workbook?comment=${encodeURIComponent('Committee of 7 December')}`, { key: ana, rawBody: bytes, headers: { 'content-type': XLSX, ...(etag ? { 'if-match': etag } : {}) } });

beforeAll(async () => {
  const r = await t.call('GET', `${P}/draft`, { key: ana });
  if (r.status === 404) {
    const v1 = await t.call('GET', `${P}/versions/1`, { key: ana });
    const put = await t.call('PUT', `${P}/draft`, { key: ana, body: { document: v1.body.document }, headers: { 'if-match': '*' } });
    expect(put.status, put.text).toBe(200);
  }
  const d = await download(t, '/policies/b2b-standard/versions/1/workbook.xlsx', ana);
  expect(d.status).toBe(200);
  expect(d.type).toBe(XLSX);
  expect(d.headers.get('content-disposition')).toContain('b2b-standard-v1.xlsx');
  exported = d.bytes;
});

describe('the credit manager’s round trip (Done when)', () => {
  it('three band points and one delegation ceiling changed in the workbook → exactly those four changes, saved once, audited, submitted', async () => {
    const edited = await editWorkbook(exported, (wb) => {
      const bands = wb.getWorksheet('Bands')!;
      // Rows found by criterion and English band label, columns by their titles, as a person finds them.
      const [label, points] = [columnOf(bands, 'Label (English)'), columnOf(bands, 'Points')];
      // (bands no golden test falls in, so the draft still passes its tests and can be submitted)
      rowWhere(bands, (r) => r.getCell(2).value === 'equityRatio' && r.getCell(label).value === '10% to 20%').getCell(points).value = 45;
      rowWhere(bands, (r) => r.getCell(2).value === 'paymentDelay' && r.getCell(label).value === '5–14 days late').getCell(points).value = 35;
      rowWhere(bands, (r) => r.getCell(2).value === 'bureau' && r.getCell(label).value === 'under 20').getCell(points).value = 5;
      const levels = wb.getWorksheet('Levels')!;
      rowWhere(levels, (r) => r.getCell(2).value === 'creditAnalyst').getCell(columnOf(levels, 'Ceiling')).value = 30000;
    });
    const before = await draftEtag();

    const p = await preview(edited);
    expect(p.status, p.text).toBe(200);
    expect(p.body.ok).toBe(true);
    expect(p.body.problems).toEqual([]);
    expect(p.body.validation.valid).toBe(true);
    const words = p.body.changes.map((c: { message: string }) => c.message);
    expect(words).toEqual([
      'Scorecard "Risk-point scorecard", criterion "Equity ratio", band 2: points 40 → 45',
      'Scorecard "Risk-point scorecard", criterion "Average payment delay", band 3: points 40 → 35',
      'Scorecard "Risk-point scorecard", criterion "External bureau score", band 1: points 0 → 5',
      'Approval "Approval by delegation level", level "Credit analyst": max amount 25,000 → 30,000',
    ]);
    expect(await draftEtag(), 'a preview saves nothing').toBe(before);

    const saved = await importIt(edited, before);
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.changes).toHaveLength(4);
    expect(saved.body.valid).toBe(true);
    const etag = saved.headers.get('etag')!;
    expect(etag).not.toBe(before);
    const draft = await t.call('GET', `${P}/draft`, { key: ana });
    expect(draft.body.document.nodes.find((n: { id: string }) => n.id === 'approval').config.levels[1].maxAmount).toBe(30000);

    const audit = await t.call('GET', '/api/v1/audit?policyId=b2b-standard&limit=50', { key: ROLE_KEY.auditor });
    const entry = audit.body.items.find((e: { comment: string | null }) => e.comment === 'Committee of 7 December');
    expect(entry, audit.text).toMatchObject({ actor: 'ana', details: { import: 'workbook', changes: 4, errors: 0 } });

    const submitted = await t.call('POST', `${P}/draft/submit`, { key: ana, body: { comment: 'Bands and analyst ceiling from the committee workbook' }, headers: { 'if-match': etag } });
    expect(submitted.status, submitted.text).toBe(200);
    expect(submitted.body.status).toBe('submitted');
    // Back to editing for the bad-workbook cases below.
    const rejected = await t.call('POST', `${P}/draft/reject`, { key: ROLE_KEY.approver, body: { comment: 'later' } });
    expect(rejected.status, rejected.text).toBe(200);
  });

  it('the preview shows the validation result: a band change that breaks a golden test is reported before saving', async () => {
    // From the draft's own workbook (the draft already holds the import above).
    const draftXlsx = await download(t, '/policies/b2b-standard/draft/workbook.xlsx', ana);
    expect(draftXlsx.status).toBe(200);
    expect(draftXlsx.headers.get('etag')).toBe(await draftEtag());
    const edited = await editWorkbook(draftXlsx.bytes, (wb) => {
      const bands = wb.getWorksheet('Bands')!;
      rowWhere(bands, (r) => r.getCell(2).value === 'equityRatio' && r.getCell(columnOf(bands, 'Label (English)')).value === '20% to 35%').getCell(columnOf(bands, 'Points')).value = 75;
    });
    const p = await preview(edited);
    expect(p.body.ok).toBe(true);
    expect(p.body.changes.map((c: { message: string }) => c.message)).toEqual(['Scorecard "Risk-point scorecard", criterion "Equity ratio", band 3: points 70 → 75']);
    expect(p.body.validation.valid).toBe(false);
    expect(p.body.validation.diagnostics.map((d: { code: string }) => d.code)).toContain('GOLDEN_TEST_FAILED');
  });

  it('labels are edited in both languages: changing the French cell changes only the French label', async () => {
    const draftXlsx = await download(t, '/policies/b2b-standard/draft/workbook.xlsx', ana);
    const edited = await editWorkbook(draftXlsx.bytes, (wb) => {
      const bands = wb.getWorksheet('Bands')!;
      const row = rowWhere(bands, (r) => r.getCell(2).value === 'equityRatio' && r.getCell(columnOf(bands, 'Label (English)')).value === '20% to 35%');
      expect(row.getCell(columnOf(bands, 'Label (French)')).value).toBe('20 % à 35 %');
      row.getCell(columnOf(bands, 'Label (French)')).value = 'de 20 % à 35 %';
    });
    const p = await preview(edited);
    expect(p.body.ok).toBe(true);
    expect(p.body.changes).toHaveLength(1);
    const card = p.body.document.nodes.find((n: { kind: string }) => n.kind === 'scorecard');
    const band = card.config.criteria.find((c: { id: string }) => c.id === 'equityRatio').bands[2];
    expect(band.label).toEqual({ en: '20% to 35%', fr: 'de 20 % à 35 %' });
  });

  it('a stale or missing If-Match changes nothing (412 / 428)', async () => {
    const etag = await draftEtag();
    expect((await importIt(exported, '"stale"')).status).toBe(412);
    expect((await importIt(exported)).status).toBe(428);
    expect(await draftEtag()).toBe(etag);
  });

  it('a viewer may not import (403), an approver may preview', async () => {
    const r = await t.call('POST', `${P}/draft/workbook`, { key: ROLE_KEY.viewer, rawBody: exported, headers: { 'content-type': XLSX, 'if-match': '*' } });
    expect(r.status).toBe(403);
    expect((await preview(exported, ROLE_KEY.approver)).status).toBe(200);
  });
});

describe('bad workbooks: clear problems, nothing changed', () => {
  const cases: [string, () => Promise<Buffer | string>, RegExp][] = [
    ['an unknown sheet', () => editWorkbook(exported, (wb) => void wb.addWorksheet('Notes')), /^Notes: unknown sheet "Notes"/],
    ['a missing sheet', () => editWorkbook(exported, (wb) => wb.removeWorksheet(wb.getWorksheet('Steps')!.id)), /^Steps: the sheet "Steps" is missing/],
    [
      'reordered columns',
      () =>
        editWorkbook(exported, (wb) => {
          // "From" and "To" swapped, with their values, as a person dragging a column would.
          const ws = wb.getWorksheet('Bands')!;
          for (let r = 1; r <= ws.rowCount; r++) {
            const row = ws.getRow(r);
            const d = row.getCell(5).value;
            row.getCell(5).value = row.getCell(6).value;
            row.getCell(6).value = d;
          }
        }),
      /^Bands!E1: expected the column "From \(≥\)" here, found "To \(<\)" \("From \(≥\)" is in column F\)/,
    ],
    ['merged cells', () => editWorkbook(exported, (wb) => wb.getWorksheet('Bands')!.mergeCells('C4:D4')), /^Bands!C4: merged cells \(C4:D4\)/],
    ['a formula', () => editWorkbook(exported, (wb) => void (wb.getWorksheet('Bands')!.getCell('H5').value = { formula: '40+30', result: 70 } as never)), /^Bands!H5: a formula \(=40\+30\)/],
    ['text in a number cell', () => editWorkbook(exported, (wb) => void (wb.getWorksheet('Bands')!.getCell('H7').value = 'abc')), /^Bands!H7: 'abc' is not a number$/],
    ['an action outside the list', () => editWorkbook(exported, (wb) => void (wb.getWorksheet('Steps')!.getCell('D3').value = 'fax')), /^Steps!D3: 'fax' is not one of email, call/],
    ['a band of an unknown criterion', () => editWorkbook(exported, (wb) => void (wb.getWorksheet('Bands')!.getCell('B3').value = 'ebitda')), /^Bands!B3: scorecard "scorecard" has no criterion "ebitda"/],
    ['broken JSON in a condition', () => editWorkbook(exported, (wb) => void (wb.getWorksheet('Overrides')!.getCell('J3').value = '{"all": [')), /^Overrides!J3: '\{"all": \[' is not valid JSON/],
    [
      'a workbook of another policy',
      async () => (await download(t, '/policies/order-release/versions/1/workbook.xlsx', ana)).bytes,
      /^ReadMe: This workbook was exported from policy "order-release", not "b2b-standard"/,
    ],
    ['a file that is not a spreadsheet', async () => '%PDF-1.7 not a workbook', /This file is not an \.xlsx workbook \(it is not a zip package\)/],
    ['a zip that is not a workbook', async () => Buffer.from('504b0304140000000000', 'hex'), /This file is not an \.xlsx workbook/],
    ['a spreadsheet that is not a policy workbook', async () => editWorkbook(exported, (wb) => wb.removeWorksheet(wb.getWorksheet('ReadMe')!.id)), /not a creditgraph policy workbook/],
  ];

  it.each(cases)('%s', async (_name, make, expected) => {
    const bytes = await make();
    const etag = await draftEtag();
    const p = await preview(bytes);
    expect(p.status, p.text).toBe(200);
    expect(p.body.ok).toBe(false);
    expect(p.body.changes).toEqual([]);
    expect(p.body.problems.map((x: { text: string }) => x.text).join('\n')).toMatch(new RegExp(expected.source, 'm'));
    const r = await importIt(bytes, etag);
    expect(r.status, r.text).toBe(422);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.code).toBe('WORKBOOK_INVALID');
    expect(r.body.problems.length).toBeGreaterThan(0);
    expect(await draftEtag(), 'nothing saved').toBe(etag);
  });

  it('an empty body is a 400 problem', async () => {
    const r = await t.call('POST', `${P}/draft/workbook/preview`, { key: ana, headers: { 'content-type': XLSX } });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('EMPTY_BODY');
  });
});
