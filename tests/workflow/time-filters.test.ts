/**
 * Row 10 of issue 17: time filters compare instants, not strings. A decision logged and an alert
 * raised at exactly 2026-03-02T00:00:00.000Z are found by `from=2026-03-02T00:00:00Z` (a string
 * comparison dropped that whole second: "00.000Z" < "00Z"), by a `+01:00` bound an hour "later" on
 * the clock face, and left out by a `to` bound at the same instant written with an offset.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../api/support/test-app.js';
import { AUDITOR, FACTS, FakeClock, escalate, startWorkflowApp } from './workflow-app.js';

let t: TestApp;
let decisionId = '';

beforeAll(async () => {
  ({ t } = await startWorkflowApp(new FakeClock(Date.parse('2026-03-02T00:00:00.000Z'))));
  decisionId = (await escalate(t, { customerId: 'TIME', facts: { ...FACTS, requestedAmount: 20000 }, exposure: 50000 })).decisionId; // raises an overrun alert
});
afterAll(() => t?.close());

const decisions = async (q: string) => {
  const r = await t.call('GET', `/api/v1/decisions?policyId=b2b-standard&${q}`, { key: AUDITOR });
  expect(r.status, r.text).toBe(200);
  return r.body.items.map((d: { decisionId: string }) => d.decisionId) as string[];
};
const alerts = async (q: string) => {
  const r = await t.call('GET', `/api/v1/alerts?customerId=TIME&${q}`, { key: AUDITOR });
  expect(r.status, r.text).toBe(200);
  return r.body.items.length as number;
};

describe('time filters compare instants', () => {
  it('decisions: from …T00:00:00Z is inclusive of that second; +01:00 offsets are instants', async () => {
    expect(await decisions('from=2026-03-02T00:00:00Z')).toContain(decisionId);
    expect(await decisions(`from=${encodeURIComponent('2026-03-02T00:30:00+01:00')}`)).toContain(decisionId); // 23:30Z the day before
    expect(await decisions(`to=${encodeURIComponent('2026-03-02T01:00:00+01:00')}`)).not.toContain(decisionId); // = 00:00Z, exclusive
    expect(await decisions(`from=2026-03-02T00:00:00Z&to=${encodeURIComponent('2026-03-02T01:00:01+01:00')}`)).toEqual([decisionId]);
    expect(await decisions('from=2026-03-02T00:00:00.001Z')).not.toContain(decisionId);
  });

  it('alerts: from …T00:00:00Z and +01:00 compare as instants', async () => {
    expect(await alerts('from=2026-03-02T00:00:00Z')).toBe(1);
    expect(await alerts(`from=${encodeURIComponent('2026-03-02T00:59:59+01:00')}`)).toBe(1);
    expect(await alerts(`from=${encodeURIComponent('2026-03-02T01:00:00.001+01:00')}`)).toBe(0);
  });
});
