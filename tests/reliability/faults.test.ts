/**
 * Faults under the API:
 *  - disk faults as SQLite reports them (SQLITE_FULL, SQLITE_READONLY, SQLITE_IOERR…) injected
 *    into the SQLite store, under an in-process app: every write answers 503 problem+json, reads keep working,
 *    test-runs and replays on cached versions keep working, nothing corrupt, and writes resume
 *    when the disk recovers; on SQLite also REAL errors of the engine (a page limit = a full disk,
 *    query_only = a read-only database);
 *  - a REAL full disk and a REAL read-only data folder under the real server process (a tmpfs
 *    mounted for the test; skipped with a printed reason where mounting is not allowed);
 *  - MongoDB unreachable at start: a clear error and exit 1, and readiness false for an app whose
 *    store cannot be reached (no MongoDB server needed).
 *
 * Logged decisions fail with 503 while the decision log cannot be written: a decision is never
 * answered without being logged (docs/reliability.md).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { ensureUsers, seedPolicies } from '../../api/bootstrap.js';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../api/store/sqlite-store/sqlite-store.js';
import type { CreditgraphStore } from '../../api/store/store.js';
import { MongoStore } from '../../api/store/mongo-store/mongo-store.js';
import { ADMIN_KEY, B2B_FACTS, DEMO, http, ROOT, startServer, tempDir, type Res, type ServerProcess } from './support/server-process.js';

const P = '/api/v1/policies/b2b-standard';

function expect503(r: Res) {
  expect(r.status, r.text).toBe(503);
  expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(r.body).toMatchObject({ status: 503, code: 'UNAVAILABLE', title: expect.any(String), detail: expect.any(String) });
  expect(r.text).not.toMatch(/\bat .*\.(ts|js):\d+/);
}

/** Every write route once; each must answer 503 while the disk fails. */
async function attemptWrites(url: string, etag: string, tag: string, adminKey: string): Promise<Res[]> {
  const doc = (await http(url, 'GET', `${P}/draft`, { key: DEMO.author })).body.document;
  const t = tag.toLowerCase();
  return [
    await http(url, 'PUT', `${P}/draft`, { key: DEMO.author, body: { document: { ...doc, description: `lost ${tag}` } }, headers: { 'if-match': etag } }),
    await http(url, 'POST', '/api/v1/policies', { key: DEMO.author, body: { document: { ...doc, id: `lost-${t}` } } }),
    await http(url, 'POST', `${P}/draft/submit`, { key: DEMO.author, body: { comment: 'lost' } }),
    await http(url, 'POST', '/api/v1/users', { key: adminKey, body: { id: `lost-${t}`, name: 'Lost', roles: ['viewer'] } }),
    await http(url, 'POST', '/api/v1/users/aude/keys', { key: adminKey }),
    await http(url, 'POST', `${P}/decisions`, { key: DEMO.system, body: { facts: B2B_FACTS, requestId: `lost-${tag}` } }),
  ];
}

/** What must keep working while the disk fails: reads, test-runs, replays. */
async function readsWork(url: string, decisionId: string) {
  for (const [p, key] of [
    ['/api/v1/policies', DEMO.author],
    [P, DEMO.author],
    [`${P}/draft`, DEMO.author],
    [`${P}/versions`, DEMO.auditor],
    [`${P}/versions/1`, DEMO.auditor],
    [`${P}/diff?from=1&to=draft`, DEMO.auditor],
    ['/api/v1/decisions?limit=5', DEMO.auditor],
    [`/api/v1/decisions/${decisionId}`, DEMO.auditor],
    ['/api/v1/audit?limit=5', DEMO.auditor],
    ['/api/v1/me', DEMO.system],
  ] as const) {
    const r = await http(url, 'GET', p, { key });
    expect(r.status, `${p}: ${r.text}`).toBe(200);
  }
  expect((await http(url, 'GET', '/api/v1/audit/verify', { key: DEMO.auditor })).body.intact).toBe(true);
  // Decisions on the cached version, not logged: the draft test-run and a replay.
  const run = await http(url, 'POST', `${P}/draft/evaluate`, { key: DEMO.author, body: { facts: B2B_FACTS } });
  expect(run.status, run.text).toBe(200);
  expect(run.body.outcome).toBe('accept');
  const replay = await http(url, 'POST', `/api/v1/decisions/${decisionId}/replay`, { key: DEMO.auditor, body: {} });
  expect(replay.status, replay.text).toBe(200);
  expect(replay.body.same).toBe(true);
  expect((await http(url, 'GET', '/healthz')).status).toBe(200);
}

