/**
 * MongoDB rows 3–6 of issue 17: every hot query the store sends uses an index. The store runs its
 * real operations on a fresh database (a few hundred decisions, approvals, alerts, deliveries); each
 * find / count / findAndModify it sent is captured from the driver's command monitoring and sent
 * again as explain(): no winning plan may scan the collection. Runs only where MONGODB_URI reaches
 * a replica set (`npm run test:mongo`); otherwise skipped with the reason.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { MongoStore } from '../../api/store/mongo-store/mongo-store.js';
import { alertsRaised, approvalEvent } from '../../api/domain/audit-events.js';
import { alertRecord, approvalRecord, decision } from './store-fixtures.js';
import { mongoUnreachableReason } from './mongo-reachable.js';

const uri = process.env.MONGODB_URI?.trim() ?? '';
const reason = await mongoUnreachableReason(uri);
if (reason) console.warn(`MongoDB explain() suite skipped: ${reason}`);

/** Every stage of a plan, depth first. */
function stages(plan: Record<string, unknown>): string[] {
  const out = [String(plan.stage)];
  for (const k of ['inputStage', 'queryPlan']) if (plan[k]) out.push(...stages(plan[k] as Record<string, unknown>));
  for (const child of (plan.inputStages as Record<string, unknown>[] | undefined) ?? []) out.push(...stages(child));
  return out;
}

describe.skipIf(reason !== null)('MongoDB: hot queries use an index (explain)', () => {
  const dbName = `creditgraph_explain_${randomBytes(4).toString('hex')}`;
  const sent: { name: string; command: Record<string, unknown> }[] = [];
  let store: MongoStore;

  beforeAll(async () => {
    store = new MongoStore({ uri, dbName, onCommand: (name, command) => ['find', 'count', 'aggregate', 'findAndModify'].includes(name) && sent.push({ name, command }) });
    await store.init();
    for (let i = 0; i < 300; i++) {
      const d = decision({ decisionId: `d-${i}`, requestId: `r-${i}`, customerId: `C-${i % 30}`, evaluatedAt: new Date(Date.UTC(2026, 2, 1) + i * 60_000).toISOString() });
      await store.appendDecision(d);
    }
    for (let i = 0; i < 20; i++) {
      const a = { ...approvalRecord(`apr-${i}`, '2026-03-02T10:00:00.000Z', `C-${i}`), dueAt: '2026-03-04T10:00:00.000Z' };
      await store.createApproval({ approval: a, deliveries: [], audit: approvalEvent('approval.opened', a, { actor: 'erp' }, null) });
    }
    const alerts = Array.from({ length: 20 }, (_, i) => alertRecord(`al-${i}`, `k-${i}`, '2026-03-02T10:00:00.000Z', `C-${i}`));
    await store.raiseAlerts({ alerts, deliveries: [], audit: alertsRaised(alerts, { actor: 'creditgraph' }, null) });
    sent.length = 0;
    // The hot paths: idempotency lookup, previous decision, log pages, sweep, alert filters, dispatch.
    await store.findDecisionByRequestId('p-dec', 'r-5');
    await store.listDecisions({ policyId: 'p-dec', customerId: 'C-3', limit: 1 });
    let page = await store.listDecisions({ policyId: 'p-dec', limit: 50 });
    page = await store.listDecisions({ policyId: 'p-dec', limit: 50, cursor: page.nextCursor! });
    await store.listDecisions({ outcome: 'accept', from: '2026-03-01T01:00:00Z', limit: 50 });
    await store.listApprovals({ status: 'pending', dueBy: '2026-03-05T00:00:00Z' });
    await store.listApprovals({ status: 'approved', reviewDueBy: '2026-03-05T00:00:00Z' });
    await store.listAlerts({ type: 'exposure.overLimit' });
    await store.listAlerts({ customerId: 'C-3' });
    await store.listAlerts({ policyId: 'p-dec', from: '2026-03-01T00:00:00Z' });
    await store.claimDueDeliveries({ now: '2026-03-05T00:00:00Z', until: '2026-03-05T00:01:00Z', limit: 5 });
    await store.listJobs('p-dec', 10);
    // Verification pages through the decision log's chain; retention walks approvals and alerts oldest first.
    await store.decisionChainLinks(100, 50);
    await store.customerRecordsBefore('approvals', { before: '2026-03-03T00:00:00Z', after: { at: '2026-03-02T10:00:00Z', id: 'apr-5' }, limit: 10 });
    await store.customerRecordsBefore('alerts', { before: '2026-03-03T00:00:00Z', after: null, limit: 10 });
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    const client = new MongoClient(uri);
    await client.db(dbName).dropDatabase().finally(() => client.close());
  });

  it('no winning plan scans a whole collection', async () => {
    const client = new MongoClient(uri);
    try {
      const db = client.db(dbName);
      expect(sent.length).toBeGreaterThan(10);
      for (const { name, command } of sent) {
        const { lsid: _l, $clusterTime: _c, $db: _d, txnNumber: _t, ...query } = command;
        const explained = await db.command({ explain: query, verbosity: 'queryPlanner' });
        const plan = stages((explained.queryPlanner as { winningPlan: Record<string, unknown> }).winningPlan);
        expect(plan, `${name} ${JSON.stringify(query)}`).not.toContain('COLLSCAN');
      }
    } finally {
      await client.close();
    }
  });
});
