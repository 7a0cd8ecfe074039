/** Probes, metrics, logs, store failures, the editor's static files, users and keys. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError, type CreditgraphStore } from '../../api/store/store.js';
import { keyOf, ROLE_KEY, startTestApp, type TestApp } from './support/test-app.js';

const GOOD = { requestedAmount: 50000, annualTurnover: 2_000_000, yearsInBusiness: 12, paymentIncidents: false };

/** The same store, with some methods replaced. */
function faulty(store: CreditgraphStore, overrides: Partial<Record<keyof CreditgraphStore, unknown>>): CreditgraphStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop in overrides) return overrides[prop as keyof CreditgraphStore];
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('probes, metrics and logs', () => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    t = await startTestApp({ app: { logger: pino({ level: 'info' }, sink) } });
  });
  afterAll(() => t?.close());

  it('healthz and readyz answer without a key', async () => {
    expect((await t.call('GET', '/healthz')).body).toEqual({ status: 'ok' });
    // checkedAtStart: set by the server's start (api/server.ts), which an app made for a test does not run.
    expect((await t.call('GET', '/readyz')).body).toEqual({ status: 'ready', store: 'sqlite', integrity: { intact: true, findings: [], checkedAtStart: null } });
  });

  it('counts requests by route pattern and status, and times decisions by policy and outcome', async () => {
    await t.call('POST', '/api/v1/policies/trade-credit/decisions', { key: keyOf('erp'), body: { facts: GOOD } });
    await t.call('GET', '/api/v1/policies/trade-credit', { key: keyOf('vic') });
    await t.call('GET', '/api/v1/policies/trade-credit', { key: keyOf('erp') });
    const m = await t.call('GET', '/metrics');
    expect(m.status).toBe(200);
    expect(m.headers.get('content-type')).toContain('text/plain');
    expect(m.text).toMatch(/creditgraph_decision_duration_seconds_count\{policy="trade-credit",outcome="accept"\} 1/);
    expect(m.text).toContain('creditgraph_http_requests_total{method="GET",route="/api/v1/policies/:policyId",status="200"} 1');
    expect(m.text).toContain('creditgraph_http_requests_total{method="GET",route="/api/v1/policies/:policyId",status="403"} 1');
    expect(m.text).not.toContain('route="/api/v1/policies/trade-credit"');
  });

  it('logs JSON lines with request ids, and never a key or an Authorization header', async () => {
    const key = ROLE_KEY.viewer;
    const r = await t.call('GET', '/api/v1/me', { key, headers: { 'x-request-id': 'trace-me-123' } });
    expect(r.headers.get('x-request-id')).toBe('trace-me-123');
    const generated = await t.call('GET', '/api/v1/me', { key });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await t.call('POST', '/api/v1/users/vic/keys', { key: ROLE_KEY.admin });
    await t.call('GET', '/api/v1/me', { headers: { authorization: 'Bearer cg_wrong_key_1234567890' } });

    const entries = lines.map((l) => JSON.parse(l));
    const mine = entries.find((e) => e.req?.id === 'trace-me-123');
    expect(mine).toMatchObject({ req: { method: 'GET', url: '/api/v1/me' }, res: { statusCode: 200 }, user: 'vic' });
    const all = lines.join('\n');
    for (const secret of [...Object.values(ROLE_KEY), 'cg_wrong_key_1234567890']) expect(all).not.toContain(secret);
    expect(all.toLowerCase()).not.toContain('authorization');
    expect(all).not.toMatch(/cg_[A-Za-z0-9_-]{20,}/);
  });
});

