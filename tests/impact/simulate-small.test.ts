/**
 * Impact of policy B (class B from 75, class C from 30) against policy A (B from 60, C from 40) on
 * eight customers, every expected figure worked out by hand below.
 *
 * rating → score band: <20 → 10, 20–40 → 30, 40–60 → 50, 60–80 → 70, ≥80 → 90.
 * Limit = class share × turnover (A 20 %, B 10 %, C 5 %, D 0), rounded down to 1,000.
 * Class D refused; requested ≤ limit accepted; otherwise escalated: analyst ≤ 10k, manager ≤ 50k, director.
 * Scenario: A, B standard; C, D risky.
 *
 * | id | rating→score | class A→B | turnover  | limit A → B        | requested | outcome A → B                   | outstanding |
 * |----|--------------|-----------|-----------|--------------------|-----------|---------------------------------|-------------|
 * | c1 | 90 → 90      | A → A     |   100,000 | 20,000 → 20,000    |    15,000 | accept → accept                 |           0 |
 * | c2 | 70 → 70      | B → C     |   200,000 | 20,000 → 10,000    |    15,000 | accept → escalate (manager)     |      12,000 |
 * | c3 | 65 → 70      | B → C     |    50,000 |  5,000 →  2,000 ¹  |     4,000 | accept → escalate (analyst)     |       3,000 |
 * | c4 | 50 → 50      | C → C     |   300,000 | 15,000 → 15,000    |    30,000 | escalate (manager) → same       |      40,000 |
 * | c5 | 10 → 10      | D → D     |   500,000 |      0 →      0    |     5,000 | refuse → refuse                 |         800 |
 * | c6 | 75 → 70      | B → C     | 1,000,000 | 100,000 → 50,000   |    60,000 | accept → escalate (director)    |     150,000 |
 * | c7 | 85 → 90      | A → A     |    40,000 |  8,000 →  8,000    |     9,000 | escalate (analyst) → same       |       6,000 |
 * | c8 | 30 → 30      | D → C     |    20,000 |      0 →  1,000    |     1,000 | refuse → accept                 |           0 |
 * ¹ 5 % × 50,000 = 2,500, rounded down to 2,000.
 */
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../engine/compile/compile-policy.js';
import {
  formatImpactReport,
  impactSummary,
  impactSummaryToCsv,
  impactToCsv,
  mergeImpactResults,
  parsePortfolio,
  parsePortfolioChunk,
  riskMap,
  simulateImpact,
  startImpactRun,
  startPortfolioParse,
  type PortfolioRow,
} from '../../engine/impact/index.js';
import { smallPolicy } from './small-policies.js';

const policyA = compilePolicy(smallPolicy({ B: 60, C: 40 }));
const policyB = compilePolicy(smallPolicy({ B: 75, C: 30 }));

const CSV = `customerId,rating,turnover,requestedAmount,outstanding
c1,90,100000,15000,0
c2,70,200000,15000,12000
c3,65,50000,4000,3000
c4,50,300000,30000,40000
c5,10,500000,5000,800
c6,75,1000000,60000,150000
c7,85,40000,9000,6000
c8,30,20000,1000,0
`;

function rows(): PortfolioRow[] {
  const parsed = parsePortfolio(policyA, CSV);
  expect(parsed.errors).toEqual([]);
  expect(parsed.rows).toHaveLength(8);
  return parsed.rows;
}

