/**
 * The open-items feed and the exposure watch (issue 24): figures by hand (aged balance, countback
 * DSO), the same batch twice changes nothing, overruns of the limit and of the insurer cover raise
 * alerts with no decision call (once per episode, with their webhook event), the daily sweep re-ages
 * the items (a growing overdue bucket) and catches a missed promise to pay; FR/EN texts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeExposure, countbackDso } from '../../api/domain/customer-exposure.js';
import type { OpenItemRecord } from '../../api/store/customer-store.js';
import { ADMIN, AUDITOR, ERP, FakeClock, startWorkflowApp } from '../workflow/workflow-app.js';
import type { TestApp } from '../api/support/test-app.js';

const item = (itemId: string, over: Partial<OpenItemRecord>): OpenItemRecord => ({
  itemId, customerId: 'X', kind: 'invoice', amount: 1000, currency: 'EUR', issueDate: '2026-03-01', dueDate: '2026-03-31', status: 'open', ...over,
});

describe('exposure figures', () => {
  it('ages debit items by days past due, keeps credits apart, sums outstanding', () => {
    const e = computeExposure(
      [
        item('a', { dueDate: '2026-04-15', amount: 100 }), // due today: not due
        item('b', { dueDate: '2026-04-14', amount: 200 }), // 1 day late
        item('c', { dueDate: '2026-03-16', amount: 300 }), // 30
        item('d', { dueDate: '2026-03-15', amount: 400 }), // 31
        item('e', { dueDate: '2026-01-15', amount: 500 }), // 90
        item('f', { dueDate: '2026-01-14', amount: 600, kind: 'unmaturedBill' }), // 91
        item('g', { kind: 'creditNote', amount: -50 }),
        item('h', { kind: 'unappliedCash', amount: -25.5 }),
        item('i', { amount: 999, status: 'closed' }),
      ],
      '2026-04-15',
      'EUR',
    );
    expect(e.aged).toEqual({ notDue: 100, d1to30: 500, d31to60: 400, d61to90: 500, over90: 600 });
    expect(e.credits).toBe(-75.5);
    expect(e.outstanding).toBe(2024.5);
    expect(e.overdue).toBe(2000);
    expect(e.openItems).toBe(8);
  });

  it('counts DSO back month by month (countback)', () => {
    // 15 April: April sales so far 3,000, March 6,000, February 9,000; receivables 12,000.
    // April absorbs 3,000 (15 days), March 6,000 (31 days), February covers the 3,000 left: 28 × 3/9.
    const sales = [item('s1', { issueDate: '2026-04-02', amount: 3000, status: 'closed' }), item('s2', { issueDate: '2026-03-10', amount: 6000, status: 'closed' }), item('s3', { issueDate: '2026-02-10', amount: 0, originalAmount: 9000, status: 'closed' })];
    expect(countbackDso(sales, 12000, '2026-04-15')).toBe(Math.round((15 + 31 + (28 * 3000) / 9000) * 10) / 10);
    expect(countbackDso(sales, 2000, '2026-04-15')).toBe(10); // inside the current month: 15 × 2/3
    expect(countbackDso([], 500, '2026-04-15')).toBeNull();
  });
});

describe('the feed and the watch over HTTP', () => {
  let t: TestApp;
  let clock: FakeClock;
  let hookId = '';
  beforeAll(async () => {
    ({ t, clock } = await startWorkflowApp(new FakeClock(Date.parse('2026-04-15T09:00:00.000Z'))));
    const hook = await t.call('POST', '/api/v1/webhooks', { key: ADMIN, body: { url: 'http://127.0.0.1:9/hook', events: ['alert.raised'] } });
    hookId = hook.body.id;
    const r = await t.call('POST', '/api/v1/customers', {
      key: ERP,
      body: {
        customerId: 'E-1',
        identity: { name: 'Exposée SA', currency: 'EUR', country: 'FR' },
        limit: { amount: 10000, grantedAt: '2026-01-10T00:00:00Z', reviewDate: '2027-01-10' },
        cover: { amount: 8000, insuredShare: 0.9, from: '2026-01-01' },
      },
    });
    expect(r.status, r.text).toBe(201);
  });
  afterAll(() => t?.close());

  const inv = (id: string, amount: number, dueDate: string, over: Record<string, unknown> = {}) => ({ id, customerId: 'E-1', kind: 'invoice', amount, currency: 'EUR', issueDate: '2026-03-01', dueDate, status: 'open', ...over });
  const BATCH = [inv('INV-1', 6000, '2026-03-31'), inv('INV-2', 3000, '2026-04-30'), { ...inv('CN-1', -500, '2026-03-20'), kind: 'creditNote' }];
  const alertsOf = async (type: string, language = 'en') => (await t.call('GET', `/api/v1/alerts?type=${type}&customerId=E-1`, { key: AUDITOR, headers: { 'accept-language': language } })).body.items;
  const auditCount = async () => (await t.call('GET', '/api/v1/audit?limit=500', { key: AUDITOR })).body.items.filter((e: { action: string }) => e.action.startsWith('customer.') || e.action === 'alert.raised').length;

  it('takes a batch, computes the exposure, and raises the cover overrun without a decision', async () => {
    const r = await t.call('POST', '/api/v1/open-items', { key: ERP, body: { items: BATCH, comment: 'nightly ERP export' } });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ received: 3, changed: 3, unchanged: 0, customers: 1 });
    expect(r.body.alerts.map((a: { type: string }) => a.type)).toEqual(['exposure.overCover']);
    const e = await t.call('GET', '/api/v1/customers/E-1/exposure', { key: AUDITOR });
    expect(e.body).toMatchObject({ outstanding: 8500, aged: { notDue: 3000, d1to30: 6000, d31to60: 0, d61to90: 0, over90: 0 }, credits: -500, overdue: 6000, limit: 10000, headroom: 1500, cover: 8000, uncovered: 500, dsoMethod: 'countback' });
    expect(e.body.watch.overCoverSince).toBe('2026-04-15T09:00:00.000Z');
    const decisions = await t.call('GET', '/api/v1/decisions', { key: AUDITOR });
    expect(decisions.body.items).toEqual([]);
  });

  it('changes nothing when the same batch comes again (no write, no entry, no alert)', async () => {
    const before = await auditCount();
    const r = await t.call('POST', '/api/v1/open-items', { key: ERP, body: { items: BATCH } });
    expect(r.body).toMatchObject({ received: 3, changed: 0, unchanged: 3, customers: 0, alerts: [] });
    expect(await auditCount()).toBe(before);
    expect(await alertsOf('exposure.overCover')).toHaveLength(1);
  });

  it('raises the limit overrun once per episode, with its webhook event, worded in both languages', async () => {
    const r = await t.call('POST', '/api/v1/open-items', { key: ERP, body: { items: [inv('INV-3', 2000, '2026-05-15')] } });
    expect(r.body.alerts.map((a: { type: string }) => a.type)).toEqual(['exposure.overLimit']);
    const [over] = await alertsOf('exposure.overLimit');
    expect(over).toMatchObject({ customerId: 'E-1', decisionId: null, severity: 'critical', details: { exposure: 10500, grantedLimit: 10000, overrun: 500 } });
    expect(over.message).toBe('Exposure 10,500 EUR (open items) is above the granted limit 10,000 (overrun 500).');
    const [fr] = await alertsOf('exposure.overLimit', 'fr');
    expect(fr.message).toBe('L’encours de 10\u202f500 EUR (postes ouverts) dépasse la limite accordée de 10\u202f000 (dépassement de 500).');
    const deliveries = await t.call('GET', `/api/v1/webhooks/${hookId}/deliveries`, { key: ADMIN });
    expect(deliveries.body.items.map((d: { payload: { alert: { type: string } } }) => d.payload.alert.type)).toEqual(expect.arrayContaining(['exposure.overLimit', 'exposure.overCover']));
    // Still over: nothing new. Back under, then over again: a new episode, a new alert.
    await t.call('POST', '/api/v1/open-items', { key: ERP, body: { items: [inv('INV-4', 100, '2026-05-20')] } });
    expect(await alertsOf('exposure.overLimit')).toHaveLength(1);
    await t.call('POST', '/api/v1/open-items', { key: ERP, body: { items: [inv('INV-3', 0, '2026-05-15', { status: 'closed' })] } });
    clock.advanceHours(1);
    await t.call('POST', '/api/v1/open-items', { key: ERP, body: { items: [inv('INV-5', 2000, '2026-05-20')] } });
    expect(await alertsOf('exposure.overLimit')).toHaveLength(2);
  });

  it('re-ages in the daily sweep: a growing overdue bucket, a missed promise to pay', async () => {
    const file = await t.call('GET', '/api/v1/customers/E-1', { key: ERP });
    const flags = await t.call('PUT', '/api/v1/customers/E-1/flags', { key: ERP, body: { flags: { promiseToPay: { date: '2026-05-10', amount: 6000 } } }, headers: { 'if-match': file.body.etag } });
    expect(flags.status, flags.text).toBe(200);
    expect(await t.services.workflow.sweep()).toEqual([]); // same day: nothing to re-age
    clock.advanceHours(20 * 24); // 5 May: INV-1 is 35 days late
    const swept = await t.services.workflow.sweep();
    expect(swept.map((a) => a.type)).toEqual(['exposure.overdueGrowth']);
    expect(swept[0]!.details).toMatchObject({ buckets: ['d31to60'], after: { d31to60: 6000 } });
    const [fr] = await alertsOf('exposure.overdueGrowth', 'fr');
    expect(fr.message).toContain('31 à 60 jours');
    clock.advanceHours(7 * 24); // 12 May: the promise of 10 May was not kept
    const missed = await t.services.workflow.sweep();
    expect(missed.map((a) => a.type)).toEqual(['promise.missed']);
    expect(missed[0]!.details).toMatchObject({ promisedAmount: 6000, promiseDate: '2026-05-10' });
    expect(await t.services.workflow.sweep()).toEqual([]); // once
  });

  it('refuses items it cannot take, naming them, and takes none of the batch', async () => {
    const r = await t.call('POST', '/api/v1/open-items', {
      key: ERP,
      body: { items: [inv('OK-1', 10, '2026-06-01'), inv('BAD-1', 10, '2026-06-01', { customerId: 'NOBODY' }), inv('BAD-2', 10, '2026-06-01', { currency: 'USD' }), { ...inv('BAD-3', 10, '2026-06-01'), kind: 'creditNote' }, inv('BAD-4', 10, '2026-02-01')] },
    });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/items/1/customerId', '/items/2/currency', '/items/3/amount', '/items/4/dueDate']);
    const items = await t.call('GET', '/api/v1/customers/E-1/open-items', { key: ERP });
    expect(items.body.items.map((i: { itemId: string }) => i.itemId)).not.toContain('OK-1');
  });
});
