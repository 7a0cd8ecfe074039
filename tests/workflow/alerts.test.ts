/** Alert triggers: worse decisions (changes + alert), exposure above the limit, overdue requests and limits past review (sweep, fake clock), the risk report. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../api/support/test-app.js';
import { AUDITOR, ERP, FACTS, escalate, key, startWorkflowApp, type FakeClock } from './workflow-app.js';
import { eventually } from '../support/eventually.js';

let t: TestApp;
let clock: FakeClock;
beforeAll(async () => ({ t, clock } = await startWorkflowApp()));
afterAll(() => t?.close());

const alerts = async (q = '') => (await t.call('GET', `/api/v1/alerts${q}`, { key: AUDITOR })).body.items as { type: string; customerId: string; details: Record<string, unknown>; approvalId: string | null }[];
const ACCEPT = { ...FACTS, requestedAmount: 20000 }; // class B, limit 28,000: accept

describe('a decision worse than the customer\'s previous one', () => {
  it('class downgrade: the response lists changes and an alert is raised', async () => {
    await escalate(t, { customerId: 'DOWN', facts: ACCEPT });
    const worse = await escalate(t, { customerId: 'DOWN', facts: { ...ACCEPT, paymentIncidents12m: 3 } });
    expect(worse.riskClass).toBe('D');
    expect(worse.changes).toEqual([expect.objectContaining({ kind: 'riskClassDowngrade', from: 'B', to: 'D' })]);
    const raised = await alerts('?customerId=DOWN');
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ type: 'decision.worse', details: { changes: [expect.objectContaining({ kind: 'riskClassDowngrade' })] } });
  });

  it('nothing worse (same facts again, or another customer): no changes, no alert', async () => {
    await escalate(t, { customerId: 'SAME', facts: ACCEPT });
    const again = await escalate(t, { customerId: 'SAME', facts: ACCEPT });
    expect(again.changes).toBeUndefined();
    expect(await alerts('?customerId=SAME')).toEqual([]);
  });

  it('limit cut below the current exposure', async () => {
    await escalate(t, { customerId: 'CUT', facts: ACCEPT, exposure: 10000 });
    const cut = await escalate(t, { customerId: 'CUT', facts: { ...ACCEPT, requestedAmount: 5000, bureauScore: 40, paymentIncidents12m: 3 }, exposure: 12000 });
    expect(cut.creditLimit.gross).toBeLessThan(12000);
    expect(cut.changes.map((c: { kind: string }) => c.kind)).toContain('limitBelowExposure');
  });

  it('a refuse after an accept', async () => {
    await escalate(t, { customerId: 'REF', facts: ACCEPT });
    const refused = await escalate(t, { customerId: 'REF', facts: { ...ACCEPT, insolvencyProceedings: true } });
    expect(refused.outcome).toBe('refuse');
    expect(refused.changes.map((c: { kind: string }) => c.kind)).toContain('refuseAfterAccept');
    expect((await alerts('?customerId=REF&type=decision.worse'))[0]!.details.outcome).toBe('refuse');
  });

  it('the changes stay on the logged decision (auditors see them)', async () => {
    const log = await t.call('GET', '/api/v1/decisions?customerId=REF', { key: AUDITOR });
    const refused = log.body.items.find((x: { outcome: string }) => x.outcome === 'refuse');
    expect(refused.changes.map((c: { kind: string }) => c.kind)).toContain('refuseAfterAccept');
  });
});

describe('exposure above the granted limit', () => {
  it('raises exposure.overLimit when the caller sends exposure above the limit', async () => {
    const d = await escalate(t, { customerId: 'OVER', facts: ACCEPT, exposure: 31000 });
    expect(d.creditLimit.gross).toBe(28000);
    const raised = await alerts('?customerId=OVER&type=exposure.overLimit');
    expect(raised).toHaveLength(1);
    expect(raised[0]!.details).toMatchObject({ exposure: 31000, grantedLimit: 28000, overrun: 3000 });
    await escalate(t, { customerId: 'UNDER', facts: ACCEPT, exposure: 27000 });
    expect(await alerts('?customerId=UNDER')).toEqual([]);
  });
});

describe('time-based alerts (sweep with a fake clock)', () => {
  it('a request pending past the policy\'s service time (48 h), once', async () => {
    const d = await escalate(t, { customerId: 'SLOW' });
    clock.advanceHours(47);
    await t.services.workflow.sweep();
    expect(await alerts('?customerId=SLOW')).toEqual([]);
    clock.advanceHours(2);
    const first = await t.services.workflow.sweep();
    expect(first.filter((a) => a.customerId === 'SLOW')).toHaveLength(1);
    await t.services.workflow.sweep(); // the next sweep raises it no second time
    const raised = await alerts('?customerId=SLOW&type=approval.overdue');
    expect(raised).toHaveLength(1);
    expect(raised[0]!.approvalId).toBe(d.approvalId);
  });

  it('a person-decided limit past its review date (class D: 1 month)', async () => {
    const d = await escalate(t, { customerId: 'REVIEW', facts: { ...FACTS, paymentIncidents12m: 3 } });
    const ok = await t.call('POST', `/api/v1/approvals/${d.approvalId}/decision`, { key: key('mona'), body: { action: 'approve', comment: 'ok for now' } });
    const reviewDate = ok.body.approval.outcome.reviewDate as string;
    clock.ms = Date.parse(reviewDate) - 1000;
    await t.services.workflow.sweep();
    expect(await alerts('?customerId=REVIEW&type=limit.reviewDue')).toEqual([]);
    clock.ms = Date.parse(reviewDate) + 1000;
    await t.services.workflow.sweep();
    expect(await alerts('?customerId=REVIEW&type=limit.reviewDue')).toHaveLength(1);
  });

  it('the periodic sweep runs on a timer when asked to', async () => {
    // createApp's default starts an unref'd interval; here a second app with a 20 ms one, and no
    // call to sweep(): the alert can only come from the timer.
    const { t: t2, clock: c2 } = await startWorkflowApp(undefined, {}, { timers: true, sweepIntervalMs: 20 });
    try {
      await escalate(t2, { customerId: 'TIMER' });
      c2.advanceHours(49);
      const items = await eventually(async () => {
        const r = await t2.call('GET', '/api/v1/alerts?type=approval.overdue', { key: AUDITOR });
        return r.body.items.length > 0 && r.body.items;
      });
      expect(items).toHaveLength(1);
    } finally {
      await t2.close();
    }
  });
});

describe('the risk report', () => {
  it('pending by level and age, overdue, overruns, reviews due, downgrades', async () => {
    const r = await t.call('GET', '/api/v1/reports/risk?policyId=b2b-standard&from=2026-01-01T00:00:00Z', { key: key('mona') });
    expect(r.status).toBe(200);
    const manager = r.body.pendingByLevel.find((l: { level: string }) => l.level === 'creditManager');
    expect(manager.count).toBeGreaterThanOrEqual(1);
    expect(Object.values(manager.ages).reduce((a: number, b) => a + (b as number), 0)).toBe(manager.count);
    expect(r.body.overdue.map((o: { customerId: string }) => o.customerId)).toContain('SLOW');
    expect(r.body.overruns.map((o: { customerId: string }) => o.customerId)).toContain('OVER');
    expect(r.body.reviewsDue).toEqual([expect.objectContaining({ customerId: 'REVIEW', overdue: true })]);
    expect(r.body.downgrades).toEqual(expect.arrayContaining([expect.objectContaining({ customerId: 'DOWN', from: 'B', to: 'D' })]));
    expect((await t.call('GET', '/api/v1/reports/risk', { key: ERP })).status).toBe(403);
  });
});
