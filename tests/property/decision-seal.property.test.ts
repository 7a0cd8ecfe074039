/**
 * Seals are built from a one-pass canonical text (safe-stable-stringify) since issue 23; before, from
 * canonicalize(JSON copy of the record). Both must give the very same seal on any record, or every
 * decision logged before would read as altered: this compares them on random records.
 */
import { createHash, createHmac } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sealDecision, sealState } from '../../api/integrity/decision-seal.js';
import type { DecisionRecord } from '../../api/store/store.js';
import { seeded } from './fast-check-seed.js';

const canonicalize = canonicalizeModule as unknown as (v: unknown) => string;

/** The seal as it was computed before (reference implementation, kept here on purpose). */
function referenceSeal(record: DecisionRecord, salt: string | null) {
  const { recordHash: _s, personalHash: _d, erasedAt: _e, customerId, facts, exposure, requestHash, ...rest } = JSON.parse(JSON.stringify(record)) as DecisionRecord;
  const text = canonicalize({ customerId: customerId ?? null, facts: facts ?? null, exposure: exposure ?? null, requestHash: requestHash ?? null });
  const personalHash = salt ? createHmac('sha256', Buffer.from(salt, 'hex')).update(text).digest('hex') : createHash('sha256').update(text).digest('hex');
  return { personalHash, recordHash: createHash('sha256').update(canonicalize({ ...rest, personalHash })).digest('hex') };
}

// Keys and strings over awkward code points (surrogates, controls, non-ASCII) so key order and escapes are exercised.
const text = fc.string({ unit: fc.oneof(fc.constantFrom('a', 'B', 'é', '€', '\u2028', '\u0000', '"', '\\', '\ud83d', '\ude00', '😀', '\u007f'), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' })), maxLength: 8 });
const scalar = fc.oneof(
  text,
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(NaN, 0.1 + 0.2, 1e21, 1e-7, -0, 2 ** 53 + 2, 5e-324),
);
const value = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small' }, scalar, tie('arr'), tie('obj')),
  arr: fc.array(tie('any'), { maxLength: 4 }),
  obj: fc.dictionary(text, tie('any'), { maxKeys: 5 }),
})).any;

const record = fc.record({
  decisionId: text,
  customerId: fc.option(text),
  requestHash: fc.option(text),
  facts: fc.dictionary(text, value, { maxKeys: 6 }),
  exposure: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: undefined }),
  decision: fc.dictionary(text, value, { maxKeys: 6 }),
  extra: value,
});

describe('decision seals (issue 23: one-pass canonical text)', () => {
  it('seal exactly as the reference (canonicalize of a JSON copy) on random records, and read back intact', () => {
    fc.assert(
      fc.property(record, fc.constantFrom('00'.repeat(32), 'ab'.repeat(32)), (r, customerSalt) => {
        const rec = r as unknown as DecisionRecord;
        const salt = rec.customerId ? customerSalt : null; // as the domain passes it: no customer, no salt
        const sealed = sealDecision(rec, salt);
        expect({ personalHash: sealed.personalHash, recordHash: sealed.recordHash }).toEqual(referenceSeal(rec, salt));
        const stored = JSON.parse(JSON.stringify(sealed)) as DecisionRecord;
        expect(sealState(stored, salt)).toBe('intact');
      }),
      seeded('decision-seal.property', { numRuns: 400 }),
    );
  });
});
