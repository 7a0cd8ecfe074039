/**
 * Webhooks against a real local receiver (HTTP on 127.0.0.1): HMAC signature, retry with
 * exponential backoff on a failing endpoint, delivery log, and decisions that never wait.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../api/support/test-app.js';
import { verifySignature } from '../../api/workflow/webhook-signature.js';
import { ADMIN, ERP, FACTS, escalate, key, startWorkflowApp, type FakeClock } from './workflow-app.js';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Answers with the next status of `script` (then 200), or hangs when it says 'hang' (until the
 * sender gives up, or `release()` answers every hanging request, and every later one, with 200).
 */
function receiver(script: (number | 'hang')[] = []) {
  const received: Received[] = [];
  const hanging: { end: () => void }[] = [];
  let released = false;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const next = script.shift() ?? 200;
      if (next === 'hang' && !released) return void hanging.push({ end: () => res.writeHead(200).end() });
      if (next === 'hang') return void res.writeHead(200).end();
      res.writeHead(next).end();
    });
  });
  return {
    received,
    server,
    release: () => {
      released = true;
      for (const h of hanging.splice(0)) h.end();
    },
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    listen: () => new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r())),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

let t: TestApp;
let clock: FakeClock;
// The delivery timeout: attempt 3 below waits it out; every answered attempt must come within it,
// with room for a busy machine.
const TIMEOUT_MS = 2000;
beforeAll(async () => ({ t, clock } = await startWorkflowApp(undefined, { timeoutMs: TIMEOUT_MS })));
afterAll(() => t?.close());

const subscribe = async (url: string, events: string[]) => {
  const r = await t.call('POST', '/api/v1/webhooks', { key: ADMIN, body: { url, events } });
  expect(r.status).toBe(201);
  return r.body as { id: string; secret: string };
};
const deliveries = async (id: string) => (await t.call('GET', `/api/v1/webhooks/${id}/deliveries`, { key: ADMIN })).body.items;

