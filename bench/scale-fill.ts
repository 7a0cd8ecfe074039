/**
 * The scale bench's data generation alone: `node --import tsx bench/scale-fill.ts [--sizes 100k,1m]`.
 * Fills a fresh SQLite data folder with fillStore (the same code `--scale` fills with) size after
 * size and prints, per step, the fill rate, the bytes on disk per logged decision and the time and
 * disk 10M would take at that rate — so a 10M run can be planned without being started.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { compilePolicy, type PolicyDocument } from '../engine/index.js';
import { SqliteStore } from '../api/store/sqlite-store/sqlite-store.js';
import { benchFacts } from './lib/customers.js';
import { ROOT, tempDataDir } from './lib/server-process.js';
import { fillStore, parseSizes, sizeLabel, storeBytes } from './scale-bench.js';

const args = process.argv.slice(2);
const sizes = parseSizes(args.includes('--sizes') ? args[args.indexOf('--sizes') + 1]! : '100k,1m');
const policy = JSON.parse(readFileSync(path.join(ROOT, 'rulesets', 'b2b-standard.json'), 'utf8')) as PolicyDocument;
const facts = benchFacts(policy, 10_000);
const compiled = compilePolicy(policy);
const decisions = facts.map((f) => compiled.evaluate(f));
const data = tempDataDir();
const store = new SqliteStore({ dataDir: data.dir, log: () => undefined });
await store.init();
const load = () => (process.platform === 'linux' ? readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : 'n/a');
console.log(`fill of ${data.dir} (${new Date().toISOString()}, load average ${load()})`);
let logged = 0;
let audited = 0;
try {
  for (const size of sizes) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const from = logged;
    ({ logged, audited } = await fillStore(store, { logged, audited, size, auditTarget: Math.round(size * 0.05), customers: Math.max(1, Math.round(size * 0.1)), version: { version: 1, contentHash: 'sha256:scale-fill' }, facts, decisions }));
    const seconds = (performance.now() - t0) / 1000;
    const rate = (logged - from) / seconds;
    const cpu = process.cpuUsage(cpu0);
    // CPU time per decision does not depend on what else the machine runs as much as wall time does.
    const cpuMicros = (cpu.user + cpu.system) / (logged - from);
    const perDecision = storeBytes(data.dir) / logged;
    // The WAL is reused from one transaction to the next (≈ one transaction's pages): the main file is what grows.
    const mainPerDecision = statSync(path.join(data.dir, 'creditgraph.sqlite')).size / logged;
    console.log(
      `${sizeLabel(size)}: +${(logged - from).toLocaleString('en-US')} decisions in ${seconds.toFixed(1)} s = ${Math.round(rate).toLocaleString('en-US')} decisions/s · ${Math.round(perDecision).toLocaleString('en-US')} B on disk per decision (file + WAL; file alone ${Math.round(mainPerDecision).toLocaleString('en-US')} B) · ` +
        `CPU ${cpuMicros.toFixed(0)} µs per decision (10M: ${((cpuMicros * 1e7) / 6e7).toFixed(1)} min of CPU) · ` +
        `10M at this wall rate: ${((1e7 / rate) / 60).toFixed(1)} min, ${((mainPerDecision * 1e7) / 1e9).toFixed(1)} GB (load ${load()})`,
    );
  }
} finally {
  await store.close();
  data.remove();
}
