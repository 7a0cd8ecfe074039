/**
 * The once-per-pass alert sweep with two REAL API processes on one SQLite data folder (issue 17):
 * both sweep every 200 ms under the sweep lease, yet an overdue approval request raises one alert,
 * one audit entry and one webhook POST to a local receiver — and stays one while later passes run
 * over it (shown by a second overdue request raised after it: that pass came later, and the
 * first is still one). Waits on what it can observe (POSTs received, alerts listed), never a time.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalEvent } from '../../api/domain/audit-events.js';
import { loadServerKeys } from '../../api/integrity/server-keys.js';
import { SqliteStore } from '../../api/store/sqlite-store/sqlite-store.js';
import type { AuditEntry } from '../../api/store/store.js';
import { eventually } from '../support/eventually.js';
import { approvalRecord } from '../store/store-fixtures.js';
import { ADMIN_KEY, DEMO, http } from './support/server-process.js';
import { startTwoInstances, type TwoInstances } from './support/two-instances.js';

interface Post {
  delivery: string;
  event: string;
  alertId: string;
  approvalId: string;
}

/** A local webhook receiver recording each POST (delivery id, event, the alert it announces). */
function receiver() {
  const posts: Post[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      const parsed = JSON.parse(body) as { data?: { alert?: { id: string; approvalId: string } }; alert?: { id: string; approvalId: string } };
      const alert = parsed.data?.alert ?? parsed.alert;
      posts.push({ delivery: String(req.headers['creditgraph-delivery']), event: String(req.headers['creditgraph-event']), alertId: alert?.id ?? '?', approvalId: alert?.approvalId ?? '?' });
      res.writeHead(200).end();
    });
  });
  return {
    posts,
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    listen: () => new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r())),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe('the alert sweep with two API processes on one SQLite data folder', () => {
  const rx = receiver();
  let two: TwoInstances | null = null;
  let store: SqliteStore | null = null;

  beforeAll(async () => {
    await rx.listen();
    two = await startTwoInstances('cg-sweep-', { ALERT_SWEEP_INTERVAL_MS: '200', WEBHOOK_ALLOW_PRIVATE_TARGETS: '1' });
    // The test's own connection to the same database, keyed as the servers are (their key file beside the folder).
    const keys = loadServerKeys({ env: {}, dataDir: two.dataDir, production: false, log: () => undefined });
    store = new SqliteStore({ dataDir: two.dataDir, auditKey: keys.auditKey, log: () => undefined });
    await store.init();
  }, 180_000);
  afterAll(async () => {
    await store?.close();
    await two?.close();
    await rx.close();
  });

  /** An approval request opened two days ago, due yesterday: overdue for every pass from now on. */
  async function openOverdue(id: string) {
    const now = Date.now();
    const approval = { ...approvalRecord(id, new Date(now - 2 * 86_400_000).toISOString(), `C-${id}`), dueAt: new Date(now - 86_400_000).toISOString() };
    await store!.createApproval({ approval, deliveries: [], audit: approvalEvent('approval.opened', approval, { actor: 'erp' }, null) });
  }

  const overdueAlerts = async (url: string) => {
    const r = await http(url, 'GET', '/api/v1/alerts?type=approval.overdue&limit=500', { key: DEMO.auditor });
    expect(r.status, r.text).toBe(200);
    return r.body.items as { id: string; approvalId: string }[];
  };

  async function raisedEntries(): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    for await (const e of store!.allAudit()) if (e.action === 'alert.raised') out.push(e);
    return out;
  }

  it('raises each overdue request once, audited once, delivered once, whichever process sweeps', async () => {
    const hook = await http(two!.a.url, 'POST', '/api/v1/webhooks', { key: ADMIN_KEY, body: { url: rx.url(), events: ['alert.raised'] } });
    expect(hook.status, hook.text).toBe(201);

    await openOverdue('apr-late-1');
    await eventually(async () => rx.posts.length >= 1);
    // Later passes (both processes, every 200 ms) run over apr-late-1, still overdue. A second
    // request opened now is raised by one of them: once it is in, those passes have happened.
    await openOverdue('apr-late-2');
    await eventually(async () => rx.posts.some((p) => p.approvalId === 'apr-late-2'));

    for (const url of [two!.a.url, two!.b.url]) expect((await overdueAlerts(url)).map((a) => a.approvalId).sort()).toEqual(['apr-late-1', 'apr-late-2']);
    expect(rx.posts.map((p) => p.approvalId).sort()).toEqual(['apr-late-1', 'apr-late-2']);
    expect(new Set(rx.posts.map((p) => p.delivery)).size).toBe(2);
    expect(rx.posts.every((p) => p.event === 'alert.raised')).toBe(true);
    const deliveries = await http(two!.b.url, 'GET', `/api/v1/webhooks/${hook.body.id}/deliveries`, { key: ADMIN_KEY });
    expect(deliveries.body.items.map((d: { status: string; attempts: number }) => [d.status, d.attempts])).toEqual([['delivered', 1], ['delivered', 1]]);
    expect((await raisedEntries()).length).toBe(2);
    expect((await http(two!.a.url, 'GET', '/api/v1/audit/verify', { key: DEMO.auditor })).body.intact).toBe(true);
  });
});
