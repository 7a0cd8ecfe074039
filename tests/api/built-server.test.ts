/**
 * The server as `npm start` runs it: api/server.ts bundled by the build (api/build/build-server.ts)
 * and started with plain `node`, no tsx. The other server tests run the TypeScript source; this
 * one checks what only the bundle can get wrong: files found from its own location (rulesets, the
 * simulation worker next to it), bundled packages, lazily loaded parts (OpenAPI, reference page).
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../api/build/build-server.js';
import { call } from './support/test-app.js';
import { B2B_FACTS, startTempServer, type TempServer } from '../reliability/support/server-process.js';
import { eventually } from '../support/eventually.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// Inside the project like dist/server (the server finds rulesets/ upwards from itself), but its own.
const OUT_DIR = path.join(ROOT, 'dist', `test-server-${process.pid}`);
const ERP = 'cg_demo_system';
const ANA = 'cg_demo_author';

// The README's worked example: class B, accepted.
const FACTS = B2B_FACTS;

let server: TempServer | undefined;
let url: string;

beforeAll(async () => {
  await buildServer(OUT_DIR);
  server = await startTempServer('creditgraph-built-', {}, [], path.join(OUT_DIR, 'server.js'));
  url = server.url;
});

afterAll(async () => {
  await server?.close();
  await rm(OUT_DIR, { recursive: true, force: true });
});

describe('the built server (node dist/server/server.js)', () => {
  it('seeds the reference policies from rulesets/ and serves a decision', async () => {
    const r = await call(url, 'POST', '/api/v1/policies/b2b-standard/decisions', { key: ERP, body: { facts: FACTS, customerId: 'BUILT-1' } });
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ policyId: 'b2b-standard', version: 1, outcome: 'accept', riskClass: 'B' });
    expect(r.headers.get('location')).toBe(`/api/v1/decisions/${r.body.decisionId}`);
    expect(r.headers.get('x-request-id')).toBeTruthy();
  });

  it('serves the OpenAPI document, the reference page and the metrics', async () => {
    const doc = await call(url, 'GET', '/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    const page = await call(url, 'GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.text).toContain('/api/v1/policies/{policyId}/decisions');
    const metrics = await call(url, 'GET', '/metrics');
    expect(metrics.text).toContain('creditgraph_http_requests_total');
  });

  it('runs a simulation on the worker thread that sits next to the bundle', async () => {
    const portfolio = JSON.stringify([1, 2, 3].map((i) => ({ customerId: `c${i}`, ...FACTS, bureauScore: 50 + 10 * i })));
    const started = await call(url, 'POST', '/api/v1/policies/b2b-standard/simulations', { key: ANA, rawBody: portfolio, headers: { 'content-type': 'application/json' } });
    expect(started.status, started.text).toBe(202);
    const job = await eventually(async () => {
      const now = (await call(url, 'GET', started.headers.get('location')!, { key: ANA })).body;
      return (now.status === 'done' || now.status === 'failed') && now;
    });
    expect(job.error).toBeNull();
    expect(job.status).toBe('done');
    expect(job.progress).toEqual({ done: 3, total: 3 });
  });
});
