/**
 * Child process of the scale bench: one portfolio file simulated as `creditgraph simulate` does
 * (bin/simulate-portfolio-file.ts, one worker thread per core), b2b-standard against the bench's
 * v2. Prints one JSON line: wall seconds, CPU seconds of all threads, peak resident memory, counts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { simulatePortfolioFile } from '../bin/simulate-portfolio-file.js';
import { compilePolicy, type PolicyDocument } from '../engine/index.js';
import { portfolioInputs } from '../engine/impact/index.js';
import { ROOT } from './lib/server-process.js';
import { candidateVersion } from './simulation-bench.js';

const file = process.argv[2]!;
const policy = JSON.parse(readFileSync(path.join(ROOT, 'rulesets', 'b2b-standard.json'), 'utf8')) as PolicyDocument;
const a = compilePolicy(policy);
const b = compilePolicy(candidateVersion(policy));
const inputs = portfolioInputs(a.document, b.document);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const result = await simulatePortfolioFile(a, b, inputs, file, { keepCustomers: false });
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
process.stdout.write(
  `${JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRssMb: hwm ? Number(hwm[1]) / 1024 : NaN, recordCount: result.recordCount, rejectedCount: result.rejectedCount })}\n`,
);
