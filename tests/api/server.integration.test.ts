/**
 * The REAL server process (`node --import tsx api/server.ts`, temp DATA_DIR, a free port), driven
 * over HTTP through the whole lifecycle with the demo users: the author edits b2b-standard and
 * submits, the author cannot approve, the approver approves → version 2, a decision uses version 2,
 * the diff shows the change, rollback works, replay works, the audit chain verifies; then SIGTERM,
 * a restart on the same data, and everything is still there.
 */
import { once } from 'node:events';
import { mkdtemp, readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type CallOptions } from './support/test-app.js';
import { removeDataDir, type ServerProcess, startServer as startServerProcess } from '../reliability/support/server-process.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ADMIN_KEY = 'cg_integration_admin_key_0123456789';
const ANA = 'cg_demo_author';
const PAUL = 'cg_demo_approver';
const AUDE = 'cg_demo_auditor';
const ERP = 'cg_demo_system';

const startServer = (dataDir: string) => startServerProcess(dataDir, { CREDITGRAPH_ADMIN_KEY: ADMIN_KEY });
const stopServer = (r: ServerProcess) => r.stop();

let dataDir: string;
let server: ServerProcess;
const api = (method: string, p: string, o: CallOptions = {}) => call(server.url, method, `/api/v1${p}`, o);
const B2B = '/policies/b2b-standard';

// class C customer asking 28,000 (limit 12,000): v1 escalates to the credit manager (analyst ≤ 25,000),
// v2 raises the analyst's authority to 30,000, so the analyst decides.
const FACTS = {
  requestedAmount: 28000,
  insolvencyProceedings: false,
  yearsInBusiness: 5,
  equity: 60000,
  intangibleAssets: 0,
  totalAssets: 300000,
  currentAssets: 150000,
  currentLiabilities: 100000,
  financialDebt: 120000,
  netIncome: 20000,
  annualTurnover: 1000000,
  avgPaymentDelayDays: 3,
  paymentIncidents12m: 1,
  sectorRisk: 'medium',
  bureauScore: 55,
  insurerCover: 0,
};

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'creditgraph-server-'));
  server = await startServer(dataDir);
});

afterAll(async () => {
  if (server) await stopServer(server);
  if (dataDir) await removeDataDir(dataDir);
});