describe('webhooks', () => {
  it('approval.opened and approval.decided reach the receiver, signed with HMAC-SHA256', async () => {
    const rx = receiver();
    await rx.listen();
    try {
      const hook = await subscribe(rx.url(), ['approval.opened', 'approval.decided']);
      expect(hook.secret).toMatch(/^whsec_/);
      expect(JSON.stringify((await t.call('GET', '/api/v1/webhooks', { key: ADMIN })).body)).not.toContain(hook.secret);

      const d = await escalate(t, { customerId: 'HOOK' });
      await t.services.workflow.webhooks.drain();
      await t.call('POST', `/api/v1/approvals/${d.approvalId}/decision`, { key: key('mona'), body: { action: 'approve', amount: 40000, comment: 'ok' } });
      await t.services.workflow.webhooks.drain();

      expect(rx.received.map((r) => r.headers['creditgraph-event'])).toEqual(['approval.opened', 'approval.decided']);
      for (const r of rx.received) {
        const header = r.headers['creditgraph-signature'] as string;
        expect(verifySignature(hook.secret, header, r.body, { now: Math.floor(clock.ms / 1000) })).toBe(true);
        expect(verifySignature('whsec_wrong', header, r.body)).toBe(false);
        expect(verifySignature(hook.secret, header, r.body.replace('HOOK', 'H00K'))).toBe(false);
      }
      const decided = JSON.parse(rx.received[1]!.body);
      expect(decided).toMatchObject({ event: 'approval.decided', data: { approval: { id: d.approvalId, status: 'approved', outcome: { amount: 40000, counterProposal: true } } } });
      expect((await deliveries(hook.id)).map((x: { status: string }) => x.status)).toEqual(['delivered', 'delivered']);
      await t.call('DELETE', `/api/v1/webhooks/${hook.id}`, { key: ADMIN });
    } finally {
      await rx.close();
    }
  });

  it('a failing endpoint is retried with exponential backoff, then delivered; every attempt is logged', async () => {
    const rx = receiver([500, 503, 'hang']); // then 200
    await rx.listen();
    try {
      const hook = await subscribe(rx.url(), ['alert.raised']);
      await escalate(t, { customerId: 'RETRY', facts: { ...FACTS, requestedAmount: 20000 }, exposure: 50000 }); // overrun alert
      const start = clock.ms;
      await t.services.workflow.webhooks.drain(); // attempt 1: 500
      let [dl] = await deliveries(hook.id);
      expect(dl).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: new Date(start + 60_000).toISOString() });

      await t.services.workflow.webhooks.drain(); // not due yet: nothing sent
      expect(rx.received).toHaveLength(1);

      clock.ms = start + 60_000;
      await t.services.workflow.webhooks.drain(); // attempt 2: 503, next in 2 min
      [dl] = await deliveries(hook.id);
      expect(dl.nextAttemptAt).toBe(new Date(start + 60_000 + 120_000).toISOString());

      clock.ms = start + 180_000;
      await t.services.workflow.webhooks.drain(); // attempt 3: no answer within the timeout, next in 4 min
      [dl] = await deliveries(hook.id);
      expect(dl.log[2].error).toBe(`no answer within ${TIMEOUT_MS} ms`);
      expect(dl.nextAttemptAt).toBe(new Date(start + 180_000 + 240_000).toISOString());

      clock.ms = start + 420_000;
      await t.services.workflow.webhooks.drain(); // attempt 4: 200
      [dl] = await deliveries(hook.id);
      expect(dl).toMatchObject({ status: 'delivered', attempts: 4 });
      expect(dl.log.map((a: { statusCode: number | null }) => a.statusCode)).toEqual([500, 503, null, 200]);
      expect(rx.received).toHaveLength(4);
      // every retry is the same event, signed again
      expect(new Set(rx.received.map((r) => JSON.parse(r.body).id)).size).toBe(1);
      await t.call('DELETE', `/api/v1/webhooks/${hook.id}`, { key: ADMIN });
    } finally {
      await rx.close();
    }
  });

  it('gives up after maxAttempts (4 here): failed', async () => {
    const rx = receiver([500, 500, 500, 500, 500]);
    await rx.listen();
    try {
      const hook = await subscribe(rx.url(), ['approval.opened']);
      await escalate(t, { customerId: 'DEAD' });
      for (let i = 0; i < 5; i++) {
        await t.services.workflow.webhooks.drain();
        clock.advanceHours(1);
      }
      const [dl] = await deliveries(hook.id);
      expect(dl).toMatchObject({ status: 'failed', attempts: 4, nextAttemptAt: null });
      expect(rx.received).toHaveLength(4);
      await t.call('DELETE', `/api/v1/webhooks/${hook.id}`, { key: ADMIN });
    } finally {
      await rx.close();
    }
  });

  it('a hanging endpoint never slows decisions: they answer while deliveries wait', async () => {
    // Its own app with a delivery timeout no test run reaches: the endpoint hangs until released,
    // so "answered while the deliveries wait" is an order of events, not a race against a timer.
    const { t: app } = await startWorkflowApp(undefined, { timeoutMs: 600_000 });
    const rx = receiver(Array(50).fill('hang'));
    await rx.listen();
    try {
      const hook = await app.call('POST', '/api/v1/webhooks', { key: ADMIN, body: { url: rx.url(), events: ['approval.opened'] } });
      expect(hook.status).toBe(201);
      for (let i = 0; i < 10; i++) await escalate(app, { customerId: `FAST-${i}` });
      let deliveriesSettled = false;
      const pending = app.services.workflow.webhooks.drain().then(() => (deliveriesSettled = true)); // the endpoint hangs
      await escalate(app, { customerId: 'FAST-Y' }); // escalations enqueue deliveries of their own
      const r = await app.call('POST', '/api/v1/policies/b2b-standard/decisions', { key: ERP, body: { facts: FACTS, customerId: 'FAST-X' } });
      expect(r.status).toBe(201);
      expect(rx.received.length, 'the deliveries were being sent').toBeGreaterThan(0);
      expect(deliveriesSettled, 'decisions answered while the deliveries hang').toBe(false);
      rx.release();
      await pending;
    } finally {
      await rx.close();
      await app.close();
    }
  });
});
