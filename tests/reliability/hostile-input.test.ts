/**
 * Hostile and broken input against the real app over HTTP (in-process createApp on a real file
 * store, the three reference policies published). Extends tests/api/bad-input.test.ts: here every
 * item is sent to EVERY route that reads it, and for each one we check that
 *   - the answer is a 4xx application/problem+json naming the problem (code, and a pointer when
 *     a field is at fault), never a stack trace;
 *   - nothing was written: policies, versions, draft etags, the audit trail and the decision log
 *     are exactly as before;
 *   - the server is still healthy, and `({}).polluted` is still undefined.
 */
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { keyRecord } from '../../api/auth/api-keys.js';
import { keyCreated, userCreated } from '../../api/domain/audit-events.js';
import { validatePolicy, compilePolicy, type PolicyDocument } from '../../engine/index.js';
import { keyOf, useTestApp, type CallResult, type TestApp } from '../api/support/test-app.js';
import { B2B_FACTS, ROOT } from './support/server-process.js';

const ERP = keyOf('erp');
const ANA = keyOf('ana');
const PAUL = keyOf('paul');
const AUDE = keyOf('aude');
const ADAM = keyOf('adam');
const B2B = '/api/v1/policies/b2b-standard';
const JSON_TYPE = { 'content-type': 'application/json' };

/** An approver allowed to decide any approval request of b2b-standard (the top delegation level). */
const EXEC = 'cg_test_hostile_exec_key_000000';

const t = useTestApp({ rulesets: path.join(ROOT, 'rulesets') });
let reference: PolicyDocument;
/** The ids the body routes' paths need: an existing policy, logged decision and open approval request. */
const ids: Record<string, string> = { policyId: 'b2b-standard', userId: 'ana', customerId: 'HOSTILE', experimentId: 'exp_hostile' };
const at = (template: string) => template.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? `{${name}}`);

beforeAll(async () => {
  reference = (await t.call('GET', `${B2B}/versions/1`, { key: ANA })).body.document;
  const now = new Date().toISOString();
  const exec = { id: 'exec', name: 'exec', roles: ['approver' as const], delegationLevel: 'executiveCommittee', createdAt: now, disabled: false };
  await t.store.createUser(exec, userCreated(exec, { actor: 'test' }));
  const key = keyRecord('exec', EXEC, now);
  await t.store.createApiKey(key, keyCreated(key, { actor: 'test' }));
  // 45,000 asked above a 28,000 limit: escalated, so it opens an approval request.
  const escalated = await t.call('POST', `${B2B}/decisions`, { key: ERP, body: { facts: { ...B2B_FACTS, requestedAmount: 45_000 }, customerId: 'HOSTILE' } });
  expect(escalated.body.outcome, escalated.text).toBe('escalate');
  ids.decisionId = escalated.body.decisionId;
  ids.approvalId = escalated.body.approvalId;
});

