/**
 * A chain whoever holds the disk cannot recompute: each audit entry carries HMAC(server key, hash);
 * rewriting an entry and recomputing every hash (no key needed for that) is detected, with the
 * MACs kept or stripped. A chain written before the key existed still opens and verifies (entries
 * before `keyedFrom` by their plain hash).
 */
import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashAuditEntry, verifyAuditChain } from '../../api/store/audit-chain.js';
import { SqliteStore } from '../../api/store/sqlite-store/sqlite-store.js';
import type { AuditEntry } from '../../api/store/store.js';
import { chainKeyOf } from '../../api/integrity/chain-key.js';
import { keyOf, startTestApp, type TestApp } from '../api/support/test-app.js';
import { testKeys } from '../api/support/test-keys.js';

/** What an attacker with the disk (and no key) can do: rewrite from `seq` on, every hash recomputed. */
function rewriteWithoutKey(dataDir: string, seq: number, change: (e: AuditEntry) => void, macs: 'keep' | 'strip'): void {
  const db = new Database(path.join(dataDir, 'creditgraph.sqlite'));
  try {
    const rows = db.prepare('SELECT seq, json FROM audit WHERE seq >= ? ORDER BY seq').all(seq - 1) as { seq: number; json: string }[];
    let prevHash = (JSON.parse(rows[0]!.json) as AuditEntry).hash;
    const update = db.prepare('UPDATE audit SET hash = ?, json = ? WHERE seq = ?');
    for (const row of rows.slice(1)) {
      const entry = JSON.parse(row.json) as AuditEntry;
      if (entry.seq === seq) change(entry);
      entry.prevHash = prevHash;
      entry.hash = hashAuditEntry(entry);
      if (macs === 'strip') delete entry.mac;
      update.run(entry.hash, JSON.stringify(entry), entry.seq);
      prevHash = entry.hash;
    }
  } finally {
    db.close();
  }
}

describe('the keyed audit chain', () => {
  let t: TestApp;
  const keys = testKeys();
  beforeAll(async () => {
    t = await startTestApp({ app: { keys } });
  });
  afterAll(() => t.close());

  it('MACs every entry with the server key, and verifies', async () => {
    const page = await t.call('GET', '/api/v1/audit?limit=500', { key: keyOf('aude') });
    expect(page.body.items.length).toBeGreaterThan(5);
    for (const e of page.body.items) expect(e).toMatchObject({ mac: expect.stringMatching(/^[0-9a-f]{64}$/), intact: true });
    expect((await t.call('GET', '/api/v1/integrity', { key: keyOf('aude') })).body.audit).toMatchObject({ intact: true });
  });

  it.each(['keep', 'strip'] as const)('detects an entry rewritten with every later hash recomputed without the key (MACs %s)', async (macs) => {
    // The plain hash chain alone is fooled: that is what the key is for.
    const seq = 4;
    rewriteWithoutKey(t.dataDir, seq, (e) => (e.actor = 'someone-else'), macs);
    const entries: AuditEntry[] = [];
    for await (const e of t.store.allAudit()) entries.push(e);
    expect((await verifyAuditChain(entries)).intact).toBe(true);

    const verdict = await t.call('GET', '/api/v1/integrity', { key: keyOf('aude') });
    expect(verdict.body.audit).toMatchObject({ intact: false, firstBrokenSeq: seq });
    expect(verdict.body.audit.problem).toContain(macs === 'keep' ? 'its server MAC does not match' : 'carries no server MAC');
    expect((await t.call('GET', '/api/v1/audit/verify', { key: keyOf('aude') })).body).toMatchObject({ intact: false, firstBrokenSeq: seq });
    const served = (await t.call('GET', '/api/v1/audit?limit=500', { key: keyOf('aude') })).body.items.find((e: AuditEntry) => e.seq === seq);
    expect(served).toMatchObject({ actor: 'someone-else', intact: false });
    // Nothing is signed over a broken chain.
    const checkpoint = await t.call('GET', '/api/v1/audit/checkpoint', { key: keyOf('aude') });
    expect(checkpoint.status).toBe(409);
    expect(checkpoint.headers.get('content-type')).toContain('application/problem+json');
    expect((await t.call('GET', '/readyz')).body.integrity.findings).toContainEqual(expect.objectContaining({ kind: 'audit', subject: `audit#${seq}` }));
  });
});

describe('a chain written before the key existed', () => {
  let dataDir = '';
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('still opens: entries before keyedFrom verify by their plain hash, later ones need their MAC', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'creditgraph-legacy-chain-'));
    const old = new SqliteStore({ dataDir });
    await old.init();
    for (const i of [1, 2, 3]) await old.appendAudit({ action: 'policy.created', policyId: `p${i}`, audit: { actor: 'ana', comment: `before the key ${i}` } });
    await old.close();

    const keys = testKeys(4); // what the server records at its first start with the key: last seq + 1
    const keyed = new SqliteStore({ dataDir, auditKey: keys.auditKey });
    await keyed.init();
    try {
      await keyed.appendAudit({ action: 'policy.created', policyId: 'p4', audit: { actor: 'ana', comment: 'after the key' } });
      const entries: AuditEntry[] = [];
      for await (const e of keyed.allAudit()) entries.push(e);
      expect(entries.map((e) => typeof e.mac)).toEqual(['undefined', 'undefined', 'undefined', 'string']);
      expect(await verifyAuditChain(entries, chainKeyOf(keys))).toMatchObject({ intact: true, count: 4 });
      // Claiming the whole chain is keyed would flag the old entries: keyedFrom is what makes them legitimate.
      expect(await verifyAuditChain(entries, { key: keys.auditKey, keyedFrom: 1 })).toMatchObject({ intact: false, firstBrokenSeq: 1 });
      // And the keyed part cannot be re-hashed without the key.
      const forged = entries.map((e) => ({ ...e }));
      forged[3]!.comment = 'forged';
      forged[3]!.hash = hashAuditEntry(forged[3]!);
      expect(await verifyAuditChain(forged, chainKeyOf(keys))).toMatchObject({ intact: false, firstBrokenSeq: 4 });
    } finally {
      await keyed.close();
    }
  });
});
