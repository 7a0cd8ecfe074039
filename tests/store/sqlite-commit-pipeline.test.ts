/**
 * The SQLite decision log's group commit keeps two batches at the commit worker (the next one is
 * sent before the first is answered): each append is still answered only once its own batch is
 * committed, duplicates across batches are still found, and the chain follows the commit order.
 * Checked from a second connection, as another process would see the file.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyDecisionChain } from '../../api/domain/decision-chain.js';
import { IntegrityMonitor } from '../../api/integrity/integrity-monitor.js';
import { DATABASE_FILE } from '../../api/store/sqlite-store/database.js';
import { SqliteStore } from '../../api/store/sqlite-store/sqlite-store.js';
import { tempDir } from '../reliability/support/server-process.js';
import { decision } from './store-fixtures.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const nextTurn = () => new Promise<void>((r) => setImmediate(r));

describe('SQLite decision log: pipelined group commit', () => {
  it('answers each append after its commit, across overlapping batches, with one unbroken chain', async () => {
    const dataDir = await tempDir('creditgraph-pipeline-');
    dirs.push(dataDir);
    const store = new SqliteStore({ dataDir, log: () => undefined });
    await store.init();
    const reader = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
    const committed = reader.prepare<[string], { one: number }>('SELECT 1 AS one FROM decisions WHERE decision_id = ?');
    try {
      const answered: string[] = [];
      const notYetCommitted: string[] = [];
      const pending: Promise<unknown>[] = [];
      // Waves a turn of the event loop apart: each becomes a batch while earlier ones are at the worker.
      for (let wave = 0; wave < 12; wave++) {
        for (let i = 0; i < 25; i++) {
          // Every wave repeats one requestId of the first wave: found as a duplicate whichever batch holds it.
          const record = decision({ requestId: i === 0 ? 'same-request' : `w${wave}-${i}`, customerId: `c-${i % 5}` });
          pending.push(
            store.appendDecision(record).then(({ record: r, duplicate }) => {
              if (duplicate) return;
              answered.push(r.decisionId);
              if (!committed.get(r.decisionId)) notYetCommitted.push(r.decisionId);
            }),
          );
        }
        await nextTurn();
      }
      await Promise.all(pending);
      expect(notYetCommitted).toEqual([]);
      expect(answered).toHaveLength(12 * 24 + 1);
      expect(reader.prepare('SELECT count(*) AS n FROM decisions').get()).toEqual({ n: answered.length });
      const now = new Date('2026-06-01T00:00:00.000Z');
      const ctx = { store, clock: { now: () => now }, integrity: new IntegrityMonitor(pino({ level: 'silent' }), () => now), keys: null };
      expect(await verifyDecisionChain(ctx)).toMatchObject({ chained: true, intact: true, checked: answered.length, head: answered.length });
    } finally {
      reader.close();
      await store.close();
    }
  });
});
