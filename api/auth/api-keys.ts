/**
 * API keys: `cg_` + 32 random bytes (base64url). Only the sha-256 of a key is stored; a request's
 * key is hashed and looked up by hash, then compared in constant time, so neither the lookup nor
 * the comparison leaks how much of a guessed key was right.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { ApiKeyRecord, CreditgraphStore, Role, UserRecord } from '../store/store.js';

export const KEY_PREFIX = 'cg_';

export const hashKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

export const generateKey = () => KEY_PREFIX + randomBytes(32).toString('base64url');

export const newKeyId = () => `key_${randomUUID().replaceAll('-', '').slice(0, 20)}`;

/** The first characters shown in key lists so people can tell their keys apart. */
export const keyPrefixOf = (key: string) => key.slice(0, 10);

export function keyRecord(userId: string, key: string, createdAt: string, expiresAt?: string | null): ApiKeyRecord {
  return { id: newKeyId(), userId, keyHash: hashKey(key), prefix: keyPrefixOf(key), createdAt, revokedAt: null, ...(expiresAt ? { expiresAt } : {}) };
}

/** The bearer token of an Authorization header, or null when absent / not a Bearer token. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S{1,512})\s*$/i.exec(header);
  return m ? m[1]! : null;
}

export type { Caller } from './caller.js';
import type { Caller } from './caller.js';

/**
 * Records keys' last use (lastUsedAt) at most once per `everyMs` per key and process, in the
 * background: a request never waits for it, and a failed write is only logged.
 */
export class KeyUsage {
  private readonly touched = new Map<string, number>();
  constructor(
    private readonly store: CreditgraphStore,
    private readonly onError: (err: unknown) => void = () => undefined,
    readonly everyMs = 5 * 60_000,
  ) {}

  used(keyId: string, now: Date): void {
    const last = this.touched.get(keyId);
    if (last !== undefined && now.getTime() - last < this.everyMs) return;
    this.touched.set(keyId, now.getTime());
    if (this.touched.size > 10_000) this.touched.delete(this.touched.keys().next().value!);
    this.store.touchApiKey(keyId, now.toISOString()).catch(this.onError);
  }
}

const expired = (expiresAt: string | null | undefined, now: Date) => typeof expiresAt === 'string' && Date.parse(expiresAt) <= now.getTime();

/**
 * Finds the (enabled) user of a key, or null. Never throws on a bad key. Read from the store on
 * every request (the store may be shared by several processes: a revocation anywhere applies at once).
 */
export async function resolveKey(store: CreditgraphStore, key: string, options: { now?: Date; usage?: KeyUsage } = {}): Promise<Caller | null> {
  if (!key.startsWith(KEY_PREFIX)) return null;
  const now = options.now ?? new Date();
  const hash = hashKey(key);
  const record = await store.findApiKeyByHash(hash);
  if (!record || record.revokedAt !== null || expired(record.expiresAt, now)) return null;
  const expected = Buffer.from(record.keyHash, 'hex');
  const actual = Buffer.from(hash, 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  const user = await store.getUser(record.userId);
  if (!user || user.disabled) return null;
  const caller: Caller = Object.freeze({ user: Object.freeze({ ...user, roles: Object.freeze([...user.roles]) as Role[] }), keyId: record.id, expiresAt: record.expiresAt ?? null });
  options.usage?.used(record.id, now);
  return caller;
}