async function stateOf(url: string) {
  // Reads are recorded (access.read entries, when the disk lets them be written), and a clean stop
  // checkpoints the decision log's head (decisions.checkpointed): the state is the rest.
  const audit = (await http(url, 'GET', '/api/v1/audit?limit=500', { key: DEMO.auditor })).body.items.filter(
    (e: { action: string }) => e.action !== 'access.read' && e.action !== 'decisions.checkpointed',
  );
  const decisions = (await http(url, 'GET', '/api/v1/decisions?limit=500', { key: DEMO.auditor })).body.items;
  const policies = (await http(url, 'GET', '/api/v1/policies', { key: DEMO.author })).body.items;
  return { audit: audit.map((e: { seq: number; hash: string }) => `${e.seq}:${e.hash}`), decisions: decisions.map((d: { decisionId: string }) => d.decisionId), policies };
}

/** An in-process app on a store, with a way to reopen it on the same folder. */
async function serveApp(store: CreditgraphStore) {
  await store.init();
  const { app } = createApp({ store, logger: pino({ level: 'silent' }) });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await store.close();
    },
  };
}

describe('disk faults under the API (in-process app, real SQLite store)', () => {
  let dataDir: string;
  let store: SqliteStore;
  let url: string;
  let close: () => Promise<void>;
  let adminKey = '';
  const failing: { code: string | null } = { code: null };

  beforeAll(async () => {
    dataDir = await tempDir('cg-faults-sqlite-');
    store = new SqliteStore({
      dataDir,
      log: () => undefined,
      faults: () => {
        if (failing.code) throw new Database.SqliteError(`${failing.code}: injected fault`, failing.code);
      },
    });
    ({ url, close } = await serveApp(store));
    await seedPolicies(store, path.join(ROOT, 'rulesets'), pino({ level: 'silent' }));
    adminKey = (await ensureUsers(store, { demo: true }, { now: () => new Date() })).find((k) => k.userId === 'admin')!.key;
  });
  afterAll(async () => {
    await close?.();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Runs the writes while `during` holds the fault, and checks what must hold during and after. */
  async function underFault(tag: string, start: () => unknown, end: () => unknown, allWritesFail = true) {
    const decided = await http(url, 'POST', `${P}/decisions`, { key: DEMO.system, body: { facts: B2B_FACTS } });
    expect(decided.status).toBe(201);
    const etag = (await http(url, 'GET', `${P}/draft`, { key: DEMO.author })).headers.get('etag')!;
    const before = await stateOf(url);
    await start();
    try {
      const results = await attemptWrites(url, etag, tag, adminKey);
      if (allWritesFail) for (const r of results) expect503(r);
      else {
        // A full database: what needs a new page fails; a small record may still fit in a page it
        // already owns (then it is a complete, acknowledged write). Policy documents never fit.
        for (const r of results.slice(0, 3)) expect503(r);
        for (const r of results.slice(3)) if (r.status !== 201) expect503(r);
      }
      const burst = await Promise.all(
        Array.from({ length: 20 }, (_, i) => http(url, 'POST', `${P}/decisions`, { key: DEMO.system, body: { facts: { ...B2B_FACTS, requestedAmount: 100 + i } } })),
      );
      if (allWritesFail) for (const r of burst) expect503(r);
      await readsWork(url, decided.body.decisionId);
      const during = await stateOf(url);
      if (allWritesFail) expect(during).toStrictEqual(before);
      else expect(during.policies).toStrictEqual(before.policies);
    } finally {
      await end();
    }
    const doc = (await http(url, 'GET', `${P}/draft`, { key: DEMO.author })).body.document;
    const saved = await http(url, 'PUT', `${P}/draft`, { key: DEMO.author, body: { document: { ...doc, description: `after ${tag}` } }, headers: { 'if-match': etag } });
    expect(saved.status, saved.text).toBe(200);
    const again = await http(url, 'POST', `${P}/decisions`, { key: DEMO.system, body: { facts: B2B_FACTS, requestId: `lost-${tag}-x` } });
    expect(again.status, again.text).toBe(201);
    if (allWritesFail) {
      const retried = await http(url, 'POST', `${P}/decisions`, { key: DEMO.system, body: { facts: B2B_FACTS, requestId: `lost-${tag}` } });
      expect(retried.status, retried.text).toBe(201); // the failed attempt left no trace of that requestId
    }
    expect((await http(url, 'GET', '/api/v1/audit/verify', { key: DEMO.auditor })).body.intact).toBe(true);
  }

  for (const code of ['SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_IOERR_WRITE', 'SQLITE_IOERR_FSYNC', 'SQLITE_CANTOPEN']) {
    it(`${code} (injected after the statements, before commit): writes → 503 and roll back, reads keep working, writes resume`, async () => {
      await underFault(
        code.toLowerCase().replaceAll('_', '-'), // used in policy and user ids
        () => (failing.code = code),
        () => (failing.code = null),
      );
    });
  }

  it('a REAL read-only database (query_only): SQLite refuses every write → 503, reads work, writes resume', async () => {
    await underFault(
      'readonly',
      () => store.pragmaForTests('query_only = 1'),
      () => store.pragmaForTests('query_only = 0'),
    );
  });

  it('a REAL full database (max_page_count = pages in use): writes that need space → 503, reads work, writes resume', async () => {
    await underFault(
      'full',
      async () => store.pragmaForTests(`max_page_count = ${(await store.pragmaForTests('page_count')) as number}`),
      () => store.pragmaForTests('max_page_count = 1073741823'),
      false,
    );
  });

  it('after the faults, a reopened store holds exactly what was acknowledged', async () => {
    const live = await stateOf(url);
    await close();
    store = new SqliteStore({ dataDir, log: () => undefined });
    ({ url, close } = await serveApp(store));
    expect(await stateOf(url)).toStrictEqual(live);
    expect((await http(url, 'GET', '/api/v1/audit/verify', { key: DEMO.auditor })).body.intact).toBe(true);
    expect((await http(url, 'GET', '/api/v1/policies/lost-sqlite-full', { key: DEMO.author })).status).toBe(404);
  });
});

// ---------------------------------------------------------------------------------------------
// A real tmpfs: full, then read-only, under the real server process.
const mountPoint = path.join(tmpdir(), `cg-reliability-disk-${process.pid}`);
function mountProblem(): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  try {
    execFileSync('mkdir', ['-p', mountPoint]);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mountPoint], { stdio: 'pipe' });
    execFileSync('umount', [mountPoint], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return `cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN): ${String((err as Error).message).split('\n')[0]}`;
  }
}
const noMount = mountProblem();

