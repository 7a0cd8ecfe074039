/**
 * Scheduled work on several instances (issue 17), with two stores opened on one data folder —
 * two SQLite connections, as two processes have — and a workflow on each:
 * - the alert sweep runs under a lease: one instance sweeps per interval, the other skips, and
 *   takes over when the holder stops renewing;
 * - webhook deliveries are claimed before they are sent: two instances draining at once POST each
 *   delivery once;
 * - stopping a workflow waits for the delivery under way, so a POST sent is recorded before the
 *   store closes (row 11: otherwise it stays pending and is sent again).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalEvent, webhookCreated } from '../../api/domain/audit-events.js';
import { SqliteStore } from '../../api/store/sqlite-store/sqlite-store.js';
import type { AuditEntry, CreditgraphStore, WebhookRecord } from '../../api/store/store.js';
import { Workflow } from '../../api/workflow/workflow.js';
import { approvalRecord, deliveryRecord } from '../store/store-fixtures.js';
import { eventually } from '../support/eventually.js';
import { FakeClock } from './workflow-app.js';

const logger = pino({ level: 'silent' });
let dataDir = '';
let storeA: SqliteStore;
let storeB: SqliteStore;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'cg-wf-instances-'));
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

const workflow = (store: CreditgraphStore, clock: FakeClock, instanceId: string) =>
  new Workflow(store, clock, logger, { instanceId, sweepIntervalMs: 60_000, webhooks: { allowPrivateTargets: true, jitter: 0, timeoutMs: 5000, pollMs: 0 } });

async function overdue(store: CreditgraphStore, id: string, openedAt: string, dueAt: string) {
  const approval = { ...approvalRecord(id, openedAt, `C-${id}`), dueAt };
  await store.createApproval({ approval, deliveries: [], audit: approvalEvent('approval.opened', approval, { actor: 'erp' }, null) });
}

async function auditActions(store: CreditgraphStore): Promise<AuditEntry[]> {
  const all: AuditEntry[] = [];
  for await (const e of store.allAudit()) all.push(e);
  return all;
}

describe('the alert sweep on two instances', () => {
  it('runs once per pass: one alert and one audit entry; the other instance skips until the holder stops', async () => {
    const clock = new FakeClock(Date.parse('2026-03-05T09:00:00.000Z'));
    const [a, b] = [workflow(storeA, clock, 'A'), workflow(storeB, clock, 'B')];
    await overdue(storeA, 'apr-1', '2026-03-02T09:00:00.000Z', '2026-03-04T09:00:00.000Z');

    const [fromA, fromB] = await Promise.all([a.sweep(), b.sweep()]);
    expect(fromA.length + fromB.length).toBe(1);
    expect((await storeB.listAlerts({ type: 'approval.overdue' })).length).toBe(1);
    expect((await auditActions(storeA)).filter((e) => e.action === 'alert.raised').length).toBe(1);
    const holder = fromA.length ? a : b;
    const other = holder === a ? b : a;

    // A new overdue request within the interval: the other instance's pass is skipped (the lease is
    // the holder's), the holder's next pass raises it.
    await overdue(storeB, 'apr-2', '2026-03-02T10:00:00.000Z', '2026-03-04T10:00:00.000Z');
    clock.ms += 30_000;
    expect(await other.sweep()).toEqual([]);
    expect((await holder.sweep()).map((x) => x.approvalId)).toEqual(['apr-2']);

    // The holder stops sweeping (its instance died): once its lease lapses, the other takes over.
    await overdue(storeA, 'apr-3', '2026-03-02T11:00:00.000Z', '2026-03-04T11:00:00.000Z');
    clock.ms += 59_000;
    expect(await other.sweep()).toEqual([]);
    clock.ms += 1_000;
    expect((await other.sweep()).map((x) => x.approvalId)).toEqual(['apr-3']);
    expect((await auditActions(storeA)).filter((e) => e.action === 'alert.raised').length).toBe(3);
  });
});

/** Counts POSTs per delivery id; `hold` keeps each answer until `release()`. */
function receiver(hold = false) {
  const received: string[] = [];
  const held: (() => void)[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(String(req.headers['creditgraph-delivery']));
      if (hold) held.push(() => res.writeHead(200).end());
      else res.writeHead(200).end();
    });
  });
  return {
    received,
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    listen: () => new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r())),
    release: () => held.splice(0).forEach((end) => end()),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

async function subscribeWithDeliveries(store: CreditgraphStore, url: string, n: number, at: string) {
  const hook: WebhookRecord = { id: 'whk-i', url, events: ['approval.opened'], secret: 'whsec_x', description: null, active: true, createdAt: at, createdBy: 'adam' };
  await store.createWebhook(hook, webhookCreated(hook, { actor: 'adam' }));
  const approval = approvalRecord('apr-w', at, 'C-w');
  const deliveries = Array.from({ length: n }, (_, i) => deliveryRecord(`dlv-${i}`, 'whk-i', 'apr-w', at));
  await store.createApproval({ approval, deliveries, audit: approvalEvent('approval.opened', approval, { actor: 'erp' }, null) });
}

describe('webhook dispatch on two instances', () => {
  it('two instances draining at once POST each delivery once', async () => {
    const rx = receiver();
    await rx.listen();
    try {
      const clock = new FakeClock(Date.parse('2026-03-05T09:00:00.000Z'));
      await subscribeWithDeliveries(storeA, rx.url(), 30, '2026-03-05T08:59:00.000Z');
      const [a, b] = [workflow(storeA, clock, 'A'), workflow(storeB, clock, 'B')];
      const tried = await Promise.all([a.webhooks.drain(), b.webhooks.drain(), a.webhooks.drain(), b.webhooks.drain()]);
      // Whatever each pass got, together they sent all 30, each once.
      await eventually(async () => (await storeB.listDeliveries({ status: 'delivered', limit: 100 })).length === 30 || (await a.webhooks.drain(), false));
      expect(rx.received.length).toBe(30);
      expect(new Set(rx.received).size).toBe(30);
      expect(tried.length).toBe(4);
    } finally {
      await rx.close();
    }
  });

  it('stopping waits for the POST under way, so it is recorded before the store closes (not sent again)', async () => {
    const rx = receiver(true);
    await rx.listen();
    try {
      const clock = new FakeClock(Date.parse('2026-03-05T09:00:00.000Z'));
      await subscribeWithDeliveries(storeA, rx.url(), 1, '2026-03-05T08:59:00.000Z');
      const a = workflow(storeA, clock, 'A');
      void a.webhooks.drain();
      await eventually(async () => rx.received.length === 1); // the POST is at the receiver, unanswered
      const stopping = a.stop();
      rx.release();
      await stopping;
      await storeA.close(); // what the server does after the workflow has stopped
      const [d] = await storeB.listDeliveries({ subscriptionId: 'whk-i' });
      expect(d).toMatchObject({ id: 'dlv-0', status: 'delivered', attempts: 1 });
      // Another instance finds nothing to send again.
      const b = workflow(storeB, new FakeClock(clock.ms + 3_600_000), 'B');
      expect(await b.webhooks.drain()).toBe(0);
      expect(rx.received).toEqual(['dlv-0']);
    } finally {
      await rx.close();
    }
  });
});
