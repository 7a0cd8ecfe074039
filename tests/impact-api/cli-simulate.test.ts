/**
 * `creditgraph simulate <policy-a.json> <policy-b.json> <portfolio>` on the eight hand-checked
 * customers of tests/impact/simulate-small.test.ts (plus one bad row), in process and once as a
 * real child process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../bin/cli.js';
import { smallPolicy } from '../impact/small-policies.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'creditgraph-cli-simulate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const A = file('a.json', JSON.stringify(smallPolicy({ B: 60, C: 40 })));
const B = file('b.json', JSON.stringify(smallPolicy({ B: 75, C: 30 })));
const PORTFOLIO = file(
  'portfolio.csv',
  `customerId,rating,turnover,requestedAmount,outstanding
c1,90,100000,15000,0
c2,70,200000,15000,12000
c3,65,50000,4000,3000
c4,50,300000,30000,40000
bad,,10000,1000,0
c5,10,500000,5000,800
c6,75,1000000,60000,150000
c7,85,40000,9000,6000
c8,30,20000,1000,0
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
    expect(r.stdout).toMatch(/accept\s+4\s+2\s+-2/); // A: c1 c2 c3 c6 · B: c1 c8
    expect(r.stdout).toMatch(/escalate\s+2\s+5\s+\+3/);
    expect(r.stderr).toContain('row 5 (line 6), rating');
    expect(r.stderr).toContain('1 row left out of 9');
  });

  it('prints the summary as JSON with --json and writes every customer with --csv', async () => {
    const out = join(dir, 'out.csv');
    const r = await cli('simulate', A, B, PORTFOLIO, '--json', '--csv', out);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.migration.outcome).toEqual([
      [1, 0, 3],
      [1, 1, 0],
      [0, 0, 2],
    ]);
    expect(summary.delta.grossLimit).toBe(-62_000);
    expect(summary.customers).toBeUndefined();
    const lines = readFileSync(out, 'utf8').trim().split(/\r?\n/);
    expect(lines).toHaveLength(9);
    expect(lines[1]).toMatch(/^1,7,c6,150000,60000,accept,escalate,B,C,/); // c6 is record 7: the bad row counts
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
    expect(JSON.parse(run.stdout).b.outcomeCounts).toEqual([2, 1, 5]);
  });
});
