/**
 * Section 3: impact simulation of a 100,000-row portfolio under two versions of b2b-standard,
 * with engine/impact (parse the CSV, then one pass evaluating both versions per row). Rows/s counts
 * portfolio rows (each row is decided by both versions), one core.
 */
import { compilePolicy, type PolicyDocument } from '../engine/index.js';
import { parsePortfolio, simulateImpact } from '../engine/impact/index.js';
import { generatePortfolioCsv } from '../rulesets/portfolios/synthetic-customers.js';
import { BENCH_SEED } from './lib/customers.js';
import { spread, type Spread } from './lib/stats.js';

export interface SimulationResult {
  rows: number;
  simulateSeconds: Spread;
  parseSeconds: Spread;
  totalSeconds: Spread;
  rowsPerSecond: Spread;
  changedCustomers: number;
}

/** "Version 2": class B's turnover share 5% → 6% and the class-B threshold 65 → 62 (a plausible review). */
export function candidateVersion(policy: PolicyDocument): PolicyDocument {
  const next = structuredClone(policy);
  for (const node of next.nodes) {
    if (node.kind === 'creditLimit' && node.config.classParameters?.B) node.config.classParameters.B.turnoverShare = 0.06;
    if (node.kind === 'riskClass') for (const c of node.config.classes) if (c.id === 'B') c.minScore = 62;
  }
  return next;
}

export function runSimulationBench(policy: PolicyDocument, options: { rows: number; rounds: number; log?: (line: string) => void }): SimulationResult {
  const csv = generatePortfolioCsv(policy, { rows: options.rows, seed: BENCH_SEED });
  const a = compilePolicy(policy);
  const b = compilePolicy(candidateVersion(policy));
  const simulate: number[] = [];
  const parse: number[] = [];
  let changed = 0;
  for (let round = 0; round < options.rounds + 1; round++) {
    let t0 = performance.now();
    const parsed = parsePortfolio(policy, csv);
    const parseMs = performance.now() - t0;
    if (parsed.rows.length !== options.rows) throw new Error(`the portfolio parsed to ${parsed.rows.length} rows, not ${options.rows}: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
    t0 = performance.now();
    const result = simulateImpact(a, b, parsed.rows, { keepCustomers: true });
    const simulateMs = performance.now() - t0;
    if (result.failureCount > 0) throw new Error(`${result.failureCount} rows failed to evaluate`);
    changed = result.changed.any;
    if (round === 0) continue; // warm-up
    parse.push(parseMs / 1000);
    simulate.push(simulateMs / 1000);
    options.log?.(`simulation: round ${round}/${options.rounds}: parse ${(parseMs / 1000).toFixed(2)} s, simulate ${(simulateMs / 1000).toFixed(2)} s`);
  }
  return {
    rows: options.rows,
    simulateSeconds: spread(simulate),
    parseSeconds: spread(parse),
    totalSeconds: spread(simulate.map((s, i) => s + parse[i])),
    rowsPerSecond: spread(simulate.map((s) => options.rows / s)),
    changedCustomers: changed,
  };
}
