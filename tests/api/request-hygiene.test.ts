/**
 * Issue 13 rows 8, 9 and 10: one Authorization header or 400; identifiers that cannot be stored
 * faithfully (invalid UTF-8, NUL, CR/LF, bidirectional overrides) are 400 naming the field; the
 * request log never holds a query string's values (a key pasted as ?api_key=, customer ids).
 */
import { request } from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { keyOf, useTestApp } from './support/test-app.js';

const erp = keyOf('erp');
const aude = keyOf('aude');
const P = '/api/v1/policies/trade-credit';
const GOOD = { requestedAmount: 50000, annualTurnover: 2_000_000, yearsInBusiness: 12, paymentIncidents: false };

const logLines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    logLines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});

const t = useTestApp({ app: { logger: pino({ level: 'info' }, sink) } });

/** A raw request: repeated headers stay separate lines, the body is sent as bytes. */
function raw(method: string, path: string, headers: string[], body?: Buffer): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: any }> {
  return new Promise((resolve, reject) => {
    const url = new URL(t.url + path);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers: body ? ['host', url.host, ...headers, 'content-type', 'application/json', 'content-length', String(body.length)] : ['host', url.host, ...headers] }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('Authorization header (row 8)', () => {
  it('two Authorization headers: 400, whichever comes first', async () => {
    for (const order of [
      [aude, 'cg_unknown_key_000000000000'],
      ['cg_unknown_key_000000000000', aude],
      [aude, aude],
    ]) {
      const r = await raw('GET', '/api/v1/me', ['authorization', `Bearer ${order[0]}`, 'authorization', `Bearer ${order[1]}`]);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ code: 'BAD_REQUEST', errors: [{ pointer: '/authorization', in: 'header' }] });
    }
    expect((await raw('GET', '/api/v1/me', ['authorization', `Bearer ${aude}`])).status).toBe(200);
  });

  it('a malformed Authorization is 401 invalid_request; an unknown key 401 invalid_token; none at all a bare challenge', async () => {
    const basic = await raw('GET', '/api/v1/me', ['authorization', 'Basic YWRtaW46YWRtaW4=']);
    expect(basic.status).toBe(401);
    expect(basic.headers['www-authenticate']).toMatch(/^Bearer realm="creditgraph", error="invalid_request"/);
    const unknown = await raw('GET', '/api/v1/me', ['authorization', 'Bearer cg_unknown_key_000000000000']);
    expect(unknown.status).toBe(401);
    expect(unknown.headers['www-authenticate']).toMatch(/error="invalid_token"/);
    const none = await raw('GET', '/api/v1/me', []);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="creditgraph"');
  });
});

describe('identifiers that cannot be stored faithfully (row 9)', () => {
  const decide = (customerId: Buffer | string) =>
    raw('POST', `${P}/decisions`, ['authorization', `Bearer ${erp}`], Buffer.concat([Buffer.from(`{"facts":${JSON.stringify(GOOD)},"customerId":"`), Buffer.from(customerId), Buffer.from('"}')]));

  it('invalid UTF-8 in customerId: 400 naming /customerId, nothing logged', async () => {
    const before = (await t.store.listDecisions({ limit: 500 })).items.length;
    const r = await decide(Buffer.from([0x43, 0x2d, 0xff, 0xfe, 0x31]));
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'BAD_REQUEST', errors: [{ pointer: '/customerId', in: 'body' }] });
    expect(r.body.errors[0].detail).toMatch(/UTF-8/);
    expect((await t.store.listDecisions({ limit: 500 })).items.length).toBe(before);
  });

  it.each([
    ['NUL', 'C-1\\u0000'],
    ['CRLF', 'C-1\\r\\nINFO forged log line'],
    ['right-to-left override', 'C-1\\u202Egnp.exe'],
    ['first-strong isolate', 'C-\\u20681'],
  ])('%s in customerId: 400 naming /customerId', async (_name, escaped) => {
    const r = await decide(escaped);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'BAD_REQUEST', errors: [{ pointer: '/customerId' }] });
  });

  it('a batch item\'s customerId is named with its index', async () => {
    const body = { items: [{ facts: GOOD, customerId: 'C-ok' }, { facts: GOOD, customerId: 'C-\u202E1' }] };
    const r = await t.call('POST', `${P}/decisions/batch`, { key: erp, body });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([expect.objectContaining({ pointer: '/items/1/customerId' })]);
  });

  it('ordinary ids, accents and non-Latin scripts included, are stored as sent', async () => {
    for (const id of ['C-1', 'Société Générale #12', '株式会社-7', 'عميل-3']) {
      const r = await t.call('POST', `${P}/decisions`, { key: erp, body: { facts: GOOD, customerId: id } });
      expect(r.status, r.text).toBe(201);
      expect(r.body.customerId).toBe(id);
    }
  });
});

describe('request log (row 10)', () => {
  it('logs the path and the names of query parameters, never their values', async () => {
    await t.call('GET', '/api/v1/decisions?customerId=ACME-SECRET-42&limit=5&api_key=cg_leaked_in_query_0000', { key: aude });
    await t.call('GET', '/api/v1/me?api_key=cg_leaked_in_query_0000');
    const lines = logLines.filter((l) => l.includes('request completed'));
    const decisions = lines.map((l) => JSON.parse(l)).find((e) => e.req.url.startsWith('/api/v1/decisions'));
    expect(decisions.req.url).toBe('/api/v1/decisions?customerId=…&limit=…&api_key=…');
    const all = logLines.join('\n');
    expect(all).not.toContain('ACME-SECRET-42');
    expect(all).not.toContain('cg_leaked_in_query');
  });
});
