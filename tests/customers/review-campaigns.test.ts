/**
 * Review campaigns (issue 24): every granted limit gets a review date from its class (automatic
 * decisions too); the daily campaign re-decides the customers due — and only those — with the
 * active policy on their stored facts, applies accepts to the file's limit, escalates through the
 * approvals workflow, and reports who moved; a second pass of the same day re-decides nobody; a
 * changed fact the limit's policy reads re-decides the customer at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../api/support/test-app.js';
import { runCampaign, CAMPAIGN_CALLER } from '../../api/domain/review-campaigns.js';
import type { AuditEntry } from '../../api/store/store.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ADMIN, AUDITOR, ERP, FakeClock, key, startWorkflowApp } from '../workflow/workflow-app.js';

const fact = (input: string, value: unknown, source: string, asOf: string) => ({ input, value, source, asOf });
// The worked example of b2b-standard (class B, score 70.25, limit 28,000), as stored facts.
const STORED = [
  ...Object.entries({ yearsInBusiness: 12, equity: 80000, intangibleAssets: 0, totalAssets: 250000, currentAssets: 180000, currentLiabilities: 100000, financialDebt: 90000, netIncome: 42000, annualTurnover: 700000 }).map(
    ([k, v]) => fact(k, v, 'erp', '2025-12-31'),
  ),
  fact('avgPaymentDelayDays', 3, 'erp', '2026-02-28'),
  fact('paymentIncidents12m', 0, 'bureau', '2026-02-15'),
  fact('sectorRisk', 'medium', 'analyst', '2026-01-10'),
  fact('bureauScore', 72, 'bureau', '2026-02-15'),
];
const COVER = { insurer: 'Allianz Trade', amount: 0, insuredShare: 0.9, from: '2026-01-01' };
const limit = (amount: number, riskClass: string | null, reviewDate: string, policyId: string | null = 'b2b-standard') => ({ amount, grantedAt: '2025-03-01T09:00:00Z', reviewDate, policyId, riskClass });

let t: TestApp;
let clock: FakeClock;

async function create(customerId: string, l: ReturnType<typeof limit> | null) {
  const r = await t.call('POST', '/api/v1/customers', { key: ERP, body: { customerId, identity: { name: `Review ${customerId}`, currency: 'EUR', country: 'FR' }, cover: COVER, facts: STORED, limit: l } });
  expect(r.status, r.text).toBe(201);
}
const file = async (id: string) => (await t.call('GET', `/api/v1/customers/${id}`, { key: AUDITOR })).body;
async function campaignDecisions() {
  const all = (await t.store.listDecisions({ policyId: 'b2b-standard', limit: 500 })).items;
  return all.filter((d) => d.requestId?.startsWith('campaign:'));
}
async function auditActions(): Promise<AuditEntry[]> {
  const all: AuditEntry[] = [];
  for await (const e of t.store.allAudit()) all.push(e);
  return all;
}

beforeAll(async () => {
  ({ t, clock } = await startWorkflowApp(new FakeClock(Date.parse('2026-03-02T09:00:00.000Z'))));
  await create('R-UP', limit(20000, 'C', '2026-02-01')); // due; the facts now say B: 28,000
  await create('R-SAME', limit(28000, 'B', '2026-03-01')); // due; the same again
  await create('R-ESC', limit(45000, 'B', '2026-02-20')); // due; 45,000 > 28,000 → a credit manager decides
  await create('R-NOPOL', limit(10000, null, '2026-02-01', null)); // due, but no policy granted it
  await create('R-LATER', limit(28000, 'B', '2026-09-01')); // not due
  await create('R-NOLIMIT', null); // no limit: never due
});
afterAll(() => t?.close());

describe('review dates', () => {
  it('an automatic accept writes its limit to the file with a review date from its class (B: 12 months)', async () => {
    await create('R-AUTO', null);
    const r = await t.call('POST', '/api/v1/policies/b2b-standard/decisions', { key: ERP, body: { customerId: 'R-AUTO', facts: { requestedAmount: 25000 } } });
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ outcome: 'accept', riskClass: 'B' });
    expect((await file('R-AUTO')).limit).toEqual({
      amount: 28000, grantedAt: '2026-03-02T09:00:00.000Z', reviewDate: '2027-03-02T09:00:00.000Z', expiresAt: null, decisionId: r.body.decisionId, policyId: 'b2b-standard', riskClass: 'B',
    });
  });
});

describe('the scheduled campaign', () => {
  let campaignId = '';

  it('re-decides the customers due (only those), applies accepts, escalates, and reports who moved', async () => {
    await t.services.workflow.sweep();
    const list = await t.call('GET', '/api/v1/campaigns', { key: AUDITOR });
    expect(list.status, list.text).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ kind: 'scheduled', status: 'done', startedBy: 'creditgraph', counts: { due: 4, redecided: 3, moved: 2, escalated: 1, skipped: 1, failed: 0 } });
    expect(list.body.items[0].entries).toBeUndefined(); // the list is summaries
    campaignId = list.body.items[0].campaignId;

    const report = await t.call('GET', `/api/v1/campaigns/${campaignId}`, { key: AUDITOR });
    expect(report.status, report.text).toBe(200);
    const byId = Object.fromEntries(report.body.entries.map((e: { customerId: string }) => [e.customerId, e]));
    expect(Object.keys(byId).sort()).toEqual(['R-ESC', 'R-NOPOL', 'R-SAME', 'R-UP']);
    expect(byId['R-UP']).toMatchObject({
      outcome: 'accept', moved: true, before: { riskClass: 'C', limit: 20000, reviewDate: '2026-02-01' }, after: { riskClass: 'B', limit: 28000, reviewDate: '2027-03-02T09:00:00.000Z' },
    });
    expect(byId['R-SAME']).toMatchObject({ outcome: 'accept', moved: false, before: { limit: 28000, reviewDate: '2026-03-01' }, after: { riskClass: 'B', limit: 28000, reviewDate: '2027-03-02T09:00:00.000Z' } });
    expect(byId['R-ESC']).toMatchObject({ outcome: 'escalate', moved: true, before: { limit: 45000 }, after: { riskClass: 'B', limit: 28000, reviewDate: null } });
    expect(byId['R-ESC'].approvalId).toMatch(/^apr_/);
    expect(byId['R-NOPOL']).toMatchObject({ outcome: 'skipped', moved: false, reason: 'noPolicy', decisionId: null });

    // Applied to the files: the accepts' limits and review dates; the escalated one's limit stands.
    expect((await file('R-UP')).limit).toMatchObject({ amount: 28000, riskClass: 'B', reviewDate: '2027-03-02T09:00:00.000Z', decisionId: byId['R-UP'].decisionId });
    expect((await file('R-ESC')).limit).toMatchObject({ amount: 45000, reviewDate: '2026-02-20' });
    expect((await file('R-LATER')).limit.reviewDate).toBe('2026-09-01');
    // The decisions read the file: only customerId and the held limit as the requested amount were sent.
    const decisions = await campaignDecisions();
    expect(decisions.map((d) => d.customerId).sort()).toEqual(['R-ESC', 'R-SAME', 'R-UP']);
    const up = decisions.find((d) => d.customerId === 'R-UP')!;
    expect(up.facts.requestedAmount).toBe(20000);
    expect(up.factSources).toMatchObject({ requestedAmount: 'request', bureauScore: { source: 'bureau', asOf: '2026-02-15' } });
    // The escalation is an approval request in the inbox, at the level the policy says.
    const approval = await t.call('GET', `/api/v1/approvals/${byId['R-ESC'].approvalId}`, { key: key('mona') });
    expect(approval.body.approval).toMatchObject({ status: 'pending', requiredLevel: 'creditManager', customerId: 'R-ESC', requestedAmount: 45000 });

    const actions = (await auditActions()).map((e) => e.action);
    expect(actions.filter((a) => a === 'campaign.started')).toHaveLength(1);
    expect(actions.filter((a) => a === 'campaign.completed')).toHaveLength(1);
    const completed = (await auditActions()).find((e) => e.action === 'campaign.completed')!;
    expect(completed.details).toMatchObject({ campaignId, kind: 'scheduled', counts: { moved: 2 } });
    expect(JSON.stringify(completed.details)).not.toContain('R-UP'); // the trail never names customers
  });

  it('re-runs the same pass idempotently: nobody re-decided, the stored report returned', async () => {
    const before = (await campaignDecisions()).length;
    clock.advanceHours(1);
    await t.services.workflow.sweep(); // the same day: done already
    const again = await runCampaign(t.services, CAMPAIGN_CALLER, { kind: 'scheduled', passKey: 'scheduled:2026-03-02', campaignId: 'ignored' });
    expect(again.campaignId).toBe(campaignId);
    expect((await campaignDecisions()).length).toBe(before);
    expect((await t.call('GET', '/api/v1/campaigns', { key: AUDITOR })).body.items).toHaveLength(1);
  });

  it('the next day skips a customer whose request is still pending; approving it writes the limit with its review date', async () => {
    clock.advanceHours(24);
    await t.services.workflow.sweep();
    const list = (await t.call('GET', '/api/v1/campaigns', { key: AUDITOR })).body.items;
    expect(list).toHaveLength(2);
    const day2 = (await t.call('GET', `/api/v1/campaigns/${list[0].campaignId}`, { key: AUDITOR })).body;
    expect(day2.entries.map((e: { customerId: string; outcome: string; reason: string }) => [e.customerId, e.outcome, e.reason])).toEqual([
      ['R-ESC', 'skipped', 'approvalPending'],
      ['R-NOPOL', 'skipped', 'noPolicy'],
    ]);
    const approvalId = day2.entries[0].approvalId;
    const decided = await t.call('POST', `/api/v1/approvals/${approvalId}/decision`, { key: key('mona'), body: { action: 'approve', amount: 40000, comment: 'long-standing customer, pays on time' } });
    expect(decided.status, decided.text).toBe(200);
    expect((await file('R-ESC')).limit).toMatchObject({ amount: 40000, riskClass: 'B', policyId: 'b2b-standard', reviewDate: '2027-03-03T10:00:00.000Z', decisionId: decided.body.manualDecision.decisionId });
  });

  it('a run by hand: approvers only; it reports like the scheduled one', async () => {
    expect((await t.call('POST', '/api/v1/campaigns', { key: ERP, body: {} })).status).toBe(403);
    const r = await t.call('POST', '/api/v1/campaigns', { key: key('mona'), body: {} });
    expect(r.status, r.text).toBe(201);
    expect(r.headers.get('location')).toBe(`/api/v1/campaigns/${r.body.campaignId}`);
    expect(r.body).toMatchObject({ kind: 'manual', startedBy: 'mona', status: 'done', counts: { due: 1, skipped: 1 } }); // only R-NOPOL is still due
    expect((await t.call('POST', '/api/v1/campaigns', { key: key('mona'), body: { policyId: 'nope' } })).status).toBe(404);
  });
});

describe('a changed fact', () => {
  it('re-decides the customer at once when the limit\'s policy reads it, and reports the move', async () => {
    const r = await t.call('POST', '/api/v1/customers/R-UP/facts', { key: ERP, body: { facts: [fact('bureauScore', 5, 'bureau', '2026-03-01')], comment: 'bureau downgrade' } });
    expect(r.status, r.text).toBe(200);
    // Bureau 5 instead of 72: score down to class C, whose limit (8,000) is below the 28,000 held → a person decides.
    expect(r.body.redecision.entry).toMatchObject({ customerId: 'R-UP', outcome: 'escalate', moved: true, before: { riskClass: 'B', limit: 28000 }, after: { riskClass: 'C', limit: 8000, reviewDate: null } });
    expect((await file('R-UP')).limit).toMatchObject({ amount: 28000, riskClass: 'B' }); // stands until the request is decided
    const run = (await t.call('GET', `/api/v1/campaigns/${r.body.redecision.campaignId}`, { key: AUDITOR })).body;
    expect(run).toMatchObject({ kind: 'factChange', counts: { due: 1, redecided: 1 } });
    const decision = (await t.store.getDecision(r.body.redecision.entry.decisionId))!;
    expect(decision.facts.bureauScore).toBe(5);
    expect(decision.factSources?.bureauScore).toEqual({ source: 'bureau', asOf: '2026-03-01' });
    // The answer carries the file as it is after the re-decision.
    expect(r.body.customer.etag).toBe((await file('R-UP')).etag);
  });

  it('does not re-decide for a fact the policy does not read, nor for a customer without a policy-granted limit', async () => {
    const count = (await t.call('GET', '/api/v1/campaigns?limit=100', { key: AUDITOR })).body.items.length;
    const a = await t.call('POST', '/api/v1/customers/R-UP/facts', { key: ERP, body: { facts: [fact('internalNote', 'x', 'analyst', '2026-03-01')] } });
    const b = await t.call('POST', '/api/v1/customers/R-NOPOL/facts', { key: ERP, body: { facts: [fact('bureauScore', 5, 'bureau', '2026-03-01')] } });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.redecision).toBeUndefined();
    expect(b.body.redecision).toBeUndefined();
    expect((await t.call('GET', '/api/v1/campaigns?limit=100', { key: AUDITOR })).body.items.length).toBe(count);
  });
});

describe('erasure', () => {
  it("removes the customer's id from every report's lines (the lines and counts stay) and from the runs' request ids and pass keys", async () => {
    const before = (await t.call('GET', '/api/v1/campaigns?limit=100', { key: AUDITOR })).body.items;
    const naming = async () => {
      const out: string[] = [];
      for (const c of before) {
        const report = (await t.call('GET', `/api/v1/campaigns/${c.campaignId}`, { key: AUDITOR })).body;
        if (JSON.stringify(report).includes('R-UP')) out.push(c.campaignId);
      }
      return out;
    };
    expect((await naming()).length).toBeGreaterThanOrEqual(2); // the scheduled pass and the fact change
    // The runs' decisions name the customer by pseudonym in their request ids, never by id.
    expect((await campaignDecisions()).filter((d) => d.customerId === 'R-UP').every((d) => !d.requestId!.includes('R-UP'))).toBe(true);

    const erased = await t.call('POST', '/api/v1/erasures', { key: ADMIN, body: { customerId: 'R-UP', comment: 'data-subject request #24' } });
    expect(erased.status, erased.text).toBe(200);
    expect(erased.body.campaignLines).toBeGreaterThanOrEqual(2);
    expect(await naming()).toEqual([]);
    const scheduled = (await t.call('GET', `/api/v1/campaigns/${before.filter((c: { kind: string }) => c.kind === 'scheduled').at(-1).campaignId}`, { key: AUDITOR })).body;
    expect(scheduled.counts).toMatchObject({ due: 4, moved: 2 }); // the first pass's statistics stay
    expect(scheduled.entries.filter((e: { customerId: string | null }) => e.customerId === null)).toEqual([
      expect.objectContaining({ outcome: 'accept', moved: true, erasedAt: erased.body.erasedAt, before: expect.objectContaining({ riskClass: 'C', limit: 20000 }) }),
    ]);
    for (const f of ['creditgraph.sqlite', 'creditgraph.sqlite-wal']) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(path.join(t.dataDir, f));
      } catch {
        continue;
      }
      expect(bytes.includes(Buffer.from('"R-UP"')), f).toBe(false);
    }
  });
});

describe('erasure during a run', () => {
  it('a customer erased while the run re-decides does not come back into the saved report', async () => {
    const run = await runCampaign(t.services, CAMPAIGN_CALLER, { kind: 'manual', passKey: 'manual:erased-mid-run', customerIds: ['R-SAME', 'R-LATER'] }, {
      // Between the re-decisions and the save: an administrator erases R-SAME.
      renew: async () => {
        const r = await t.call('POST', '/api/v1/erasures', { key: ADMIN, body: { customerId: 'R-SAME', comment: 'mid-run request' } });
        expect(r.status, r.text).toBe(200);
      },
    });
    expect(run.entries.map((e) => e.customerId).sort()).toEqual(['R-LATER', null]);
    expect(run.counts.due).toBe(2);
    expect(JSON.stringify(await t.store.getCampaign(run.campaignId))).not.toContain('R-SAME');
  });
});

describe('retention', () => {
  it("follows the decisions' period: reports of runs finished before its cutoff lose every customer id, in one audited pass", async () => {
    clock.advanceHours(400 * 24);
    t.services.retention = { decisions: 365 };
    const r = await t.call('POST', '/api/v1/retention/run', { key: ADMIN });
    expect(r.status, r.text).toBe(200);
    expect(r.body.campaignLines).toBeGreaterThan(0);
    const runs = (await t.call('GET', '/api/v1/campaigns?limit=100', { key: AUDITOR })).body.items;
    for (const c of runs) {
      const report = (await t.call('GET', `/api/v1/campaigns/${c.campaignId}`, { key: AUDITOR })).body;
      expect(report.entries.every((e: { customerId: string | null; erasedAt?: string }) => e.customerId === null && typeof e.erasedAt === 'string'), c.campaignId).toBe(true);
    }
    const applied = (await auditActions()).filter((e) => e.action === 'retention.applied').map((e) => e.details as { kind: string; lines?: number });
    expect(applied.find((d) => d.kind === 'campaigns')?.lines).toBe(r.body.campaignLines);
    // Nothing left: a second run changes no line.
    expect((await t.call('POST', '/api/v1/retention/run', { key: ADMIN })).body.campaignLines).toBe(0);
  });
});
