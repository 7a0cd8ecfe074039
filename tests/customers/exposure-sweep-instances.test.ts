/**
 * The daily exposure watch runs inside the workflow's lease-protected sweep: with two instances on
 * one data folder (two SQLite connections, as two processes have) sweeping at once, the items are
 * re-aged by one of them and the alert is raised once, with one audit entry.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createCustomer } from '../../api/domain/customers.js';
import { exposureSweep, feedOpenItems } from '../../api/domain/customer-exposure.js';
import { SqliteStore } from '../../api/store/sqlite-store/sqlite-store.js';
import type { AuditEntry, CreditgraphStore } from '../../api/store/store.js';
import { Workflow } from '../../api/workflow/workflow.js';
import { FakeClock } from '../workflow/workflow-app.js';

const logger = pino({ level: 'silent' });
let dataDir = '';
let storeA: SqliteStore;
let storeB: SqliteStore;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'cg-exposure-instances-'));
  storeA = new SqliteStore({ dataDir, log: () => undefined });
  storeB = new SqliteStore({ dataDir, log: () => undefined });
  await storeA.init();
  await storeB.init();
});
afterEach(async () => {
  await storeA.close();
  await storeB.close();
  await rm(dataDir, { recursive: true, force: true });
});

function instance(store: CreditgraphStore, clock: FakeClock, instanceId: string) {
  const workflow = new Workflow(store, clock, logger, { instanceId, sweepIntervalMs: 60_000 });
  workflow.addSweep(() => exposureSweep({ store, clock, workflow }));
  return workflow;
}

async function entries(store: CreditgraphStore, action: string): Promise<AuditEntry[]> {
  const all: AuditEntry[] = [];
  for await (const e of store.allAudit()) if (e.action === action) all.push(e);
  return all;
}

it('re-ages once per pass across instances: one alert, one entry', async () => {
  const clock = new FakeClock(Date.parse('2026-05-01T08:00:00.000Z'));
  const [a, b] = [instance(storeA, clock, 'A'), instance(storeB, clock, 'B')];
  const ctx = { store: storeA, clock, workflow: a };
  await createCustomer(ctx, { id: 'erp' }, { customerId: 'W-1', identity: { name: 'Watched', currency: 'EUR' } });
  await feedOpenItems(ctx, { id: 'erp' }, [{ id: 'I-1', customerId: 'W-1', kind: 'invoice', amount: 700, currency: 'EUR', issueDate: '2026-04-01', dueDate: '2026-05-02', status: 'open' }]);
  expect((await storeB.getExposure('W-1'))?.aged.notDue).toBe(700);

  clock.advanceHours(48); // 3 May: the invoice is a day late
  const [fromA, fromB] = await Promise.all([a.sweep(), b.sweep()]);
  expect([...fromA, ...fromB].map((x) => x.type)).toEqual(['exposure.overdueGrowth']);
  expect(await entries(storeA, 'alert.raised')).toHaveLength(1);
  expect(await storeB.getExposure('W-1')).toMatchObject({ asOfDate: '2026-05-03', aged: { notDue: 0, d1to30: 700 } });
  // Within the day, nothing more to do for either.
  clock.advanceHours(1);
  expect([...(await a.sweep()), ...(await b.sweep())]).toEqual([]);
});
