/**
 * Decisions that read the customer credit file (issue 24): a request with only customerId and the
 * requested amount gets the same answer as one with every fact sent; the log keeps the merged facts
 * and where each came from, so a replay is exact; precedence is request > freshest file candidate;
 * stale (maxFactAgeDays) and ill-typed stored facts are left out and reported.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyOf, startTestApp, type TestApp } from '../api/support/test-app.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const erp = keyOf('erp');
const aude = keyOf('aude');
const D = '/api/v1/policies/b2b-standard/decisions';

// The README's example customer: accept, score 70.25, class B, limit 28,000.
const ALL_FACTS = {
  requestedAmount: 25000, insolvencyProceedings: false, yearsInBusiness: 12, equity: 80000, intangibleAssets: 0, totalAssets: 250000,
  currentAssets: 180000, currentLiabilities: 100000, financialDebt: 90000, netIncome: 42000, annualTurnover: 700000,
  avgPaymentDelayDays: 3, paymentIncidents12m: 0, sectorRisk: 'medium', bureauScore: 72, insurerCover: 0,
};
const fact = (input: string, value: unknown, source: string, asOf: string) => ({ input, value, source, asOf });
const BALANCE_SHEET = '2025-12-31';
const STORED = [
  ...['yearsInBusiness', 'equity', 'intangibleAssets', 'totalAssets', 'currentAssets', 'currentLiabilities', 'financialDebt', 'netIncome', 'annualTurnover'].map((k) =>
    fact(k, ALL_FACTS[k as keyof typeof ALL_FACTS], 'erp', BALANCE_SHEET),
  ),
  fact('avgPaymentDelayDays', 3, 'erp', '2026-11-30'),
  fact('paymentIncidents12m', 0, 'bureau', '2026-11-15'),
  fact('sectorRisk', 'medium', 'analyst', '2026-06-01'),
  fact('bureauScore', 72, 'bureau', '2026-11-15'),
];

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ rulesets: path.join(ROOT, 'rulesets') });
  const r = await t.call('POST', '/api/v1/customers', {
    key: erp,
    body: {
      customerId: 'C-1042',
      identity: { name: 'Société 1042', nationalId: '552100554', country: 'FR', currency: 'EUR' },
      // The insurer refused the buyer (agreement 0): insurerCover 0 comes from the cover in force.
      cover: { insurer: 'Allianz Trade', amount: 0, insuredShare: 0.9, from: '2026-01-01' },
      facts: STORED,
    },
  });
  expect(r.status, r.text).toBe(201);
});
afterAll(() => t?.close());

const COMPARED = (b: Record<string, unknown>) => ({ outcome: b.outcome, score: b.score, riskClass: b.riskClass, creditLimit: b.creditLimit, approvalLevel: b.approvalLevel, reasons: b.reasons, collectionScenario: b.collectionScenario, conditions: b.conditions });

describe('a decision from the customer file', () => {
  it('gives the same answer with only customerId + requested amount as with every fact sent', async () => {
    const full = await t.call('POST', D, { key: erp, body: { facts: ALL_FACTS } });
    expect(full.status, full.text).toBe(201);
    expect(full.body).toMatchObject({ outcome: 'accept', score: 70.25, riskClass: 'B' });
    expect(full.body.factSources).toBeUndefined(); // no customerId: the file is not read

    const short = await t.call('POST', D, { key: erp, body: { customerId: 'C-1042', facts: { requestedAmount: 25000 } } });
    expect(short.status, short.text).toBe(201);
    expect(COMPARED(short.body)).toEqual(COMPARED(full.body));
    expect(short.body.creditLimit.gross).toBe(28000);
    expect(short.body.factSources).toMatchObject({
      requestedAmount: 'request',
      equity: { source: 'erp', asOf: BALANCE_SHEET },
      bureauScore: { source: 'bureau', asOf: '2026-11-15' },
      insurerCover: { source: 'insurer', asOf: '2026-01-01' },
      insuredShare: { source: 'insurer', asOf: '2026-01-01' },
      insolvencyProceedings: { source: 'analyst' },
    });

    // The log keeps the merged facts: everything the policy read, not only what was sent.
    const logged = await t.call('GET', `/api/v1/decisions/${short.body.decisionId}`, { key: aude });
    expect(logged.body.facts).toEqual({ ...ALL_FACTS, insuredShare: 0.9 });
    expect(logged.body.factSources).toEqual(short.body.factSources);
    expect(logged.body.seal).toBe('intact');

    // Replay re-evaluates exactly what was decided, even after the file changed.
    const etag = (await t.call('GET', '/api/v1/customers/C-1042', { key: erp })).body.etag;
    await t.call('POST', '/api/v1/customers/C-1042/facts', { key: erp, body: { facts: [fact('bureauScore', 10, 'bureau', '2026-12-01')] }, headers: { 'if-match': etag } });
    const replay = await t.call('POST', `/api/v1/decisions/${short.body.decisionId}/replay`, { key: aude, body: {} });
    expect(replay.status, replay.text).toBe(200);
    expect(replay.body.same).toBe(true);
    await t.call('POST', '/api/v1/customers/C-1042/facts', { key: erp, body: { facts: [fact('bureauScore', 72, 'bureau', '2026-12-02')] } });
  });

  it('takes the request over the file, and the freshest file candidate over older ones', async () => {
    const sent = await t.call('POST', D, { key: erp, body: { customerId: 'C-1042', facts: { requestedAmount: 25000, bureauScore: 20 } } });
    expect(sent.body.factSources.bureauScore).toBe('request');
    const logged = await t.call('GET', `/api/v1/decisions/${sent.body.decisionId}`, { key: aude });
    expect(logged.body.facts.bureauScore).toBe(20);
    expect(sent.body.score).toBeLessThan(70.25);

    // A stored insurerCover fact dated after the cover's start wins over the cover in force.
    await t.call('POST', '/api/v1/customers/C-1042/facts', { key: erp, body: { facts: [fact('insurerCover', 15000, 'insurer', '2026-06-01')] } });
    const fresher = await t.call('POST', D, { key: erp, body: { customerId: 'C-1042', facts: { requestedAmount: 25000 } } });
    expect(fresher.body.factSources.insurerCover).toEqual({ source: 'insurer', asOf: '2026-06-01' });
    expect((await t.call('GET', `/api/v1/decisions/${fresher.body.decisionId}`, { key: aude })).body.facts.insurerCover).toBe(15000);
    // An older one does not.
    await t.call('POST', '/api/v1/customers/C-1042/facts', { key: erp, body: { facts: [fact('insurerCover', 0, 'insurer', '2026-12-01')] } });
  });

  it('leaves out facts older than maxFactAgeDays and facts of the wrong type, and says so', async () => {
    await t.call('POST', '/api/v1/customers/C-1042/facts', { key: erp, body: { facts: [fact('keyAccount', 'yes', 'analyst', '2026-11-01')] } }); // a boolean input
    const r = await t.call('POST', D, { key: erp, body: { customerId: 'C-1042', facts: { requestedAmount: 25000 }, maxFactAgeDays: 60 } });
    expect(r.status, r.text).toBe(201);
    const unused = r.body.unusedFacts as { input: string; reason: string }[];
    expect(unused).toEqual(expect.arrayContaining([
      expect.objectContaining({ input: 'equity', reason: 'stale', asOf: BALANCE_SHEET }),
      expect.objectContaining({ input: 'sectorRisk', reason: 'stale' }),
      expect.objectContaining({ input: 'keyAccount', reason: 'type' }),
    ]));
    expect(r.body.factSources.equity).toBeUndefined();
    expect(r.body.factSources.bureauScore).toEqual({ source: 'bureau', asOf: '2026-12-02' });
    const logged = await t.call('GET', `/api/v1/decisions/${r.body.decisionId}`, { key: aude });
    expect(logged.body.facts.equity).toBeUndefined();
    expect(logged.body.facts.keyAccount).toBeUndefined();
  });

  it('without a file (or a customerId) the request must carry the facts, as before', async () => {
    const r = await t.call('POST', D, { key: erp, body: { customerId: 'C-unknown', facts: { requestedAmount: 25000 } } });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/facts/insolvencyProceedings');
    const none = await t.call('POST', D, { key: erp, body: { customerId: 'C-1042' } }); // no facts at all: the file has no requestedAmount
    expect(none.status).toBe(422);
    expect(none.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/facts/requestedAmount']);
  });

  it('repeats an idempotent request from the log, whatever the file says since', async () => {
    const body = { customerId: 'C-1042', requestId: 'file-1', facts: { requestedAmount: 25000 } };
    const first = await t.call('POST', D, { key: erp, body });
    await t.call('POST', '/api/v1/customers/C-1042/facts', { key: erp, body: { facts: [fact('bureauScore', 5, 'bureau', '2026-12-03')] } });
    const again = await t.call('POST', D, { key: erp, body });
    expect(again.status).toBe(200);
    expect(again.body.decisionId).toBe(first.body.decisionId);
    expect(again.body.score).toBe(first.body.score);
  });
});
