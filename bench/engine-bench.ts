/**
 * Section 1: the engine in process, b2b-standard, 10,000 generated customers, one core.
 * Every peer first decides all 10,000 customers and must agree with creditgraph on each one
 * (else DisagreementError). Then rounds interleave the peers, so a slow patch of the shared machine
 * hits them all alike; ratios are taken per round and their median reported.
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { compilePolicy, type Facts, type PolicyDocument } from '../engine/index.js';
import { assertAgree, comparable, DisagreementError, type ComparableDecision } from './lib/agree.js';
import { benchFacts } from './lib/customers.js';
import { springateFacts } from './lib/springate-customers.js';
import { springateFullDecision, springateScoreAndZone } from './peers/hand-written-springate.js';
import { ratioSpread, spread, type Spread } from './lib/stats.js';
import { decideB2bStandard, type PeerDecision } from './peers/hand-written-b2b-standard.js';
import { createFullB2bStandard } from './peers/hand-written-b2b-standard-full.js';
import { createJsonRulesEnginePolicy } from './peers/json-rules-engine-policy.js';
import { createZenPolicy } from './peers/zen-policy.js';

export interface EngineBenchOptions {
  customers: number;
  rounds: number;
  /** Customers timed per round for the two interpreters (they are ~1,000× slower). */
  slowSlice: number;
  /** Evaluations in flight for the asynchronous peers' throughput (default 32). */
  inFlight?: number;
  log?: (line: string) => void;
}

export interface EngineBenchResult {
  customers: number;
  microseconds: Record<'compiled' | 'traced' | 'handWritten' | 'handWrittenFull' | 'jsonRulesEngine' | 'zen', Spread>;
  /** Per-round ratios: peer µs / compiled µs (compiled / hand-written for the floors). */
  ratios: { zenOverCompiled: Spread; jreOverCompiled: Spread; compiledOverHandWritten: Spread; compiledOverHandWrittenFull: Spread; tracedOverCompiled: Spread };
  /**
   * Decisions per second of the two asynchronous peers, one evaluation at a time and with
   * `inFlight` evaluations in flight (zen: one decision, its native thread pool; json-rules-engine:
   * one Engine per evaluation in flight, since concurrent runs on one Engine skip rules).
   */
  throughput: { inFlight: number; zenSequential: Spread; zenInFlight: Spread; jreSequential: Spread; jreInFlight: Spread; compiled: Spread };
  compileMs: Spread;
  tracedCompileMs: Spread;
  memoryKb: { compiled: number; withDocument: number };
  jsonRulesEngineRules: number;
}

const peerView = (d: PeerDecision): ComparableDecision => ({
  outcome: d.outcome,
  riskClass: d.riskClass,
  creditLimit: d.creditLimit,
  approvalLevel: d.approvalLevel,
  collectionScenario: d.collectionScenario,
});

