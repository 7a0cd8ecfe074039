/**
 * SqliteStore.bulkLoad (the scale bench's data generation, issue 23): rows built by decisionRow go
 * through the decision log's own writer, so what it writes reads back exactly as appended decisions
 * — through the log's queries, seals intact with the salts the writer stored, every decision in the
 * chain (the domain's verification accepts it), the audit chain unbroken after entries in bulk.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealDecision, sealState } from '../../api/integrity/decision-seal.js';
import { IntegrityMonitor } from '../../api/integrity/integrity-monitor.js';
import { verifyDecisionChain } from '../../api/domain/decision-chain.js';
import { verifyAuditChain } from '../../api/store/audit-chain.js';
import { decisionRow } from '../../api/store/sqlite-store/decision-log.js';
import { SqliteStore } from '../../api/store/sqlite-store/sqlite-store.js';
import type { AuditAction } from '../../api/store/store.js';
import { decision } from './store-fixtures.js';

describe('SQLite bulk load (scale bench data generation)', () => {
  let dataDir: string;
  let store: SqliteStore;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'cg-bulk-'));
    store = new SqliteStore({ dataDir, log: () => undefined });
    await store.init();
  });
  afterAll(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes salts, sealed and chained decisions and audit entries that read back as appended ones', async () => {
    const salts = { 'C-1': '11'.repeat(32), 'C-2': '22'.repeat(32) };
    const records = Array.from({ length: 40 }, (_, i) =>
      sealDecision(decision({ customerId: `C-${(i % 2) + 1}`, evaluatedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() }), i % 2 ? salts['C-2'] : salts['C-1']),
    );
    // Each customer's first row carries its salt, as the decision endpoint's first decision does.
    const rows = records.map((r, i) => ({ ...decisionRow(r).item, ...(i < 2 ? { newSalt: salts[r.customerId as 'C-1' | 'C-2'] } : {}) }));
    const audit = Array.from({ length: 5 }, (_, i) => ({ action: 'bench.filler' as AuditAction, policyId: 'p', audit: { actor: 'bench', comment: `entry ${i}` } }));
    await store.bulkLoad({ rows: rows.slice(0, 20), audit: audit.slice(0, 2) });
    await store.bulkLoad({ rows: rows.slice(20), audit: audit.slice(2) });
    // One more of each through the ordinary paths: both chains continue from the bulk-loaded part.
    await store.appendAudit({ action: 'bench.filler' as AuditAction, audit: { actor: 'bench' } });
    await store.appendDecision(sealDecision(decision({ customerId: 'C-1', evaluatedAt: '2026-01-01T00:01:00.000Z' }), salts['C-1']));

    expect(await store.customerSalts(['C-1', 'C-2'], false)).toEqual(salts);
    const page = await store.listDecisions({ customerId: 'C-2', limit: 100 });
    expect(page.items.map((r) => r.decisionId)).toEqual(records.filter((r) => r.customerId === 'C-2').map((r) => r.decisionId).reverse());
    for (const r of records) {
      const stored = (await store.getDecision(r.decisionId))!;
      expect(stored).toEqual({ ...r, requestId: null });
      expect(sealState(stored, salts[stored.customerId as 'C-1' | 'C-2'])).toBe('intact');
    }
    const entries = [];
    for await (const e of store.allAudit()) entries.push(e);
    expect(entries).toHaveLength(6);
    expect((await verifyAuditChain(entries)).intact).toBe(true);
    expect(await store.decisionChainHead()).toMatchObject({ seq: 41 });
    const now = new Date('2026-06-01T00:00:00.000Z');
    const report = await verifyDecisionChain({ store, clock: { now: () => now }, integrity: new IntegrityMonitor(pino({ level: 'silent' }), () => now), keys: null });
    expect(report).toMatchObject({ intact: true, checked: 41, head: 41, unchained: 0, problem: null });
  });

  it('refuses a row the writer would refuse (a decision id logged already), naming it', async () => {
    const r = sealDecision(decision({ customerId: 'C-1' }), '11'.repeat(32));
    await store.bulkLoad({ rows: [decisionRow(r).item] });
    await expect(store.bulkLoad({ rows: [decisionRow(r).item] })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(r.decisionId) });
  });
});
