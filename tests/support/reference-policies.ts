/**
 * The reference policies of rulesets/, as every test reads them: one source, no frozen copies (a
 * copy drifts: the old workflow fork lacked the negative-net-worth fix). Each call returns a fresh
 * copy the test may change.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Facts, PolicyDocument } from '../../engine/model/policy-schema.js';

export const RULESETS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'rulesets');

export type ReferencePolicyId = 'b2b-standard' | 'order-release' | 'payment-plan';

const parsed = new Map<ReferencePolicyId, PolicyDocument>();

export function referencePolicy(id: ReferencePolicyId): PolicyDocument {
  if (!parsed.has(id)) parsed.set(id, JSON.parse(readFileSync(path.join(RULESETS_DIR, `${id}.json`), 'utf8')) as PolicyDocument);
  return structuredClone(parsed.get(id)!);
}

/** The facts of one of the policy's golden tests. */
export function goldenFacts(id: ReferencePolicyId, testId: string): Facts {
  const test = referencePolicy(id).tests?.find((t) => t.id === testId);
  if (!test) throw new Error(`${id} has no golden test ${testId}`);
  return test.facts;
}

/** domain.md's worked example in b2b-standard: class B, limit 28,000, 25,000 asked → accept. */
export const B2B_WORKED_EXAMPLE = goldenFacts('b2b-standard', 'worked-example-class-b');