describe('the real server, two users, one lifecycle', () => {
  let decisionV1 = '';

  it('starts with the reference policies published and prints the demo keys, not the admin key it was given', async () => {
    expect(server.output()).toContain('cg_demo_author');
    expect(server.output()).not.toContain(ADMIN_KEY);
    const list = await api('GET', '/policies', { key: ANA });
    expect(list.status).toBe(200);
    const b2b = list.body.items.find((p: { id: string }) => p.id === 'b2b-standard');
    expect(b2b).toMatchObject({ activeVersion: 1, latestVersion: 1, draft: { status: 'editing' } });
    // The verification at start runs in the background: done by now, or not yet (null).
    const ready = (await call(server.url, 'GET', '/readyz')).body;
    expect(ready).toEqual({ status: 'ready', store: 'sqlite', integrity: { intact: true, findings: [], checkedAtStart: ready.integrity.checkedAtStart } });
    expect(ready.integrity.checkedAtStart === null || !Number.isNaN(Date.parse(ready.integrity.checkedAtStart))).toBe(true);
  });

  it('a decision before the change uses version 1', async () => {
    const d = await api('POST', `${B2B}/decisions`, { key: ERP, body: { facts: FACTS, customerId: 'ACME', requestId: 'it-v1' } });
    expect(d.status, d.text).toBe(201);
    expect(d.body).toMatchObject({ version: 1, outcome: 'escalate', approvalLevel: 'creditManager', riskClass: 'C' });
    decisionV1 = d.body.decisionId;
  });

  it('the author edits the draft (ETag) and submits it', async () => {
    const draft = await api('GET', `${B2B}/draft`, { key: ANA });
    const etag = draft.headers.get('etag')!;
    const document = structuredClone(draft.body.document);
    const approval = document.nodes.find((n: { kind: string }) => n.kind === 'approval');
    approval.config.levels.find((l: { id: string }) => l.id === 'creditAnalyst').maxAmount = 30000;

    expect((await api('PUT', `${B2B}/draft`, { key: ANA, body: { document } })).status).toBe(428);
    const saved = await api('PUT', `${B2B}/draft`, { key: ANA, body: { document, comment: 'Analysts up to 30k' }, headers: { 'if-match': etag } });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.valid).toBe(true);
    expect((await api('PUT', `${B2B}/draft`, { key: ANA, body: { document }, headers: { 'if-match': etag } })).status).toBe(412);

    const check = await api('POST', `${B2B}/draft/validate`, { key: ANA });
    expect(check.body.valid).toBe(true);
    expect(check.body.golden.length).toBeGreaterThan(5);

    const submitted = await api('POST', `${B2B}/draft/submit`, { key: ANA, body: { comment: 'Raise analyst authority to 30,000' } });
    expect(submitted.status, submitted.text).toBe(200);
    expect(submitted.body.status).toBe('submitted');
  });

  it('the author cannot approve; the approver approves → version 2', async () => {
    const own = await api('POST', `${B2B}/draft/approve`, { key: ANA, body: { comment: 'self-service' } });
    expect(own.status).toBe(403);
    const approved = await api('POST', `${B2B}/draft/approve`, { key: PAUL, body: { comment: 'Agreed with the credit committee' } });
    expect(approved.status, approved.text).toBe(201);
    expect(approved.body).toMatchObject({ version: 2, author: 'ana', approvedBy: 'paul' });
  });

  it('a user who is author and approver cannot approve their own submission (four eyes)', async () => {
    const user = await api('POST', '/users', { key: ADMIN_KEY, body: { id: 'lea', name: 'Léa', roles: ['author', 'approver'] } });
    expect(user.status, user.text).toBe(201);
    const key = (await api('POST', '/users/lea/keys', { key: ADMIN_KEY })).body.key;
    const draft = await api('GET', `${B2B}/draft`, { key });
    const document = { ...draft.body.document, description: `${draft.body.document.description ?? ''} (reviewed)` };
    await api('PUT', `${B2B}/draft`, { key, body: { document }, headers: { 'if-match': draft.headers.get('etag')! } });
    expect((await api('POST', `${B2B}/draft/submit`, { key, body: { comment: 'wording' } })).status).toBe(200);
    const own = await api('POST', `${B2B}/draft/approve`, { key, body: { comment: 'mine' } });
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('FOUR_EYES');
    expect((await api('POST', `${B2B}/draft/reject`, { key: PAUL, body: { comment: 'not now' } })).status).toBe(200);
  });

  it('once activated, decisions use version 2', async () => {
    const act = await api('POST', `${B2B}/activate`, { key: PAUL, body: { version: 2, comment: 'Go live' } });
    expect(act.status, act.text).toBe(200);
    const d = await api('POST', `${B2B}/decisions`, { key: ERP, body: { facts: FACTS, customerId: 'ACME' } });
    expect(d.body).toMatchObject({ version: 2, outcome: 'escalate', approvalLevel: 'creditAnalyst' });
    // The same requestId still answers what was decided then.
    const replayed = await api('POST', `${B2B}/decisions`, { key: ERP, body: { facts: FACTS, customerId: 'ACME', requestId: 'it-v1' } });
    expect(replayed.status).toBe(200);
    expect(replayed.body).toMatchObject({ decisionId: decisionV1, version: 1 });
  });

  it('the diff shows the change, in words and as a JSON Patch', async () => {
    const diff = await api('GET', `${B2B}/diff?from=1&to=2`, { key: AUDE });
    expect(diff.status).toBe(200);
    expect(diff.body.nodes.changed).toEqual(['approval']);
    expect(diff.body.patch).toEqual([expect.objectContaining({ op: 'replace', value: 30000, path: expect.stringMatching(/\/levels\/1\/maxAmount$/) })]);
    expect(JSON.stringify(diff.body.changes)).toMatch(/25,?000.*30,?000/);
  });

  it('rollback: activating version 1 again takes effect at once', async () => {
    expect((await api('POST', `${B2B}/activate`, { key: PAUL, body: { version: 1, comment: 'Rollback' } })).body.activeVersion).toBe(1);
    const d = await api('POST', `${B2B}/decisions`, { key: ERP, body: { facts: FACTS } });
    expect(d.body).toMatchObject({ version: 1, approvalLevel: 'creditManager' });
  });

  it('replays the logged version-1 decision against version 2, beside the original', async () => {
    const r = await api('POST', `/decisions/${decisionV1}/replay`, { key: AUDE, body: { version: 2 } });
    expect(r.status, r.text).toBe(200);
    expect(r.body.original).toMatchObject({ version: 1 });
    expect(r.body.replay).toMatchObject({ version: 2 });
    expect(r.body.same).toBe(false);
    expect(r.body.differences).toEqual([{ field: 'approvalLevel', original: 'creditManager', replay: 'creditAnalyst' }]);
    const log = await api('GET', '/decisions?policyId=b2b-standard&customerId=ACME', { key: AUDE });
    expect(log.body.items).toHaveLength(2);
  });

  it('the audit trail tells the story and its chain verifies', async () => {
    const audit = await api('GET', '/audit?policyId=b2b-standard&limit=100', { key: AUDE });
    const story = audit.body.items.map((e: { action: string; actor: string; version: number | null }) => `${e.actor}:${e.action}${e.version ? `:${e.version}` : ''}`).reverse();
    expect(story).toEqual([
      'system:policy.created',
      'system:draft.submitted',
      'system:version.published:1',
      'ana:draft.saved:1',
      'ana:draft.submitted:1',
      'paul:version.published:2',
      'lea:draft.saved:2',
      'lea:draft.submitted:2',
      'paul:draft.rejected:2',
      'paul:version.activated:2',
      'paul:version.activated:1',
    ]);
    const published = audit.body.items.find((e: { action: string; version: number }) => e.action === 'version.published' && e.version === 2);
    expect(published.comment).toBe('Agreed with the credit committee');
    expect(published.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const verify = await api('GET', '/audit/verify', { key: AUDE });
    expect(verify.body).toMatchObject({ intact: true, firstBrokenSeq: null });
    expect((await api('GET', '/audit/verify', { key: ERP })).status).toBe(403);
  });

  it('shuts down gracefully on SIGTERM and restarts with everything intact', async () => {
    expect(await stopServer(server)).toBe(0);
    server = await startServer(dataDir);
    expect(server.output()).not.toMatch(/Admin API key/);
    const policy = await api('GET', B2B, { key: ANA });
    expect(policy.body.policy).toMatchObject({ activeVersion: 1, latestVersion: 2 });
    expect((await api('GET', `/decisions/${decisionV1}`, { key: AUDE })).body.version).toBe(1);
    expect((await api('GET', '/audit/verify', { key: AUDE })).body.intact).toBe(true);
    expect((await api('GET', '/me', { key: ADMIN_KEY })).body.id).toBe('admin');
    // The seed ran once: still three policies, b2b-standard not re-imported.
    expect((await api('GET', `${B2B}/versions`, { key: ANA })).body.items).toHaveLength(2);
    expect(await readFile(path.join(ROOT, 'rulesets', 'b2b-standard.json'), 'utf8')).toContain('b2b-standard');
  });

  it('finishes an in-flight request on SIGTERM before exiting', async () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({ facts: { ...FACTS, requestedAmount: 1000 + i } }));
    const body = JSON.stringify({ items });
    // In flight for sure: `Expect: 100-continue` makes the server answer "100 Continue" once it has
    // read the request's headers; only then comes SIGTERM, and only then the body.
    const request = httpRequest(`${server.url}/api/v1${B2B}/decisions/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ERP}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' },
    });
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      request.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      });
      request.on('error', reject);
    });
    await once(request, 'continue');
    const exited = stopServer(server);
    request.end(body);
    const r = await answered;
    expect(r.status, r.text).toBe(200);
    expect(JSON.parse(r.text).succeeded).toBe(1000);
    expect(await exited).toBe(0);
  });
});
