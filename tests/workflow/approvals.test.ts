/** Approval requests over HTTP: who may decide what, counter-proposals, forwarding, review dates per class, the log. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../api/support/test-app.js';
import { addMonths } from '../../api/workflow/review-date.js';
import { AUDITOR, ERP, FACTS, escalate, key, startWorkflowApp, type FakeClock } from './workflow-app.js';

let t: TestApp;
let clock: FakeClock;
beforeAll(async () => ({ t, clock } = await startWorkflowApp()));
afterAll(() => t?.close());

const decideAs = (who: string, id: string, body: Record<string, unknown>) => t.call('POST', `/api/v1/approvals/${id}/decision`, { key: key(who), body });

describe('an escalate decision opens an approval request', () => {
  it('a system key may not read a request (its logged facts and the customer\'s decisions), as with GET /decisions (issue 13, row 5)', async () => {
    const d = await escalate(t, { customerId: 'ROW-5' });
    const asSystem = await t.call('GET', `/api/v1/approvals/${d.approvalId}`, { key: ERP });
    expect(asSystem.status).toBe(403);
    expect(asSystem.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(asSystem.body.code).toBe('FORBIDDEN');
    expect(JSON.stringify(asSystem.body)).not.toContain('ROW-5');
    expect((await t.call('GET', `/api/v1/decisions/${d.decisionId}`, { key: ERP })).status).toBe(403);
    // Who may read the decision log or decide requests still reads it.
    expect((await t.call('GET', `/api/v1/approvals/${d.approvalId}`, { key: AUDITOR })).status).toBe(200);
  });

  it('carries approvalId, and the request has policy, version, customer, amounts, level, reasons, pending', async () => {
    const d = await escalate(t, { customerId: 'OPEN-1' });
    expect(d.outcome).toBe('escalate');
    expect(d.approvalId).toBe(d.decisionId.replace(/^dec_/, 'apr_'));
    const r = await t.call('GET', `/api/v1/approvals/${d.approvalId}`, { key: AUDITOR });
    expect(r.status).toBe(200);
    expect(r.body.approval).toMatchObject({
      decisionId: d.decisionId,
      policyId: 'b2b-standard',
      version: 1,
      customerId: 'OPEN-1',
      requestedAmount: 45000,
      computedLimit: 28000,
      riskClass: 'B',
      requiredLevel: 'creditManager',
      requestedBy: 'erp',
      status: 'pending',
      dueAt: new Date(clock.ms + 48 * 3_600_000).toISOString(), // serviceHours 48
    });
    expect(r.body.approval.reasons.map((x: { code: string }) => x.code)).toContain('ABOVE_LIMIT');
    expect(r.body.decision.decisionId).toBe(d.decisionId);
    expect(r.body.levels.map((l: { id: string }) => l.id)).toEqual(['salesRep', 'creditAnalyst', 'creditManager', 'financeDirector', 'executiveCommittee']);
  });

  it('an accept opens nothing', async () => {
    const d = await escalate(t, { customerId: 'OPEN-2', facts: { ...FACTS, requestedAmount: 20000 } });
    expect(d.outcome).toBe('accept');
    expect(d.approvalId).toBeUndefined();
  });

  it('a replayed request (same requestId) gives the same approvalId and opens no second request', async () => {
    const a = await escalate(t, { customerId: 'OPEN-3', requestId: 'replay-1' });
    const again = await t.call('POST', '/api/v1/policies/b2b-standard/decisions', { key: ERP, body: { facts: FACTS, customerId: 'OPEN-3', requestId: 'replay-1' } });
    expect(again.status).toBe(200);
    expect(again.body.approvalId).toBe(a.approvalId);
    const list = await t.call('GET', '/api/v1/approvals?customerId=OPEN-3', { key: AUDITOR });
    expect(list.body.items).toHaveLength(1);
  });
});

describe('who may decide what', () => {
  let id: string;
  beforeAll(async () => (id = (await escalate(t, { customerId: 'LEVELS' })).approvalId));

  it('levels below the required one may not (DELEGATION_LEVEL), and do not see it in their inbox', async () => {
    for (const who of ['rita', 'alan']) {
      const r = await decideAs(who, id, { action: 'approve', comment: 'ok' });
      expect(r.status, who).toBe(403);
      expect(r.body.code).toBe('DELEGATION_LEVEL');
      const inbox = await t.call('GET', '/api/v1/approvals', { key: key(who) });
      expect(inbox.body.items.map((a: { id: string }) => a.id)).not.toContain(id);
    }
  });

  it('the required level and every higher level see it, flagged mayDecide', async () => {
    for (const who of ['mona', 'fred']) {
      const inbox = await t.call('GET', '/api/v1/approvals?policyId=b2b-standard&level=creditManager', { key: key(who) });
      const item = inbox.body.items.find((a: { id: string }) => a.id === id);
      expect(item, who).toBeDefined();
      expect(item.mayDecide).toBe(true);
    }
  });

  it('the inbox is oldest first', async () => {
    const inbox = await t.call('GET', '/api/v1/approvals', { key: key('mona') });
    const opened = inbox.body.items.map((a: { openedAt: string }) => a.openedAt);
    expect(opened).toEqual([...opened].sort());
  });

  it('who asked for the decision may not decide it, whatever their level (FOUR_EYES)', async () => {
    const own = await escalate(t, { customerId: 'OWN' }, key('sara'));
    const r = await decideAs('sara', own.approvalId, { action: 'approve', comment: 'mine' });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('FOUR_EYES');
    expect((await t.call('GET', '/api/v1/approvals', { key: key('sara') })).body.items.map((a: { id: string }) => a.id)).not.toContain(own.approvalId);
    // and another executive-level person would; a director may decide a manager-level request
    expect((await decideAs('fred', own.approvalId, { action: 'refuse', comment: 'not this month' })).status).toBe(200);
  });

  it('a comment is required', async () => {
    expect((await decideAs('mona', id, { action: 'approve', comment: '' })).status).toBe(422);
    const blank = await decideAs('mona', id, { action: 'approve', comment: '   ' });
    expect(blank.status).toBe(422);
    expect(blank.body.errors[0].pointer).toBe('/comment');
  });

  it('non-approvers cannot decide at all (403 FORBIDDEN)', async () => {
    const r = await t.call('POST', `/api/v1/approvals/${id}/decision`, { key: AUDITOR, body: { action: 'approve', comment: 'x' } });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('FORBIDDEN');
  });
});

describe('deciding', () => {
  it('approve in full: a manual record relatesTo the automatic one, which stays as it was; review date 12 months for class B', async () => {
    const d = await escalate(t, { customerId: 'FULL' });
    clock.advanceHours(2); // decided two hours after the request
    const r = await decideAs('mona', d.approvalId, { action: 'approve', comment: 'Good payer for 10 years' });
    expect(r.status).toBe(200);
    const at = new Date(clock.ms).toISOString();
    expect(r.body.approval).toMatchObject({ status: 'approved', revision: 2, outcome: { action: 'approve', amount: 45000, counterProposal: false, decidedBy: 'mona', reviewDate: addMonths(at, 12) } });
    expect(r.body.approval.outcome.reviewDate).toBe('2027-03-02T11:00:00.000Z');
    const manual = r.body.manualDecision;
    expect(manual).toMatchObject({ source: 'manual', relatesTo: d.decisionId, outcome: 'accept', caller: 'mona', customerId: 'FULL' });
    expect(manual.decision.variables.approvedAmount).toBe(45000);
    expect(manual.decision.reasons.at(-1).code).toBe('MANUAL_APPROVAL');

    const original = await t.call('GET', `/api/v1/decisions/${d.decisionId}`, { key: AUDITOR });
    expect(original.body).toMatchObject({ outcome: 'escalate', source: 'automatic', relatesTo: null });
    const log = await t.call('GET', '/api/v1/decisions?customerId=FULL', { key: AUDITOR });
    expect(log.body.items.map((x: { source: string }) => x.source)).toEqual(['manual', 'automatic']);

    // Decided once: a second decision is refused, and the list tells the caller system the outcome.
    const again = await decideAs('mark', d.approvalId, { action: 'refuse', comment: 'late' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('APPROVAL_CLOSED');
    const outcome = await t.call('GET', '/api/v1/approvals?status=approved&customerId=FULL', { key: ERP });
    expect(outcome.body.items.find((a: { id: string }) => a.id === d.approvalId)).toMatchObject({ status: 'approved' });
    clock.advanceHours(-2);
  });

  it('counter-proposal: approve a lower amount; never more than requested', async () => {
    const d = await escalate(t, { customerId: 'COUNTER' });
    expect((await decideAs('mona', d.approvalId, { action: 'approve', amount: 50000, comment: 'more' })).status).toBe(422);
    const r = await decideAs('mona', d.approvalId, { action: 'approve', amount: 35000, comment: 'Up to 35k with the current cover' });
    expect(r.status).toBe(200);
    expect(r.body.approval.outcome).toMatchObject({ amount: 35000, counterProposal: true });
    expect(r.body.manualDecision.decision.reasons.at(-1)).toMatchObject({ code: 'MANUAL_COUNTER_PROPOSAL' });
    expect(r.body.manualDecision.decision.variables.approvedAmount).toBe(35000);
  });

  it('refuse: a manual refuse record, no review date', async () => {
    const d = await escalate(t, { customerId: 'REFUSED' });
    const r = await decideAs('mark', d.approvalId, { action: 'refuse', comment: 'Too much exposure in this sector' });
    expect(r.body.approval).toMatchObject({ status: 'refused', outcome: { action: 'refuse', amount: null, reviewDate: null } });
    expect(r.body.manualDecision).toMatchObject({ outcome: 'refuse', source: 'manual', relatesTo: d.decisionId });
  });

  it('forward to a higher level: the manager can no longer decide it, the director can', async () => {
    const d = await escalate(t, { customerId: 'FORWARD' });
    expect((await decideAs('mona', d.approvalId, { action: 'forward', level: 'creditAnalyst', comment: 'down' })).status).toBe(422);
    expect((await decideAs('mona', d.approvalId, { action: 'forward', level: 'nobody', comment: 'x' })).status).toBe(422);
    const f = await decideAs('mona', d.approvalId, { action: 'forward', level: 'financeDirector', comment: 'Group exposure: director to decide' });
    expect(f.status).toBe(200);
    expect(f.body.approval).toMatchObject({ status: 'pending', requiredLevel: 'financeDirector', revision: 2, outcome: null });
    expect(f.body.manualDecision).toBeNull();
    expect(f.body.approval.history.map((h: { action: string }) => h.action)).toEqual(['opened', 'forwarded']);
    expect((await decideAs('mark', d.approvalId, { action: 'approve', comment: 'x' })).body.code).toBe('DELEGATION_LEVEL');
    const ok = await decideAs('fred', d.approvalId, { action: 'approve', comment: 'Agreed' });
    expect(ok.body.approval).toMatchObject({ status: 'approved', history: [{ action: 'opened' }, { action: 'forwarded' }, { action: 'approved', level: 'financeDirector' }] });
  });

  it('review date per risk class: 3 months for class C, 1 month for class D', async () => {
    const c = await escalate(t, { customerId: 'CLASS-C', facts: { ...FACTS, bureauScore: 10 } }); // 70.25 − 75 × 15 % = 59 → C
    const dd = await escalate(t, { customerId: 'CLASS-D', facts: { ...FACTS, paymentIncidents12m: 3 } });
    expect(c.riskClass).toBe('C');
    expect(dd.riskClass).toBe('D');
    const rc = await decideAs('mona', c.approvalId, { action: 'approve', comment: 'ok' });
    const rd = await decideAs('mona', dd.approvalId, { action: 'approve', comment: 'ok' });
    expect(rc.body.approval.outcome.reviewDate).toBe('2026-06-02T09:00:00.000Z');
    expect(rd.body.approval.outcome.reviewDate).toBe('2026-04-02T09:00:00.000Z');
  });

  it('accept with conditions: the approver sees the policy\'s conditions and may change them; a refusal carries none', async () => {
    // Class D (3 incidents), 45,000 above the 8,000 limit → credit manager; the policy attaches 30 days,
    // 30 % prepayment and, above the limit, a guarantee.
    const d = await escalate(t, { customerId: 'CONDITIONS', facts: { ...FACTS, paymentIncidents12m: 3 } });
    expect(d.riskClass).toBe('D');
    expect(d.conditions).toEqual({ paymentTermDays: 30, prepaymentShare: 0.3, guaranteeRequired: true, cashOnDelivery: null });
    const read = await t.call('GET', `/api/v1/approvals/${d.approvalId}`, { key: key('mona') });
    expect(read.body.decision.decision.conditions).toEqual(d.conditions);
    expect((await decideAs('mona', d.approvalId, { action: 'refuse', comment: 'no', conditions: { prepaymentShare: 1 } })).status).toBe(422);
    expect((await decideAs('mona', d.approvalId, { action: 'approve', comment: 'x', conditions: { prepaymentShare: 2 } })).status).toBe(422);
    const r = await decideAs('mona', d.approvalId, { action: 'approve', comment: 'Half up front, 15 days', conditions: { prepaymentShare: 0.5, paymentTermDays: 15 } });
    expect(r.status, r.text).toBe(200);
    const granted = { paymentTermDays: 15, prepaymentShare: 0.5, guaranteeRequired: true, cashOnDelivery: null };
    expect(r.body.approval.outcome.conditions).toEqual(granted);
    expect(r.body.manualDecision.decision.conditions).toEqual(granted);
    // Class B, no condition from the policy: the approval grants none.
    const b = await escalate(t, { customerId: 'NO-CONDITIONS' });
    const rb = await decideAs('mona', b.approvalId, { action: 'approve', comment: 'ok' });
    expect(rb.body.approval.outcome.conditions).toBeNull();
    expect(rb.body.manualDecision.decision.conditions).toBeNull();
  });

  it('two people deciding at once: one wins, the other gets APPROVAL_CLOSED; one manual record', async () => {
    const d = await escalate(t, { customerId: 'RACE' });
    const [a, b] = await Promise.all([decideAs('mona', d.approvalId, { action: 'approve', comment: 'a' }), decideAs('mark', d.approvalId, { action: 'refuse', comment: 'b' })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const log = await t.call('GET', '/api/v1/decisions?customerId=RACE', { key: AUDITOR });
    expect(log.body.items.filter((x: { source: string }) => x.source === 'manual')).toHaveLength(1);
  });

  it('the audit trail has who/when/what/why of every step, and its chain verifies', async () => {
    const audit = await t.call('GET', '/api/v1/audit?limit=200', { key: AUDITOR });
    const actions = audit.body.items.map((e: { action: string }) => e.action);
    for (const a of ['approval.opened', 'approval.approved', 'approval.refused', 'approval.forwarded']) expect(actions).toContain(a);
    const fwd = audit.body.items.find((e: { action: string }) => e.action === 'approval.forwarded');
    expect(fwd).toMatchObject({ actor: 'mona', comment: 'Group exposure: director to decide', details: { level: 'financeDirector' } });
    expect((await t.call('GET', '/api/v1/audit/verify', { key: AUDITOR })).body.intact).toBe(true);
  });
});
