/**
 * Per arm: decision records that name the arm of a champion/challenger experiment (the optional
 * `experiment` field the experiment feature writes) are reported per arm and can be read one arm
 * at a time; a record without it counts as champion. Records are appended to the store as the
 * decision path would log them (this branch does not run experiments itself).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../../api/store/store.js';
import { ROLE_KEY, startTestApp, type TestApp } from '../api/support/test-app.js';
import { decision } from '../store/store-fixtures.js';

let t: TestApp;
const P = '/api/v1/policies/trade-credit';
const WINDOW = 'from=2025-03-01T00:00:00Z&to=2025-04-01T00:00:00Z';

// Champion: a score that separates (bads score low); challenger: one that ranks backwards.
const rows = [
  ...Array.from({ length: 20 }, (_, i) => ({ arm: 'champion' as const, score: 30 + i * 3, bad: i < 5 })),
  ...Array.from({ length: 10 }, (_, i) => ({ arm: 'challenger' as const, score: 30 + i * 6, bad: i >= 7 })),
  ...Array.from({ length: 4 }, (_, i) => ({ arm: null, score: 80 + i, bad: false })),
];

beforeAll(async () => {
  t = await startTestApp();
  let i = 0;
  const outcomes = [];
  for (const r of rows) {
    const base = decision({ policyId: 'trade-credit', customerId: `A-${i}`, evaluatedAt: `2025-03-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00.000Z` });
    const record = { ...base, decision: { ...base.decision, score: r.score, riskClass: r.score >= 70 ? 'A' : r.score >= 40 ? 'B' : 'C' }, ...(r.arm ? { experiment: { experimentId: 'exp-1', arm: r.arm, shadow: {} } } : {}) } as DecisionRecord;
    await t.store.appendDecision(record);
    outcomes.push({ customerId: `A-${i}`, decisionId: record.decisionId, event: r.bad ? 'default' : 'paidOnTime', date: '2025-08-01' });
    i++;
  }
  const posted = await t.call('POST', '/api/v1/outcomes', { key: ROLE_KEY.system, body: { items: outcomes } });
  expect(posted.status, posted.text).toBe(200);
}, 120_000);
afterAll(() => t?.close());

describe('monitoring per arm', () => {
  it('reports each arm apart, and the whole', async () => {
    const r = await t.call('GET', `${P}/monitoring?${WINDOW}&asOf=2026-06-01T00:00:00Z`, { key: ROLE_KEY.auditor });
    expect(r.status, r.text).toBe(200);
    const { overall, arms } = r.body.report;
    expect(overall.rates.decisions).toBe(34);
    expect(arms.map((a: { group: string }) => a.group)).toEqual(['champion', 'challenger']);
    const [champion, challenger] = arms;
    expect(champion.rates.decisions).toBe(20); // the records without an arm are not in an arm of the report…
    expect(champion.discrimination.gini).toBe(1);
    expect(challenger.discrimination.gini).toBe(-1);
    expect(challenger.labels).toMatchObject({ bad: 3, good: 7 });
  });

  it('reads one arm at a time (a record without an arm counts as champion)', async () => {
    const champion = await t.call('GET', `${P}/monitoring?${WINDOW}&asOf=2026-06-01T00:00:00Z&arm=champion`, { key: ROLE_KEY.auditor });
    expect(champion.body.report.overall.rates.decisions).toBe(24); // …but they answer as champion
    const challenger = await t.call('GET', `${P}/monitoring?${WINDOW}&asOf=2026-06-01T00:00:00Z&arm=challenger`, { key: ROLE_KEY.auditor });
    expect(challenger.body.report.overall.rates.decisions).toBe(10);
    expect(challenger.body.report.overall.discrimination.gini).toBe(-1);
  });
});
