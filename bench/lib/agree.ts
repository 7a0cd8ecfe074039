/** What every peer must agree on, and the loud failure when one does not. */
import type { Decision } from '../../engine/index.js';

export interface ComparableDecision {
  outcome: string;
  riskClass: string | null;
  creditLimit: number | null;
  approvalLevel: string | null;
  collectionScenario: string | null;
}

export function comparable(d: Decision): ComparableDecision {
  return {
    outcome: d.outcome,
    riskClass: d.riskClass,
    creditLimit: d.creditLimit?.gross ?? null,
    approvalLevel: d.approvalLevel,
    collectionScenario: d.collectionScenario?.id ?? null,
  };
}

const FIELDS = ['outcome', 'riskClass', 'creditLimit', 'approvalLevel', 'collectionScenario'] as const;

/** The first differing field, or null when both decisions agree (limits within a cent). */
export function difference(expected: ComparableDecision, actual: ComparableDecision): string | null {
  for (const field of FIELDS) {
    const a = expected[field];
    const b = actual[field];
    const same = typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) < 0.005 : a === b;
    if (!same) return `${field}: expected ${JSON.stringify(a)}, got ${JSON.stringify(b)}`;
  }
  return null;
}

export class DisagreementError extends Error {}

/** Throws on the first customer where `peer` disagrees with the compiled policy. */
export function assertAgree(peer: string, expected: ComparableDecision[], actual: ComparableDecision[], facts: unknown[]): void {
  for (let i = 0; i < expected.length; i++) {
    const diff = difference(expected[i], actual[i]);
    if (diff) throw new DisagreementError(`${peer} disagrees with creditgraph on customer #${i} (${diff}); facts ${JSON.stringify(facts[i])}`);
  }
}
