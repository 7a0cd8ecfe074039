/**
 * The real command line, as a user runs it: `node bin/creditgraph.js …` on files in a temp folder.
 * The decisions expected here are worked out by hand from the suites' one small policy
 * (tests/support/small-policy.ts, whose header gives the rules).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../bin/cli.js';
import { smallPolicy } from '../support/small-policy.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'creditgraph-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** Writes `content` (JSON-encoded unless it is a string) to a fresh temp file and returns its path. */
function file(content: unknown, name = `file-${++files}.json`): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The real thing: a child process running bin/creditgraph.js, as npm's bin link would. */
function spawned(...args: string[]): Run {
  const run = spawnSync(process.execPath, [join(ROOT, 'bin/creditgraph.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/**
 * The same `main` in this process, for the many cases that only differ in their files: a child
 * process costs seconds of start-up on a busy machine.
 */
async function cli(...args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(`${l}\n`), err: (l) => err.push(`${l}\n`) });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const policy = (edit: (doc: any) => void = () => {}) => {
  const doc: any = smallPolicy();
  edit(doc);
  return file(doc);
};
const node = (doc: any, id: string) => doc.nodes.find((n: any) => n.id === id);

/**
 * 12 years (100 points × 60 %) in services (80 points × 40 %): score 60 + 32 = 92, class A; limit the
 * smaller of 50 % × 100,000 = 50,000 and 10 % × 400,000 = 40,000, so 40,000 (bound by turnover).
 */
const established = { requestedAmount: 30000, yearsInBusiness: 12, sector: 'services', insolvencyProceedings: false, tangibleNetWorth: 100000, annualTurnover: 400000 };
/** A named edit: an input no node reads, for the one warning the tests print. */
const withUnusedInput = (d: any) => d.inputs.push({ name: 'region', label: 'Region', type: 'string', required: false });

describe('bin/creditgraph.js, run as a process', () => {
  it('answers --help with exit 0 and an unknown command with usage on stderr, exit 2', () => {
    const help = spawned('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: creditgraph <command>');
    const unknown = spawned('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    expect(unknown.stderr).toContain('Usage: creditgraph');
  });

  it('validates, decides and diffs from files, with the exit codes of each case', () => {
    const valid = spawned('validate', policy(withUnusedInput));
    expect(valid.code).toBe(0);
    // An input no node reads: a warning, not an error.
    expect(valid.stdout).toContain('valid (0 errors, 1 warning; golden tests: 2 passed, 0 failed)');

    const invalid = spawned('validate', policy((d) => d.edges.push({ source: 'decision', target: 'scoring' })));
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toMatch(/^error GRAPH_CYCLE /m);

    const missing = spawned('validate', join(dir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('policy file not found');

    const decision = spawned('decide', policy(), file(established));
    expect(decision.code).toBe(0);
    expect(JSON.parse(decision.stdout)).toMatchObject({ outcome: 'accept', riskClass: 'A', creditLimit: { gross: 40000 } });

    const badFacts = spawned('decide', policy(), file({ ...established, requestedAmount: 'lots' }));
    expect(badFacts.code).toBe(1);
    expect(badFacts.stderr).toContain('error fact requestedAmount');

    const changed: any = smallPolicy();
    node(changed, 'classes').config.classes[1].minScore = 35;
    const diff = spawned('diff', policy(), file(changed));
    expect(diff.code).toBe(0);
    expect(diff.stdout.trim()).toBe('Risk class "Classes": class B minimum score 40 → 35');
  });
});

describe('creditgraph (usage)', () => {
  it('prints its usage with --help and exits 0', async () => {
    const run = await cli('--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: creditgraph <command>');
    for (const command of ['validate', 'test', 'decide', 'diff']) expect(run.stdout).toContain(command);
  });

  it('refuses no command, an unknown command, an unknown option or missing arguments with exit 2', async () => {
    for (const [args, message] of [
      [[], 'no command given'],
      [['frobnicate'], 'unknown command "frobnicate"'],
      [['validate', 'x.json', '--verbose'], "Unknown option '--verbose'"],
      [['validate', 'x.json', '--trace'], 'option --trace does not apply to "validate"'],
      [['decide', 'x.json'], '"decide" expects <policy.json> <facts.json>, got x.json'],
    ] as const) {
      const run = await cli(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain(message);
      expect(run.stderr).toContain('Usage: creditgraph');
      expect(run.stdout).toBe('');
    }
  });

  it('says clearly when a file is missing, a directory, or not JSON (with where), exit 2', async () => {
    const missing = join(dir, 'nope.json');
    let run = await cli('validate', missing);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(`creditgraph: policy file not found: ${missing}`);

    run = await cli('validate', dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`policy file is a directory: ${dir}`);

    const broken = file('{\n  "schemaVersion": 1,\n  "id": "x",\n}\n');
    run = await cli('validate', broken);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`policy file ${broken} is not valid JSON: unexpected "}" at line 4, column 1`);

    const empty = file('');
    run = await cli('decide', policy(), empty);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`facts file ${empty} is not valid JSON: unexpected end of file at line 1, column 1`);
  });
});

describe('creditgraph validate / test', () => {
  it('accepts a valid policy and lists its golden tests, exit 0', async () => {
    expect((await cli('validate', policy())).stdout).toContain('valid (0 errors, 0 warnings; golden tests: 2 passed, 0 failed)');
    const path = policy(withUnusedInput);
    const run = await cli('validate', path);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      "warning INPUT_UNUSED at /inputs/7: Input 'region': 'region' is read by no node, so it changes no decision",
      'pass class-b: Class B customer within its limit',
      'pass insolvent: Insolvency forces class C, which is refused',
      `${path}: valid (0 errors, 1 warning; golden tests: 2 passed, 0 failed)`,
    ]);
    const fr = await cli('validate', path, '--lang', 'fr');
    expect(fr.stdout.split('\n')[0]).toBe('warning INPUT_UNUSED at /inputs/7: Entrée «\u00a0region\u00a0»\u202f: «\u00a0region\u00a0» n’est lue par aucun nœud\u202f: elle ne change aucune décision');
  });

  it('reports schema problems with their code, path and node, exit 1', async () => {
    const path = policy((d) => {
      const criterion = node(d, 'scoring').config.criteria[0];
      criterion.varaible = criterion.variable;
      delete criterion.variable;
    });
    const run = await cli('validate', path);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^error UNKNOWN_PROPERTY at \/nodes\/1\/config\/criteria\/0\S* \(node scoring\): .*varaible/m);
    expect(run.stdout).toMatch(/^error MISSING_PROPERTY at \/nodes\/1\/config\/criteria\/0\S* \(node scoring\): /m);
    expect(run.stdout).toContain(`${path}: INVALID`);
    expect(run.stdout).toContain('golden tests not run');
  });

  it('reports semantic problems (unknown name, cycle), exit 1', async () => {
    const path = policy((d) => {
      node(d, 'limit').config.capacities[1].expression = 'turnoverShare * annualTurnovr';
      d.edges.push({ source: 'decision', target: 'scoring' });
    });
    const run = await cli('validate', path);
    expect(run.code).toBe(1);
    const codes = run.stdout.split('\n').filter((l) => l.startsWith('error ')).map((l) => l.split(' ')[1]);
    expect(codes).toContain('GRAPH_CYCLE');
    const schemaOnly = policy((d) => (node(d, 'limit').config.capacities[1].expression = 'turnoverShare * annualTurnovr'));
    const second = await cli('validate', schemaOnly);
    expect(second.code).toBe(1);
    expect(second.stdout).toMatch(/^error UNKNOWN_NAME at \/nodes\/3\/config\/capacities\/1\/expression \(node limit\): .*annualTurnovr/m);
  });

  it('fails on a failing golden test, in validate and in test', async () => {
    const path = policy((d) => (d.tests[0].expect.creditLimit = 45000));
    const validate = await cli('validate', path);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toMatch(/^error GOLDEN_TEST_FAILED at \/tests\/0: /m);
    // class-b's limit is 28,000 (worked out in the fixture).
    expect(validate.stdout).toContain('FAIL class-b: Class B customer within its limit — creditLimit expected 45000, got 28000');

    const test = await cli('test', path);
    expect(test.code).toBe(1);
    expect(test.stdout.trim().split('\n')).toEqual([
      'FAIL class-b: Class B customer within its limit — creditLimit expected 45000, got 28000',
      'pass insolvent: Insolvency forces class C, which is refused',
      `${path}: 1 passed, 1 failed`,
    ]);
    expect((await cli('test', policy())).code).toBe(0);
  });

  it('cannot test an invalid policy and says why, exit 1', async () => {
    const run = await cli('test', policy((d) => d.edges.push({ source: 'decision', target: 'scoring' })));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error GRAPH_CYCLE /m);
    expect(run.stderr).toContain('golden tests not run');
  });
});

describe('creditgraph decide', () => {
  it('prints the decision worked out by hand: accept within the limit', async () => {
    const run = await cli('decide', policy(), file(established));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const decision = JSON.parse(run.stdout);
    expect(decision).toMatchObject({
      outcome: 'accept',
      approvalLevel: null,
      score: 92,
      scoreScale: { min: 0, max: 100 },
      riskClass: 'A',
      creditLimit: { gross: 40000, unsecured: 40000, insurerCover: 0, guarantees: 0, boundBy: 'turnover' },
      collectionScenario: { id: 'standard', steps: [{ day: -10, action: 'email' }, { day: 4, action: 'email' }, { day: 7, action: 'call' }] },
      variables: { turnoverM: 0.4 }, // 400,000 / 1,000 / 1,000
    });
    expect(decision.reasons.map((r: any) => [r.code, r.nodeId])).toContainEqual(['WITHIN_LIMIT', 'approval']);
    expect(decision.scorecard.map((c: any) => [c.id, c.points, c.weight])).toEqual([
      ['years', 100, 60],
      ['sector', 80, 40],
    ]);
    expect(decision.trace).toBeUndefined();
  });

  it('escalates above the limit to the lowest level covering the amount', async () => {
    // Same customer asking 50,000 > 40,000: the sales rep (5,000) cannot, the credit manager (100,000) can.
    const run = await cli('decide', policy(), file({ ...established, requestedAmount: 50000 }));
    expect(run.code).toBe(0);
    const decision = JSON.parse(run.stdout);
    expect(decision.outcome).toBe('escalate');
    expect(decision.approvalLevel).toBe('creditManager');
    expect(decision.reasons.map((r: any) => r.code)).toContain('ABOVE_LIMIT');
  });

  it('scores a missing optional fact with its missing points', async () => {
    // Sector made optional (a named edit) and left out: 0 points × 40 % → score 60, class B; limit the
    // smaller of 35 % × 100,000 = 35,000 and 5 % × 400,000 = 20,000, so 20,000 < 30,000 asked.
    const { sector: _, ...facts } = established;
    const decision = JSON.parse((await cli('decide', policy((d) => (d.inputs[1].required = false)), file(facts))).stdout);
    expect(decision).toMatchObject({ score: 60, riskClass: 'B', creditLimit: { gross: 20000 }, outcome: 'escalate', approvalLevel: 'creditManager' });
    expect(decision.scorecard[1]).toMatchObject({ id: 'sector', missing: true, points: 0 });
  });

  it("adds the insurer's cover to the limit", async () => {
    // 40,000 + 15,000 of cover = 55,000 ≥ 50,000 asked: accepted.
    const decision = JSON.parse((await cli('decide', policy(), file({ ...established, requestedAmount: 50000, insurerCover: 15000 }))).stdout);
    expect(decision).toMatchObject({ outcome: 'accept', creditLimit: { gross: 55000, unsecured: 40000, insurerCover: 15000 } });
  });

  it('refuses on a knock-out, whatever the approval node says', async () => {
    // Insolvency forces class C (score 92 would be A); the class-C knock-out refuses.
    const decision = JSON.parse((await cli('decide', policy(), file({ ...established, insolvencyProceedings: true }))).stdout);
    expect(decision).toMatchObject({ outcome: 'refuse', score: 92, riskClass: 'C' });
    expect(decision.reasons.map((r: any) => r.code)).toContain('CLASS_C');
  });

  it('adds the trace with --trace', async () => {
    const decision = JSON.parse((await cli('decide', policy(), file(established), '--trace')).stdout);
    expect(decision.trace.map((t: any) => t.nodeId).sort()).toEqual(['approval', 'classes', 'decision', 'dunning', 'knockouts', 'limit', 'ratios', 'scoring'].sort());
    expect(decision.trace.find((t: any) => t.nodeId === 'approval').matched).toContain('within-limit');
  });

  it('refuses invalid facts naming every bad field, exit 1', async () => {
    const facts = file({ requestedAmount: 'lots', yearsInBusiness: 12, sector: 'services', insolvencyProceedings: 'no', insurerCover: null, annualTurnover: -1, colour: 'red' });
    const run = await cli('decide', policy(), facts);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    for (const [field, code] of [
      ['requestedAmount', 'type'],
      ['insolvencyProceedings', 'type'],
      ['annualTurnover', 'minimum'],
      ['colour', 'unknown'],
      ['tangibleNetWorth', 'required'],
    ]) {
      expect(lines.some((l) => l.startsWith(`error fact ${field} (${code}): `)), `${field} in\n${run.stderr}`).toBe(true);
    }
    // null is how an optional fact says "missing": not an error.
    expect(lines.some((l) => l.includes('insurerCover'))).toBe(false);
    expect(lines.at(-1)).toBe(`${facts}: 5 facts refused by the policy's inputs`);
  });

  it('will not decide with an invalid policy, exit 1', async () => {
    const run = await cli('decide', policy((d) => (node(d, 'limit').config.capacities[1].expression = 'turnoverShare * annualTurnovr')), file(established));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error UNKNOWN_NAME /m);
    expect(run.stderr).toContain('cannot decide');
  });
});

