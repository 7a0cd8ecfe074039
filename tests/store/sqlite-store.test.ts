/**
 * SQLite specifics the contract cannot express (ported from the file store's own tests): the
 * state is exactly the same after a reopen, and an audit entry deleted or edited in the database
 * file is found by the chain check.
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../api/store/audit-chain.js';
import { DATABASE_FILE } from '../../api/store/sqlite-store/database.js';
import { SqliteStore } from '../../api/store/sqlite-store/sqlite-store.js';
import type { ApiKeyRecord, AuditEntry, CreditgraphStore, UserRecord } from '../../api/store/store.js';
import { keyCreated, userCreated } from '../../api/domain/audit-events.js';
import { tempDir } from '../reliability/support/server-process.js';
import { decision, policyDoc, writes } from './store-fixtures.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function open(dataDir: string): Promise<SqliteStore> {
  const store = new SqliteStore({ dataDir, log: () => undefined });
  await store.init();
  return store;
}

const who = (actor: string, comment?: string) => ({ actor, comment });

/** Everything observable through the interface, for before/after comparisons. */
async function dump(store: CreditgraphStore) {
  const policies = await store.listPolicies();
  const audit: AuditEntry[] = [];
  for await (const e of store.allAudit()) audit.push(e);
  const perPolicy = await Promise.all(
    policies.map(async (p) => ({
      draft: await store.getDraft(p.id),
      versions: await Promise.all((await store.listVersions(p.id)).map((v) => store.getVersion(p.id, v.version))),
    })),
  );
  const users = await store.listUsers();
  const keys = await Promise.all(users.map((u) => store.listApiKeys(u.id)));
  const decisions = (await store.listDecisions({ limit: 500 })).items;
  return { policies, perPolicy, audit, users, keys, decisions };
}

async function workload(store: CreditgraphStore, id: string) {
  const draft = await writes.create(store, policyDoc(id), 'ana', 'create');
  const saved = await writes.save(store, policyDoc(id, 'edited'), draft.etag);
  const sub = await writes.submit(store, id, saved.etag);
  await writes.publish(store, id, sub.etag);
  const user: UserRecord = { id: `u-${id}`, name: 'U', roles: ['viewer'], delegationLevel: null, createdAt: '2026-01-01T00:00:00.000Z', disabled: false };
  await store.createUser(user, userCreated(user, who('adam')));
  const key: ApiKeyRecord = { id: `k-${id}`, userId: `u-${id}`, keyHash: createHash('sha256').update(id).digest('hex'), prefix: 'cg_x', createdAt: '2026-01-01T00:00:00.000Z', revokedAt: null };
  await store.createApiKey(key, keyCreated(key, who('adam')));
  for (let i = 0; i < 5; i++) await store.appendDecision(decision({ policyId: id, requestId: `${id}-r${i}` }));
}

async function storeWithWorkload(): Promise<string> {
  const dir = await tempDir('cg-sqlite-');
  dirs.push(dir);
  const store = await open(dir);
  await workload(store, 'p-a');
  await workload(store, 'p-b');
  await store.close();
  return dir;
}

describe('SQLite store: persistence', () => {
  it('reopens with exactly the state it had', async () => {
    const dir = await tempDir('cg-sqlite-');
    dirs.push(dir);
    const store = await open(dir);
    await workload(store, 'p-a');
    await workload(store, 'p-b');
    const before = await dump(store);
    expect(before.decisions).toHaveLength(10);
    await store.close();
    const reopened = await open(dir);
    try {
      expect(await dump(reopened)).toStrictEqual(before);
      expect((await verifyAuditChain(reopened.allAudit())).intact).toBe(true);
    } finally {
      await reopened.close();
    }
  });
});

describe('SQLite store: tampering with the database file', () => {
  async function tampered(sql: string) {
    const dir = await storeWithWorkload();
    const db = new Database(path.join(dir, DATABASE_FILE));
    expect(db.prepare(sql).run().changes).toBe(1);
    db.close();
    const store = await open(dir);
    try {
      return await verifyAuditChain(store.allAudit());
    } finally {
      await store.close();
    }
  }

  it('detects a deleted entry', async () => {
    expect(await tampered('DELETE FROM audit WHERE seq = 2')).toMatchObject({ intact: false, firstBrokenSeq: 2 });
  });

  it('detects an edited entry', async () => {
    const report = await tampered(`UPDATE audit SET json = replace(json, '"actor":"ana"', '"actor":"mallory"') WHERE seq = 2`);
    expect(report).toMatchObject({ intact: false, firstBrokenSeq: 2 });
  });
});
