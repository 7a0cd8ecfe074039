/**
 * `creditgraph simulate <policy-a.json> <policy-b.json> <portfolio>` on the eight hand-checked
 * customers of tests/impact/simulate-small.test.ts (plus one bad row), in process and once as a
 * real child process. A is the small policy, B its `shiftedClassThresholds` edit
 * (tests/support/small-policy.ts); the figures are worked out in simulate-small.test.ts's table.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../bin/cli.js';
import { shiftedClassThresholds, smallPolicy } from '../support/small-policy.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'creditgraph-cli-simulate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const A = file('a.json', JSON.stringify(smallPolicy()));
const B = file('b.json', JSON.stringify(shiftedClassThresholds(smallPolicy())));
const PORTFOLIO = file(
  'portfolio.csv',
  `customerId,yearsInBusiness,sector,insolvencyProceedings,tangibleNetWorth,annualTurnover,insurerCover,requestedAmount,outstanding
c1,12,industry,false,100000,1000000,,30000,0
c2,15,retail,false,200000,600000,,40000,12000
c3,11,retail,false,31000,91300,5000,12000,3000
c4,5,industry,false,8000,60000,,4000,40000
bad,,retail,false,10000,10000,,1000,0
c5,1,retail,false,500000,2000000,,5000,800
c6,20,industry,true,300000,900000,,1000,150000
c7,2,industry,false,60000,300000,,4000,0
c8,30,retail,false,2000000,5000000,,300000,600000
`,
);

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('creditgraph simulate', () => {
  it('prints the impact tables, reports the bad row on stderr and goes on', async () => {
    const r = await cli('simulate', A, B, PORTFOLIO);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('on 8 customers');
    expect(r.stdout).toMatch(/accept\s+4\s+2\s+-2/); // A: c1 c2 c3 c8 · B: c1 c7
    expect(r.stdout).toMatch(/escalate\s+1\s+4\s+\+3/); // A: c4 · B: c2 c3 c4 c8
    expect(r.stderr).toContain('row 5 (line 6), yearsInBusiness'); // the required years are missing
    expect(r.stderr).toContain('1 row left out of 9');
  });

  it('prints the summary as JSON with --json and writes every customer with --csv', async () => {
    const out = join(dir, 'out.csv');
    const r = await cli('simulate', A, B, PORTFOLIO, '--json', '--csv', out);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.migration.outcome).toEqual([
      [1, 0, 3], // accept → accept c1; accept → escalate c2 c3 c8
      [1, 2, 0], // refuse → accept c7; refuse → refuse c5 c6
      [0, 0, 1], // escalate → escalate c4
    ]);
    expect(summary.delta.grossLimit).toBe(-269_500); // 357,000 − 626,500
    expect(summary.customers).toBeUndefined();
    const lines = readFileSync(out, 'utf8').trim().split(/\r?\n/);
    expect(lines).toHaveLength(9);
    expect(lines[1]).toMatch(/^1,9,c8,600000,300000,accept,escalate,A,B,/); // largest |Δ| 250,000; c8 is record 9: the bad row counts
  });

  it('exits 1 for an invalid policy, 2 for a missing file or a misplaced option', async () => {
    const broken = file('broken.json', JSON.stringify({ ...smallPolicy(), nodes: [] }));
    expect((await cli('simulate', broken, B, PORTFOLIO)).code).toBe(1);
    expect((await cli('simulate', A, B, join(dir, 'nope.csv'))).code).toBe(2);
    const misplaced = await cli('diff', A, B, '--csv', 'x.csv');
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toContain('option --csv does not apply to "diff"');
    expect((await cli('simulate', A, B)).code).toBe(2);
  });

  it('runs as a real process', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'bin/creditgraph.js'), 'simulate', A, B, PORTFOLIO, '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).b.outcomeCounts).toEqual([2, 2, 4]); // accept c1 c7 · refuse c5 c6 · escalate c2 c3 c4 c8
  });
});
