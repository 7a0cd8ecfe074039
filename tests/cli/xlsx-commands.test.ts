/**
 * `creditgraph export-xlsx` and `creditgraph import-xlsx`, as a user runs them (a child process):
 * export b2b-standard, change one band's points and one delegation ceiling in the workbook,
 * import it — the two changes printed in words, the changed policy written with --out — and a
 * workbook with a problem, which names its cell and writes nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { columnOf, editWorkbook, rowWhere } from '../policy-documents/workbook-support.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const POLICY = join(ROOT, 'rulesets', 'b2b-standard.json');
const dir = mkdtempSync(join(tmpdir(), 'creditgraph-xlsx-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => {
  const run = spawnSync(process.execPath, [join(ROOT, 'bin/creditgraph.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
};

describe('creditgraph export-xlsx / import-xlsx', () => {
  it('exports, and the edited workbook imports with its changes in words', async () => {
    const out = join(dir, 'b2b.xlsx');
    const exported = cli('export-xlsx', POLICY, out);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain('workbook of b2b-standard written');

    // Unchanged: no change.
    const same = cli('import-xlsx', POLICY, out);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout.trim()).toBe('No changes.');

    const edited = join(dir, 'edited.xlsx');
    writeFileSync(
      edited,
      await editWorkbook(readFileSync(out), (wb) => {
        const [bands, levels] = [wb.getWorksheet('Bands')!, wb.getWorksheet('Levels')!];
        rowWhere(bands, (r) => r.getCell(2).value === 'bureau' && r.getCell(columnOf(bands, 'Label (English)')).value === 'under 20').getCell(columnOf(bands, 'Points')).value = 5;
        rowWhere(levels, (r) => r.getCell(2).value === 'salesRep').getCell(columnOf(levels, 'Ceiling')).value = 7500;
      }),
    );
    const newJson = join(dir, 'new.json');
    const imported = cli('import-xlsx', POLICY, edited, '--out', newJson);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout.trim().split('\n')).toEqual([
      'Scorecard "Risk-point scorecard", criterion "External bureau score", band 1: points 0 → 5',
      'Approval "Approval by delegation level", level "Sales rep": max amount 5,000 → 7,500',
    ]);
    const written = JSON.parse(readFileSync(newJson, 'utf8'));
    expect(written.nodes.find((n: { id: string }) => n.id === 'approval').config.levels[0].maxAmount).toBe(7500);
    // The written policy is what `diff` sees too.
    expect(cli('diff', POLICY, newJson).stdout).toBe(imported.stdout);
  }, 240_000);

  it('a workbook with a problem: the cell and the problem on stderr, exit 1, nothing written', async () => {
    const out = join(dir, 'b2b-2.xlsx');
    expect(cli('export-xlsx', POLICY, out).code).toBe(0);
    const bad = join(dir, 'bad.xlsx');
    writeFileSync(bad, await editWorkbook(readFileSync(out), (wb) => void (wb.getWorksheet('Levels')!.getCell('E4').value = 'lots')));
    const newJson = join(dir, 'never.json');
    const r = cli('import-xlsx', POLICY, bad, '--out', newJson);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Levels!E4: 'lots' is not a number");
    expect(r.stderr).toContain('nothing written');
    expect(existsSync(newJson)).toBe(false);
    const usage = cli('import-xlsx', POLICY);
    expect(usage.code).toBe(2);
    const notXlsx = cli('import-xlsx', POLICY, POLICY);
    expect(notXlsx.code).toBe(1);
    expect(notXlsx.stderr).toContain('not an .xlsx workbook');
  }, 240_000);
});
