/**
 * Access, against the REAL server process (its stdout/stderr captured), extending
 * tests/api/access-matrix.test.ts (which walks every route × role in-process):
 *  - the route × role matrix again through the real process, from the same permission table;
 *  - the author cannot approve their own draft; a system key cannot read the decision log;
 *  - a revoked key fails at once, including for requests racing the revocation;
 *  - keys never appear in the logs (at debug level) nor in any response after their creation;
 *  - timing-safe comparison (a code check: the secret is hashed, looked up by hash, compared with
 *    crypto.timingSafeEqual, and no other code compares keys or hashes);
 *  - audit tampering (one entry edited in the data folder's database) is found by /audit/verify.
 */
import { readdirSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { hashAuditEntry } from '../../api/store/audit-chain.js';
import type { AuditEntry } from '../../api/store/store.js';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../api/app.js';
import { allows, ROLES } from '../../api/auth/permissions.js';
import { ADMIN_KEY, B2B_FACTS, DEMO, http, removeDataDir, ROOT, type ServerProcess, startServer, tempDir } from './support/server-process.js';
import { eventually } from '../support/eventually.js';

const P = '/policies/b2b-standard';
let dataDir: string;
let server: ServerProcess;
const api = (method: string, p: string, o: Parameters<typeof http>[3] = {}) => http(server.url, method, `/api/v1${p}`, o);
/** Role → a key created through the API for a user of that role. */
const roleKey: Record<string, string> = {};
const issued: string[] = [];

beforeAll(async () => {
  dataDir = await tempDir('cg-access-');
  server = await startServer(dataDir, { LOG_LEVEL: 'debug' });
  for (const role of ROLES) {
    const id = `u-${role}`;
    expect((await api('POST', '/users', { key: ADMIN_KEY, body: { id, name: role, roles: [role] } })).status).toBe(201);
    const k = await api('POST', `/users/${id}/keys`, { key: ADMIN_KEY });
    expect(k.status).toBe(201);
    roleKey[role] = k.body.key;
    issued.push(k.body.key);
  }
});

afterAll(async () => {
  await server?.kill();
  if (dataDir) await removeDataDir(dataDir);
});

describe('route × role matrix through the real server', () => {
  let decisionId = '';
  beforeAll(async () => {
    const r = await api('POST', `${P}/decisions`, { key: roleKey.system, body: { facts: B2B_FACTS } });
    expect(r.status, r.text).toBe(201);
    decisionId = r.body.decisionId;
  });

  /** A request per route (by operationId) that an allowed caller can get past auth with. */
  const sample = (operationId: string, pathPattern: string, method: string) => {
    const p = pathPattern
      .replace(':policyId', 'b2b-standard')
      .replace(':version', '1')
      .replace(':decisionId', decisionId)
      .replace(':userId', 'u-viewer')
      .replace(':keyId', 'key_does_not_exist');
    const bodies: Record<string, unknown> = {
      createPolicy: { document: { id: `matrix-${Math.random().toString(36).slice(2, 8)}`, name: 'x' } },
      saveDraft: { document: { id: 'b2b-standard', name: 'x' } },
      evaluateDraft: { facts: B2B_FACTS },
      decide: { facts: B2B_FACTS },
      decideBatch: { items: [{ facts: B2B_FACTS }] },
      activateVersion: { version: 1, comment: 'matrix' },
      createUser: { id: `m-${Math.random().toString(36).slice(2, 8)}`, name: 'x', roles: ['viewer'] },
      replayDecision: {},
    };
    const body = bodies[operationId] ?? (method === 'post' ? { comment: 'matrix' } : undefined);
    return { p, body };
  };

  it('every route: no key → 401; each role → 403 exactly when the permission table denies it', async () => {
    const wrong: string[] = [];
    for (const route of API_ROUTES) {
      const { p, body } = sample(route.operationId, route.path, route.method);
      const anonymous = await api(route.method.toUpperCase(), p, { body });
      if (anonymous.status !== 401) wrong.push(`${route.operationId} anonymous → ${anonymous.status}`);
      for (const role of ROLES) {
        const r = await api(route.method.toUpperCase(), p, { key: roleKey[role], body, headers: { 'if-match': '"stale"' } });
        const granted = allows([role], route.access);
        if (granted && (r.status === 401 || r.status === 403 || r.status >= 500)) wrong.push(`${route.operationId} ${role} → ${r.status} ${r.text.slice(0, 200)}`);
        if (!granted && (r.status !== 403 || r.body?.code !== 'FORBIDDEN')) wrong.push(`${route.operationId} ${role} → ${r.status} (expected 403)`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a system key decides but cannot read the decision log, one decision, nor replay', async () => {
    for (const [method, p] of [
      ['GET', '/decisions'],
      ['GET', `/decisions/${decisionId}`],
      ['POST', `/decisions/${decisionId}/replay`],
      ['GET', '/audit'],
      ['GET', '/audit/verify'],
      ['GET', '/policies'],
    ] as const) {
      for (const key of [roleKey.system!, DEMO.system]) {
        const r = await api(method, p, { key, body: method === 'POST' ? {} : undefined });
        expect(r.status, `${method} ${p}`).toBe(403);
        expect(r.body.code).toBe('FORBIDDEN');
        expect(r.body).not.toHaveProperty('items');
        expect(r.text).not.toMatch(/"(facts|outcome|score)"/);
      }
    }
  });
});

describe('four eyes', () => {
  it('the author cannot approve their own draft, even holding the approver role', async () => {
    expect((await api('POST', '/users', { key: ADMIN_KEY, body: { id: 'both', name: 'Both', roles: ['author', 'approver'] } })).status).toBe(201);
    const key = (await api('POST', '/users/both/keys', { key: ADMIN_KEY })).body.key as string;
    issued.push(key);
    const draft = await api('GET', `${P}/draft`, { key });
    const saved = await api('PUT', `${P}/draft`, { key, body: { document: { ...draft.body.document, description: 'mine' } }, headers: { 'if-match': draft.headers.get('etag')! } });
    expect(saved.status, saved.text).toBe(200);
    expect((await api('POST', `${P}/draft/submit`, { key, body: { comment: 'mine' } })).status).toBe(200);
    // Twenty tries, concurrently: none gets through.
    const tries = await Promise.all(Array.from({ length: 20 }, () => api('POST', `${P}/draft/approve`, { key, body: { comment: 'self' } })));
    expect(new Set(tries.map((r) => `${r.status} ${r.body.code}`))).toEqual(new Set(['403 FOUR_EYES']));
    expect((await api('GET', `${P}/versions`, { key })).body.items).toHaveLength(1);
    expect((await api('POST', `${P}/draft/approve`, { key: DEMO.approver, body: { comment: 'second pair of eyes' } })).status).toBe(201);
  });
});

describe('revocation', () => {
  it('a revoked key fails at once: the very next request, and every request after it', async () => {
    const k = await api('POST', '/users/u-auditor/keys', { key: ADMIN_KEY });
    const key = k.body.key as string;
    issued.push(key);
    expect((await api('GET', '/me', { key })).status).toBe(200);
    // Keep it busy while it is revoked.
    let stop = false;
    const statuses: number[] = [];
    let answered!: () => void;
    const firstAnswer = new Promise<void>((resolve) => (answered = resolve));
    const busy = (async () => {
      while (!stop) {
        statuses.push((await api('GET', '/audit?limit=1', { key })).status);
        answered();
      }
    })();
    await firstAnswer; // the key is in use when it is revoked
    const revoked = await api('DELETE', `/keys/${k.body.id}`, { key: ADMIN_KEY });
    expect(revoked.status).toBe(200);
    const after = await Promise.all(Array.from({ length: 20 }, () => api('GET', '/audit?limit=1', { key })));
    expect(after.every((r) => r.status === 401)).toBe(true);
    stop = true;
    await busy;
    // Before the revocation: 200s; after the first 401, never a 200 again.
    const first401 = statuses.indexOf(401);
    if (first401 >= 0) expect(statuses.slice(first401).every((s) => s === 401)).toBe(true);
    expect(statuses[0]).toBe(200);
    // Revoking twice is harmless; the key does not come back.
    expect((await api('DELETE', `/keys/${k.body.id}`, { key: ADMIN_KEY })).status).toBe(200);
    expect((await api('GET', '/me', { key })).status).toBe(401);
  });
});

describe('secrets', () => {
  it('no key ever appears in a response after its creation, nor its hash', async () => {
    const texts: string[] = [];
    for (const p of ['/users', '/audit?limit=500', '/decisions?limit=500', '/me', '/policies']) {
      for (const key of [ADMIN_KEY, DEMO.auditor, DEMO.author]) texts.push((await api('GET', p, { key })).text);
    }
    texts.push((await http(server.url, 'GET', '/metrics')).text, (await http(server.url, 'GET', '/openapi.json')).text);
    const all = texts.join('\n');
    for (const key of [...issued, ADMIN_KEY]) expect(all).not.toContain(key);
    expect(all).not.toContain('keyHash');
    const { createHash } = await import('node:crypto');
    for (const key of issued) expect(all).not.toContain(createHash('sha256').update(key).digest('hex'));
  });

  it('no key appears in the server logs (debug level, including failed and revoked attempts)', async () => {
    await api('GET', '/me', { key: 'cg_wrong_key_that_does_not_exist_0000' });
    await api('GET', '/me', { headers: { authorization: `Bearer ${ADMIN_KEY}x` } });
    const last = 'access-test-last-request';
    await api('POST', '/users', { key: ADMIN_KEY, raw: '{broken', headers: { 'content-type': 'application/json', 'x-request-id': last } });
    // The request log is written after the answer: wait until the last request's line is out.
    const out = await eventually(async () => server.output().includes(last) && server.output());
    expect(out.length).toBeGreaterThan(1000); // debug logs were really written
    for (const key of [...issued, ADMIN_KEY, 'cg_wrong_key_that_does_not_exist_0000']) expect(out, 'a key leaked into the logs').not.toContain(key);
    // The well-known demo keys are printed in the start banner on purpose (outside production);
    // they must not show up in the request logs.
    const logLines = out.split('\n').filter((l) => l.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(10);
    for (const line of logLines) for (const key of Object.values(DEMO)) expect(line).not.toContain(key);
  });

  it('timing-safe comparison: keys are hashed, looked up by hash, compared with timingSafeEqual — and nowhere else', () => {
    const source = readFileSync(path.join(ROOT, 'api', 'auth', 'api-keys.ts'), 'utf8');
    const resolve = source.slice(source.indexOf('export async function resolveKey'));
    expect(resolve).toMatch(/findApiKeyByHash\(hash\)/);
    expect(resolve).toMatch(/timingSafeEqual\(/);
    expect(resolve).not.toMatch(/keyHash\s*===|===\s*record\.keyHash|hash\s*===|key\s*===/);
    // No other code in api/ compares a key or a key hash with == / ===.
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (file.endsWith('.ts')) {
          readFileSync(file, 'utf8')
            .split('\n')
            .forEach((line, i) => {
              if (/(keyHash|apiKey|bearer|token)\w*\s*!?===?\s*(?!null|undefined)[\w.'"`]/i.test(line) || /[\w.)]\s*!?===?\s*\w*(keyHash|token)\b/i.test(line))
                offenders.push(`${path.relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
            });
        }
      }
    };
    walk(path.join(ROOT, 'api'));
    expect(offenders).toEqual([]);
  });
});

describe('audit tampering', () => {
  it('editing one entry in the database is detected by /audit/verify (with or without recomputing its hash)', async () => {
    expect((await api('GET', '/audit/verify', { key: DEMO.auditor })).body).toMatchObject({ intact: true });
    expect(await server.stop()).toBe(0);
    // The SQLite store keeps each entry as JSON in the audit table (a deleted entry: tests/store/sqlite-store.test.ts).
    const db = new Database(path.join(dataDir, 'creditgraph.sqlite'));
    const row = db.prepare(`SELECT seq, json FROM audit WHERE json LIKE '%"draft.submitted"%' AND json LIKE '%"comment":"mine"%'`).get() as { seq: number; json: string };
    expect(row).toBeDefined();
    const forged = JSON.parse(row.json.replace('"comment":"mine"', '"comment":"approved by the board"')) as AuditEntry;
    const write = (json: string) => db.prepare('UPDATE audit SET json = ? WHERE seq = ?').run(json, row.seq);
    try {
      // 1. A naive edit: the entry no longer matches its own hash.
      write(JSON.stringify(forged));
      server = await startServer(dataDir, { LOG_LEVEL: 'debug' });
      let verify = await api('GET', '/audit/verify', { key: DEMO.auditor });
      expect(verify.status).toBe(200);
      expect(verify.body).toMatchObject({ intact: false, firstBrokenSeq: row.seq, problem: expect.any(String) });
      expect(await server.stop()).toBe(0);

      // 2. A careful forger recomputes the entry's hash: its server MAC gives it away (the key is not on
      // the data disk), before the next entry's link does.
      write(JSON.stringify({ ...forged, hash: hashAuditEntry(forged) }));
      server = await startServer(dataDir, { LOG_LEVEL: 'debug' });
      verify = await api('GET', '/audit/verify', { key: DEMO.auditor });
      expect(verify.body).toMatchObject({ intact: false, firstBrokenSeq: row.seq, problem: expect.stringContaining('server MAC') });
      expect(await server.stop()).toBe(0);

      // Restoring the original makes it whole again.
      write(row.json);
    } finally {
      db.close();
    }
    server = await startServer(dataDir, { LOG_LEVEL: 'debug' });
    expect((await api('GET', '/audit/verify', { key: DEMO.auditor })).body).toMatchObject({ intact: true });
  });
});
