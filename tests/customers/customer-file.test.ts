/**
 * The customer credit file over HTTP (issue 24): create, read with its ETag, replace and patch
 * under If-Match (428 without, 412 when stale), facts kept by freshness (stale ones reported),
 * cover and flags, lists with filters, problems naming the field, every change audited under the
 * customer's pseudonym (never its id or the values), and who may do what.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyOf, startTestApp, type TestApp } from '../api/support/test-app.js';

const erp = keyOf('erp');
const paul = keyOf('paul');
const aude = keyOf('aude');
const vic = keyOf('vic');
const C = '/api/v1/customers';

const file = (customerId: string, over: Record<string, unknown> = {}) => ({
  customerId,
  identity: { name: `Société ${customerId}`, nationalId: '552100554', country: 'FR', currency: 'EUR' },
  cover: { insurer: 'Allianz Trade', amount: 50000, insuredShare: 0.9, from: '2026-01-01' },
  limit: { amount: 40000, grantedAt: '2026-02-01T10:00:00Z', reviewDate: '2027-02-01' },
  facts: [
    { input: 'bureauScore', value: 72, source: 'bureau', asOf: '2026-05-01' },
    { input: 'equity', value: 80000, source: 'erp', asOf: '2025-12-31' },
  ],
  comment: 'onboarding',
  ...over,
});

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('customer files', () => {
  it('creates a file and reads it back with its ETag; a second create is a 409', async () => {
    const r = await t.call('POST', C, { key: erp, body: file('C-100') });
    expect(r.status, r.text).toBe(201);
    expect(r.headers.get('etag')).toBe(r.body.etag);
    expect(r.headers.get('location')).toBe(`${C}/C-100`);
    expect(r.body).toMatchObject({
      customerId: 'C-100',
      identity: { name: 'Société C-100', nationalId: '552100554', country: 'FR', currency: 'EUR' },
      parentId: null,
      cover: { insurer: 'Allianz Trade', amount: 50000, insuredShare: 0.9, from: '2026-01-01', to: null },
      limit: { amount: 40000, reviewDate: '2027-02-01', expiresAt: null, decisionId: null },
      flags: { dispute: null, promiseToPay: null, insolvency: null },
      updatedBy: 'erp',
    });
    expect(r.body.facts.bureauScore).toMatchObject({ value: 72, source: 'bureau', asOf: '2026-05-01', recordedBy: 'erp' });
    const got = await t.call('GET', `${C}/C-100`, { key: aude });
    expect(got.status).toBe(200);
    expect(got.body).toEqual(r.body);
    const again = await t.call('GET', `${C}/C-100`, { key: aude, headers: { 'if-none-match': r.body.etag } });
    expect(again.status).toBe(304);
    const dup = await t.call('POST', C, { key: erp, body: file('C-100') });
    expect(dup.status).toBe(409);
    expect(dup.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses bad input with a problem naming the field, and writes nothing', async () => {
    const r = await t.call('POST', C, { key: erp, body: file('C-bad', { identity: { name: 'X', currency: 'euro' } }) });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/identity/currency');
    const cover = await t.call('POST', C, { key: erp, body: file('C-bad', { cover: { amount: 1, insuredShare: 0.9, from: '2026-05-01', to: '2026-01-01' } }) });
    expect(cover.status).toBe(422);
    expect(cover.body.errors).toEqual([expect.objectContaining({ pointer: '/cover/to', detail: 'is before cover.from' })]);
    const fact = await t.call('POST', C, { key: erp, body: file('C-bad', { facts: [{ input: 'bureauScore', value: 50, source: 'bureau', asOf: '2999-01-01' }] }) });
    expect(fact.status).toBe(422);
    expect(fact.body.errors).toEqual([expect.objectContaining({ pointer: '/facts/0/asOf', detail: 'is in the future' })]);
    const parent = await t.call('POST', C, { key: erp, body: file('C-bad', { parentId: 'C-nobody' }) });
    expect(parent.status).toBe(422);
    expect(parent.body.errors[0].pointer).toBe('/parentId');
    expect((await t.call('GET', `${C}/C-bad`, { key: aude })).status).toBe(404);
  });

  it('PUT and PATCH need If-Match (428), refuse a stale one (412), and change only what they say', async () => {
    const created = await t.call('POST', C, { key: erp, body: file('C-200') });
    const etag = created.body.etag as string;
    const body = { identity: { name: 'Société C-200 SAS', currency: 'EUR', country: 'FR' }, limit: { amount: 30000, grantedAt: '2026-06-01T00:00:00Z' }, comment: 'rename' };
    expect((await t.call('PUT', `${C}/C-200`, { key: paul, body })).status).toBe(428);
    const put = await t.call('PUT', `${C}/C-200`, { key: paul, body, headers: { 'if-match': etag } });
    expect(put.status, put.text).toBe(200);
    expect(put.body).toMatchObject({ identity: { name: 'Société C-200 SAS', nationalId: null }, cover: null, limit: { amount: 30000 }, updatedBy: 'paul' });
    expect(put.body.facts.bureauScore.value).toBe(72); // PUT keeps the facts
    const stale = await t.call('PUT', `${C}/C-200`, { key: paul, body, headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
    const patch = await t.call('PATCH', `${C}/C-200`, { key: paul, body: { limit: { reviewDate: '2027-06-01' }, flags: { dispute: { since: '2026-06-02', amount: 1200 } } }, headers: { 'if-match': put.body.etag } });
    expect(patch.status, patch.text).toBe(200);
    expect(patch.body.limit).toMatchObject({ amount: 30000, reviewDate: '2027-06-01' });
    expect(patch.body.flags.dispute).toEqual({ since: '2026-06-02', amount: 1200, note: null });
    const coverPatch = await t.call('PATCH', `${C}/C-200`, { key: paul, body: { cover: { amount: 10 } }, headers: { 'if-match': patch.body.etag } });
    expect(coverPatch.status).toBe(422); // no cover yet: a partial one cannot make it
    expect(coverPatch.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/cover/from', '/cover/insuredShare']);
    // The same content again: nothing changes, the ETag stays.
    const same = await t.call('PATCH', `${C}/C-200`, { key: paul, body: { limit: { reviewDate: '2027-06-01' } }, headers: { 'if-match': patch.body.etag } });
    expect(same.status).toBe(200);
    expect(same.body.etag).toBe(patch.body.etag);
  });

  it('keeps the freshest fact per input and reports older ones as stale', async () => {
    await t.call('POST', C, { key: erp, body: file('C-300') });
    const r = await t.call('POST', `${C}/C-300/facts`, {
      key: erp,
      body: { facts: [{ input: 'bureauScore', value: 55, source: 'bureau', asOf: '2026-07-01' }, { input: 'equity', value: 1, source: 'erp', asOf: '2024-12-31' }, { input: 'sectorRisk', value: 'high', source: 'analyst', asOf: '2026-07-02' }] },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body.applied.map((a: { input: string }) => a.input)).toEqual(['bureauScore', 'sectorRisk']);
    expect(r.body.stale).toEqual([{ input: 'equity', asOf: '2024-12-31', storedAsOf: '2025-12-31', storedSource: 'erp' }]);
    expect(r.body.customer.facts.bureauScore).toMatchObject({ value: 55, asOf: '2026-07-01' });
    expect(r.body.customer.facts.equity.value).toBe(80000);
    // Only stale facts: nothing written, same ETag.
    const none = await t.call('POST', `${C}/C-300/facts`, { key: erp, body: { facts: [{ input: 'equity', value: 2, source: 'erp', asOf: '2020-01-01' }] } });
    expect(none.body.customer.etag).toBe(r.body.customer.etag);
    expect(none.body.stale).toHaveLength(1);
    const bad = await t.call('POST', `${C}/C-300/facts`, { key: erp, body: { facts: [{ input: 'a.b', value: 1, source: 'gossip', asOf: '2026-01-01' }] } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(['/facts/0/input', '/facts/0/source']));
    expect((await t.call('POST', `${C}/C-300/facts`, { key: erp, body: { facts: [{ input: 'x', value: 1, source: 'erp', asOf: '2026-01-01' }] }, headers: { 'if-match': '"old"' } })).status).toBe(412);
  });

  it('sets the cover and the flags (a promise to pay gets its recording time)', async () => {
    const c = await t.call('POST', C, { key: erp, body: file('C-400') });
    const payBy = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const cover = await t.call('PUT', `${C}/C-400/cover`, { key: paul, body: { cover: { amount: 20000, insuredShare: 0.85, from: '2026-07-01', to: '2027-06-30' }, comment: 'partial agreement' }, headers: { 'if-match': c.body.etag } });
    expect(cover.status, cover.text).toBe(200);
    expect(cover.body.cover).toEqual({ insurer: null, amount: 20000, insuredShare: 0.85, from: '2026-07-01', to: '2027-06-30' });
    const flags = await t.call('PUT', `${C}/C-400/flags`, {
      key: paul,
      body: { flags: { promiseToPay: { date: payBy, amount: 5000 }, insolvency: { procedure: 'safeguard', since: '2026-07-10' } } },
      headers: { 'if-match': cover.body.etag },
    });
    expect(flags.status, flags.text).toBe(200);
    expect(flags.body.flags.promiseToPay).toMatchObject({ date: payBy, amount: 5000, keptAt: null });
    expect(Date.parse(flags.body.flags.promiseToPay.recordedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(flags.body.flags.insolvency).toEqual({ procedure: 'safeguard', since: '2026-07-10' });
    const cleared = await t.call('PUT', `${C}/C-400/flags`, { key: paul, body: { flags: { insolvency: null } }, headers: { 'if-match': flags.body.etag } });
    expect(cleared.body.flags).toMatchObject({ insolvency: null, promiseToPay: { date: payBy } });
    const past = await t.call('PUT', `${C}/C-400/flags`, { key: paul, body: { flags: { promiseToPay: { date: '2020-01-01', amount: 5 } } }, headers: { 'if-match': cleared.body.etag } });
    expect(past.status).toBe(422);
    expect(past.body.errors[0].pointer).toBe('/flags/promiseToPay/date');
  });

  it('lists files with filters and cursors; groups are one level', async () => {
    await t.call('POST', C, { key: erp, body: file('G-1', { identity: { name: 'Groupe Martin', currency: 'EUR', country: 'FR' }, groupLimit: { amount: 100000, grantedAt: '2026-01-01T00:00:00Z' } }) });
    await t.call('POST', C, { key: erp, body: file('G-1-A', { parentId: 'G-1', identity: { name: 'Martin Lyon', currency: 'EUR', country: 'FR' } }) });
    await t.call('POST', C, { key: erp, body: file('G-1-B', { parentId: 'G-1', identity: { name: 'Martin GmbH', currency: 'EUR', country: 'DE' } }) });
    const nested = await t.call('POST', C, { key: erp, body: file('G-1-A-x', { parentId: 'G-1-A' }) });
    expect(nested.status).toBe(422);
    const entityLimit = await t.call('POST', C, { key: erp, body: file('G-1-C', { parentId: 'G-1', groupLimit: { amount: 1, grantedAt: '2026-01-01T00:00:00Z' } }) });
    expect(entityLimit.status).toBe(422);
    expect(entityLimit.body.errors[0].pointer).toBe('/groupLimit');
    const group = await t.call('GET', `${C}?parentId=G-1`, { key: aude });
    expect(group.body.items.map((c: { customerId: string }) => c.customerId)).toEqual(['G-1-A', 'G-1-B']);
    expect((await t.call('GET', `${C}?name=martin&country=DE`, { key: aude })).body.items.map((c: { customerId: string }) => c.customerId)).toEqual(['G-1-B']);
    const page = await t.call('GET', `${C}?limit=2`, { key: aude });
    expect(page.body.items).toHaveLength(2);
    const next = await t.call('GET', `${C}?limit=2&cursor=${page.body.nextCursor}`, { key: aude });
    expect(next.body.items[0].customerId > page.body.items[1].customerId).toBe(true);
    expect((await t.call('GET', `${C}?cursor=nope`, { key: aude })).status).toBe(400);
    expect((await t.call('GET', `${C}?colour=red`, { key: aude })).status).toBe(400);
  });

  it('audits every change under the customer\'s pseudonym, naming what changed, never the values', async () => {
    const c = await t.call('POST', C, { key: erp, body: file('C-500') });
    await t.call('POST', `${C}/C-500/facts`, { key: erp, body: { facts: [{ input: 'bureauScore', value: 61, source: 'bureau', asOf: '2026-08-01' }], comment: 'monthly bureau feed' } });
    const trail = await t.call('GET', '/api/v1/audit?limit=500', { key: aude });
    const mine = trail.body.items.filter((e: { action: string; details: { customerRef?: string } }) => e.action.startsWith('customer.') && e.details?.customerRef);
    const text = JSON.stringify(trail.body.items);
    expect(text).not.toContain('C-500');
    expect(text).not.toContain('"value":61');
    const refs = new Set(mine.map((e: { details: { customerRef: string } }) => e.details.customerRef));
    const entries = mine.filter((e: { actor: string; comment?: string }) => e.comment === 'monthly bureau feed' || e.comment === 'onboarding');
    expect(entries.length).toBeGreaterThanOrEqual(2);
    const facts = entries.find((e: { action: string }) => e.action === 'customer.factsUpdated');
    expect(facts).toMatchObject({ actor: 'erp', comment: 'monthly bureau feed', details: { facts: [{ input: 'bureauScore', source: 'bureau', asOf: '2026-08-01' }] } });
    expect(refs.size).toBeGreaterThan(1);
    void c;
  });

  it('lets the auditor read, the approver and the ERP write, and nobody else', async () => {
    expect((await t.call('GET', C, { key: vic })).status).toBe(403);
    expect((await t.call('POST', C, { key: aude, body: file('C-600') })).status).toBe(403);
    expect((await t.call('POST', C, { key: keyOf('ana'), body: file('C-600') })).status).toBe(403);
    expect((await t.call('POST', C, { key: paul, body: file('C-600') })).status).toBe(201);
  });
});
