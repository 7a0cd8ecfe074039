/**
 * Memory flat in history: the SQLite store keeps nothing per logged decision in memory (the log
 * and its indexes are on disk, read through SQLite's page cache, which is bounded), so the live
 * heap after 30,000 more decisions is what it was — the file store's in-memory indexes cost
 * ≈ 40–100 B per decision. Reopening reads no decision either: start-up does not grow with the
 * log (the times are printed; numbers come from the bench, not from assertions).
 */
import { rm } from 'node:fs/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, expect, it } from 'vitest';
import { SqliteStore } from '../../api/store/sqlite-store/sqlite-store.js';
import { decision } from './store-fixtures.js';
import { tempDir } from '../reliability/support/server-process.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const BUDGET_BYTES_PER_DECISION = 8;

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function liveHeap(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

async function log(store: SqliteStore, from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i += 1000) {
    await Promise.all(
      Array.from({ length: 1000 }, (_, k) =>
        store.appendDecision(decision({ decisionId: `mem-${String(i + k).padStart(8, '0')}`, requestId: `r-${i + k}`, customerId: `C-${(i + k) % 5000}`, evaluatedAt: new Date(Date.UTC(2026, 0, 1) + (i + k) * 1000).toISOString() })),
      ),
    );
  }
}

it('the live heap does not grow with the number of logged decisions (the reopen time is printed beside the empty open)', async () => {
  const dataDir = await tempDir('cg-sqlite-mem-');
  dirs.push(dataDir);
  let t = performance.now();
  let store = new SqliteStore({ dataDir, log: () => undefined });
  await store.init();
  const emptyOpenMs = performance.now() - t;
  await log(store, 0, 5_000); // warm-up: statements prepared, page cache filled, JIT done
  // Reads of every kind the API makes, so their caches are warm too.
  await store.listDecisions({ customerId: 'C-7', limit: 1 });
  await store.listDecisions({ policyId: 'p-dec', outcome: 'accept', limit: 50 });
  const before = liveHeap();
  await log(store, 5_000, 30_000);
  await store.listDecisions({ customerId: 'C-7', limit: 1 });
  await store.listDecisions({ policyId: 'p-dec', outcome: 'accept', limit: 50 });
  const after = liveHeap();
  const perDecision = (after - before) / 30_000;
  console.info(`SQLite store: live heap ${(before / 1048576).toFixed(1)} MB → ${(after / 1048576).toFixed(1)} MB over 30,000 logged decisions: ${perDecision.toFixed(1)} B per decision`);
  expect(perDecision).toBeLessThan(BUDGET_BYTES_PER_DECISION);

  await store.close();
  t = performance.now();
  store = new SqliteStore({ dataDir, log: () => undefined });
  await store.init();
  const fullOpenMs = performance.now() - t;
  console.info(`SQLite store: open ${emptyOpenMs.toFixed(1)} ms empty, ${fullOpenMs.toFixed(1)} ms with 35,000 logged decisions`);
  expect((await store.listDecisions({ limit: 1 })).items[0]!.decisionId).toBe('mem-00034999');
  await store.close();
}, 180_000);
