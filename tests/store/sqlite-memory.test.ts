/**
 * Memory flat in history: the SQLite store keeps nothing per logged decision in memory (the log
 * and its indexes are on disk, read through SQLite's page cache, which is bounded), so the live
 * heap after 30,000 more decisions is what it was — the removed file store's in-memory indexes
 * cost ≈ 40–100 B per decision. Start-up does not depend on the log's size: opening runs the same
 * statements on a database of 35,000 decisions as on an empty one, and none reads the decision
 * log (traced, not timed: numbers come from the bench, never from assertions).
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
let fullDir = ''; // the 35,000-decision folder of the first test
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

it('the live heap does not grow with the number of logged decisions', async () => {
  const dataDir = await tempDir('cg-sqlite-mem-');
  dirs.push(dataDir);
  let store = new SqliteStore({ dataDir, log: () => undefined });
  await store.init();
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
  store = new SqliteStore({ dataDir, log: () => undefined });
  await store.init();
  expect((await store.listDecisions({ limit: 1 })).items[0]!.decisionId).toBe('mem-00034999');
  await store.close();
  fullDir = dataDir;
}, 180_000);

/** The SQL statements the store's connection runs while it opens (`init()`), in order. */
async function statementsOfOpening(dataDir: string): Promise<{ opening: string[]; afterwards: string[] }> {
  const sql: string[] = [];
  const store = new SqliteStore({ dataDir, log: () => undefined, trace: (q) => sql.push(q) });
  await store.init();
  const opening = sql.splice(0);
  try {
    await store.listDecisions({ customerId: 'C-7', limit: 1 }); // a read of the log after opening: the trace sees it
    return { opening, afterwards: sql.splice(0) };
  } finally {
    await store.close();
  }
}

it('opening does not read the decision log: the same statements with 35,000 decisions as with none, none on the decisions table', async () => {
  expect(fullDir, 'needs the folder of the heap test').not.toBe('');
  const emptyDir = await tempDir('cg-sqlite-open-');
  dirs.push(emptyDir);
  const created = new SqliteStore({ dataDir: emptyDir, log: () => undefined }); // schema made once, as on the full folder
  await created.init();
  await created.close();

  const empty = await statementsOfOpening(emptyDir);
  const full = await statementsOfOpening(fullDir);
  expect(full.opening.length).toBeGreaterThan(0); // the trace works
  expect(full.opening).toEqual(empty.opening); // start-up does the same work whatever the log's size
  expect(full.opening.filter((q) => /\bdecisions\b/i.test(q))).toEqual([]);
  expect(full.afterwards.some((q) => /\bFROM decisions\b/i.test(q))).toBe(true); // …and would have shown a read of the log
});
