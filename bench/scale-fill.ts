/**
 * The scale bench's data generation alone: `node --import tsx bench/scale-fill.ts [--sizes 100k,1m]`.
 * Fills a fresh SQLite data folder with ScaleFiller (the same code `--scale` fills with) size after
 * size and prints, per step, the fill rate, the bytes on disk per logged decision and the time and
 * disk 10M would take at that rate — so a 10M run can be planned without being started.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { PolicyDocument } from '../engine/index.js';
import { ROOT, tempDataDir } from './lib/server-process.js';
import { parseSizes, ScaleFiller, scaleStore, sizeLabel, storeBytes } from './scale-bench.js';

const args = process.argv.slice(2);
const sizes = parseSizes(args.includes('--sizes') ? args[args.indexOf('--sizes') + 1]! : '100k,1m');
const policy = JSON.parse(readFileSync(path.join(ROOT, 'rulesets', 'b2b-standard.json'), 'utf8')) as PolicyDocument;
const data = tempDataDir();
const store = await scaleStore(data.dir);
const filler = new ScaleFiller(policy);
const load = () => (process.platform === 'linux' ? readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : 'n/a');
console.log(`fill of ${data.dir} (${new Date().toISOString()}, load average ${load()})`);
let logged = 0;
let audited = 0;
try {
  for (const size of sizes) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const from = logged;
    ({ logged, audited } = await filler.fill(store, { logged, audited, size, auditTarget: Math.round(size * 0.05), customers: Math.max(1, Math.round(size * 0.1)), version: { version: 1, contentHash: 'sha256:scale-fill' } }));
    const seconds = (performance.now() - t0) / 1000;
    const rate = (logged - from) / seconds;
    // CPU of every thread of the process (row workers and the log's writer included).
    const cpu = process.cpuUsage(cpu0);
    const cpuMicros = (cpu.user + cpu.system) / (logged - from);
    const perDecision = storeBytes(data.dir) / logged;
    // The WAL is reused from one transaction to the next (≈ one transaction's pages): the main file is what grows.
    const mainPerDecision = statSync(path.join(data.dir, 'creditgraph.sqlite')).size / logged;
    console.log(
      `${sizeLabel(size)}: +${(logged - from).toLocaleString('en-US')} decisions in ${seconds.toFixed(1)} s = ${Math.round(rate).toLocaleString('en-US')} decisions/s · ${Math.round(perDecision).toLocaleString('en-US')} B on disk per decision (file + WAL; file alone ${Math.round(mainPerDecision).toLocaleString('en-US')} B) · ` +
        `CPU ${cpuMicros.toFixed(0)} µs per decision, all threads · ` +
        `10M at this wall rate: ${((1e7 / rate) / 60).toFixed(1)} min, ${((mainPerDecision * 1e7) / 1e9).toFixed(1)} GB (load ${load()})`,
    );
  }
} finally {
  await filler.close();
  await store.close();
  data.remove();
}
