/**
 * `npm run bench`: issue 6's five sections, one table, bench/results/latest.json.
 *
 *   node --import tsx bench/run-benchmarks.ts [--quick] [--only engine,http,simulation,startup,editor,lighthouse]
 *   node --import tsx bench/run-benchmarks.ts --scale [--sizes 10k,100k,1m,10m]   (scale-bench.ts)
 *
 * Every figure is the median of several runs after a warm-up, with min–max; ratios are per round
 * (peers measured back to back) and then the median. The process exits 1 when the peers disagree.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { PolicyDocument } from '../engine/index.js';
import { runEngineBench, runSmallPolicyBench, type EngineBenchResult } from './engine-bench.js';
import { editorBuilt, measureInitialBundle, measureInitialLoadOverHttp, measureTimeToInteractive } from './editor-bench.js';
import { runHttpBench, runStartupBench } from './http-bench.js';
import { chromiumAvailable, editorDistBuilt, runLighthouseBench } from './lighthouse-bench.js';
import { DisagreementError } from './lib/agree.js';
import { ROOT } from './lib/server-process.js';
import { fmt, fmtSpread, type Spread } from './lib/stats.js';
import { renderTable, type Row } from './lib/table.js';
import { runFileSimulationBench, runSimulationBench } from './simulation-bench.js';
import { parseSizes, runScaleSection } from './scale-bench.js';

const SECTIONS = ['engine', 'http', 'simulation', 'startup', 'editor', 'lighthouse'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, scale: { type: 'boolean', default: false }, sizes: { type: 'string' } } });
const quick = values.quick === true;
const only = new Set((values.only ?? SECTIONS.join(',')).split(',') as Section[]);
const log = (line: string) => process.stderr.write(`${line}\n`);

const policy = JSON.parse(readFileSync(path.join(ROOT, 'rulesets', 'b2b-standard.json'), 'utf8')) as PolicyDocument;
const rows: Row[] = [];
const raw: Record<string, unknown> = {};
const us = (s: Spread) => fmtSpread(s, ' µs/decision');
const times = (s: Spread) => fmtSpread(s, '×');

function engineRows(r: EngineBenchResult): void {
  const S = `1 engine (${r.customers.toLocaleString('en-US')} customers)`;
  const m = r.microseconds;
  rows.push(
    { section: S, measure: 'creditgraph compiled, with reasons, no trace', figure: us(m.compiled), target: '≤ 1 µs', met: m.compiled.median <= 1 },
    { section: S, measure: 'creditgraph with trace', figure: `${us(m.traced)} · ${times(r.ratios.tracedOverCompiled)} compiled` },
    { section: S, measure: `json-rules-engine 7.3.1 (${r.jsonRulesEngineRules} rules, one Engine, sequential)`, figure: us(m.jsonRulesEngine) },
    { section: S, measure: '@gorules/zen-engine 0.54 (JDM graph)', figure: us(m.zen) },
    { section: S, measure: 'hand-written JS function (floor: the compared fields only)', figure: us(m.handWritten) },
    { section: S, measure: 'hand-written JS function, same decision (byte-identical JSON)', figure: us(m.handWrittenFull) },
    { section: S, measure: 'throughput, one core: creditgraph compiled (synchronous)', figure: fmtSpread(r.throughput.compiled, ' decisions/s') },
    { section: S, measure: 'throughput: zen-engine, one evaluate at a time', figure: fmtSpread(r.throughput.zenSequential, ' decisions/s') },
    { section: S, measure: `throughput: zen-engine, ${r.throughput.inFlight} evaluates in flight (native thread pool)`, figure: fmtSpread(r.throughput.zenInFlight, ' decisions/s') },
    { section: S, measure: 'throughput: json-rules-engine, one run at a time', figure: fmtSpread(r.throughput.jreSequential, ' decisions/s') },
    { section: S, measure: `throughput: json-rules-engine, ${r.throughput.inFlight} runs in flight (one Engine each)`, figure: fmtSpread(r.throughput.jreInFlight, ' decisions/s') },
    { section: S, measure: 'zen-engine ÷ compiled (same round)', figure: times(r.ratios.zenOverCompiled), target: '≥ 100×', met: r.ratios.zenOverCompiled.median >= 100 },
    { section: S, measure: 'json-rules-engine ÷ compiled (same round)', figure: times(r.ratios.jreOverCompiled), target: '≥ 200×', met: r.ratios.jreOverCompiled.median >= 200 },
    { section: S, measure: 'compiled ÷ hand-written (same round)', figure: times(r.ratios.compiledOverHandWritten), target: '≤ 10×', met: r.ratios.compiledOverHandWritten.median <= 10 },
    { section: S, measure: 'compiled ÷ hand-written same decision (same round)', figure: times(r.ratios.compiledOverHandWrittenFull), target: '≤ 1.5×', met: r.ratios.compiledOverHandWrittenFull.median <= 1.5 },
    { section: S, measure: 'all 5 agree on every decision', figure: `yes (${r.customers.toLocaleString('en-US')} × outcome, class, limit, level, scenario)`, met: true },
    { section: S, measure: 'compile time of the policy (traced variant: on first use)', figure: `${fmtSpread(r.compileMs, ' ms')} (+ ${fmtSpread(r.tracedCompileMs, ' ms')})` },
    { section: S, measure: 'memory per compiled policy (+ its own document)', figure: `${fmt(r.memoryKb.compiled)} KB (${fmt(r.memoryKb.withDocument)} KB)` },
  );
}

/** A section that fails (a port taken, a server that would not start) is reported, not fatal; a disagreement is. */
async function section(name: string, run: () => Promise<void> | void): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (error instanceof DisagreementError) throw error;
    log(`${name}: FAILED: ${(error as Error).stack ?? error}`);
    rows.push({ section: name, measure: 'section failed', figure: `n/a (${(error as Error).message.split('\n')[0].slice(0, 140)})`, met: false });
  }
}

