/**
 * The scheduled review campaign on two instances (two apps, two SQLite connections on one data
 * folder, as two processes have), sweeping at once: each customer due is re-decided once, one
 * report is stored, one pair of audit entries written. A second instance's pass of the same day
 * finds the stored run and re-decides nobody.
 */
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { scheduledCampaign } from '../../api/domain/review-campaigns.js';
import { SqliteStore } from '../../api/store/sqlite-store/sqlite-store.js';
import type { AuditEntry } from '../../api/store/store.js';
import type { TestApp } from '../api/support/test-app.js';
import { ERP, FakeClock, startWorkflowApp } from '../workflow/workflow-app.js';

let t: TestApp;
let clock: FakeClock;
let storeB: SqliteStore;

const STORED = Object.entries({ yearsInBusiness: 12, equity: 80000, intangibleAssets: 0, totalAssets: 250000, currentAssets: 180000, currentLiabilities: 100000, financialDebt: 90000, netIncome: 42000, annualTurnover: 700000, avgPaymentDelayDays: 3, paymentIncidents12m: 0, sectorRisk: 'medium', bureauScore: 72 }).map(
  ([input, value]) => ({ input, value, source: 'erp', asOf: '2025-12-31' }),
);

beforeAll(async () => {
  ({ t, clock } = await startWorkflowApp(new FakeClock(Date.parse('2026-03-02T09:00:00.000Z'))));
  storeB = new SqliteStore({ dataDir: t.dataDir, auditKey: t.services.keys?.auditKey ?? null, log: () => undefined });
  await storeB.init();
  for (let i = 1; i <= 6; i++) {
    const r = await t.call('POST', '/api/v1/customers', {
      key: ERP,
      body: { customerId: `I-${i}`, identity: { name: `Instance ${i}`, currency: 'EUR' }, facts: STORED, limit: { amount: 20000, grantedAt: '2025-03-01T09:00:00Z', reviewDate: '2026-03-01', policyId: 'b2b-standard', riskClass: 'C' } },
    });
    expect(r.status, r.text).toBe(201);
  }
});
afterAll(async () => {
  await storeB?.close();
  await t?.close();
});

async function actions(): Promise<string[]> {
  const all: AuditEntry[] = [];
  for await (const e of t.store.allAudit()) all.push(e);
  return all.map((e) => e.action);
}

it('two instances sweeping at once: one pass, each customer re-decided once', async () => {
  const b = createApp({ store: storeB, clock, logger: pino({ level: 'silent' }), keys: t.services.keys, workflow: { timers: false, instanceId: 'B' } });
  await Promise.all([t.services.workflow.sweep(), b.services.workflow.sweep()]);
  // The campaign's own lease, too: both instances asking for the day's pass at once run it once.
  await Promise.all([scheduledCampaign(t.services), scheduledCampaign(b.services)]);

  const decisions = (await t.store.listDecisions({ policyId: 'b2b-standard', limit: 100 })).items;
  expect(decisions.map((d) => d.customerId).sort()).toEqual(['I-1', 'I-2', 'I-3', 'I-4', 'I-5', 'I-6']);
  const runs = (await storeB.listCampaigns({})).items;
  expect(runs).toHaveLength(1);
  expect(runs[0]).toMatchObject({ kind: 'scheduled', status: 'done', counts: { due: 6, redecided: 6, moved: 6 } });
  const all = await actions();
  expect(all.filter((a) => a === 'campaign.started')).toHaveLength(1);
  expect(all.filter((a) => a === 'campaign.completed')).toHaveLength(1);
  expect(all.filter((a) => a === 'customer.limitSet')).toHaveLength(6);

  // Later the same day, on the other instance: the stored pass, nothing re-decided.
  clock.advanceHours(2);
  await Promise.all([b.services.workflow.sweep(), scheduledCampaign(b.services)]);
  expect((await t.store.listDecisions({ policyId: 'b2b-standard', limit: 100 })).items).toHaveLength(6);
  await b.services.workflow.stop();
});