describe('simulateImpact on eight hand-checked customers', () => {
  const result = simulateImpact(policyA, policyB, rows(), { topN: 3 });

  it('lays the tables out from the policies', () => {
    expect(result.outcomes).toEqual(['accept', 'refuse', 'escalate']);
    expect(result.riskClasses).toEqual(['A', 'B', 'C', 'D', '(none)']);
    expect(result.approvalLevels).toEqual(['analyst', 'manager', 'director', '(none)']);
    expect(result.scenarios).toEqual(['standard', 'risky', '(none)']);
    expect(result.rowCount).toBe(8);
  });

  it('counts outcomes and their migration', () => {
    // A: accept c1 c2 c3 c6 · refuse c5 c8 · escalate c4 c7.  B: accept c1 c8 · refuse c5 · escalate c2 c3 c4 c6 c7.
    expect(result.a.outcomeCounts).toEqual([4, 2, 2]);
    expect(result.b.outcomeCounts).toEqual([2, 1, 5]);
    expect(result.migration.outcome).toEqual([
      [1, 0, 3], // accept → accept c1; accept → escalate c2 c3 c6
      [1, 1, 0], // refuse → accept c8; refuse → refuse c5
      [0, 0, 2], // escalate → escalate c4 c7
    ]);
  });

  it('counts risk classes and their migration', () => {
    expect(result.a.riskClassCounts).toEqual([2, 3, 1, 2, 0]);
    expect(result.b.riskClassCounts).toEqual([2, 0, 5, 1, 0]);
    expect(result.migration.riskClass).toEqual([
      [2, 0, 0, 0, 0], // A → A: c1 c7
      [0, 0, 3, 0, 0], // B → C: c2 c3 c6
      [0, 0, 1, 0, 0], // C → C: c4
      [0, 0, 1, 1, 0], // D → C: c8; D → D: c5
      [0, 0, 0, 0, 0],
    ]);
  });

  it('adds up granted limits in total and per class', () => {
    expect(result.a.grossLimit).toBe(168_000); // 20 + 20 + 5 + 15 + 0 + 100 + 8 + 0 (thousands)
    expect(result.b.grossLimit).toBe(106_000); // 20 + 10 + 2 + 15 + 0 + 50 + 8 + 1
    expect(result.delta.grossLimit).toBe(-62_000);
    expect(result.a.grossLimitByClass).toEqual([28_000, 125_000, 15_000, 0, 0]); // A c1+c7 · B c2+c3+c6 · C c4
    expect(result.b.grossLimitByClass).toEqual([28_000, 0, 78_000, 0, 0]); // C c2+c3+c4+c6+c8
    // No insurer cover nor guarantees: unsecured = gross.
    expect(result.a.unsecuredLimit).toBe(168_000);
    expect(result.delta.unsecuredLimit).toBe(-62_000);
    // Requested amounts accepted automatically: A c1 c2 c3 c6 = 94,000; B c1 c8 = 16,000.
    expect(result.a.acceptedAmount).toBe(94_000);
    expect(result.b.acceptedAmount).toBe(16_000);
    expect(result.delta.acceptedAmount).toBe(-78_000);
  });

  it('counts escalations per delegation level', () => {
    expect(result.a.escalations).toEqual([1, 1, 0, 0]); // analyst c7, manager c4
    expect(result.b.escalations).toEqual([2, 2, 1, 0]); // analyst c3 c7, manager c2 c4, director c6
    expect(result.a.escalatedAmount).toEqual([9_000, 30_000, 0, 0]);
    expect(result.b.escalatedAmount).toEqual([13_000, 45_000, 60_000, 0]);
    expect(result.migration.approvalLevel).toEqual([
      [1, 0, 0, 0], // analyst → analyst c7
      [0, 1, 0, 0], // manager → manager c4
      [0, 0, 0, 0],
      [1, 1, 1, 3], // not escalated → analyst c3, manager c2, director c6; stays c1 c5 c8
    ]);
  });

  it('tracks collection scenario changes', () => {
    expect(result.a.scenarioCounts).toEqual([5, 3, 0]); // standard c1 c2 c3 c6 c7; risky c4 c5 c8
    expect(result.b.scenarioCounts).toEqual([2, 6, 0]); // standard c1 c7
    expect(result.migration.scenario).toEqual([
      [2, 3, 0],
      [0, 3, 0],
      [0, 0, 0],
    ]);
  });

  it('counts what changed', () => {
    expect(result.changed).toEqual({ outcome: 4, riskClass: 4, approvalLevel: 3, scenario: 3, limit: 4, limitUp: 1, limitDown: 3, any: 4 });
  });

  it('ranks the customers with the largest limit change', () => {
    // |Δ|: c6 50,000 · c2 10,000 · c3 3,000 · c8 1,000 → the top three.
    expect(result.topChanges.map((c) => [c.customerId, c.limitDelta])).toEqual([
      ['c6', -50_000],
      ['c2', -10_000],
      ['c3', -3_000],
    ]);
    expect(result.topChanges[0]).toMatchObject({
      rowNumber: 6,
      outstanding: 150_000,
      requestedAmount: 60_000,
      a: { outcome: 'accept', riskClass: 'B', grossLimit: 100_000, approvalLevel: null, collectionScenario: 'standard', score: 70 },
      b: { outcome: 'escalate', riskClass: 'C', grossLimit: 50_000, approvalLevel: 'director', collectionScenario: 'risky', score: 70 },
    });
  });

  it('draws the risk map of policy A (class × outstanding bucket)', () => {
    const map = result.a.riskMap;
    expect(map.buckets.map((b) => b.label)).toEqual(['none', '>0–<5k', '5k–<25k', '25k–<100k', '100k–<500k', '≥500k']);
    expect(map.counts).toEqual([
      [1, 0, 1, 0, 0, 0], // A: c1 (0), c7 (6,000)
      [0, 1, 1, 0, 1, 0], // B: c3 (3,000), c2 (12,000), c6 (150,000)
      [0, 0, 0, 1, 0, 0], // C: c4 (40,000)
      [1, 1, 0, 0, 0, 0], // D: c8 (0), c5 (800)
      [0, 0, 0, 0, 0, 0],
    ]);
    expect(map.amounts[1]).toEqual([0, 3_000, 12_000, 0, 150_000, 0]);
    expect(map.amounts[3]).toEqual([0, 800, 0, 0, 0, 0]);
    expect(map.total).toEqual({ count: 8, amount: 211_800, limit: 168_000 });
  });

  it('draws a risk map with chosen buckets', () => {
    const map = riskMap(policyB, rows(), [10_000]);
    expect(map.buckets.map((b) => b.label)).toEqual(['none', '>0–<10k', '≥10k']);
    expect(map.counts).toEqual([
      [1, 1, 0], // A: c1 (0), c7 (6,000)
      [0, 0, 0],
      [1, 1, 3], // C: c8 (0), c3 (3,000), c2 c4 c6
      [0, 1, 0], // D: c5 (800)
      [0, 0, 0],
    ]);
    expect(map.amounts[2]).toEqual([0, 3_000, 202_000]);
    expect(() => riskMap(policyB, rows(), [10_000, 5_000])).toThrow(/increasing/);
  });

  it('gives the same result when the rows are split into parts and merged', () => {
    const all = rows();
    const parts = [all.slice(0, 3), all.slice(3, 4), all.slice(4)].map((part) => simulateImpact(policyA, policyB, part, { topN: 3 }));
    expect(mergeImpactResults(parts)).toEqual(result);
  });

  it('gives the same result for an upload simulated batch by batch as it is parsed', () => {
    const parse = startPortfolioParse(policyA);
    const run = startImpactRun(policyA, policyB, { topN: 3 });
    for (let i = 0; i < CSV.length; i += 40) run.add(parsePortfolioChunk(parse, CSV.slice(i, i + 40)).rows);
    run.add(parsePortfolioChunk(parse, '', { last: true }).rows);
    expect(run.rowCount).toBe(8);
    expect(run.result()).toEqual(result);
    expect(startImpactRun(policyA, policyB).result().rowCount).toBe(0);
  });

  it('reports progress', () => {
    const seen: number[] = [];
    simulateImpact(policyA, policyB, rows(), { progressEvery: 3, onProgress: ({ done, total }) => seen.push(done, total) });
    expect(seen).toEqual([3, 8, 6, 8, 8, 8]);
  });

  it('writes one CSV line per customer, most-changed first', () => {
    const lines = impactToCsv(result).trimEnd().split('\n');
    expect(lines[0]).toBe(
      'rank,rowNumber,customerId,outstanding,requestedAmount,outcomeA,outcomeB,riskClassA,riskClassB,scoreA,scoreB,grossLimitA,grossLimitB,limitDelta,approvalLevelA,approvalLevelB,scenarioA,scenarioB,changes',
    );
    expect(lines[1]).toBe('1,6,c6,150000,60000,accept,escalate,B,C,70,70,100000,50000,-50000,,director,standard,risky,outcome|riskClass|limit|approvalLevel|scenario');
    expect(lines[4]).toBe('4,8,c8,0,1000,refuse,accept,D,C,30,30,0,1000,1000,,,risky,risky,outcome|riskClass|limit');
    // Unchanged customers follow in file order.
    expect(lines.slice(5).map((l) => l.split(',')[2])).toEqual(['c1', 'c4', 'c5', 'c7']);
    expect(lines[5].endsWith(',')).toBe(true); // nothing changed
    expect(impactToCsv(result, { rows: 'changed' }).trimEnd().split('\n')).toHaveLength(1 + 4);
    expect(impactToCsv(result, { rows: 'top' }).trimEnd().split('\n')).toHaveLength(1 + 3);
  });

  it('writes the summary tables as a long CSV', () => {
    const csv = impactSummaryToCsv(result);
    expect(csv).toContain('\noutcomeMigration,refuse,accept,1\n');
    expect(csv).toContain('\nriskClassMigration,B,C,3\n');
    expect(csv).toContain('\ntotals,grossLimit,delta,-62000\n');
    expect(csv).toContain('\nescalations,director,b,1\n');
    expect(csv).toContain('\nriskMapA.outstanding,B,100k–<500k,150000\n');
  });

  it('neutralises spreadsheet formulas in customer ids', () => {
    const parsed = parsePortfolio(policyA, 'customerId,rating,requestedAmount\n=HYPERLINK("x"),90,1000\n');
    const csv = impactToCsv(simulateImpact(policyA, policyB, parsed.rows));
    expect(csv.split('\n')[1]).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('prints the tables for a terminal', () => {
    const report = formatImpactReport(result, { top: 2 });
    expect(report).toContain(['  Outcome   A  B   Δ', '  accept    4  2  -2', '  refuse    2  1  -1', '  escalate  2  5  +3'].join('\n'));
    expect(report).toContain(['  Risk class  A  B   Δ', '  A           2  2   0', '  B           3  0  -3', '  C           1  5  +4', '  D           2  1  -1'].join('\n'));
    expect(report).toContain('  total          168,000  106,000   -62,000');
    expect(report).toContain('Changed: 4 customers — outcome 4, risk class 4, limit 4 (1 up, 3 down), approval level 3, scenario 3');
    expect(report).toContain(['  customer  limit A  limit B        Δ  class  outcome', '  c6        100,000   50,000  -50,000  B → C  accept → escalate', '  c2         20,000   10,000  -10,000  B → C  accept → escalate'].join('\n'));
    expect(report).not.toContain('(none)'); // empty "none" slots are left out
  });

  it('drops the per-customer columns from the JSON summary', () => {
    const summary = impactSummary(result);
    expect('customers' in summary).toBe(false);
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });
});

