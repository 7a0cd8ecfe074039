/**
 * Retention per record kind (CREDITGRAPH_RETENTION_DAYS=decisions=…,approvals=…,alerts=…): finished
 * approval requests and resolved alerts lose their customer id once their period is over, each with
 * its own period and one audit entry per kind; pending requests, and alerts about them, are kept; a
 * kind without a period is untouched. Driven with a fake clock through POST /retention/run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRetention } from '../../api/domain/erasure.js';
import { ADMIN, AUDITOR, FakeClock, escalate, key, startWorkflowApp } from '../workflow/workflow-app.js';
import { B2B_WORKED_EXAMPLE } from '../support/reference-policies.js';
import type { TestApp } from '../api/support/test-app.js';

const DAY_H = 24;

describe('retention periods per record kind', () => {
  let t: TestApp;
  let clock: FakeClock;
  beforeAll(async () => {
    ({ t, clock } = await startWorkflowApp());
  });
  afterAll(() => t.close());

  const approval = async (id: string) => (await t.call('GET', `/api/v1/approvals/${id}`, { key: AUDITOR })).body.approval;
  const alertsOf = async (query: string) => (await t.call('GET', `/api/v1/alerts${query}`, { key: AUDITOR })).body.items as { id: string; type: string; customerId: string | null; approvalId: string | null }[];

  it('reads each kind from CREDITGRAPH_RETENTION_DAYS, and refuses unknown kinds and bad days', () => {
    expect(parseRetention('decisions=3650, approvals=1825,alerts=365')).toEqual({ decisions: 3650, approvals: 1825, alerts: 365 });
    expect(parseRetention(undefined)).toEqual({});
    expect(() => parseRetention('approvals=0')).toThrow('approvals needs a whole number of days');
    expect(() => parseRetention('customers=10')).toThrow('unknown record kind "customers" (known: decisions, approvals, alerts, decisionLog)');
  });

  it('removes the customer from finished requests and resolved alerts past their own period, and keeps the rest', async () => {
    // A request decided (finished), a request left pending (and overdue: an alert about it), an alert on its own.
    const decided = await escalate(t, { customerId: 'RET-DONE' });
    expect((await t.call('POST', `/api/v1/approvals/${decided.approvalId}/decision`, { key: key('mona'), body: { action: 'approve', comment: 'ok' } })).status).toBe(200);
    const pending = await escalate(t, { customerId: 'RET-PENDING' });
    await escalate(t, { customerId: 'RET-OVER', facts: { ...B2B_WORKED_EXAMPLE, requestedAmount: 1000 }, exposure: 31000 });
    clock.advanceHours(49);
    await t.services.workflow.sweep(); // approval.overdue for the pending request
    const [overdue] = await alertsOf('?customerId=RET-PENDING&type=approval.overdue');
    const [over] = await alertsOf('?customerId=RET-OVER&type=exposure.overLimit');
    expect(overdue?.approvalId).toBe(pending.approvalId);
    expect(over).toBeDefined();

    // 100 days on: alerts (90 days) are past their period, approval requests (365 days) are not.
    clock.advanceHours(100 * DAY_H);
    t.services.retention = { approvals: 365, alerts: 90 };
    const first = await t.call('POST', '/api/v1/retention/run', { key: ADMIN });
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({ decisions: 0, approvals: 0, alerts: 1, before: null });
    expect(Object.keys(first.body.cutoffs).sort()).toEqual(['alerts', 'approvals']);
    expect(await alertsOf('?type=exposure.overLimit')).toContainEqual(expect.objectContaining({ id: over!.id, customerId: null }));
    // The overdue alert is about a request still pending: not resolved, kept.
    expect((await alertsOf('?customerId=RET-PENDING'))[0]?.id).toBe(overdue!.id);
    expect((await approval(decided.approvalId)).customerId).toBe('RET-DONE');

    // A year on: the finished request loses its customer; the pending one (and its alert) are kept.
    clock.advanceHours(300 * DAY_H);
    const second = await t.call('POST', '/api/v1/retention/run', { key: ADMIN });
    expect(second.body).toMatchObject({ approvals: 1, alerts: 0 });
    expect(await approval(decided.approvalId)).toMatchObject({ customerId: null, status: 'approved', outcome: { decidedBy: 'mona' } });
    expect(await approval(pending.approvalId)).toMatchObject({ customerId: 'RET-PENDING', status: 'pending' });
    expect((await alertsOf('?customerId=RET-PENDING')).map((a) => a.id)).toEqual([overdue!.id]);
    // Decisions have no period here: untouched.
    const logged = await t.call('GET', `/api/v1/decisions/${decided.decisionId}`, { key: AUDITOR });
    expect(logged.body).toMatchObject({ customerId: 'RET-DONE', seal: 'intact' });

    // Once decided, the request and then its alert follow.
    expect((await t.call('POST', `/api/v1/approvals/${pending.approvalId}/decision`, { key: key('mona'), body: { action: 'refuse', comment: 'no' } })).status).toBe(200);
    const third = await t.call('POST', '/api/v1/retention/run', { key: ADMIN });
    expect(third.body).toMatchObject({ approvals: 0, alerts: 1 }); // the request was decided just now: its period starts
    expect(await alertsOf('?customerId=RET-PENDING')).toEqual([]);

    // Audited: one entry per kind and run that changed something, with the kind, period and cutoff.
    const audit = (await t.call('GET', '/api/v1/audit?action=retention.applied', { key: AUDITOR })).body.items as { actor: string; details: Record<string, unknown> }[];
    expect(audit.map((e) => [e.details.kind, e.details.retentionDays]).sort()).toEqual([['alerts', 90], ['alerts', 90], ['approvals', 365]].sort());
    expect(audit.every((e) => e.actor === 'adam')).toBe(true);
    expect((await t.call('GET', '/api/v1/integrity', { key: AUDITOR })).body.intact).toBe(true);
  });
});
