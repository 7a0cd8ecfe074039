/**
 * An in-process app on a real SQLite store in a temp folder, with the fixture policy published and
 * one user per role (two approvers and two authors, for four-eyes tests). Requests go over real
 * HTTP on loopback (fetch), so headers, status codes and bodies are what a client sees.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { createApp, type AppOptions } from '../../../api/app.js';
import { keyCreated, userCreated } from '../../../api/domain/audit-events.js';
import { ensureUsers, seedPolicies } from '../../../api/bootstrap.js';
import { keyRecord } from '../../../api/auth/api-keys.js';
import { createStore } from '../../../api/store/create-store.js';
import type { CreditgraphStore, Role, UserRecord } from '../../../api/store/store.js';
import type { Services } from '../../../api/services.js';
import { testKeys } from './test-keys.js';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export const TEST_USERS: { id: string; roles: Role[]; key: string }[] = [
  { id: 'vic', roles: ['viewer'], key: 'cg_test_viewer_key_0000000000' },
  { id: 'aude', roles: ['auditor'], key: 'cg_test_auditor_key_000000000' },
  { id: 'ana', roles: ['author'], key: 'cg_test_author_key_0000000000' },
  { id: 'alex', roles: ['author'], key: 'cg_test_author2_key_000000000' },
  { id: 'paul', roles: ['approver'], key: 'cg_test_approver_key_00000000' },
  { id: 'pia', roles: ['approver'], key: 'cg_test_approver2_key_0000000' },
  { id: 'adam', roles: ['admin'], key: 'cg_test_admin_key_00000000000' },
  { id: 'erp', roles: ['system'], key: 'cg_test_system_key_0000000000' },
  { id: 'sam', roles: ['author', 'approver'], key: 'cg_test_author_approver_00000' },
];

export const keyOf = (id: string) => TEST_USERS.find((u) => u.id === id)!.key;
export const ROLE_KEY: Record<Role, string> = {
  viewer: keyOf('vic'),
  auditor: keyOf('aude'),
  author: keyOf('ana'),
  approver: keyOf('paul'),
  admin: keyOf('adam'),
  system: keyOf('erp'),
};

export interface CallOptions {
  key?: string | null;
  body?: unknown;
  /** Sent as-is (no JSON encoding), for malformed-body tests. */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

export interface TestApp {
  url: string;
  store: CreditgraphStore;
  dataDir: string;
  openapi: Record<string, unknown>;
  /** The app's services (the workflow's sweep and webhook sender, for tests that drive time). */
  services: Services;
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  close(): Promise<void>;
}

export async function startTestApp(options: { rulesets?: string; app?: Partial<AppOptions> } = {}): Promise<TestApp> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'creditgraph-api-'));
  // The audit chain is keyed as the server's is (integrity keys generated per app) unless `app.keys` is null.
  const keys = options.app?.keys === undefined ? testKeys() : options.app.keys;
  const store = await createStore({ DATA_DIR: dataDir }, { auditKey: keys?.auditKey ?? null });
  await store.init();
  const silent = pino({ level: 'silent' });
  await seedPolicies(store, options.rulesets ?? FIXTURES, silent);
  await ensureUsers(store, { demo: false }, { now: () => new Date() });
  const now = new Date().toISOString();
  for (const u of TEST_USERS) {
    const user: UserRecord = { id: u.id, name: u.id, roles: u.roles, delegationLevel: null, createdAt: now, disabled: false };
    await store.createUser(user, userCreated(user, { actor: 'system' }));
    const key = keyRecord(u.id, u.key, now);
    await store.createApiKey(key, keyCreated(key, { actor: 'system' }));
  }
  const { app, openapi, services } = createApp({ store, logger: silent, ...options.app, keys });
  // A listen backlog above the largest burst a test sends (1,000 concurrent requests): with Node's
  // default of 511, a busy process accepts too slowly, the kernel's accept queue overflows and the
  // client reads ECONNRESET on a connection it thought open.
  const server = app.listen({ port: 0, host: '127.0.0.1', backlog: 4096 });
  // Never close an idle keep-alive socket from the server side: when the event loop is blocked (a
  // busy machine, a 100,000-row portfolio parsed in this process) the server's idle timer and the
  // client's next request on that socket race, and the client reads ECONNRESET. The client (fetch)
  // closes its idle sockets itself; close() below ends the rest.
  server.keepAliveTimeout = 0;
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    store,
    dataDir,
    openapi,
    services,
    call: (method, p, o = {}) => call(url, method, p, o),
    close: async () => {
      await services.workflow.stop();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The usual header of an in-process API suite, in one line: the app starts before the tests of the
 * enclosing file or describe and closes after them (temp folder removed). The returned object
 * stands for the started app; use it inside tests and hooks (a beforeAll registered after this
 * call already sees the app: hooks run in order).
 */
export function useTestApp(options: Parameters<typeof startTestApp>[0] = {}): TestApp {
  let started: TestApp | undefined;
  beforeAll(async () => {
    started = await startTestApp(options);
  });
  afterAll(() => started?.close());
  return new Proxy({} as TestApp, {
    get: (_, name) => {
      if (!started) throw new Error(`the test app is started in beforeAll: read .${String(name)} inside a test or hook`);
      return started[name as keyof TestApp];
    },
  });
}

export async function call(baseUrl: string, method: string, p: string, o: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.key) headers.authorization ??= `Bearer ${o.key}`;
  let body: string | Buffer | undefined;
  if (o.rawBody !== undefined) body = o.rawBody;
  else if (o.body !== undefined) {
    body = JSON.stringify(o.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(baseUrl + p, { method, headers, body: body as BodyInit | undefined });
  const text = await res.text();
  let parsed: unknown = undefined;
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json') && text) parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: parsed, text };
}