describe('creditgraph diff', () => {
  const before = file(smallPolicy());
  const changed = smallPolicy() as any;
  node(changed, 'approval').config.levels[0].maxAmount = 30000;
  node(changed, 'scoring').config.criteria[1].weight = 45;
  node(changed, 'scoring').config.criteria[0].weight = 55;
  const after = file(changed);

  it('prints one change per line', async () => {
    const run = await cli('diff', before, after);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      'Scorecard "Credit score", criterion "Years in business": weight 60 → 55',
      'Scorecard "Credit score", criterion "Sector": weight 40 → 45',
      'Approval "Delegation", level "Sales rep": max amount 5,000 → 30,000',
    ]);
  });

  it('prints the changes in French with --lang fr', async () => {
    const run = await cli('diff', before, after, '--lang', 'fr');
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      'Grille de score «\u00a0Credit score\u00a0», critère «\u00a0Years in business\u00a0»\u202f: poids 60 → 55',
      'Grille de score «\u00a0Credit score\u00a0», critère «\u00a0Sector\u00a0»\u202f: poids 40 → 45',
      'Délégation «\u00a0Delegation\u00a0», niveau «\u00a0Sales rep\u00a0»\u202f: montant maximum 5\u202f000 → 30\u202f000',
    ]);
    expect((await cli('validate', before, '--lang', 'de')).code).toBe(2);
  });

  it('prints the diff as JSON with --json', async () => {
    const diff = JSON.parse((await cli('diff', before, after, '--json')).stdout);
    expect(diff.changes).toHaveLength(3);
    expect(diff.nodes).toEqual({ added: [], removed: [], changed: ['scoring', 'approval'] });
    expect(diff.semanticChange).toBe(true);
    expect(diff.patch).toContainEqual({ op: 'replace', path: '/nodes/5/config/levels/0/maxAmount', value: 30000 });
  });

  it('says when nothing, or nothing that matters, changed', async () => {
    expect((await cli('diff', before, before)).stdout.trim()).toBe('No changes.');
    const moved = smallPolicy();
    moved.layout!.nodes.scoring = { x: 99, y: 99 };
    expect((await cli('diff', before, file(moved))).stdout.trim().split('\n')).toEqual([
      'Node "Credit score" moved in the layout',
      '(Only layout, labels or descriptions changed: no decision can change.)',
    ]);
  });

  it('refuses a file that is not a policy document, exit 2', async () => {
    const run = await cli('diff', before, file('[1, 2]'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('does not hold a policy document');
  });

  it('validate --today checks dated reference figures against that date (issue 19: the ECB rate of payment-plan)', async () => {
    const plans = join(ROOT, 'rulesets/payment-plan.json');
    let run = await cli('validate', plans, '--today', '2025-12-31');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('REFERENCE_OUT_OF_DATE');
    run = await cli('validate', plans, '--today', '2026-01-01', '--lang', 'fr');
    expect(run.code).toBe(0); // a warning: still valid
    expect(run.stdout).toContain('REFERENCE_OUT_OF_DATE');
    expect(run.stdout).toContain('avant le semestre en cours (depuis le 2026-01-01)');
    expect(run.stdout).toMatch(/valid \(0 errors, 1 warning/);
    run = await cli('validate', plans, '--today', 'tomorrow');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--today must be a date YYYY-MM-DD (got "tomorrow")');
  });
});