/** Fills the file system to the last byte: big chunks, then smaller ones, until ENOSPC. */
async function fillUp(file: string) {
  const { open } = await import('node:fs/promises');
  const handle = await open(file, 'w');
  try {
    for (const size of [1024 * 1024, 64 * 1024, 4096, 512, 64, 1]) {
      for (;;) {
        try {
          await handle.write(Buffer.alloc(size));
        } catch (err) {
          expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
          break;
        }
      }
    }
  } finally {
    await handle.close().catch(() => undefined);
  }
}
if (noMount) console.warn(`real disk-full / read-only server test skipped: ${noMount}`);

describe.skipIf(noMount !== null)('real full disk and read-only data folder, real server process', () => {
  let server: ServerProcess | null = null;
  const dataDir = path.join(mountPoint, 'data');
  beforeAll(async () => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mountPoint], { stdio: 'pipe' });
    await mkdir(dataDir);
    server = await startServer(dataDir);
  });
  afterAll(async () => {
    await server?.kill();
    try {
      execFileSync('mount', ['-o', 'remount,rw', mountPoint], { stdio: 'pipe' });
    } catch {
      /* already rw */
    }
    execFileSync('umount', [mountPoint], { stdio: 'pipe' });
    execFileSync('rmdir', [mountPoint]);
  });

  it('disk full: writes → 503, reads work, writes resume when space is freed', async () => {
    const url = server!.url;
    const decided = await http(url, 'POST', `${P}/decisions`, { key: DEMO.system, body: { facts: B2B_FACTS } });
    expect(decided.status).toBe(201);
    const etag = (await http(url, 'GET', `${P}/draft`, { key: DEMO.author })).headers.get('etag')!;
    const before = await stateOf(url);
    const filler = path.join(mountPoint, 'filler');
    await fillUp(filler);

    const results = await attemptWrites(url, etag, 'full', ADMIN_KEY);
    // Journal lines with a policy document (tens of KB) cannot fit. A small record (a user, a
    // key, a decision) may still fit in the unused tail of a page the file already owns: then it is
    // a complete, acknowledged write. Either way nothing half-written appears.
    for (const r of results.slice(0, 3)) expect503(r);
    for (const r of results.slice(3)) if (r.status !== 201) expect503(r);
    await readsWork(url, decided.body.decisionId);
    const during = await stateOf(url);
    expect(during.policies).toStrictEqual(before.policies);
    const small = results.slice(3, 5).filter((r) => r.status === 201).length;
    expect(during.audit.slice(small)).toStrictEqual(before.audit); // newest first
    expect(during.audit.length).toBe(before.audit.length + small);
    expect(during.decisions.length).toBe(before.decisions.length + (results[5]!.status === 201 ? 1 : 0));

    await rm(filler);
    const doc = (await http(url, 'GET', `${P}/draft`, { key: DEMO.author })).body.document;
    const saved = await http(url, 'PUT', `${P}/draft`, { key: DEMO.author, body: { document: { ...doc, description: 'after full' } }, headers: { 'if-match': etag } });
    expect(saved.status, saved.text).toBe(200);
    expect((await http(url, 'POST', `${P}/decisions`, { key: DEMO.system, body: { facts: B2B_FACTS } })).status).toBe(201);
    expect((await http(url, 'GET', '/api/v1/audit/verify', { key: DEMO.auditor })).body.intact).toBe(true);
  });

  it('read-only data folder: the server refuses to start with a clear error; read-write again, it starts with everything', async () => {
    // A tmpfs with files open for writing cannot be remounted read-only (EBUSY), so a folder going
    // read-only UNDER a running server is covered by the injected EROFS faults above; here the
    // folder is read-only when the server starts.
    const before = await stateOf(server!.url);
    expect(await server!.stop()).toBe(0);
    server = null;
    execFileSync('mount', ['-o', 'remount,ro', mountPoint], { stdio: 'pipe' });
    try {
      await expect(startServer(dataDir)).rejects.toThrow(/exited with 1[\s\S]*cannot open the (file|sqlite) store[\s\S]*(EROFS|read-only|READONLY)/);
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', mountPoint], { stdio: 'pipe' });
    }
    server = await startServer(dataDir);
    expect(await stateOf(server.url)).toStrictEqual(before);
    expect((await http(server.url, 'GET', '/api/v1/audit/verify', { key: DEMO.auditor })).body.intact).toBe(true);
  });
});