/** Everything a request could have written. */
async function snapshot() {
  const policies = await t.store.listPolicies();
  const perPolicy = await Promise.all(
    policies.map(async (p) => ({ p, draft: (await t.store.getDraft(p.id))?.etag ?? null, versions: (await t.store.listVersions(p.id)).length })),
  );
  let audit = 0;
  for await (const _ of t.store.allAudit()) audit++;
  let decisions = 0;
  let cursor: string | undefined;
  do {
    const page = await t.store.listDecisions({ cursor, limit: 500 });
    decisions += page.items.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const users = await t.store.listUsers();
  const keys = (await Promise.all(users.map((u) => t.store.listApiKeys(u.id)))).flat();
  const approvals = (await t.store.listApprovals({})).map((a) => `${a.id}:${a.status}:${JSON.stringify(a)}`).sort();
  const webhooks = (await t.store.listWebhooks()).map((w) => w.id).sort();
  const experiments = (await t.store.listExperiments({ limit: 500 })).map((e) => `${e.id}:${e.revision}`);
  return { perPolicy, audit, decisions, users: users.length, keys: keys.map((k) => `${k.id}:${k.revokedAt}`).sort(), approvals, webhooks, experiments };
}

function expectProblem(r: CallResult, status: number | [number, number], code?: string | RegExp) {
  const [lo, hi] = Array.isArray(status) ? status : [status, status];
  expect(r.status, r.text).toBeGreaterThanOrEqual(lo);
  expect(r.status, r.text).toBeLessThanOrEqual(hi);
  expect(r.headers.get('content-type'), r.text).toMatch(/^application\/problem\+json/);
  expect(r.body).toMatchObject({ status: r.status, type: expect.stringMatching(/^https:\/\/creditgraph\.dev\/problems\//), title: expect.any(String), detail: expect.any(String) });
  if (code) expect(r.body.code).toMatch(code);
  expect(r.text).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack trace
  expect(r.text).not.toMatch(/\/work\/|node_modules/); // no internal paths
}

/** Sends a hostile request and checks: problem answer, nothing written, still healthy. */
async function hostile(method: string, p: string, o: Parameters<TestApp['call']>[2], status: number | [number, number], code?: string | RegExp): Promise<CallResult> {
  const before = await snapshot();
  const r = await t.call(method, p, o);
  expectProblem(r, status, code);
  expect(await snapshot(), `${method} ${p} wrote something`).toStrictEqual(before);
  return r;
}

afterEach(async () => {
  expect((await t.call('GET', '/healthz')).status).toBe(200);
  expect((await t.call('GET', '/readyz')).status).toBe(200);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  expect((globalThis as Record<string, unknown>).polluted).toBeUndefined();
});

/**
 * Every route that reads a JSON body, as the OpenAPI document names it, with a key allowed to call
 * it; `{…}` parameters are filled from `ids` when the request is sent.
 */
const BODY_ROUTES: [string, string, string][] = [
  ['POST', '/api/v1/policies', ANA],
  ['PUT', '/api/v1/policies/{policyId}/draft', ANA],
  ['POST', '/api/v1/policies/{policyId}/draft/validate', ANA],
  ['POST', '/api/v1/policies/{policyId}/draft/evaluate', ANA],
  ['POST', '/api/v1/policies/{policyId}/draft/submit', ANA],
  ['POST', '/api/v1/policies/{policyId}/draft/approve', PAUL],
  ['POST', '/api/v1/policies/{policyId}/draft/reject', PAUL],
  ['POST', '/api/v1/policies/{policyId}/activate', PAUL],
  ['POST', '/api/v1/policies/{policyId}/decisions', ERP],
  ['POST', '/api/v1/policies/{policyId}/decisions/batch', ERP],
  ['POST', '/api/v1/decisions/{decisionId}/replay', AUDE],
  ['POST', '/api/v1/users', ADAM],
  ['POST', '/api/v1/approvals/{approvalId}/decision', EXEC],
  ['POST', '/api/v1/webhooks', ADAM],
  ['POST', '/api/v1/users/{userId}/keys', ADAM],
  ['POST', '/api/v1/erasures', ADAM],
  ['POST', '/api/v1/customers', ERP],
  ['PUT', '/api/v1/customers/{customerId}', ERP],
  ['PATCH', '/api/v1/customers/{customerId}', ERP],
  ['POST', '/api/v1/customers/{customerId}/facts', ERP],
  ['PUT', '/api/v1/customers/{customerId}/cover', ERP],
  ['PUT', '/api/v1/customers/{customerId}/flags', ERP],
  ['POST', '/api/v1/open-items', ERP],
  ['POST', '/api/v1/policies/{policyId}/experiments', PAUL],
  ['POST', '/api/v1/experiments/{experimentId}/approve', PAUL],
  ['POST', '/api/v1/experiments/{experimentId}/share', PAUL],
  ['POST', '/api/v1/experiments/{experimentId}/stop', PAUL],
  ['POST', '/api/v1/experiments/{experimentId}/withdraw-change', PAUL],
  ['POST', '/api/v1/experiments/{experimentId}/promote', PAUL],
  ['POST', '/api/v1/outcomes', ERP],
  ['PUT', '/api/v1/policies/{policyId}/monitoring/settings', PAUL],
  ['POST', '/api/v1/campaigns', PAUL],
];

/** Routes whose body is a file (an .xlsx workbook), not JSON: hostile files instead of hostile JSON. */
const RAW_BODY_ROUTES: [string, string, string][] = [
  ['POST', '/api/v1/policies/{policyId}/draft/workbook/preview', ANA],
  ['POST', '/api/v1/policies/{policyId}/draft/workbook', ANA],
];

describe('bodies, on every route that reads one', () => {
  it('covers every body-reading route of the API (from its OpenAPI document)', () => {
    const paths = t.openapi.paths as Record<string, Record<string, { requestBody?: unknown }>>;
    const withBody = Object.entries(paths).flatMap(([p, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => operation.requestBody !== undefined)
        .map(([method]) => `${method.toUpperCase()} ${p}`),
    );
    expect(withBody.length).toBeGreaterThan(10); // the document was read
    const covered = new Set([...BODY_ROUTES, ...RAW_BODY_ROUTES].map(([m, p]) => `${m} ${p}`));
    expect(withBody.filter((r) => !covered.has(r)), 'body-reading routes with no hostile cases: add them to BODY_ROUTES').toEqual([]);
    expect([...covered].filter((r) => !withBody.includes(r)), 'BODY_ROUTES entries the API does not have').toEqual([]);
  });

  const raw = (text: string | Buffer, headers: Record<string, string> = JSON_TYPE) => ({ rawBody: text, headers });

  for (const [method, template, key] of BODY_ROUTES) {
    describe(`${method} ${template}`, () => {
      let p: string;
      beforeAll(() => void (p = at(template)));
      it('malformed JSON → 400 MALFORMED_JSON', async () => {
        for (const text of ['{', '{"a": }', "{'a': 1}", '{"a": 1,}', '[1, 2', 'NaN', '{"a": NaN}', '{"a": Infinity}', '{"a": -Infinity}', '{"a": 0x10}', '{"a": undefined}', '\u00ef\u00bb\u00bf{}']) {
          await hostile(method, p, { key, ...raw(text) }, 400, 'MALFORMED_JSON');
        }
      });

      it('wrong content type → 415', async () => {
        for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=utf-16', 'application/jsonx']) {
          await hostile(method, p, { key, ...raw('{"document": {}, "facts": {}}', { 'content-type': type }) }, 415, 'UNSUPPORTED_MEDIA_TYPE');
        }
        await hostile(method, p, { key, rawBody: '{"facts": {}}' }, 415, 'UNSUPPORTED_MEDIA_TYPE'); // no content type at all
      });

      it('2 MB body → 413 BODY_TOO_LARGE', async () => {
        const big = JSON.stringify({ facts: B2B_FACTS, document: reference, comment: 'x'.repeat(2 * 1024 * 1024) });
        await hostile(method, p, { key, ...raw(big) }, 413, 'BODY_TOO_LARGE');
      });

      it('10,000-deep nesting (arrays and objects) → 400 NESTING_TOO_DEEP, no stack overflow', async () => {
        await hostile(method, p, { key, ...raw('['.repeat(10_000) + ']'.repeat(10_000)) }, 400, 'NESTING_TOO_DEEP');
        await hostile(method, p, { key, ...raw('{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)) }, 400, 'NESTING_TOO_DEEP');
        // Unbalanced garbage deeper than the limit is refused before JSON.parse sees it.
        await hostile(method, p, { key, ...raw('{"facts":' + '[{"x":'.repeat(5_000)) }, 400, /NESTING_TOO_DEEP|MALFORMED_JSON/);
      });

      it('__proto__ / constructor / prototype keys → 400 FORBIDDEN_KEY, nothing polluted', async () => {
        for (const text of [
          '{"__proto__": {"polluted": true}}',
          '{"facts": {"__proto__": {"polluted": true}}}',
          '{"document": {"constructor": {"prototype": {"polluted": true}}}}',
          '{"items": [{"facts": {"prototype": {"polluted": 1}}}]}',
          '{"comment": "x", "\\u005f\\u005fproto\\u005f\\u005f": {"polluted": true}}',
          '{"a": {"b": {"c": {"__proto__": {"polluted": "deep"}}}}}',
        ]) {
          const r = await hostile(method, p, { key, ...raw(text) }, 400, 'FORBIDDEN_KEY');
          expect(r.body.errors[0].pointer).toMatch(/__proto__|constructor|prototype/);
        }
      });

      it('an empty body where one is required → 400 EMPTY_BODY (or the route needs none)', async () => {
        const r = await t.call(method, p, { key, headers: JSON_TYPE });
        if (r.status < 300) return; // validate accepts no body (it checks the saved draft) — nothing to refuse
        const before = await snapshot();
        expect([400, 422, 409, 412, 428]).toContain(r.status);
        expectProblem(r, [400, 428]);
        expect(await snapshot()).toStrictEqual(before);
      });

      it('a JSON value of the wrong shape → 4xx naming the field', async () => {
        for (const text of ['null', '[]', '"text"', '42', 'true', '{"unexpected": 1}']) {
          const r = await t.call(method, p, { key, ...raw(text) });
          if (r.status < 300) continue; // e.g. validate with {} checks the saved draft
          expectProblem(r, [400, 428]);
        }
      });
    });
  }
});

describe('workbook bodies (files, not JSON)', () => {
  const ifMatch = async () => (await t.call('GET', `${B2B}/draft`, { key: ANA })).headers.get('etag') ?? '';
  for (const [method, template, key] of RAW_BODY_ROUTES) {
    const imports = !template.endsWith('/preview');
    describe(`${method} ${template}`, () => {
      it('a body above 5 MB → 413 BODY_TOO_LARGE, nothing written', async () => {
        await hostile(method, at(template), { key, rawBody: Buffer.alloc(6 * 1024 * 1024, 0x50), headers: { 'content-type': 'application/octet-stream', ...(imports ? { 'if-match': await ifMatch() } : {}) } }, 413, 'BODY_TOO_LARGE');
      });
      it('JSON, text, a truncated zip and random bytes are not workbooks: refused with problems, nothing written', async () => {
        const zipHeader = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]);
        for (const body of [Buffer.from('{"document": {}}'), Buffer.from('=cmd|\' /C calc\'!A0'), zipHeader, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))]) {
          const before = await snapshot();
          const r = await t.call(method, at(template), { key, rawBody: body, headers: { 'content-type': 'application/octet-stream', ...(imports ? { 'if-match': await ifMatch() } : {}) } });
          if (imports) expectProblem(r, 422, 'WORKBOOK_INVALID');
          else {
            expect(r.status).toBe(200);
            expect(r.body.ok).toBe(false);
            expect(r.body.problems.length).toBeGreaterThan(0);
          }
          expect(await snapshot(), `${method} ${template} wrote something`).toStrictEqual(before);
        }
      });
      it('an empty body → 400 EMPTY_BODY, nothing written', async () => {
        await hostile(method, at(template), { key, rawBody: Buffer.alloc(0), headers: { 'content-type': 'application/octet-stream', ...(imports ? { 'if-match': await ifMatch() } : {}) } }, 400, 'EMPTY_BODY');
      });
    });
  }
});

describe('decision facts', () => {
  const decide = (body: unknown) => hostile('POST', `${B2B}/decisions`, { key: ERP, body }, 422, /INVALID_FACTS|INVALID_REQUEST/);

  it('strings where numbers go, wrong types, unknown facts: 422 with one error per field', async () => {
    const r = await decide({ facts: { ...B2B_FACTS, requestedAmount: '25000', yearsInBusiness: '12', insolvencyProceedings: 'false', sectorRisk: 3, unknownFact: 1 } });
    expect(r.body.code).toBe('INVALID_FACTS');
    const pointers = [...new Set(r.body.errors.map((e: { pointer: string }) => e.pointer))].sort();
    expect(pointers).toEqual(['/facts/insolvencyProceedings', '/facts/requestedAmount', '/facts/sectorRisk', '/facts/unknownFact', '/facts/yearsInBusiness']);
  });

  it('NaN, Infinity, 1e309, -1e309 and out-of-range numbers: 4xx naming the field', async () => {
    for (const literal of ['1e309', '-1e309', '1e400']) {
      const r = await hostile('POST', `${B2B}/decisions`, { key: ERP, rawBody: `{"facts": ${JSON.stringify(B2B_FACTS).replace('"requestedAmount":25000', `"requestedAmount":${literal}`)}}`, headers: JSON_TYPE }, 422, 'INVALID_FACTS');
      expect(r.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/facts/requestedAmount');
    }
    for (const v of [1e13, Number.MAX_VALUE, 100_000_000.01]) {
      const r = await decide({ facts: { ...B2B_FACTS, requestedAmount: v } });
      expect(r.body.errors[0].pointer).toBe('/facts/requestedAmount');
    }
  });

  it('negative amounts and counts: 422', async () => {
    for (const [field, v] of [['requestedAmount', -1], ['requestedAmount', -0.01], ['totalAssets', -5], ['paymentIncidents12m', -1], ['paymentIncidents12m', 1.5], ['bureauScore', 101]] as const) {
      const r = await decide({ facts: { ...B2B_FACTS, [field]: v } });
      expect(r.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(`/facts/${field}`);
    }
  });

  it('facts that are not an object, missing required facts, bad request fields: 422', async () => {
    for (const facts of [null, [], 'x', 1, true]) await decide({ facts });
    const r = await decide({ facts: { yearsInBusiness: 3 } });
    expect(r.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(['/facts/requestedAmount', '/facts/insolvencyProceedings']));
    await decide({ facts: B2B_FACTS, version: 0 });
    await decide({ facts: B2B_FACTS, version: 1.5 });
    await decide({ facts: B2B_FACTS, requestId: '' });
    await decide({ facts: B2B_FACTS, requestId: 'with space' });
    await decide({ facts: B2B_FACTS, requestId: 'ünïcode' });
    await decide({ facts: B2B_FACTS, requestId: 'x'.repeat(201) });
    await decide({ facts: B2B_FACTS, extra: true });
  });

  it('batches: above 1,000 items, empty, or not an array → 422, nothing logged', async () => {
    const item = { facts: B2B_FACTS };
    for (const items of [Array.from({ length: 1001 }, () => item), [], {}, null]) {
      await hostile('POST', `${B2B}/decisions/batch`, { key: ERP, body: { items } }, 422, /INVALID_REQUEST|BATCH_TOO_LARGE/);
    }
  });

  it('a requestId reused with another body → 409, and the first decision stays the only one', async () => {
    const first = await t.call('POST', `${B2B}/decisions`, { key: ERP, body: { facts: B2B_FACTS, requestId: 'hostile-dup' } });
    expect(first.status).toBe(201);
    for (const body of [
      { facts: { ...B2B_FACTS, requestedAmount: 26000 }, requestId: 'hostile-dup' },
      { facts: B2B_FACTS, requestId: 'hostile-dup', customerId: 'someone-else' },
      { facts: B2B_FACTS, requestId: 'hostile-dup', version: 1 },
    ]) {
      const r = await hostile('POST', `${B2B}/decisions`, { key: ERP, body }, 409, 'IDEMPOTENCY_CONFLICT');
      expect(r.body.decisionId).toBe(first.body.decisionId);
    }
    const batch = await t.call('POST', `${B2B}/decisions/batch`, { key: ERP, body: { items: [{ facts: { ...B2B_FACTS, requestedAmount: 1 }, requestId: 'hostile-dup' }] } });
    expect(batch.body.items[0]).toMatchObject({ status: 409, error: { code: 'IDEMPOTENCY_CONFLICT' } });
  });
});

describe('ids, paths and query strings', () => {
  const TRAVERSALS = [
    '..%2F..%2Fetc%2Fpasswd',
    '..%252F..%252Fetc%252Fpasswd',
    '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '..%5C..%5Cwindows%5Cwin.ini',
    'b2b-standard%00',
    'b2b-standard%2F..%2F..%2Fjournal.ndjson',
    '%C0%AE%C0%AE%2F',
    'LOCK',
    'journal.ndjson',
    '%E2%80%AEdrafts',
    'b2b%E2%80%8Bstandard', // zero-width space
    'b%D1%852b-standard', // Cyrillic х
    'x'.repeat(300),
  ];

  it('path traversal and odd ids in every parametrised route → 404 problem, nothing written', async () => {
    for (const id of TRAVERSALS) {
      for (const [method, p, key, body] of [
        ['GET', `/api/v1/policies/${id}`, AUDE, undefined],
        ['GET', `/api/v1/policies/${id}/draft`, AUDE, undefined],
        ['GET', `/api/v1/policies/${id}/versions`, AUDE, undefined],
        ['GET', `/api/v1/policies/${id}/versions/1`, AUDE, undefined],
        ['GET', `/api/v1/policies/${id}/diff`, AUDE, undefined],
        ['PUT', `/api/v1/policies/${id}/draft`, ANA, { document: reference }],
        ['POST', `/api/v1/policies/${id}/decisions`, ERP, { facts: B2B_FACTS }],
        ['POST', `/api/v1/policies/${id}/activate`, PAUL, { version: 1, comment: 'x' }],
        ['GET', `/api/v1/decisions/${id}`, AUDE, undefined],
        ['POST', `/api/v1/decisions/${id}/replay`, AUDE, {}],
        ['POST', `/api/v1/users/${id}/keys`, ADAM, undefined],
        ['DELETE', `/api/v1/keys/${id}`, ADAM, undefined],
      ] as const) {
        // 404 for an id that cannot exist; 400 when the path is not even valid percent-encoding.
        await hostile(method, p, { key, body, headers: { 'if-match': '*' } }, [400, 404], /NOT_FOUND|BAD_REQUEST/);
      }
    }
  });

  it('unknown policy, version and decision ids → 404 naming them', async () => {
    expect((await hostile('GET', '/api/v1/policies/no-such-policy', { key: AUDE }, 404, 'NOT_FOUND')).body.detail).toContain('no-such-policy');
    expect((await hostile('GET', `${B2B}/versions/999`, { key: AUDE }, 404, 'NOT_FOUND')).body.detail).toContain('999');
    await hostile('GET', '/api/v1/decisions/dec_00000000-0000-0000-0000-000000000000', { key: AUDE }, 404, 'NOT_FOUND');
    await hostile('POST', `${B2B}/decisions`, { key: ERP, body: { facts: B2B_FACTS, version: 999 } }, 404, 'NOT_FOUND');
    await hostile('POST', `${B2B}/activate`, { key: PAUL, body: { version: 999, comment: 'x' } }, 404, 'NOT_FOUND');
    await hostile('GET', `${B2B}/diff?from=999&to=1`, { key: AUDE }, 404, 'NOT_FOUND');
  });

  it('hostile query strings → 4xx naming the parameter, never 5xx', async () => {
    for (const q of ['limit=abc', 'limit=0', 'limit=100000', 'limit=1e3', 'outcome=maybe', 'from=yesterday', 'to=2024-13-45T99:00:00Z', 'limit=1&limit=2']) {
      const r = await hostile('GET', `/api/v1/decisions?${q}`, { key: AUDE }, 422, 'INVALID_REQUEST');
      expect(r.body.errors[0].in).toBe('query');
    }
    for (const q of ['cursor=garbage', 'cursor=%00%FF', `cursor=${'A'.repeat(500)}`, 'policyId[$ne]=x', '__proto__[polluted]=1', 'constructor[prototype][polluted]=1']) {
      const r = await t.call('GET', `/api/v1/decisions?${q}`, { key: AUDE });
      expect(r.status, `${q}: ${r.text}`).toBeLessThan(500);
      if (r.status >= 400) expectProblem(r, [400, 422]);
    }
    for (const q of ['from=../../etc', 'to=-1', 'from=1e3']) await hostile('GET', `${B2B}/diff?${q}`, { key: AUDE }, 422, 'INVALID_REQUEST');
    await hostile('GET', '/api/v1/audit?limit=-5', { key: AUDE }, 422, 'INVALID_REQUEST');
  });

  it('Unicode edge cases are stored and returned exactly, or refused with a 4xx', async () => {
    // Ids that would show differently than stored (bidi overrides, NUL, BOM, line breaks): 400 naming the field (issue 13).
    for (const customerId of ['\u202Eevil\u202C', 'a\u0000b', '\uFEFFbom', '\u2028\u2029', 'a\r\nb']) {
      const r = await hostile('POST', `${B2B}/decisions`, { key: ERP, body: { facts: B2B_FACTS, customerId } }, 400, 'BAD_REQUEST');
      expect(r.body.errors[0].pointer).toBe('/customerId');
    }
    const weird = ['\u{1F600}\u{1F4A9}', 'e\u0301', 'ＡＢＣ', 'x'.repeat(200)];
    for (const customerId of weird) {
      const r = await t.call('POST', `${B2B}/decisions`, { key: ERP, body: { facts: B2B_FACTS, customerId } });
      expect(r.status, r.text).toBe(201);
      expect(r.body.customerId).toBe(customerId);
      const logged = await t.call('GET', `/api/v1/decisions/${r.body.decisionId}`, { key: AUDE });
      expect(logged.body.customerId).toBe(customerId);
    }
    // Lone surrogates: JSON allows them; either kept as sent or refused, never a 5xx.
    const lone = await t.call('POST', `${B2B}/decisions`, { key: ERP, rawBody: `{"facts": ${JSON.stringify(B2B_FACTS)}, "customerId": "\\ud800x\\udfff"}`, headers: JSON_TYPE });
    expect(lone.status, lone.text).toBeLessThan(500);
    // Invalid UTF-8 bytes are refused, naming the field, never silently replaced (issue 13).
    const bytes = Buffer.concat([Buffer.from(`{"facts": ${JSON.stringify(B2B_FACTS)}, "customerId": "`), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"}')]);
    const bad = await t.call('POST', `${B2B}/decisions`, { key: ERP, rawBody: bytes, headers: JSON_TYPE });
    expect(bad.status, bad.text).toBe(400);
    expect(bad.body.errors[0].pointer).toBe('/customerId');
    // An enum fact must match exactly: no case folding, no look-alikes.
    for (const sectorRisk of ['Medium', 'medium ', 'mеdium' /* Cyrillic е */]) {
      await hostile('POST', `${B2B}/decisions`, { key: ERP, body: { facts: { ...B2B_FACTS, sectorRisk } } }, 422, 'INVALID_FACTS');
    }
    // NUL is never text, in any field: refused as unreadable, naming the field (issue 13).
    const nul = await hostile('POST', `${B2B}/decisions`, { key: ERP, body: { facts: { ...B2B_FACTS, sectorRisk: 'medium\u0000' } } }, 400, 'BAD_REQUEST');
    expect(nul.body.errors[0].pointer).toBe('/facts/sectorRisk');
  });

  it('hostile headers: oversized or odd keys and If-Match values → 4xx', async () => {
    for (const authorization of [`Bearer cg_${'a'.repeat(5000)}`, 'Bearer cg_\u00e9', 'Bearer  ', 'bearer cg_demo_author extra']) {
      const r = await t.call('GET', '/api/v1/me', { headers: { authorization: Buffer.from(authorization, 'utf8').toString('latin1') } });
      expectProblem(r, 401, 'UNAUTHENTICATED');
    }
    const doc = { ...reference, description: 'if-match' };
    for (const ifMatch of ['"nope"', 'W/"nope"', '"', ',,,', 'x'.repeat(4000)]) {
      await hostile('PUT', `${B2B}/draft`, { key: ANA, body: { document: doc }, headers: { 'if-match': ifMatch } }, 412, 'PRECONDITION_FAILED');
    }
    await hostile('PUT', `${B2B}/draft`, { key: ANA, body: { document: doc } }, 428, 'PRECONDITION_REQUIRED');
  });
});

describe('policy documents', () => {
  const validate = async (document: unknown) => {
    const before = await snapshot();
    const r = await t.call('POST', `${B2B}/draft/validate`, { key: ANA, body: { document } });
    expect(await snapshot()).toStrictEqual(before);
    return r;
  };
  const errorsOf = (r: CallResult) => (r.body.diagnostics as { code: string; path: string; severity: string }[]).filter((d) => d.severity === 'error');

  it('invalid schema: diagnostics name each problem; creating it with a bad id, or submitting it, is refused', async () => {
    const broken = structuredClone(reference) as unknown as Record<string, unknown>;
    (broken.inputs as Record<string, unknown>[])[0]!.type = 'money';
    (broken.nodes as Record<string, unknown>[])[2]!.kind = 'magic';
    broken.unknownTopLevel = true;
    const r = await validate(broken);
    expect(r.status).toBe(200);
    expect(r.body.valid).toBe(false);
    const paths = errorsOf(r).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['/inputs/0/type', '/nodes/2/kind']));
    expect(paths.some((p) => p.includes('unknownTopLevel'))).toBe(true);

    for (const id of ['../../etc/passwd', 'has space', '', 'x'.repeat(65), '__proto__', '1starts-with-digit']) {
      await hostile('POST', '/api/v1/policies', { key: ANA, body: { document: { ...reference, id } } }, 422, 'INVALID_REQUEST');
    }
    for (const document of [null, [], 'doc', { name: 'no id' }, { id: 'no-name' }]) {
      await hostile('POST', '/api/v1/policies', { key: ANA, body: { document } }, 422, 'INVALID_REQUEST');
    }
  });

  it('a broken draft may be saved (work in progress) but never submitted or published', async () => {
    const created = await t.call('POST', '/api/v1/policies', { key: ANA, body: { document: { id: 'hostile-wip', name: 'WIP', nodes: [{ id: 'x', kind: 'magic' }] } } });
    expect(created.status, created.text).toBe(201);
    expect(created.body.valid).toBe(false);
    const r = await hostile('POST', '/api/v1/policies/hostile-wip/draft/submit', { key: ANA, body: { comment: 'please' } }, 422, 'POLICY_INVALID');
    expect(r.body.errors.length).toBeGreaterThan(0);
    expect(r.body.errors[0].pointer).toMatch(/^\/document\//);
    await hostile('POST', '/api/v1/policies/hostile-wip/draft/approve', { key: PAUL, body: { comment: 'x' } }, 409, 'CONFLICT');
    await hostile('POST', '/api/v1/policies/hostile-wip/decisions', { key: ERP, body: { facts: {} } }, 409, 'NO_ACTIVE_VERSION');
  });

  it('cycles are reported (GRAPH_CYCLE) and cannot compile', async () => {
    const cyclic = structuredClone(reference);
    cyclic.edges.push({ id: 'back', source: 'decision', target: 'ratios' } as never, { id: 'back2', source: 'approval', target: 'scorecard' } as never);
    const r = await validate(cyclic);
    expect(r.body.valid).toBe(false);
    expect(errorsOf(r).map((d) => d.code)).toContain('GRAPH_CYCLE');
    expect(() => compilePolicy(cyclic)).toThrow(/cycle/);
  });

  it('expressions that try to escape are errors, and are never run', async () => {
    const ESCAPES = [
      "constructor.constructor('return process')()",
      'this',
      'this.process',
      'globalThis',
      'globalThis.polluted = 1',
      'process.exit(1)',
      'require("child_process")',
      'import("fs")',
      'requestedAmount.constructor',
      'requestedAmount["constructor"]["constructor"]("return process")()',
      'requestedAmount.__proto__',
      'requestedAmount.prototype',
      '__proto__',
      'Function("return this")()',
      'eval("1")',
      '(() => 1)()',
      'new Date()',
      '`${process}`',
      'requestedAmount; process.exit(1)',
      'x = 1',
      'toString',
      'valueOf()',
      'hasOwnProperty',
      'max.constructor',
      'a'.repeat(2001),
    ];
    for (const [i, expression] of ESCAPES.entries()) {
      const doc = structuredClone(reference);
      const ratios = doc.nodes.find((n) => n.id === 'ratios')! as unknown as { config: { variables: { name: string; expression: string }[] } };
      ratios.config.variables.push({ name: `evil${i}`, expression });
      const r = await validate(doc);
      expect(r.status).toBe(200);
      expect(r.body.valid, expression).toBe(false);
      expect(errorsOf(r).some((d) => d.path.startsWith('/nodes/0/config/variables')), `${expression}: ${JSON.stringify(errorsOf(r))}`).toBe(true);
      expect(() => compilePolicy(doc), expression).toThrow();
      // And through the API, a test-run of such a draft is refused.
      const run = await t.call('POST', `${B2B}/draft/evaluate`, { key: ANA, body: { facts: B2B_FACTS } });
      expect(run.status).toBe(200); // the saved draft is untouched: validate never saves
    }
    expect((globalThis as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('conditions that try to escape (prototype facts, paths, operators) are errors', async () => {
    for (const leaf of [
      { fact: '__proto__', operator: 'equal', value: 1 },
      { fact: 'constructor', operator: 'equal', value: 1 },
      { fact: 'requestedAmount', operator: 'equal', value: 1, path: '$.constructor' },
      { fact: 'requestedAmount', operator: 'constructor', value: 1 },
      { fact: 'requestedAmount', operator: 'equal', value: { fact: 'toString' } },
    ]) {
      const doc = structuredClone(reference);
      const knockouts = doc.nodes.find((n) => n.id === 'knockouts')! as unknown as { config: { rules: { when: unknown }[] } };
      knockouts.config.rules[0]!.when = { all: [leaf] };
      const r = await validate(doc);
      expect(r.body.valid, JSON.stringify(leaf)).toBe(false);
    }
  });

  it('100,000-node documents are refused by the stated limit (300 nodes), cheaply', async () => {
    // Tiny nodes fit in the 1 MB body: the schema's maxItems names the limit.
    const small = { ...reference, id: 'b2b-standard', nodes: Array.from({ length: 100_000 }, () => 0) };
    for (const [method, p, body] of [
      ['POST', '/api/v1/policies', { document: { ...small, id: 'hostile-huge' } }],
      ['PUT', `${B2B}/draft`, { document: small }],
      ['POST', `${B2B}/draft/validate`, { document: small }],
    ] as const) {
      const r = await hostile(method, p, { key: ANA, body, headers: { 'if-match': '*' } }, 422, 'INVALID_REQUEST');
      expect(r.body.errors[0]).toMatchObject({ pointer: '/document/nodes', detail: expect.stringContaining('300') });
    }
    // Real nodes do not: the body limit answers first.
    const real = { ...reference, nodes: Array.from({ length: 100_000 }, (_, i) => ({ id: `n${i}`, kind: 'decision', config: {} })) };
    await hostile('POST', `${B2B}/draft/validate`, { key: ANA, body: { document: real } }, 413, 'BODY_TOO_LARGE');
    // The engine on its own (CLI, editor) refuses it with DOCUMENT_TOO_LARGE before any schema pass.
    const result = validatePolicy(real as unknown as PolicyDocument);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['DOCUMENT_TOO_LARGE']);
    expect(result.diagnostics[0]!.message).toContain('300');
  });

  it('labels with HTML or script are stored as data and only ever served as JSON', async () => {
    const html = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const doc = { ...structuredClone(reference), name: html };
    doc.nodes[0]!.label = html;
    const r = await t.call('POST', `${B2B}/draft/validate`, { key: ANA, body: { document: doc } });
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    // (The editor renders such labels inert: tests/e2e/editor.e2e.test.ts checks it in a browser.)
  });
});

describe('afterwards', () => {
  it('the server still decides, and the audit chain is intact', async () => {
    const r = await t.call('POST', `${B2B}/decisions`, { key: ERP, body: { facts: B2B_FACTS } });
    expect(r.status).toBe(201);
    expect(r.body.outcome).toBe('accept');
    expect((await t.call('GET', '/api/v1/audit/verify', { key: AUDE })).body).toMatchObject({ intact: true });
  });
});