describe('when the store fails', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('answers 503 for an unavailable store, 500 without internals for a bug, and readyz goes false', async () => {
    t = await startTestApp();
    const { createApp } = await import('../../api/app.js');
    const broken = faulty(t.store, {
      listPolicies: async () => {
        throw new StoreError('UNAVAILABLE', 'disk full');
      },
      getPolicy: async () => {
        throw new Error('secret internals at /srv/data/file.json');
      },
      ping: async () => false,
    });
    const { app } = createApp({ store: broken });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const list = await fetch(`${base}/api/v1/policies`, { headers: { authorization: `Bearer ${keyOf('vic')}` } });
      expect(list.status).toBe(503);
      expect(list.headers.get('content-type')).toContain('application/problem+json');
      expect((await list.json()).code).toBe('UNAVAILABLE');

      const bug = await fetch(`${base}/api/v1/policies/trade-credit`, { headers: { authorization: `Bearer ${keyOf('vic')}` } });
      expect(bug.status).toBe(500);
      const text = await bug.text();
      expect(JSON.parse(text).code).toBe('INTERNAL');
      expect(text).not.toContain('secret internals');
      expect(text).not.toMatch(/\.ts:\d+|\.js:\d+/);

      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      expect((await ready.json()).code).toBe('UNAVAILABLE');
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('the editor', () => {
  let t: TestApp;
  let dir: string;
  afterAll(async () => {
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is served at / with an SPA fallback, API 404s unchanged', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'creditgraph-editor-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>creditgraph editor</title>');
    await writeFile(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
    t = await startTestApp({ app: { editorDir: dir } });
    const root = await t.call('GET', '/', { headers: { accept: 'text/html' } });
    expect(root.text).toContain('creditgraph editor');
    const deep = await t.call('GET', '/policies/b2b-standard/graph', { headers: { accept: 'text/html' } });
    expect(deep.status).toBe(200);
    expect(deep.text).toContain('creditgraph editor');
    const asset = await t.call('GET', '/assets/app.js');
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect((await t.call('GET', '/api/v1/nope', { key: keyOf('vic'), headers: { accept: 'text/html' } })).status).toBe(404);
    expect((await t.call('GET', '/assets/missing.js', { headers: { accept: '*/*' } })).status).toBe(404);
  });

  it('explains how to build it when it is not built', async () => {
    const bare = await startTestApp({ app: { editorDir: path.join(tmpdir(), 'does-not-exist') } });
    try {
      const r = await bare.call('GET', '/');
      expect(r.status).toBe(200);
      expect(r.text).toContain('npm run build');
    } finally {
      await bare.close();
    }
  });
});

describe('users and keys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('an admin creates a user and a key; the user signs in with it', async () => {
    const admin = ROLE_KEY.admin;
    const u = await t.call('POST', '/api/v1/users', { key: admin, body: { id: 'carla', name: 'Carla', roles: ['approver'], delegationLevel: 'creditManager' } });
    expect(u.status).toBe(201);
    expect(u.body).toMatchObject({ id: 'carla', roles: ['approver'], delegationLevel: 'creditManager', disabled: false });
    const k = await t.call('POST', '/api/v1/users/carla/keys', { key: admin });
    expect(k.status).toBe(201);
    expect(k.headers.get('cache-control')).toBe('no-store');
    const me = await t.call('GET', '/api/v1/me', { key: k.body.key });
    expect(me.body).toMatchObject({ id: 'carla', name: 'Carla', roles: ['approver'], delegationLevel: 'creditManager' });
    expect(me.body.permissions).toContain('drafts:review');
    // Stored hashed: the store has the hash, never the key.
    const stored = await t.store.listApiKeys('carla');
    expect(stored[0]!.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(k.body.key);

    expect((await t.call('POST', '/api/v1/users', { key: admin, body: { id: 'Bad Id', name: 'x', roles: ['viewer'] } })).status).toBe(422);
    expect((await t.call('POST', '/api/v1/users', { key: admin, body: { id: 'zed', name: 'x', roles: ['root'] } })).status).toBe(422);
    expect((await t.call('POST', '/api/v1/users/nobody/keys', { key: admin })).status).toBe(404);
    expect((await t.call('DELETE', '/api/v1/keys/key_unknown', { key: admin })).status).toBe(404);
    const audit = await t.store.listAudit({ limit: 10 });
    expect(audit.items.map((e) => e.action)).toEqual(expect.arrayContaining(['user.created', 'key.created']));
  });
});
