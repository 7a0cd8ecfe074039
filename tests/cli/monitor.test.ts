/**
 * `creditgraph monitor` on decisions and outcomes from the synthetic generator: the real command as
 * a process once, then `main` in this process for the cases that only differ in their files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../bin/cli.js';
import { compilePolicy, type PolicyDocument } from '../../engine/index.js';
import { monitoringReport } from '../../engine/monitoring/index.js';
import { generateCustomers } from '../../rulesets/portfolios/synthetic-customers.js';
import { generateMonitoringFile } from '../../rulesets/portfolios/synthetic-outcomes.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'creditgraph-monitor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const document = JSON.parse(readFileSync(join(ROOT, 'rulesets/b2b-standard.json'), 'utf8')) as PolicyDocument;
const policy = compilePolicy(document);
const current = generateMonitoringFile(policy, generateCustomers(document, { rows: 2000, seed: 21 }), { seed: 21 });
const shifted = generateMonitoringFile(policy, generateCustomers(document, { rows: 2000, seed: 22 }), { seed: 22, drift: 1 });
const write = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const currentPath = write('current.json', current);
const shiftedPath = write('shifted.json', shifted);

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(`${l}\n`), err: (l) => err.push(`${l}\n`) });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('creditgraph monitor, run as a process', () => {
  it('prints Gini, KS, PSI and class bad rates in French, exit 0', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'bin/creditgraph.js'), 'monitor', currentPath, '--baseline', shiftedPath, '--lang', 'fr'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = monitoringReport(current, shifted);
    const fr = (x: number) => x.toFixed(3).replace('.', ',');
    expect(run.stdout).toContain(`Gini ${fr(report.overall.discrimination.gini!)} · AUC ${fr(report.overall.discrimination.auc!)} · KS ${fr(report.overall.discrimination.ks!)}`);
    expect(run.stdout).toContain(`Stabilité de la population (PSI) par rapport à la référence\u00a0: ${fr(report.overall.stability!.index!)} — glissement important (≥ 0,25)`);
    expect(run.stdout).toContain('Taux de défaut par classe de risque');
    expect(run.stdout).toMatch(/^ {2}A +\d[\d\s]* +\d+ +\d+,\d\s%/mu);
  }, 60_000);
});

describe('creditgraph monitor', () => {
  it('prints the report as JSON with --json: the same figures as the engine', async () => {
    const run = await cli('monitor', currentPath, '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(monitoringReport(current))));
  });

  it('prints English by default, and says when there is no baseline', async () => {
    const run = await cli('monitor', currentPath);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Outcome monitoring as of ');
    expect(run.stdout).toContain('Population stability: no baseline given (--baseline)');
    expect(run.stdout).toMatch(/Discrimination: Gini 0\.\d{3} · AUC 0\.\d{3} · KS 0\.\d{3} at score \d+\.\d/);
  });

  it('reads a file with no decisions: nothing computable, said so, exit 0', async () => {
    const run = await cli('monitor', write('empty.json', { decisions: [] }), '--lang', 'fr');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Décisions\u00a0: 0 — 0 acceptées');
    expect(run.stdout).toContain('Pouvoir discriminant\u00a0: non calculable');
  });

  it('refuses a language it does not speak, exit 2', async () => {
    const run = await cli('monitor', currentPath, '--lang', 'de');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--lang must be fr or en (got "de")');
  });

  it('reports every problem of an invalid file with its path, exit 1', async () => {
    const broken = JSON.parse(JSON.stringify(current));
    broken.decisions[3].score = 'high';
    broken.outcomes[0].event = 'bankrupt';
    const run = await cli('monitor', write('broken.json', broken));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error \S+broken\.json at \/decisions\/3\/score: /m);
    expect(run.stderr).toMatch(/^error \S+broken\.json at \/outcomes\/0\/event: /m);
    expect(run.stdout).toBe('');
    const badBaseline = await cli('monitor', currentPath, '--baseline', write('not-a-file.json', { rows: [] }));
    expect(badBaseline.code).toBe(1);
    expect(badBaseline.stderr).toContain('not a decisions-and-outcomes file');
  });

  it('says clearly when a file is missing or not JSON, exit 2', async () => {
    const missing = await cli('monitor', join(dir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('decisions and outcomes file not found');
    const notJson = await cli('monitor', write('text.json', '{"decisions": ['));
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('is not valid JSON');
    const usage = await cli('monitor');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('"monitor" expects <decisions-and-outcomes.json>');
    const wrongFlag = await cli('decide', 'a.json', 'b.json', '--baseline', 'c.json');
    expect(wrongFlag.code).toBe(2);
    expect(wrongFlag.stderr).toContain('option --baseline does not apply to "decide"');
  });
});
