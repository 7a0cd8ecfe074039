/**
 * Two REAL API processes on one MongoDB database (issue 17), started together on an empty one:
 * seeding runs once (under the store lease), a version activated through one decides on the other
 * at once, a simulation job started on one is polled on the other. Runs only where MONGODB_URI
 * reaches a replica set (`npm run test:mongo`); otherwise skipped with the reason.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { B2B_FACTS, DEMO, http, startServer, tempDir, type ServerProcess } from './support/server-process.js';
import { eventually } from '../support/eventually.js';
import { mongoUnreachableReason } from '../store/mongo-reachable.js';

const uri = process.env.MONGODB_URI?.trim() ?? '';
const reason = await mongoUnreachableReason(uri);
if (reason) console.warn(`MongoDB two-process suite skipped: ${reason}`);

const P = '/api/v1/policies/b2b-standard';

describe.skipIf(reason !== null)('two API processes on one MongoDB database', () => {
  const dbName = `creditgraph_two_${randomBytes(4).toString('hex')}`;
  let dataDir = '';
  let a: ServerProcess | null = null;
  let b: ServerProcess | null = null;

  beforeAll(async () => {
    dataDir = await tempDir('cg-mongo-two-');
    const env = { MONGODB_URI: uri, MONGODB_DB: dbName };
    [a, b] = await Promise.all([startServer(dataDir, env), startServer(dataDir, env)]);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    if (!reason) {
      const client = new MongoClient(uri);
      await client.db(dbName).dropDatabase().finally(() => client.close());
    }
  });

  it('seeds once; a version activated through one decides on the other at once', async () => {
    const audit = await http(a!.url, 'GET', '/api/v1/audit?limit=500', { key: DEMO.auditor });
    const created = audit.body.items.filter((e: { action: string }) => e.action === 'policy.created').map((e: { policyId: string }) => e.policyId);
    expect(new Set(created).size).toBe(created.length);
    const decide = async (url: string) => (await http(url, 'POST', `${P}/decisions`, { key: DEMO.system, body: { facts: B2B_FACTS } })).body.version as number;
    const draft = await http(a!.url, 'GET', `${P}/draft`, { key: DEMO.author });
    const saved = await http(a!.url, 'PUT', `${P}/draft`, { key: DEMO.author, body: { document: { ...draft.body.document, description: 'v2' } }, headers: { 'if-match': draft.headers.get('etag')! } });
    expect(saved.status, saved.text).toBe(200);
    expect((await http(a!.url, 'POST', `${P}/draft/submit`, { key: DEMO.author, body: { comment: 'v2' } })).status).toBe(200);
    expect((await http(a!.url, 'POST', `${P}/draft/approve`, { key: DEMO.approver, body: { comment: 'ok' } })).status).toBe(201);
    expect(await decide(b!.url)).toBe(1);
    expect((await http(a!.url, 'POST', `${P}/activate`, { key: DEMO.approver, body: { version: 2, comment: 'go' } })).status).toBe(200);
    expect(await decide(b!.url)).toBe(2);
  });

  it('a simulation job started on one is polled on the other', async () => {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    for (let i = 0; i < 3; i++) expect((await http(a!.url, 'POST', `${P}/decisions`, { key: DEMO.system, body: { facts: B2B_FACTS, customerId: `M-${i}` } })).status).toBe(201);
    const to = new Date(Date.now() + 60_000).toISOString();
    const started = await http(a!.url, 'POST', `${P}/simulations?from=1&to=2`, { key: DEMO.author, raw: JSON.stringify({ source: 'decisions', from, to }), headers: { 'content-type': 'application/json' } });
    expect(started.status, started.text).toBe(202);
    const done = await eventually(async () => {
      const r = await http(b!.url, 'GET', started.headers.get('location')!, { key: DEMO.author });
      expect(r.status, r.text).toBe(200);
      return r.body.status === 'done' && r.body;
    });
    expect(done.portfolio.recordCount).toBeGreaterThanOrEqual(3);
  });
});
