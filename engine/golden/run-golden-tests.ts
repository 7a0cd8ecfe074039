/**
 * Runs a policy's golden tests: every stated expectation must hold; a plain number within 0.005,
 * `{value, tolerance}` within the tolerance (0 = exactly), `{value, decimals}` once the actual value
 * is rounded to that many decimals; `reasons` lists codes that must be present (others may be too).
 * A variable the decision does not return is read from the trace, so any variable can be asserted.
 */
import type { CompiledPolicy } from '../compile/compile-policy.js';
import { checkFacts, type FactError } from '../facts/check-facts.js';
import type { Decision } from '../model/decision-schema.js';
import type { GoldenTest, NumberExpectation } from '../model/policy-schema.js';
import { roundHalfAway } from '../expression/decimal-rounding.js';
import { localizedText } from '../i18n/localized-text.js';

export const NUMBER_TOLERANCE = 0.005;

export interface GoldenFailure {
  field: string;
  expected: unknown;
  actual: unknown;
}

export interface GoldenResult {
  testId: string;
  name: string;
  passed: boolean;
  failures: GoldenFailure[];
  decision: Decision | null;
  factErrors?: FactError[];
}

export function runGoldenTests(compiled: CompiledPolicy): GoldenResult[] {
  return compiled.document.tests.map((test) => runGoldenTest(compiled, test));
}

export function runGoldenTest(compiled: CompiledPolicy, test: GoldenTest): GoldenResult {
  const base = { testId: test.id, name: localizedText(test.name, compiled.document.language ?? 'en') };
  const check = checkFacts(compiled, test.facts);
  if (!check.ok) {
    return { ...base, passed: false, failures: [{ field: 'facts', expected: 'valid facts', actual: check.errors.map((e) => e.message) }], decision: null, factErrors: check.errors };
  }
  const decision = compiled.evaluate(check.facts);
  const failures: GoldenFailure[] = [];
  const expect = test.expect;
  const compare = (field: string, expected: unknown, actual: unknown) => {
    if (expected !== undefined && !same(expected, actual)) failures.push({ field, expected, actual });
  };
  compare('outcome', expect.outcome, decision.outcome);
  compare('approvalLevel', expect.approvalLevel, decision.approvalLevel);
  compare('riskClass', expect.riskClass, decision.riskClass);
  compare('score', expect.score, decision.score);
  compare('creditLimit', expect.creditLimit, decision.creditLimit?.gross ?? null);
  compare('unsecuredLimit', expect.unsecuredLimit, decision.creditLimit?.unsecured ?? null);
  compare('collectionScenario', expect.collectionScenario, decision.collectionScenario?.id ?? null);
  for (const code of expect.reasons ?? []) {
    if (!decision.reasons.some((r) => r.code === code)) failures.push({ field: `reasons`, expected: code, actual: decision.reasons.map((r) => r.code) });
  }
  const expectedVariables = Object.entries(expect.variables ?? {});
  // Variables the decision node does not return: read from the node outputs of a traced run.
  let traced: Record<string, unknown> | null = null;
  const variable = (name: string): unknown => {
    if (Object.prototype.hasOwnProperty.call(decision.variables, name)) return decision.variables[name];
    if (!traced) {
      traced = {};
      for (const entry of compiled.evaluate(check.facts, { trace: true }).trace ?? []) Object.assign(traced, entry.outputs);
    }
    return Object.prototype.hasOwnProperty.call(traced, name) ? traced[name] : null;
  };
  for (const [name, expected] of expectedVariables) compare(`variables.${name}`, expected, variable(name));
  return { ...base, passed: failures.length === 0, failures, decision };
}

function same(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'number' && typeof actual === 'number') return Math.abs(expected - actual) <= NUMBER_TOLERANCE + 1e-9;
  if (expected !== null && typeof expected === 'object') {
    if (typeof actual !== 'number') return false;
    const e = expected as NumberExpectation;
    if ('decimals' in e) return roundHalfAway(actual, e.decimals) === e.value;
    // A tolerance of 0 means exactly; a positive one allows for the binary representation of its bound.
    return e.tolerance === 0 ? actual === e.value : Math.abs(e.value - actual) <= e.tolerance * (1 + 1e-12) + Number.EPSILON * Math.abs(e.value);
  }
  return expected === actual;
}
