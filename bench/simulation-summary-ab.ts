/**
 * Issue 23: A/B of the simulation's hot loop in one process, rounds interleaved (the machine is
 * shared, so only same-round ratios mean something): `simulateImpact` over parsed rows of
 * b2b-standard × its candidate version, (A) projecting the full decisions (`evaluate`, what it did
 * before) and (B) with the compiled summary variant (`summarizer`). Checks both give the same
 * result JSON first. CPU time of this thread per round (the loop is single-threaded).
 *   node --import tsx bench/simulation-summary-ab.ts [rows=100000] [rounds=8]
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { compilePolicy, type PolicyDocument } from '../engine/index.js';
import { parsePortfolio, portfolioInputs, simulateImpact, type EvaluatingPolicy } from '../engine/impact/index.js';
import { generatePortfolioCsv } from '../rulesets/portfolios/synthetic-customers.js';
import { BENCH_SEED } from './lib/customers.js';
import { candidateVersion } from './simulation-bench.js';

const rows = Number(process.argv[2] ?? 100_000);
const rounds = Number(process.argv[3] ?? 8);
const policy = JSON.parse(readFileSync(new URL('../rulesets/b2b-standard.json', import.meta.url), 'utf8')) as PolicyDocument;
const a = compilePolicy(policy);
const b = compilePolicy(candidateVersion(policy));
const parsed = parsePortfolio(portfolioInputs(a.document, b.document), generatePortfolioCsv(policy, { rows, seed: BENCH_SEED }));
if (parsed.rows.length !== rows) throw new Error(`parsed ${parsed.rows.length} rows, not ${rows}`);
// The full path: a policy without `summarizer`, so simulateImpact projects `evaluate`'s decisions.
const fullOnly = (p: EvaluatingPolicy): EvaluatingPolicy => ({ document: p.document, evaluate: (facts) => p.evaluate(facts) });
const aFull = fullOnly(a);
const bFull = fullOnly(b);

const same = JSON.stringify(simulateImpact(aFull, bFull, parsed.rows, { keepCustomers: true })) === JSON.stringify(simulateImpact(a, b, parsed.rows, { keepCustomers: true }));
if (!same) throw new Error('the summary path gives another result');

function cpuRound(x: EvaluatingPolicy, y: EvaluatingPolicy): number {
  const t0 = process.cpuUsage();
  simulateImpact(x, y, parsed.rows, { keepCustomers: true });
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1e6;
}
const full: number[] = [];
const summary: number[] = [];
console.log(`${new Date().toISOString()} load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} · ${rows.toLocaleString('en-US')} rows × 2 versions, results identical: ${same}`);
for (let r = 0; r < rounds; r++) {
  // Alternate which goes first, so a burst of load does not always hit the same side.
  if (r % 2 === 0) (full.push(cpuRound(aFull, bFull)), summary.push(cpuRound(a, b)));
  else (summary.push(cpuRound(a, b)), full.push(cpuRound(aFull, bFull)));
  console.log(`round ${r + 1}: full ${full[r]!.toFixed(3)} s CPU, summary ${summary[r]!.toFixed(3)} s CPU, ratio ${(summary[r]! / full[r]!).toFixed(2)}`);
}
const median = (v: number[]) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)]!;
const ratios = summary.map((s, i) => s / full[i]!);
console.log(`median CPU: full ${median(full).toFixed(3)} s (${Math.round(rows / median(full)).toLocaleString('en-US')} rows/s), summary ${median(summary).toFixed(3)} s (${Math.round(rows / median(summary)).toLocaleString('en-US')} rows/s); per-round ratio median ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`);
console.log(`load at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
