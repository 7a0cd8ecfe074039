/**
 * Monotonicity: for an input declared "higher is better" (equity, years in business) or "lower is
 * better" (payment delay, debt ratio), improving it ALONE must never make the decision worse — a
 * lower score, a worse class, a lower limit, a harsher outcome. Scorecard guidelines require it.
 *
 * A seeded search with the compiled policy: random requests built from the values the policy itself
 * cares about (band bounds, thresholds, literals in conditions, input bounds) and values around them;
 * each request is paired with the same one where the input is improved, and both are decided. The
 * first pair that decides the wrong way round becomes a MONOTONICITY_VIOLATION carrying both
 * requests, so it can be loaded into the test panel. Deterministic: the seed comes from the document.
 */
import type { CompiledPolicy } from '../compile/compile-policy.js';
import { checkFacts } from '../facts/check-facts.js';
import type { Decision } from '../model/decision-schema.js';
import type { InputDeclaration, PolicyDocument } from '../model/policy-schema.js';
import { DiagnosticList } from '../validate/diagnostic.js';
import { pointer } from '../validate/json-pointer.js';
import { says, type Worsening } from '../i18n/diagnostic-messages.js';

/** Requests tried per declared input (each decided twice). */
export const MONOTONICITY_SAMPLES = 300;

/** mulberry32: a small seeded generator, so that a check gives the same answer every time. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Every number written in the document (thresholds, bounds, literals), the places where decisions turn. */
function landmarks(document: PolicyDocument): number[] {
  const found = new Set<number>([0, 1]);
  const walk = (x: unknown): void => {
    if (typeof x === 'number' && Number.isFinite(x)) found.add(x);
    else if (typeof x === 'string') for (const m of x.matchAll(/\d+(?:\.\d+)?/g)) found.add(Number(m[0]));
    else if (Array.isArray(x)) x.forEach(walk);
    else if (x !== null && typeof x === 'object') for (const [k, v] of Object.entries(x)) if (k !== 'layout' && k !== 'tests') walk(v);
  };
  walk(document);
  return [...found];
}

function valueFor(input: InputDeclaration, marks: number[], next: () => number): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  switch (input.type) {
    case 'boolean':
      return next() < 0.5;
    case 'enum':
      return pick(input.values ?? ['']);
    case 'string':
      return pick(['', 'a']);
    default: {
      const low = input.min ?? -1e6;
      const high = input.max ?? 1e7;
      const base = next() < 0.7 ? pick(marks) : low + next() * Math.min(high - low, 1e7);
      let v = base + pick([0, 0, -1, 1, -0.01, 0.01, -0.5, 0.5]) * (next() < 0.5 ? 1 : Math.abs(base) * 0.1 + 1);
      if (input.type === 'integer') v = Math.round(v);
      return Math.min(Math.max(v, low), high);
    }
  }
}

const OUTCOME_RANK = { accept: 0, escalate: 1, refuse: 2 } as const;

/** What got worse from `before` to `after` (the improved request), or null. */
function worsening(before: Decision, after: Decision, document: PolicyDocument): Worsening | null {
  if (typeof before.score === 'number' && typeof after.score === 'number' && after.score < before.score) return { what: 'score', from: before.score, to: after.score };
  if (before.score !== null && after.score === null) return { what: 'scoreMissing' };
  const classes = document.nodes.find((n) => n.kind === 'riskClass');
  if (classes?.kind === 'riskClass' && before.riskClass && after.riskClass) {
    const ids = classes.config.classes.map((c) => c.id);
    if (ids.indexOf(after.riskClass) > ids.indexOf(before.riskClass)) return { what: 'riskClass', from: before.riskClass, to: after.riskClass };
  }
  if (before.creditLimit && after.creditLimit && after.creditLimit.gross < before.creditLimit.gross) return { what: 'creditLimit', from: before.creditLimit.gross, to: after.creditLimit.gross };
  if (OUTCOME_RANK[after.outcome] > OUTCOME_RANK[before.outcome]) return { what: 'outcome', from: before.outcome, to: after.outcome };
  return null;
}

export function checkMonotonicity(compiled: CompiledPolicy, out: DiagnosticList, samples = MONOTONICITY_SAMPLES): void {
  const document = compiled.document;
  const marks = landmarks(document);
  document.inputs.forEach((input, i) => {
    if (!input.direction || (input.type !== 'number' && input.type !== 'integer')) return;
    const next = random(seedOf(`${document.id}/${input.name}`));
    const up = input.direction === 'higherIsBetter' ? 1 : -1;
    for (let n = 0; n < samples; n++) {
      const before: Record<string, unknown> = {};
      for (const other of document.inputs) if (other.required || next() < 0.85) before[other.name] = valueFor(other, marks, next);
      if (typeof before[input.name] !== 'number') before[input.name] = valueFor({ ...input, required: true }, marks, next);
      const from = before[input.name] as number;
      // The improvement: to a landmark beyond the value, or by a step.
      const beyond = marks.filter((m) => (m - from) * up > 0);
      const target = beyond.length > 0 && next() < 0.6 ? beyond[Math.floor(next() * beyond.length)]! : from + up * (next() < 0.5 ? 1 : Math.abs(from) * 0.2 + 1);
      const after = { ...before, [input.name]: input.type === 'integer' ? Math.round(target) : target };
      if (after[input.name] === from) continue;
      const a = checkFacts(compiled, before);
      const b = checkFacts(compiled, after);
      if (!a.ok || !b.ok) continue;
      const worse = worsening(compiled.evaluate(a.facts), compiled.evaluate(b.facts), document);
      if (worse) {
        out.report('MONOTONICITY_VIOLATION', pointer('inputs', i, 'direction'), says('monotonicity', { input: input.name, higherIsBetter: up > 0, from, to: after[input.name] as number, worse }), { counterexample: { before, after } });
        return;
      }
    }
  });
}
