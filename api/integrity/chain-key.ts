/**
 * The chain key verification uses: the audit key and where keying began. Null — no MAC checked —
 * without keys, or while keyedFrom is unknown (a chain verified by plain hashes only).
 */
import type { ChainKey } from '../store/audit-chain.js';
import type { ServerKeys } from './server-keys.js';

export const chainKeyOf = (keys: ServerKeys | null): ChainKey | null => (keys && keys.keyedFrom !== null ? { key: keys.auditKey, keyedFrom: keys.keyedFrom } : null);