describe('MongoDB unreachable', () => {
  it('at start: the server prints a clear error and exits 1 (no MongoDB server needed)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', MONGODB_URI: 'mongodb://127.0.0.1:9/creditgraph', MONGODB_TIMEOUT_MS: '300', NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(out).toMatch(/cannot open the mongodb store: .*cannot reach MongoDB at mongodb:\/\/127\.0\.0\.1:9/);
    expect(out).not.toMatch(/running at/);
    expect(out).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  it('a store that cannot reach MongoDB makes readiness false (503 problem) while liveness stays up', async () => {
    const store = new MongoStore({ uri: 'mongodb://127.0.0.1:9/creditgraph', dbName: 'creditgraph', serverSelectionTimeoutMS: 300 });
    await expect(store.init()).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('cannot reach MongoDB') });
    const { app } = createApp({ store, logger: pino({ level: 'silent' }) });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const ready = await http(url, 'GET', '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ code: 'UNAVAILABLE', detail: expect.stringContaining('mongodb') });
      expect((await http(url, 'GET', '/healthz')).status).toBe(200);
      // A request that needs the store fails cleanly, not with a hang or a 500.
      const r = await http(url, 'GET', '/api/v1/me', { key: 'cg_demo_author' });
      expect(r.status, r.text).toBeGreaterThanOrEqual(400);
      expect(r.status).not.toBe(500);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await store.close().catch(() => undefined);
    }
  });
});
