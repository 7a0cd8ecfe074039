/**
 * Each logged decision carries `recordHash`: the sha-256 of its canonical JSON (every field but
 * the hash itself), set before it is appended and checked whenever it is read or verified. A
 * decision logged before seals existed has none: it is reported as unsealed, never as intact.
 */
import { canonicalHash } from '../store/canonical-hash.js';
import { plain } from '../store/plain-json.js';
import type { DecisionRecord } from '../store/store.js';

export type SealState = 'intact' | 'altered' | 'unsealed';

/** The hash of a record as it will read back (through JSON: undefined fields dropped). */
export function decisionHash(record: DecisionRecord): string {
  const { recordHash: _seal, ...content } = plain(record);
  return canonicalHash(content);
}

export function sealDecision(record: DecisionRecord): DecisionRecord {
  return { ...record, recordHash: decisionHash(record) };
}

export function sealState(record: DecisionRecord): SealState {
  if (typeof record.recordHash !== 'string') return 'unsealed';
  try {
    return decisionHash(record) === record.recordHash ? 'intact' : 'altered';
  } catch {
    return 'altered'; // not JSON data any more
  }
}