async function main(): Promise<void> {
  if (values.scale) {
    // The scale curves are their own run (minutes to hours): `--scale [--sizes 10k,100k,1m,10m]`.
    await runScaleSection(policy, parseSizes(values.sizes ?? '10k,100k,1m,10m'), log);
    return;
  }
  const started = new Date();
  const load = os.loadavg();
  log(`creditgraph benchmarks${quick ? ' (quick)' : ''}: Node ${process.version}, ${os.cpus().length} cores, load average ${load.map((l) => l.toFixed(2)).join(' ')}`);

  if (only.has('engine')) await section('1 engine', async () => {
    const r = await runEngineBench(policy, { customers: 10_000, rounds: quick ? 3 : 7, slowSlice: quick ? 300 : 1000, log });
    raw.engine = r;
    engineRows(r);
  });

  if (only.has('engine')) await section('1 engine, small policy', () => {
    const small = JSON.parse(readFileSync(path.join(ROOT, 'rulesets', 'examples', 'springate.json'), 'utf8')) as PolicyDocument;
    const r = runSmallPolicyBench(small, { customers: 10_000, rounds: quick ? 3 : 7, log });
    raw.smallPolicy = r;
    const S = `1 engine, small policy (${r.policy}, ${r.nodes} nodes, ${r.customers.toLocaleString('en-US')} customers)`;
    rows.push(
      { section: S, measure: 'creditgraph compiled, with reasons', figure: us(r.microseconds.compiled) },
      { section: S, measure: 'hand-written, the same decision (byte-identical JSON)', figure: us(r.microseconds.handWrittenFull) },
      { section: S, measure: 'hand-written, score and zone only', figure: us(r.microseconds.handWrittenScoreOnly) },
      { section: S, measure: 'compiled ÷ hand-written same decision (same round)', figure: times(r.ratios.compiledOverFull), target: '≤ 1.5×', met: r.ratios.compiledOverFull.median <= 1.5 },
      { section: S, measure: 'compiled ÷ hand-written score only (same round)', figure: times(r.ratios.compiledOverScoreOnly) },
    );
  });

  if (only.has('http')) await section('2 HTTP', async () => {
    const r = await runHttpBench(policy, { rounds: quick ? 1 : 3, durationSeconds: quick ? 4 : 10, connections: 20, log });
    raw.http = r;
    const S = `2 HTTP (${r.responseBytes.toLocaleString('en-US')}-byte response)`;
    rows.push(
      { section: S, measure: 'saturation: decision endpoint (decision log + request log on)', figure: `${fmtSpread(r.saturation.real.rps)} req/s · p50 ${fmtSpread(r.saturation.real.p50, ' ms')} · p99 ${fmtSpread(r.saturation.real.p99, ' ms')}` },
      { section: S, measure: 'saturation: bare Express route, same response', figure: `${fmtSpread(r.saturation.bare.rps)} req/s · p50 ${fmtSpread(r.saturation.bare.p50, ' ms')} · p99 ${fmtSpread(r.saturation.bare.p99, ' ms')}` },
      { section: S, measure: 'throughput: decision endpoint ÷ bare Express', figure: `${fmt(r.saturation.ratio.median * 100)}% (${fmt(r.saturation.ratio.min * 100)}–${fmt(r.saturation.ratio.max * 100)}%)`, target: '≥ 70%', met: r.saturation.ratio.median >= 0.7 },
      { section: S, measure: 'at 1,000 req/s: decision endpoint p50 / p99', figure: `${fmtSpread(r.fixedRate.real.p50, ' ms')} / ${fmtSpread(r.fixedRate.real.p99, ' ms')} (${fmt(r.fixedRate.real.achieved.median)} req/s served)`, target: 'p99 ≤ 10 ms', met: r.fixedRate.real.p99.median <= 10 },
      { section: S, measure: 'at 1,000 req/s: bare Express p50 / p99', figure: `${fmtSpread(r.fixedRate.bare.p50, ' ms')} / ${fmtSpread(r.fixedRate.bare.p99, ' ms')}` },
      { section: S, measure: 'WORKERS=2 vs WORKERS=1 (node:cluster, one SQLite folder): logged decisions/s at saturation', figure: r.workers2 },
    );
    if (r.workers && r.workers.errors > 0) rows.push({ section: S, measure: 'WORKERS runs: errors / non-2xx answers', figure: String(r.workers.errors), met: false });
    if (r.errors > 0) rows.push({ section: S, measure: 'errors / non-2xx answers', figure: String(r.errors), met: false });
  });

  if (only.has('simulation')) await section('3 simulation', async () => {
    const r = runSimulationBench(policy, { rows: 100_000, rounds: quick ? 1 : 3, log });
    raw.simulation = r;
    const S = '3 simulation (engine/impact)';
    rows.push(
      { section: S, measure: `${r.rows.toLocaleString('en-US')} rows × 2 versions: simulate`, figure: `${fmtSpread(r.simulateSeconds, ' s')} · ${r.changedCustomers.toLocaleString('en-US')} customers change`, target: '< 2 s', met: r.simulateSeconds.median < 2 },
      { section: S, measure: 'rows/s, one core (each row decided by both versions)', figure: fmtSpread(r.rowsPerSecond), target: '≥ 200,000', met: r.rowsPerSecond.median >= 200_000 },
      { section: S, measure: 'parse the 100,000-row CSV + simulate', figure: `${fmtSpread(r.totalSeconds, ' s')} (parse ${fmtSpread(r.parseSeconds, ' s')})` },
      { section: S, measure: 'parse as streamed (1 MB pieces in, rows out), rows/s, one core', figure: fmtSpread(r.streamedParseRowsPerSecond), target: '≥ simulate rows/s', met: r.streamedParseRowsPerSecond.median >= r.rowsPerSecond.median },
      { section: S, measure: 'streamed parse time ÷ simulate time (same round)', figure: times(r.streamedParseOverSimulate), target: '≤ 1×', met: r.streamedParseOverSimulate.median <= 1 },
    );
    const f = await runFileSimulationBench(policy, { rows: quick ? 200_000 : 1_000_000, rounds: quick ? 1 : 3, log });
    raw.fileSimulation = f;
    const F = `3 simulation (creditgraph simulate, ${f.workers} worker threads)`;
    rows.push(
      { section: F, measure: `${f.rows.toLocaleString('en-US')}-row CSV (${fmt(f.fileMegabytes)} MB) × 2 versions, streamed: wall time`, figure: fmtSpread(f.seconds, ' s'), target: f.rows === 1_000_000 ? '≤ 5 s' : undefined, met: f.rows === 1_000_000 ? f.seconds.median <= 5 : undefined },
      { section: F, measure: 'rows/s, all cores, parse included', figure: fmtSpread(f.rowsPerSecond) },
      { section: F, measure: 'peak resident memory of the bench process (all threads; includes the 100,000-row runs above)', figure: `${fmt(f.peakRssMegabytes)} MB` },
    );
  });

  if (only.has('startup')) await section('4 start-up', async () => {
    const r = await runStartupBench(policy, quick ? 2 : 5);
    raw.startup = r;
    const S = '4 start-up';
    rows.push(
      { section: S, measure: 'process start → first served decision (restart; built server, as `npm start` runs it)', figure: fmtSpread(r.restartMs, ' ms'), target: '≤ 1 s', met: r.restartMs.median <= 1000 },
      { section: S, measure: 'same, first start (empty store: seeds and checks 3 policies)', figure: fmtSpread(r.firstStartMs, ' ms'), target: '≤ 1 s', met: r.firstStartMs.median <= 1000 },
    );
  });

  if (only.has('editor')) await section('5 editor', async () => {
    const S = '5 editor';
    if (!editorBuilt()) {
      rows.push({ section: S, measure: 'initial bundle (gzip)', figure: 'n/a (editor not built)', target: '≤ 350 KB' }, { section: S, measure: 'time to interactive, b2b-standard graph', figure: 'n/a (editor not built)' });
    } else {
      const wire = await measureInitialLoadOverHttp(policy);
      raw.editorWire = wire;
      const encodings = [...new Set(wire.files.map((f) => f.encoding))].join(', ');
      rows.push({
        section: S,
        measure: `initial load over HTTP, as sent (${wire.files.length} responses, ${encodings}; Accept-Encoding: ${wire.acceptEncoding})`,
        figure: `${fmt(wire.wireBytes / 1024)} KB (${fmt(wire.bytes / 1024)} KB decoded)`,
        target: '≤ 350 KB',
        met: wire.wireBytes / 1024 <= 350,
      });
      const bundle = measureInitialBundle();
      raw.editorBundle = bundle;
      rows.push({ section: S, measure: `initial load, offline gzip -9 for reference (${bundle.files.length} files: ${bundle.files.map((f) => path.basename(f.file)).join(', ')})`, figure: `${fmt(bundle.gzipBytes / 1024)} KB` });
      try {
        const tti = await measureTimeToInteractive(policy, quick ? 2 : 5);
        raw.editorTimeToInteractiveMs = tti;
        rows.push({ section: S, measure: 'time to interactive, b2b-standard graph (headless Chromium)', figure: fmtSpread(tti, ' ms') });
      } catch (error) {
        rows.push({ section: S, measure: 'time to interactive, b2b-standard graph', figure: `n/a (${(error as Error).message.split('\n')[0].slice(0, 120)})` });
      }
    }
  });

  if (only.has('lighthouse')) await section('6 Lighthouse', async () => {
    const S = '6 Lighthouse (performance, b2b-standard editor signed in, built server)';
    // One printed line, no failure, where the browser or the built editor is missing.
    if (!chromiumAvailable()) {
      log('6 Lighthouse: skipped (no /usr/bin/chromium: apt-get install -y chromium)');
      return;
    }
    if (!editorDistBuilt()) {
      log('6 Lighthouse: skipped (editor not built: npm run build:editor)');
      return;
    }
    const results = await runLighthouseBench(policy, { runs: quick ? 1 : 3, log });
    raw.lighthouse = results;
    for (const r of results) {
      const target = r.preset === 'desktop' ? 0.9 : 0.75;
      rows.push(
        { section: S, measure: `${r.preset} (${r.preset === 'desktop' ? 'desktop config' : 'default: simulated slow 4G, 4× CPU slowdown'}): performance score`, figure: fmtSpread(r.score), target: `≥ ${target}`, met: r.score.median >= target },
        { section: S, measure: `${r.preset}: total blocking time / largest contentful paint`, figure: `${fmtSpread(r.totalBlockingTime, ' ms')} / ${fmtSpread(r.largestContentfulPaint, ' ms')}` },
        { section: S, measure: `${r.preset}: first contentful paint · bytes over the wire (all requests)`, figure: `${fmtSpread(r.firstContentfulPaint, ' ms')} · ${fmt(r.bytes.median / 1024)} KB` },
      );
    }
  });

  const table = renderTable(rows);
  process.stdout.write(`\ncreditgraph benchmarks · ${started.toISOString()} · Node ${process.version} · ${os.cpus().length} cores · load average at start ${load.map((l) => l.toFixed(2)).join(' ')}\n\n${table}\n`);
  const out = path.join(ROOT, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    path.join(out, 'latest.json'),
    `${JSON.stringify({ startedAt: started.toISOString(), node: process.version, cores: os.cpus().length, loadAverageAtStart: load, loadAverageAtEnd: os.loadavg(), quick, rows, raw }, null, 2)}\n`,
  );
  process.stdout.write(`\nwritten: bench/results/latest.json\n`);
}

main().catch((error) => {
  if (error instanceof DisagreementError) process.stderr.write(`\nBENCHMARK FAILED: the peers disagree.\n${error.message}\n`);
  else process.stderr.write(`\nBENCHMARK FAILED: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
