/**
 * What a first start puts in an empty store: the reference policies of rulesets/ (published,
 * active version 1) and the people who can use them (an admin; outside production, demo users).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { PolicyDocument } from '../engine/index.js';
import type { CreditgraphStore, Role, UserRecord } from './store/store.js';
import { generateKey, hashKey, keyRecord } from './auth/api-keys.js';
import { keyCreated, keyRevoked, userCreated } from './domain/audit-events.js';
import { seedPublishedPolicy } from './domain/publish-activate.js';
import { systemClock } from './domain/context.js';
import { parseJsonStrict } from './http/json-body.js';
import type { Clock } from './services.js';

const SYSTEM = { actor: 'system' };

/**
 * Loads every rulesets/*.json as a published, active version 1 — only when the store holds no
 * policy at all, so a restart never re-imports and a deleted policy stays deleted.
 * A file that does not validate (or fails its golden tests) stays a draft, with an error logged.
 */
export async function seedPolicies(store: CreditgraphStore, dir: string, logger: Logger): Promise<string[]> {
  if ((await store.listPolicies()).length > 0) return [];
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  } catch {
    logger.warn({ dir }, 'no rulesets folder: starting with no policies');
    return [];
  }
  const published: string[] = [];
  for (const file of files) {
    const document = parseJsonStrict(await readFile(path.join(dir, file), 'utf8')) as PolicyDocument;
    const comment = `Loaded from rulesets/${file} at first start`;
    const { published: ok, check } = await seedPublishedPolicy({ store, clock: systemClock }, document, comment);
    if (!ok) {
      logger.error(
        { file, errors: check.diagnostics.filter((d) => d.severity === 'error').slice(0, 5), failedTests: check.golden.filter((g) => !(g as { passed: boolean }).passed).length },
        'reference policy does not validate: left as a draft',
      );
      continue;
    }
    published.push(document.id);
  }
  logger.info({ published }, 'reference policies loaded');
  return published;
}

/** The demo people of the quick start. Their keys are public on purpose: never in production. */
export const DEMO_USERS: { id: string; name: string; roles: Role[]; delegationLevel: string | null; key: string }[] = [
  { id: 'ana', name: 'Ana (author)', roles: ['author'], delegationLevel: null, key: 'cg_demo_author' },
  { id: 'paul', name: 'Paul (approver)', roles: ['approver'], delegationLevel: 'creditManager', key: 'cg_demo_approver' },
  { id: 'aude', name: 'Aude (auditor)', roles: ['auditor'], delegationLevel: null, key: 'cg_demo_auditor' },
  { id: 'erp', name: 'ERP (system client)', roles: ['system'], delegationLevel: null, key: 'cg_demo_system' },
];

export interface IssuedKey {
  userId: string;
  roles: Role[];
  key: string;
  /** Printed once: it cannot be shown again (only its hash is kept). */
  secret: boolean;
}

async function ensureUser(store: CreditgraphStore, user: Omit<UserRecord, 'createdAt' | 'disabled'>, clock: Clock): Promise<boolean> {
  if (await store.getUser(user.id)) return false;
  const record: UserRecord = { ...user, createdAt: clock.now().toISOString(), disabled: false };
  await store.createUser(record, userCreated(record, { ...SYSTEM, comment: 'first start' }));
  return true;
}

/** Registers the key unless known; false when it is known but revoked (a revoked key stays revoked). */
async function ensureKey(store: CreditgraphStore, userId: string, key: string, clock: Clock): Promise<boolean> {
  const found = await store.findApiKeyByHash(hashKey(key));
  if (found) return found.revokedAt === null;
  const record = keyRecord(userId, key, clock.now().toISOString());
  await store.createApiKey(record, keyCreated(record, { ...SYSTEM, comment: 'first start' }));
  return true;
}

/**
 * The admin: `CREDITGRAPH_ADMIN_KEY` when given (registered if new), else a generated key on the
 * very first start only. Demo users get their well-known keys when `demo` is on.
 */
export async function ensureUsers(store: CreditgraphStore, options: { adminKey?: string | null; demo: boolean }, clock: Clock): Promise<IssuedKey[]> {
  const issued: IssuedKey[] = [];
  const adminCreated = await ensureUser(store, { id: 'admin', name: 'Administrator', roles: ['admin'], delegationLevel: null }, clock);
  if (options.adminKey) {
    if (!options.adminKey.startsWith('cg_') || options.adminKey.length < 20) throw new Error('CREDITGRAPH_ADMIN_KEY must start with "cg_" and be at least 20 characters long.');
    await ensureKey(store, 'admin', options.adminKey, clock);
  } else if (adminCreated) {
    const key = generateKey();
    await ensureKey(store, 'admin', key, clock);
    issued.push({ userId: 'admin', roles: ['admin'], key, secret: true });
  }
  if (options.demo) {
    for (const u of DEMO_USERS) {
      await ensureUser(store, { id: u.id, name: u.name, roles: u.roles, delegationLevel: u.delegationLevel }, clock);
      if (await ensureKey(store, u.id, u.key, clock)) issued.push({ userId: u.id, roles: u.roles, key: u.key, secret: false });
    }
  }
  return issued;
}

/**
 * Demo users off (production, or CREDITGRAPH_DEMO_USERS=0): their well-known keys are public, so
 * any that a earlier start registered are revoked now, each with an audit entry. Revocation is
 * final: turning demo users back on later does not revive them (use a fresh data folder).
 */
export async function revokeDemoKeys(store: CreditgraphStore, reason: string): Promise<{ userId: string; keyId: string }[]> {
  const revoked: { userId: string; keyId: string }[] = [];
  for (const u of DEMO_USERS) {
    const found = await store.findApiKeyByHash(hashKey(u.key));
    if (!found || found.revokedAt !== null) continue;
    await store.revokeApiKey(found.id, keyRevoked(found, { ...SYSTEM, comment: `Demo key revoked at start: ${reason}`, details: { userId: u.id, keyId: found.id, demo: true } }));
    revoked.push({ userId: u.id, keyId: found.id });
  }
  return revoked;
}