/** A full gc, for the memory figure (flag set at run time, as `node --expose-gc` would). */
function gcFunction(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

export async function runEngineBench(policy: PolicyDocument, options: EngineBenchOptions): Promise<EngineBenchResult> {
  const log = options.log ?? (() => {});
  const facts = benchFacts(policy, options.customers);
  const compiled = compilePolicy(policy);
  const jre = createJsonRulesEnginePolicy(policy);
  const inFlight = options.inFlight ?? 32;
  const jreLanes = Array.from({ length: inFlight }, () => createJsonRulesEnginePolicy(policy));
  const zen = await createZenPolicy(policy);
  try {
    // Agreement on every customer (this pass is also everyone's warm-up).
    log(`engine: checking that the 5 implementations agree on ${facts.length.toLocaleString('en-US')} customers…`);
    const expected = facts.map((f) => comparable(compiled.evaluate(f)));
    assertAgree('creditgraph with trace', expected, facts.map((f) => comparable(compiled.evaluate(f, { trace: true }))), facts);
    assertAgree('hand-written JS', expected, facts.map((f) => peerView(decideB2bStandard(f))), facts);
    // The full-output floor must return the very same decision, byte for byte.
    const decideFull = createFullB2bStandard(policy);
    for (let i = 0; i < facts.length; i++) {
      const want = JSON.stringify(compiled.evaluate(facts[i]));
      if (JSON.stringify(decideFull(facts[i])) !== want) throw new DisagreementError(`hand-written JS (full output) differs from creditgraph's decision on customer #${i}; facts ${JSON.stringify(facts[i])}`);
    }
    const jreDecisions: ComparableDecision[] = [];
    for (const f of facts) jreDecisions.push(peerView(await jre.decide(f))); // sequential: issue #303
    assertAgree('json-rules-engine', expected, jreDecisions, facts);
    const zenDecisions: ComparableDecision[] = [];
    for (const f of facts) zenDecisions.push(peerView(await zen.decide(f)));
    assertAgree('zen-engine', expected, zenDecisions, facts);
    // The same answers with many evaluations in flight (the slice the throughput rounds use).
    const slice = facts.slice(0, options.slowSlice);
    const zenConcurrent = await Promise.all(slice.map((f) => zen.decide(f)));
    assertAgree('zen-engine, in flight', expected.slice(0, slice.length), zenConcurrent.map(peerView), slice);
    const jreConcurrent: ComparableDecision[] = new Array(slice.length);
    await Promise.all(jreLanes.map(async (lane, k) => {
      for (let i = k; i < slice.length; i += inFlight) jreConcurrent[i] = peerView(await lane.decide(slice[i]));
    }));
    assertAgree('json-rules-engine, one Engine per evaluation in flight', expected.slice(0, slice.length), jreConcurrent, slice);
    log('engine: all agree; timing…');

    const us: Record<keyof EngineBenchResult['microseconds'], number[]> = { compiled: [], traced: [], handWritten: [], handWrittenFull: [], jsonRulesEngine: [], zen: [] };
    let sink = 0;
    const timeSync = (decide: (f: Facts) => unknown, passes: number): number => {
      const t0 = performance.now();
      for (let p = 0; p < passes; p++) for (let i = 0; i < facts.length; i++) if (decide(facts[i]) === null) sink++;
      return ((performance.now() - t0) * 1000) / (passes * facts.length);
    };
    const timeAsync = async (decide: (f: Facts) => Promise<unknown>, round: number): Promise<number> => {
      const start = (round * options.slowSlice) % facts.length;
      const t0 = performance.now();
      for (let i = 0; i < options.slowSlice; i++) if ((await decide(facts[(start + i) % facts.length])) === null) sink++;
      return ((performance.now() - t0) * 1000) / options.slowSlice;
    };
    /** Decisions/s with `lanes` evaluations in flight, each lane awaiting its own before its next. */
    const rateInFlight = async (lanes: ((f: Facts) => Promise<unknown>)[], round: number): Promise<number> => {
      const start = (round * options.slowSlice) % facts.length;
      const t0 = performance.now();
      await Promise.all(lanes.map(async (decide, k) => {
        for (let i = k; i < options.slowSlice; i += lanes.length) if ((await decide(facts[(start + i) % facts.length])) === null) sink++;
      }));
      return options.slowSlice / ((performance.now() - t0) / 1000);
    };
    const rate: Record<'zenSequential' | 'zenInFlight' | 'jreSequential' | 'jreInFlight', number[]> = { zenSequential: [], zenInFlight: [], jreSequential: [], jreInFlight: [] };
    const plain = (f: Facts) => compiled.evaluate(f);
    const traced = (f: Facts) => compiled.evaluate(f, { trace: true });
    for (let round = 0; round < options.rounds; round++) {
      us.compiled.push(timeSync(plain, 10));
      us.handWritten.push(timeSync(decideB2bStandard, 10));
      us.handWrittenFull.push(timeSync(decideFull, 10));
      us.traced.push(timeSync(traced, 2));
      us.jsonRulesEngine.push(await timeAsync((f) => jre.decide(f), round));
      us.zen.push(await timeAsync((f) => zen.decide(f), round));
      rate.jreSequential.push(1e6 / us.jsonRulesEngine[round]);
      rate.zenSequential.push(1e6 / us.zen[round]);
      rate.zenInFlight.push(await rateInFlight(Array.from({ length: inFlight }, () => (f: Facts) => zen.decide(f)), round));
      rate.jreInFlight.push(await rateInFlight(jreLanes.map((lane) => (f: Facts) => lane.decide(f)), round));
      log(`engine: round ${round + 1}/${options.rounds}: compiled ${us.compiled[round].toFixed(3)} µs, hand-written ${us.handWritten[round].toFixed(3)} µs, zen ${us.zen[round].toFixed(0)} µs, json-rules-engine ${us.jsonRulesEngine[round].toFixed(0)} µs`);
    }
    if (sink < 0) log(String(sink));

    // Compile time: a fresh compile of the document (validation excluded: the API validates at publish).
    const compileMs: number[] = [];
    const tracedCompileMs: number[] = [];
    for (let i = 0; i < 30; i++) {
      let t0 = performance.now();
      const c = compilePolicy(policy);
      compileMs.push(performance.now() - t0);
      t0 = performance.now();
      c.evaluate(facts[0], { trace: true }); // the traced variant is built on first use
      tracedCompileMs.push(performance.now() - t0);
    }

    return {
      customers: facts.length,
      microseconds: { compiled: spread(us.compiled), traced: spread(us.traced), handWritten: spread(us.handWritten), handWrittenFull: spread(us.handWrittenFull), jsonRulesEngine: spread(us.jsonRulesEngine), zen: spread(us.zen) },
      ratios: {
        zenOverCompiled: ratioSpread(us.zen, us.compiled),
        jreOverCompiled: ratioSpread(us.jsonRulesEngine, us.compiled),
        compiledOverHandWritten: ratioSpread(us.compiled, us.handWritten),
        compiledOverHandWrittenFull: ratioSpread(us.compiled, us.handWrittenFull),
        tracedOverCompiled: ratioSpread(us.traced, us.compiled),
      },
      throughput: {
        inFlight,
        zenSequential: spread(rate.zenSequential),
        zenInFlight: spread(rate.zenInFlight),
        jreSequential: spread(rate.jreSequential),
        jreInFlight: spread(rate.jreInFlight),
        compiled: spread(us.compiled.map((u) => 1e6 / u)),
      },
      compileMs: spread(compileMs),
      tracedCompileMs: spread(tracedCompileMs),
      memoryKb: measureMemory(policy, facts[0]),
      jsonRulesEngineRules: jre.ruleCount,
    };
  } finally {
    zen.dispose();
  }
}

/** Retained heap per compiled policy (used once, so its bytecode exists): with a shared document, and each with its own copy. */
function measureMemory(policy: PolicyDocument, facts: Facts): { compiled: number; withDocument: number } {
  const gc = gcFunction();
  const count = 200;
  const perPolicy = (make: () => unknown): number => {
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept: unknown[] = [];
    for (let i = 0; i < count; i++) kept.push(make());
    gc();
    const after = process.memoryUsage().heapUsed;
    if (kept.length !== count) throw new Error('unreachable');
    return (after - before) / count / 1024;
  };
  const compiled = perPolicy(() => {
    const c = compilePolicy(policy);
    c.evaluate(facts);
    return c;
  });
  const withDocument = perPolicy(() => {
    const c = compilePolicy(structuredClone(policy));
    c.evaluate(facts);
    return c;
  });
  return { compiled, withDocument };
}

export interface SmallPolicyBenchResult {
  policy: string;
  nodes: number;
  customers: number;
  microseconds: Record<'compiled' | 'handWrittenFull' | 'handWrittenScoreOnly', Spread>;
  ratios: { compiledOverFull: Spread; compiledOverScoreOnly: Spread };
}

/**
 * A small policy (Springate's published S-score: one formula node, a two-class ladder, an
 * approval, the decision) where the fixed cost per decision dominates. The hand-written function
 * that returns the same decision must give byte-identical JSON on every customer (else
 * DisagreementError); the score-and-zone-only function must give the same S and zone.
 */
export function runSmallPolicyBench(policy: PolicyDocument, options: { customers: number; rounds: number; log?: (line: string) => void }): SmallPolicyBenchResult {
  const log = options.log ?? (() => {});
  const facts = springateFacts(policy, options.customers);
  const compiled = compilePolicy(policy);
  for (let i = 0; i < facts.length; i++) {
    const expected = compiled.evaluate(facts[i]);
    const full = JSON.stringify(springateFullDecision(facts[i]));
    if (full !== JSON.stringify(expected)) throw new DisagreementError(`hand-written ${policy.id} disagrees with creditgraph on customer #${i}: ${full}`);
    const short = springateScoreAndZone(facts[i]);
    if (short.s !== expected.variables.s || short.zone !== expected.riskClass) throw new DisagreementError(`hand-written ${policy.id} (score only) disagrees on customer #${i}`);
  }
  let sink = 0;
  const time = (decide: (f: Facts) => unknown, passes: number): number => {
    const t0 = performance.now();
    for (let p = 0; p < passes; p++) for (let i = 0; i < facts.length; i++) if (decide(facts[i]) === null) sink++;
    return ((performance.now() - t0) * 1000) / (passes * facts.length);
  };
  const us = { compiled: [] as number[], handWrittenFull: [] as number[], handWrittenScoreOnly: [] as number[] };
  const plain = (f: Facts) => compiled.evaluate(f);
  for (let round = 0; round < options.rounds + 1; round++) {
    const c = time(plain, 20);
    const full = time(springateFullDecision, 20);
    const short = time(springateScoreAndZone, 20);
    if (round === 0) continue; // warm-up
    us.compiled.push(c);
    us.handWrittenFull.push(full);
    us.handWrittenScoreOnly.push(short);
    log(`engine (${policy.id}): round ${round}/${options.rounds}: compiled ${c.toFixed(3)} µs, hand-written full ${full.toFixed(3)} µs, score only ${short.toFixed(3)} µs`);
  }
  if (sink < 0) log(String(sink));
  return {
    policy: policy.id,
    nodes: policy.nodes.length,
    customers: facts.length,
    microseconds: { compiled: spread(us.compiled), handWrittenFull: spread(us.handWrittenFull), handWrittenScoreOnly: spread(us.handWrittenScoreOnly) },
    ratios: { compiledOverFull: ratioSpread(us.compiled, us.handWrittenFull), compiledOverScoreOnly: ratioSpread(us.compiled, us.handWrittenScoreOnly) },
  };
}
