/**
 * Request logs carry no customer data: a customer id sent in bodies, filters, batch items, an
 * erasure request and an unknown-parameter error never reaches the log, at any level.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, AUDITOR, ERP, FACTS, RULESETS } from '../workflow/workflow-app.js';
import { startTestApp, type TestApp } from '../api/support/test-app.js';

const CUSTOMER = 'CUST-PRIVATE-9931';

describe('request logs', () => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    // The app's own logger at its most talkative level, capturing every line.
    const sink = new Writable({ write: (chunk, _enc, done) => void (lines.push(String(chunk)), done()) });
    t = await startTestApp({ rulesets: RULESETS, app: { logger: pino({ level: 'trace' }, sink), workflow: { timers: false } } });
  });
  afterAll(() => t.close());

  it('never hold a customer id, whatever the request', async () => {
    const P = '/api/v1/policies/b2b-standard';
    const decided = await t.call('POST', `${P}/decisions`, { key: ERP, body: { facts: FACTS, customerId: CUSTOMER, requestId: 'r-1' } });
    expect(decided.status).toBe(201);
    await t.call('POST', `${P}/decisions`, { key: ERP, body: { facts: { ...FACTS, requestedAmount: 'x' }, customerId: CUSTOMER } }); // 422
    await t.call('POST', `${P}/decisions/batch`, { key: ERP, body: { items: [{ facts: FACTS, customerId: CUSTOMER }, { facts: {}, customerId: CUSTOMER }] } });
    await t.call('GET', `/api/v1/decisions?customerId=${CUSTOMER}`, { key: AUDITOR });
    await t.call('GET', `/api/v1/decisions?customer=${CUSTOMER}`, { key: AUDITOR }); // 400, names the parameter only
    await t.call('GET', `/api/v1/approvals?customerId=${CUSTOMER}`, { key: AUDITOR });
    await t.call('GET', `/api/v1/alerts?customerId=${CUSTOMER}`, { key: AUDITOR });
    await t.call('POST', '/api/v1/erasures', { key: ADMIN, body: { customerId: CUSTOMER, comment: 'request 7' } });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(CUSTOMER);
  });
});
