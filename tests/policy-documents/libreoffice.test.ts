/**
 * A spreadsheet program nobody here wrote must read the workbook: where Debian's libreoffice-calc
 * is installed, it opens the exported b2b-standard workbook headless, converts every sheet to CSV
 * (cells as shown) and the cells are checked; then it saves the workbook again as .xlsx, and that
 * file imports back to the very same document. Skipped with the reason printed when soffice is absent.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../engine/index.js';
import { problemText, tablesToPolicy } from '../../engine/policy-tables/index.js';
import { readPolicyWorkbook, writePolicyWorkbook } from '../../api/policy-documents/policy-workbook.js';

const run = promisify(execFile);
const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));
if (!SOFFICE) console.log('LibreOffice check skipped: soffice is not installed (apt-get install -y libreoffice-calc)');

const doc = JSON.parse(readFileSync(new URL('../../rulesets/b2b-standard.json', import.meta.url), 'utf8')) as PolicyDocument;
const dir = mkdtempSync(path.join(tmpdir(), 'creditgraph-lo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs soffice with its own profile folder, so it never meets another instance's lock. */
async function soffice(args: string[]) {
  await run(SOFFICE!, [`-env:UserInstallation=file://${dir}/profile`, '--headless', ...args], { timeout: 180_000 });
}

describe.skipIf(!SOFFICE)('LibreOffice Calc reads the exported workbook', () => {
  const edited = structuredClone(doc);
  const sc = edited.nodes.find((n) => n.kind === 'scorecard')!;
  if (sc.kind === 'scorecard') sc.config.criteria[0]!.bands[0]!.label = '=1+1';

  it('every sheet converts to CSV with the values and formats a person sees', async () => {
    writeFileSync(path.join(dir, 'b2b.xlsx'), await writePolicyWorkbook(edited, { version: 1, contentHash: 'c'.repeat(64), exportedAt: '2026-12-07T00:00:00.000Z' }));
    // Filter options: comma, double quote, UTF-8, from line 1, en-US, cells as shown, every sheet (-1).
    await soffice(['--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,true,false,false,-1', '--outdir', path.join(dir, 'csv'), path.join(dir, 'b2b.xlsx')]);
    const sheet = (name: string) => Papa.parse<string[]>(readFileSync(path.join(dir, 'csv', `b2b-${name}.csv`), 'utf8').trimEnd(), { newline: '\n' }).data;

    const bands = sheet('Bands');
    expect(bands[0]).toEqual(['Node', 'Criterion', 'Label (English)', 'Label (French)', 'From (≥)', 'To (<)', 'Values (JSON list)', 'Points', 'Other fields (JSON)']);
    expect(bands[1]).toEqual(['Nœud', 'Critère', 'Libellé (anglais)', 'Libellé (français)', 'De (≥)', 'À (<)', 'Valeurs (liste JSON)', 'Points', 'Autres champs (JSON)']);
    // A plain label (one text for every language) is in the column of the policy's language, English here.
    expect(bands[2]).toEqual(['scorecard', 'years', '=1+1', '', '', '3', '', '0', '']); // text, not the formula's 2
    expect(bands.find((r) => r[1] === 'equityRatio' && r[2] === '20% to 35%')).toEqual(['scorecard', 'equityRatio', '20% to 35%', '20 % à 35 %', '0.2', '0.35', '', '70', '']);
    expect(bands.find((r) => r[1] === 'sector')?.[6]).toMatch(/^\["/);

    expect(sheet('Criteria').find((r) => r[1] === 'equityRatio')?.[5]).toBe('15 %');
    expect(sheet('LimitParameters').filter((r) => r[1] === 'B')).toEqual([
      ['limit', 'B', 'netWorthShare', '35%'],
      ['limit', 'B', 'turnoverShare', '5%'],
      ['limit', 'B', 'needShare', '100%'],
      ['limit', 'B', 'coverShare', '100%'],
    ]);
    const levels = sheet('Levels');
    expect(levels.find((r) => r[1] === 'creditAnalyst')?.slice(2, 5)).toEqual(['Credit analyst', 'Analyste crédit', '25,000']);
    expect(levels.find((r) => r[1] === 'executiveCommittee')?.[4]).toBe('');
    expect(sheet('Steps').find((r) => r[1] === 'standard' && r[2] === '43')?.[3]).toBe('formalNotice');
    expect(sheet('ReadMe').find((r) => r[0] === 'Policy id')?.[2]).toBe('b2b-standard');
    const tests = sheet('Tests');
    const worked = tests.find((r) => r[0] === 'worked-example-class-b')!;
    expect(worked[tests[0]!.indexOf('Expected limit')]).toBe('28,000');
    expect(worked[tests[0]!.indexOf('equity')]).toBe('80000');
  }, 240_000);

  it('the workbook saved again by LibreOffice imports back to the same document', async () => {
    await soffice(['--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', path.join(dir, 'resaved'), path.join(dir, 'b2b.xlsx')]);
    const read = await readPolicyWorkbook(readFileSync(path.join(dir, 'resaved', 'b2b.xlsx')));
    expect(read.problems.map(problemText)).toEqual([]);
    const imported = tablesToPolicy(edited, read.workbook!);
    expect(imported.problems.map(problemText)).toEqual([]);
    expect(imported.document).toEqual(edited);
  }, 240_000);
});
