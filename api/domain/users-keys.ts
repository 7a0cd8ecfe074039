/**
 * People and their keys: who is calling (with what they may do), creating users, issuing a key
 * (shown once: only its hash is kept) and revoking it (keys are read from the store on every
 * request, so a revoked key fails from the next request on, in every process).
 */
import { generateKey, keyRecord, type Caller } from '../auth/api-keys.js';
import { ROLE_PERMISSIONS } from '../auth/permissions.js';
import type { Services } from '../services.js';
import type { ApiKeyRecord, Role, UserRecord } from '../store/store.js';
import { keyCreated, keyRevoked, userCreated } from './audit-events.js';
import { auditContext } from './draft-lifecycle.js';
import type { Actor } from './context.js';
import { DomainError } from './errors.js';

/** What a list shows of a key: never its hash. */
export const keyInfo = (k: ApiKeyRecord) => ({
  id: k.id,
  userId: k.userId,
  prefix: k.prefix,
  createdAt: k.createdAt,
  revokedAt: k.revokedAt,
  expiresAt: k.expiresAt ?? null,
  lastUsedAt: k.lastUsedAt ?? null,
});

export function whoAmI(caller: Caller) {
  const { id, name, roles, delegationLevel } = caller.user;
  const permissions = [...new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r] ?? []))].sort();
  return { id, name, roles, delegationLevel, permissions };
}

export async function listUsers({ store }: Pick<Services, 'store'>) {
  const users = await store.listUsers();
  const keys = await Promise.all(users.map((u) => store.listApiKeys(u.id)));
  return users.map((u, i) => ({ ...u, keys: keys[i]!.map(keyInfo) }));
}

export async function createUser({ store, clock }: Pick<Services, 'store' | 'clock'>, actor: Actor, input: { id: string; name: string; roles: Role[]; delegationLevel?: string | null }) {
  const user: UserRecord = { id: input.id, name: input.name, roles: input.roles, delegationLevel: input.delegationLevel ?? null, createdAt: clock.now().toISOString(), disabled: false };
  return store.createUser(user, userCreated(user, auditContext(actor, null, { userId: user.id, roles: user.roles })));
}

/** A new key for a user, optionally expiring: the secret is in the answer and nowhere else. */
export async function issueKey(
  { store, clock }: Pick<Services, 'store' | 'clock'>,
  actor: Actor,
  userId: string,
  options: { expiresInDays?: number; comment?: string | null } = {},
) {
  if (!(await store.getUser(userId))) throw new DomainError('NOT_FOUND', `No user "${userId}".`);
  const key = generateKey();
  const now = clock.now();
  const expiresAt = options.expiresInDays ? new Date(now.getTime() + options.expiresInDays * 86_400_000).toISOString() : null;
  const record = keyRecord(userId, key, now.toISOString(), expiresAt);
  const saved = await store.createApiKey(record, keyCreated(record, auditContext(actor, options.comment?.trim() || null, { userId })));
  return { ...keyInfo(saved), key };
}

/** A user's keys, oldest first (never the secrets). */
export async function listUserKeys({ store }: Pick<Services, 'store'>, userId: string) {
  if (!(await store.getUser(userId))) throw new DomainError('NOT_FOUND', `No user "${userId}".`);
  const keys = await store.listApiKeys(userId);
  return keys.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0)).map(keyInfo);
}

export async function revokeKey({ store }: Pick<Services, 'store'>, actor: Actor, keyId: string) {
  const key = await store.getApiKey(keyId);
  if (!key) throw new DomainError('NOT_FOUND', `API key ${keyId} does not exist`);
  if (key.revokedAt) return keyInfo(key); // revoking twice changes nothing and writes no entry
  return keyInfo(await store.revokeApiKey(keyId, keyRevoked(key, auditContext(actor))));
}
