/** The chain key verification uses: the audit key and where keying began (null: an unkeyed chain). */
import type { ChainKey } from '../store/audit-chain.js';
import type { ServerKeys } from './server-keys.js';

export const chainKeyOf = (keys: ServerKeys | null): ChainKey | null => (keys ? { key: keys.auditKey, keyedFrom: keys.keyedFrom ?? 1 } : null);
