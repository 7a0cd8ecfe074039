/**
 * Issue 13 row 6: webhook URLs are server-side requests (SSRF). Private, loopback, link-local and
 * metadata targets are refused unless the deployment allows them explicitly; credentials never sit
 * in a URL (nor, then, in the audit trail); `HTTP://` is fine. The check is made again at every
 * send on the addresses the host name resolves to then.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useTestApp, ROLE_KEY, type TestApp } from '../api/support/test-app.js';
import { checkWebhookUrl, isInternalAddress } from '../../api/workflow/webhook-target.js';
import { ADMIN, escalate, startWorkflowApp } from './workflow-app.js';

const subscribe = (t: TestApp, url: string, key = ROLE_KEY.admin) => t.call('POST', '/api/v1/webhooks', { key, body: { url, events: ['approval.opened'] } });

describe('subscribing (default: internal targets refused)', () => {
  const t = useTestApp({ app: { workflow: { timers: false } } });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://[::1]/',
    'http://0x7f000001/',
    'http://2130706433/',
    'http://0177.0.0.1/',
    'http://10.0.0.1/',
    'http://192.168.1.10:8080/x',
    'http://[::ffff:127.0.0.1]/',
    'http://[fd00:ec2::254]/',
    'http://localhost:3000/',
    'http://printer.local/',
    'http://example.com/\r\nX-Injected: 1',
    'http://example.com/a\tb',
    'http://user:pass@hooks.example.com/',
    'https://token@hooks.example.com/',
    'ftp://hooks.example.com/',
  ])('%j → 422 naming /url, nothing stored', async (url) => {
    const before = (await t.store.listWebhooks()).length;
    const r = await subscribe(t, url);
    expect(r.status, r.text).toBe(422);
    expect(r.body.errors).toEqual([expect.objectContaining({ pointer: '/url' })]);
    expect(r.text).not.toContain('pass@');
    expect((await t.store.listWebhooks()).length).toBe(before);
  });

  it('uppercase HTTP:// and public hosts are accepted (normalised), and the audit entry holds no secret', async () => {
    const r = await subscribe(t, 'HTTP://Hooks.Example.COM/Path?q=1');
    expect(r.status, r.text).toBe(201);
    expect(r.body.url).toBe('http://hooks.example.com/Path?q=1');
    const trail = await t.call('GET', '/api/v1/audit?limit=5', { key: ROLE_KEY.auditor });
    const entry = trail.body.items.find((e: { action: string }) => e.action === 'webhook.created');
    expect(entry).toBeDefined();
    expect(JSON.stringify(entry)).not.toContain(r.body.secret);
  });
});

describe('address checks', () => {
  it('classifies addresses', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.31.0.1', '192.168.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:10.0.0.1', '::ffff:7f00:1'])
      expect([a, isInternalAddress(a)]).toEqual([a, true]);
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8']) expect([a, isInternalAddress(a)]).toEqual([a, false]);
  });

  it('an explicit setting allows internal targets (an on-premises receiver), never credentials', () => {
    expect(checkWebhookUrl('http://10.0.0.1/hook', true)).toEqual({ url: 'http://10.0.0.1/hook' });
    expect(checkWebhookUrl('http://u:p@10.0.0.1/hook', true)).toHaveProperty('detail');
  });
});

describe('at send time, on the resolved address', () => {
  it('a public name that now resolves to a private address is not sent to; the delivery log says why', async () => {
    let hits = 0;
    const rx = createServer((_req, res) => {
      hits++;
      res.end();
    });
    await new Promise<void>((r) => rx.listen(0, '127.0.0.1', () => r()));
    const port = (rx.address() as AddressInfo).port;
    // hooks.example.test "resolves" to loopback now (DNS rebinding): the receiver above must see nothing.
    const { t } = await startWorkflowApp(undefined, { allowPrivateTargets: false, resolve: async () => ['93.184.216.34', '127.0.0.1'] });
    try {
      const hook = await t.call('POST', '/api/v1/webhooks', { key: ADMIN, body: { url: `http://hooks.example.test:${port}/hook`, events: ['approval.opened'] } });
      expect(hook.status, hook.text).toBe(201);
      await escalate(t, { customerId: 'REBIND' });
      await t.services.workflow.webhooks.drain();
      const [delivery] = (await t.call('GET', `/api/v1/webhooks/${hook.body.id}/deliveries`, { key: ADMIN })).body.items;
      expect(delivery.attempts).toBe(1);
      expect(delivery.log[0].error).toMatch(/resolves to an internal address \(127\.0\.0\.1\)/);
      expect(hits).toBe(0);
    } finally {
      await t.close();
      rx.closeAllConnections();
      await new Promise((r) => rx.close(r));
    }
  });
});
