/**
 * Runs a policy's golden tests: every stated expectation must hold, numbers within 0.005,
 * `reasons` lists codes that must be present (others may be too).
 */
import type { CompiledPolicy } from '../compile/compile-policy.js';
import { checkFacts, type FactError } from '../facts/check-facts.js';
import type { Decision } from '../model/decision-schema.js';
import type { GoldenTest } from '../model/policy-schema.js';

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
  const base = { testId: test.id, name: test.name };
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
  for (const [name, expected] of Object.entries(expect.variables ?? {})) {
    compare(`variables.${name}`, expected, name in decision.variables ? decision.variables[name] : null);
  }
  return { ...base, passed: failures.length === 0, failures, decision };
}

function same(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'number' && typeof actual === 'number') return Math.abs(expected - actual) <= NUMBER_TOLERANCE + 1e-9;
  return expected === actual;
}
