/**
 * Which arm of a champion/challenger experiment answers a customer. Deterministic: the SHA-256 of
 * (policy, customer, the experiment's salt) places the customer at a point u in [0, 1); the
 * customer goes to the challenger when u < share. So a customer always lands in the same arm,
 * customers are spread evenly whatever their ids look like, a new salt redraws the split, and
 * raising the share only moves customers from the champion to the challenger, never back.
 */
import { sha256 } from '@noble/hashes/sha2';
import { utf8ToBytes } from '@noble/hashes/utils';
import type { Arm } from './monitoring-schema.js';

/** The challenger may take at most half the traffic: the champion stays the policy of record. */
export const MAX_CHALLENGER_PERCENT = 50;

export interface ArmAssignment {
  arm: Arm;
  /** The customer's point in [0, 1): challenger when below challengerPercent / 100. */
  position: number;
}

/**
 * The customer's point in [0, 1): the first 48 bits of SHA-256 over the JSON array
 * [policyId, customerId, salt] (JSON, so no two different triples share the hashed text).
 */
export function experimentPosition(policyId: string, customerId: string, salt: string): number {
  const digest = sha256(utf8ToBytes(JSON.stringify([policyId, customerId, salt])));
  let value = 0;
  for (let i = 0; i < 6; i++) value = value * 256 + digest[i]!;
  return value / 2 ** 48;
}

export function assignArm(input: { policyId: string; customerId: string; salt: string; challengerPercent: number }): ArmAssignment {
  const { challengerPercent } = input;
  if (!Number.isFinite(challengerPercent) || challengerPercent < 0 || challengerPercent > MAX_CHALLENGER_PERCENT) {
    throw new RangeError(`challengerPercent must be a number from 0 to ${MAX_CHALLENGER_PERCENT} (got ${challengerPercent})`);
  }
  const position = experimentPosition(input.policyId, input.customerId, input.salt);
  return { arm: position * 100 < challengerPercent ? 'challenger' : 'champion', position };
}
