/**
 * Each logged decision carries a seal, set before it is appended and checked whenever it is read
 * or verified, built so that a customer's personal data can be erased without breaking it:
 *
 *   personalHash = HMAC-SHA256(customer's salt, canonical {customerId, facts, exposure, requestHash})
 *   recordHash   = sha-256 of the canonical record WITHOUT those personal fields, with personalHash
 *
 * The salt is one random value per customer, kept in the store apart from the log. Erasure removes
 * the personal fields and destroys the salt: the seal still verifies (it never covered them in
 * clear), and nothing left can be linked back to the customer (the digest needs the salt).
 * A decision without a customer id is digested with no salt. A decision logged before seals
 * existed has no recordHash: it is reported as unsealed, never as intact.
 */
import { createHash, createHmac } from 'node:crypto';
import { canonicalHash, canonicalJson } from '../store/canonical-hash.js';
import { plain } from '../store/plain-json.js';
import type { DecisionRecord } from '../store/store.js';

export type SealState = 'intact' | 'altered' | 'unsealed';

/** The fields that identify or describe the customer: outside the hashed content, erasable. */
export const PERSONAL_FIELDS = ['customerId', 'facts', 'exposure', 'requestHash'] as const;

function split(record: DecisionRecord) {
  // erasedAt is set after sealing, by erasure itself (which the audit trail records).
  const { recordHash: _seal, personalHash: _digest, erasedAt: _erased, customerId, facts, exposure, requestHash, ...rest } = plain(record);
  return { rest, personal: { customerId: customerId ?? null, facts: facts ?? null, exposure: exposure ?? null, requestHash: requestHash ?? null } };
}

export function personalDigest(personal: unknown, salt: string | null): string {
  const text = canonicalJson(personal);
  return salt ? createHmac('sha256', Buffer.from(salt, 'hex')).update(text).digest('hex') : createHash('sha256').update(text).digest('hex');
}

const contentHash = (rest: Record<string, unknown>, personalHash: string) => canonicalHash({ ...rest, personalHash });

/** The record with its seal; `salt` is the customer's (null without a customer id). */
export function sealDecision(record: DecisionRecord, salt: string | null): DecisionRecord {
  const { rest, personal } = split(record);
  const personalHash = personalDigest(personal, salt);
  return { ...record, personalHash, recordHash: contentHash(rest, personalHash) };
}

/**
 * Checks a record against its seal. `salt`: the customer's salt (null when it has no customer id
 * or has been erased). An erased record (erasedAt set) is checked on what is left.
 */
export function sealState(record: DecisionRecord, salt: string | null): SealState {
  if (typeof record.recordHash !== 'string' || typeof record.personalHash !== 'string') return 'unsealed';
  try {
    const { rest, personal } = split(record);
    if (contentHash(rest, record.personalHash) !== record.recordHash) return 'altered';
    if (record.erasedAt) return personal.customerId === null && personal.facts !== null && Object.keys(personal.facts).length === 0 ? 'intact' : 'altered';
    // A customer id with no salt: only erasure removes a salt, and it removes the id with it.
    if (record.customerId && !salt) return 'altered';
    return personalDigest(personal, record.customerId ? salt : null) === record.personalHash ? 'intact' : 'altered';
  } catch {
    return 'altered'; // not JSON data any more
  }
}

/** The record with its personal data removed; its seal still verifies. */
export function anonymised(record: DecisionRecord, at: string): DecisionRecord {
  const { exposure: _e, ...rest } = record;
  return { ...rest, customerId: null, facts: {}, requestHash: null, erasedAt: at };
}
