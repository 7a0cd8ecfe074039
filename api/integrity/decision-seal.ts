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
import { configure } from 'safe-stable-stringify';
import type { DecisionRecord } from '../store/store.js';

/**
 * RFC 8785 text of the record as JSON would store it: keys sorted by UTF-16 code units, numbers
 * and strings as JSON.stringify writes them, undefined dropped, NaN as null — the same text as
 * `canonicalize(JSON.parse(JSON.stringify(v)))` (what seals were built with before; a property
 * test compares both) in one pass instead of three, so sealing stays off the decision's hot path.
 */
const canonicalJson = configure({ deterministic: true, bigint: false, circularValue: TypeError }) as (value: unknown) => string;
const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

export type SealState = 'intact' | 'altered' | 'unsealed';

/** The fields that identify or describe the customer: outside the hashed content, erasable. */
export const PERSONAL_FIELDS = ['customerId', 'facts', 'exposure', 'requestHash'] as const;

function split(record: DecisionRecord) {
  // erasedAt is set after sealing, by erasure itself (which the audit trail records).
  // No JSON copy first: the canonical text below drops what a JSON copy would (undefined fields).
  const { recordHash: _seal, personalHash: _digest, erasedAt: _erased, customerId, facts, exposure, requestHash, ...rest } = record;
  return { rest, personal: { customerId: customerId ?? null, facts: facts ?? null, exposure: exposure ?? null, requestHash: requestHash ?? null } };
}

export function personalDigest(personal: unknown, salt: string | null): string {
  const text = canonicalJson(personal);
  return salt ? createHmac('sha256', Buffer.from(salt, 'hex')).update(text).digest('hex') : createHash('sha256').update(text).digest('hex');
}

const contentHash = (rest: Record<string, unknown>, personalHash: string) => sha256Hex(canonicalJson({ ...rest, personalHash }));

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
