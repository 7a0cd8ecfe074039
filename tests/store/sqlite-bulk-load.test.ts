/**
 * SqliteStore.bulkLoad (the scale bench's data generation, issue 23): what it writes reads back
 * exactly as if appended one by one — decisions through the log's queries, seals intact with the
 * salts stored beside them, the audit chain unbroken after entries appended in bulk.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealDecision, sealState } from '../../api/integrity/decision-seal.js';
import { verifyAuditChain } from '../../api/store/audit-chain.js';
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

  it('writes salts, sealed decisions and audit entries that read back as appended ones', async () => {
    const salts = { 'C-1': '11'.repeat(32), 'C-2': '22'.repeat(32) };
    const records = Array.from({ length: 40 }, (_, i) =>
      sealDecision(decision({ customerId: `C-${(i % 2) + 1}`, evaluatedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() }), i % 2 ? salts['C-2'] : salts['C-1']),
    );
    const audit = Array.from({ length: 5 }, (_, i) => ({ action: 'bench.filler' as AuditAction, policyId: 'p', audit: { actor: 'bench', comment: `entry ${i}` } }));
    await store.bulkLoad({ salts, decisions: records.slice(0, 20), audit: audit.slice(0, 2) });
    await store.bulkLoad({ decisions: records.slice(20), audit: audit.slice(2) });
    // One more through the ordinary path: the chain continues from the bulk-loaded entries.
    await store.appendAudit({ action: 'bench.filler' as AuditAction, audit: { actor: 'bench' } });

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
  });
});
