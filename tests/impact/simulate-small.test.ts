/**
 * Impact of the small policy with shifted class thresholds (tests/support/small-policy.ts:
 * `shiftedClassThresholds`, A from 80, B from 30) against the small policy itself (A from 70,
 * B from 40) on eight customers, every expected figure worked out by hand below.
 *
 * score = 0.6 × years points (<3 → 0, 3–10 → 50, ≥10 → 100) + 0.4 × sector points (retail 40,
 * industry/services 80); insolvency forces C. Limit = min(net-worth share × tangibleNetWorth,
 * turnover share × annualTurnover) (A 50 %/10 %, B 35 %/5 %, C 0) + insurer cover, rounded down to
 * 500; unsecured = gross − cover. C is refused; requested ≤ limit accepted; otherwise escalated to
 * salesRep ≤ 5,000, creditManager ≤ 100,000, committee. Scenario: A, B standard; C risky.
 *
 * | id | years, sector        | score | class A→B | net worth | turnover  | cover | limit A → B          | requested | outcome A → B                  | outstanding |
 * |----|----------------------|-------|-----------|-----------|-----------|-------|----------------------|-----------|--------------------------------|-------------|
 * | c1 | 12, industry         | 92 ¹  | A → A     |   100,000 | 1,000,000 |       |  50,000 →  50,000 ²  |    30,000 | accept → accept                |           0 |
 * | c2 | 15, retail           | 76 ³  | A → B     |   200,000 |   600,000 |       |  60,000 →  30,000 ⁴  |    40,000 | accept → escalate (creditMgr)  |      12,000 |
 * | c3 | 11, retail           | 76    | A → B     |    31,000 |    91,300 | 5,000 |  14,000 →   9,500 ⁵  |    12,000 | accept → escalate (creditMgr)  |       3,000 |
 * | c4 |  5, industry         | 62 ⁶  | B → B     |     8,000 |    60,000 |       |   2,500 →   2,500 ⁷  |     4,000 | escalate (salesRep) → same     |      40,000 |
 * | c5 |  1, retail           | 16 ⁸  | C → C     |   500,000 | 2,000,000 |       |       0 →       0    |     5,000 | refuse → refuse                |         800 |
 * | c6 | 20, industry, insolv.| 92    | C → C ⁹   |   300,000 |   900,000 |       |       0 →       0    |     1,000 | refuse → refuse                |     150,000 |
 * | c7 |  2, industry         | 32 ¹⁰ | C → B     |    60,000 |   300,000 |       |       0 →  15,000 ¹¹ |     4,000 | refuse → accept                |           0 |
 * | c8 | 30, retail           | 76    | A → B     | 2,000,000 | 5,000,000 |       | 500,000 → 250,000 ¹² |   300,000 | accept → escalate (committee)  |     600,000 |
 * ¹ 0.6 × 100 + 0.4 × 80 = 92.  ² A: min(50 % × 100,000 = 50,000, 10 % × 1,000,000 = 100,000).
 * ³ 0.6 × 100 + 0.4 × 40 = 76: A from 70, only B from 80.  ⁴ A: min(100,000, 60,000); B: min(35 % × 200,000 = 70,000, 5 % × 600,000 = 30,000).
 * ⁵ A: min(15,500, 9,130) + 5,000 = 14,130 → 14,000 (unsecured 9,000); B: min(10,850, 4,565) + 5,000 = 9,565 → 9,500 (unsecured 4,500).
 * ⁶ 0.6 × 50 + 0.4 × 80 = 62.  ⁷ min(35 % × 8,000 = 2,800, 5 % × 60,000 = 3,000) = 2,800 → 2,500; 4,000 > 2,500 and ≤ 5,000: salesRep.
 * ⁸ 0.6 × 0 + 0.4 × 40 = 16.  ⁹ insolvency forces C in both.  ¹⁰ 0.6 × 0 + 0.4 × 80 = 32: C below 40, B from 30.
 * ¹¹ B: min(35 % × 60,000 = 21,000, 5 % × 300,000 = 15,000); 4,000 ≤ 15,000: accepted.
 * ¹² A: min(1,000,000, 500,000) (ceiling 1,000,000 not reached); B: min(700,000, 250,000); 300,000 > 100,000: committee.
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
import { shiftedClassThresholds, smallPolicy } from '../support/small-policy.js';

const policyA = compilePolicy(smallPolicy());
const policyB = compilePolicy(shiftedClassThresholds(smallPolicy()));

const CSV = `customerId,yearsInBusiness,sector,insolvencyProceedings,tangibleNetWorth,annualTurnover,insurerCover,requestedAmount,outstanding
c1,12,industry,false,100000,1000000,,30000,0
c2,15,retail,false,200000,600000,,40000,12000
c3,11,retail,false,31000,91300,5000,12000,3000
c4,5,industry,false,8000,60000,,4000,40000
c5,1,retail,false,500000,2000000,,5000,800
c6,20,industry,true,300000,900000,,1000,150000
c7,2,industry,false,60000,300000,,4000,0
c8,30,retail,false,2000000,5000000,,300000,600000
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
    expect(result.riskClasses).toEqual(['A', 'B', 'C', '(none)']);
    expect(result.approvalLevels).toEqual(['salesRep', 'creditManager', 'committee', '(none)']);
    expect(result.scenarios).toEqual(['standard', 'risky', '(none)']);
    expect(result.rowCount).toBe(8);
  });

  it('counts outcomes and their migration', () => {
    // A: accept c1 c2 c3 c8 · refuse c5 c6 c7 · escalate c4.  B: accept c1 c7 · refuse c5 c6 · escalate c2 c3 c4 c8.
    expect(result.a.outcomeCounts).toEqual([4, 3, 1]);
    expect(result.b.outcomeCounts).toEqual([2, 2, 4]);
    expect(result.migration.outcome).toEqual([
      [1, 0, 3], // accept → accept c1; accept → escalate c2 c3 c8
      [1, 2, 0], // refuse → accept c7; refuse → refuse c5 c6
      [0, 0, 1], // escalate → escalate c4
    ]);
  });

  it('counts risk classes and their migration', () => {
    expect(result.a.riskClassCounts).toEqual([4, 1, 3, 0]); // A c1 c2 c3 c8 · B c4 · C c5 c6 c7
    expect(result.b.riskClassCounts).toEqual([1, 5, 2, 0]); // A c1 · B c2 c3 c4 c7 c8 · C c5 c6
    expect(result.migration.riskClass).toEqual([
      [1, 3, 0, 0], // A → A: c1; A → B: c2 c3 c8
      [0, 1, 0, 0], // B → B: c4
      [0, 1, 2, 0], // C → B: c7; C → C: c5 c6
      [0, 0, 0, 0],
    ]);
  });

  it('adds up granted limits in total and per class', () => {
    expect(result.a.grossLimit).toBe(626_500); // 50,000 + 60,000 + 14,000 + 2,500 + 0 + 0 + 0 + 500,000
    expect(result.b.grossLimit).toBe(357_000); // 50,000 + 30,000 + 9,500 + 2,500 + 0 + 0 + 15,000 + 250,000
    expect(result.delta.grossLimit).toBe(-269_500); // 357,000 − 626,500
    // A: A c1+c2+c3+c8 = 50,000 + 60,000 + 14,000 + 500,000 = 624,000 · B c4 2,500 · C 0
    expect(result.a.grossLimitByClass).toEqual([624_000, 2_500, 0, 0]);
    // B: A c1 50,000 · B c2+c3+c4+c7+c8 = 30,000 + 9,500 + 2,500 + 15,000 + 250,000 = 307,000 · C 0
    expect(result.b.grossLimitByClass).toEqual([50_000, 307_000, 0, 0]);
    // Only c3 has an insurer cover (5,000): unsecured = gross − 5,000 on both sides.
    expect(result.a.unsecuredLimit).toBe(621_500); // 626,500 − 5,000
    expect(result.b.unsecuredLimit).toBe(352_000); // 357,000 − 5,000
    expect(result.delta.unsecuredLimit).toBe(-269_500); // 352,000 − 621,500
    expect(result.a.unsecuredLimitByClass).toEqual([619_000, 2_500, 0, 0]); // A: 624,000 − 5,000 (c3)
    expect(result.b.unsecuredLimitByClass).toEqual([50_000, 302_000, 0, 0]); // B: 307,000 − 5,000 (c3)
    // Requested amounts accepted automatically: A c1 c2 c3 c8 = 30,000 + 40,000 + 12,000 + 300,000 = 382,000; B c1 c7 = 30,000 + 4,000 = 34,000.
    expect(result.a.acceptedAmount).toBe(382_000);
    expect(result.b.acceptedAmount).toBe(34_000);
    expect(result.delta.acceptedAmount).toBe(-348_000); // 34,000 − 382,000
  });

  it('counts escalations per delegation level', () => {
    expect(result.a.escalations).toEqual([1, 0, 0, 0]); // salesRep c4
    expect(result.b.escalations).toEqual([1, 2, 1, 0]); // salesRep c4, creditManager c2 c3, committee c8
    expect(result.a.escalatedAmount).toEqual([4_000, 0, 0, 0]);
    expect(result.b.escalatedAmount).toEqual([4_000, 52_000, 300_000, 0]); // creditManager 40,000 + 12,000
    expect(result.migration.approvalLevel).toEqual([
      [1, 0, 0, 0], // salesRep → salesRep c4
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 2, 1, 4], // not escalated → creditManager c2 c3, committee c8; stays c1 c5 c6 c7
    ]);
  });

  it('tracks collection scenario changes', () => {
    expect(result.a.scenarioCounts).toEqual([5, 3, 0]); // standard (A, B) c1 c2 c3 c4 c8; risky (C) c5 c6 c7
    expect(result.b.scenarioCounts).toEqual([6, 2, 0]); // standard c1 c2 c3 c4 c7 c8; risky c5 c6
    expect(result.migration.scenario).toEqual([
      [5, 0, 0], // standard → standard c1 c2 c3 c4 c8
      [1, 2, 0], // risky → standard c7; risky → risky c5 c6
      [0, 0, 0],
    ]);
  });

  it('counts what changed', () => {
    // outcome, class: c2 c3 c7 c8 · approval level: c2 c3 c8 · scenario: c7 · limit: c7 up, c2 c3 c8 down.
    expect(result.changed).toEqual({ outcome: 4, riskClass: 4, approvalLevel: 3, scenario: 1, limit: 4, limitUp: 1, limitDown: 3, any: 4 });
  });

  it('ranks the customers with the largest limit change', () => {
    // |Δ|: c8 250,000 · c2 30,000 · c7 15,000 · c3 4,500 → the top three.
    expect(result.topChanges.map((c) => [c.customerId, c.limitDelta])).toEqual([
      ['c8', -250_000],
      ['c2', -30_000],
      ['c7', 15_000],
    ]);
    expect(result.topChanges[0]).toMatchObject({
      rowNumber: 8,
      outstanding: 600_000,
      requestedAmount: 300_000,
      a: { outcome: 'accept', riskClass: 'A', grossLimit: 500_000, approvalLevel: null, collectionScenario: 'standard', score: 76 },
      b: { outcome: 'escalate', riskClass: 'B', grossLimit: 250_000, approvalLevel: 'committee', collectionScenario: 'standard', score: 76 },
    });
  });

  it('draws the risk map of policy A (class × outstanding bucket)', () => {
    const map = result.a.riskMap;
    expect(map.buckets.map((b) => b.label)).toEqual(['none', '>0–<5k', '5k–<25k', '25k–<100k', '100k–<500k', '≥500k']);
    expect(map.counts).toEqual([
      [1, 1, 1, 0, 0, 1], // A: c1 (0), c3 (3,000), c2 (12,000), c8 (600,000)
      [0, 0, 0, 1, 0, 0], // B: c4 (40,000)
      [1, 1, 0, 0, 1, 0], // C: c7 (0), c5 (800), c6 (150,000)
      [0, 0, 0, 0, 0, 0],
    ]);
    expect(map.amounts[0]).toEqual([0, 3_000, 12_000, 0, 0, 600_000]);
    expect(map.amounts[2]).toEqual([0, 800, 0, 0, 150_000, 0]);
    // 0 + 12,000 + 3,000 + 40,000 + 800 + 150,000 + 0 + 600,000 = 805,800; limit = A's gross 626,500.
    expect(map.total).toEqual({ count: 8, amount: 805_800, limit: 626_500 });
  });

  it('draws a risk map with chosen buckets', () => {
    const map = riskMap(policyB, rows(), [10_000]);
    expect(map.buckets.map((b) => b.label)).toEqual(['none', '>0–<10k', '≥10k']);
    expect(map.counts).toEqual([
      [1, 0, 0], // A: c1 (0)
      [1, 1, 3], // B: c7 (0), c3 (3,000), c2 (12,000) c4 (40,000) c8 (600,000)
      [0, 1, 1], // C: c5 (800), c6 (150,000)
      [0, 0, 0],
    ]);
    expect(map.amounts[1]).toEqual([0, 3_000, 652_000]); // 12,000 + 40,000 + 600,000
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
    // Ranked by |Δ|: c8 250,000, c2 30,000, c7 15,000, c3 4,500 (figures from the table above).
    expect(lines[1]).toBe('1,8,c8,600000,300000,accept,escalate,A,B,76,76,500000,250000,-250000,,committee,standard,standard,outcome|riskClass|limit|approvalLevel');
    expect(lines[3]).toBe('3,7,c7,0,4000,refuse,accept,C,B,32,32,0,15000,15000,,,risky,standard,outcome|riskClass|limit|scenario');
    expect(lines[4]).toBe('4,3,c3,3000,12000,accept,escalate,A,B,76,76,14000,9500,-4500,,creditManager,standard,standard,outcome|riskClass|limit|approvalLevel');
    // Unchanged customers follow in file order.
    expect(lines.slice(5).map((l) => l.split(',')[2])).toEqual(['c1', 'c4', 'c5', 'c6']);
    expect(lines[5].endsWith(',')).toBe(true); // nothing changed
    expect(impactToCsv(result, { rows: 'changed' }).trimEnd().split('\n')).toHaveLength(1 + 4);
    expect(impactToCsv(result, { rows: 'top' }).trimEnd().split('\n')).toHaveLength(1 + 3);
  });

  it('writes the summary tables as a long CSV', () => {
    const csv = impactSummaryToCsv(result);
    expect(csv).toContain('\noutcomeMigration,refuse,accept,1\n'); // c7
    expect(csv).toContain('\nriskClassMigration,A,B,3\n'); // c2 c3 c8
    expect(csv).toContain('\ntotals,grossLimit,delta,-269500\n'); // 357,000 − 626,500
    expect(csv).toContain('\nescalations,committee,b,1\n'); // c8
    expect(csv).toContain('\nriskMapA.outstanding,A,≥500k,600000\n'); // c8
  });

  it('neutralises spreadsheet formulas in customer ids', () => {
    const parsed = parsePortfolio(policyA, 'customerId,yearsInBusiness,sector,insolvencyProceedings,tangibleNetWorth,annualTurnover,requestedAmount\n=HYPERLINK("x"),12,industry,false,100000,1000000,1000\n');
    expect(parsed.rows).toHaveLength(1);
    const csv = impactToCsv(simulateImpact(policyA, policyB, parsed.rows));
    expect(csv.split('\n')[1]).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('prints the tables for a terminal', () => {
    const report = formatImpactReport(result, { top: 2 });
    // Columns padded to their widest cell: Δ −2 = 2 − 4, −1 = 2 − 3, +3 = 4 − 1.
    expect(report).toContain(['  Outcome   A  B   Δ', '  accept    4  2  -2', '  refuse    3  2  -1', '  escalate  1  4  +3'].join('\n'));
    expect(report).toContain(['  Risk class  A  B   Δ', '  A           4  1  -3', '  B           1  5  +4', '  C           3  2  -1'].join('\n'));
    // "Granted limit" (13 wide) · A 7 wide (624,000) · B 7 wide (307,000) · Δ 8 wide (-574,000, -269,500).
    expect(report).toContain('  total          626,500  357,000  -269,500');
    expect(report).toContain('Changed: 4 customers — outcome 4, risk class 4, limit 4 (1 up, 3 down), approval level 3, scenario 1');
    // Top two: c8 and c2; Δ column 8 wide (-250,000).
    expect(report).toContain(
      ['  customer  limit A  limit B         Δ  class  outcome', '  c8        500,000  250,000  -250,000  A → B  accept → escalate', '  c2         60,000   30,000   -30,000  A → B  accept → escalate'].join('\n'),
    );
    expect(report).not.toContain('(none)'); // empty "none" slots are left out
  });

  it('drops the per-customer columns from the JSON summary', () => {
    const summary = impactSummary(result);
    expect('customers' in summary).toBe(false);
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });
});

