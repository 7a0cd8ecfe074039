/**
 * The SQLite store keeps the workflow's records across a restart, including the delivery
 * attempts, which are written without an audit entry. (Ported from the file store's test, which
 * also ran it across compactions.)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../api/store/audit-chain.js';
import { SqliteStore } from '../../api/store/sqlite-store/sqlite-store.js';
import type { AlertRecord, ApprovalRecord, DeliveryRecord, CreditgraphStore, WebhookRecord } from '../../api/store/store.js';
import { alertsRaised, approvalEvent, webhookCreated } from '../../api/domain/audit-events.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function open(dir: string) {
  const s = new SqliteStore({ dataDir: dir, log: () => undefined });
  await s.init();
  return s;
}

async function dump(s: CreditgraphStore) {
  const audit = [];
  for await (const e of s.allAudit()) audit.push(e);
  return { approvals: await s.listApprovals({}), alerts: await s.listAlerts({}), hooks: await s.listWebhooks(), deliveries: await s.listDeliveries({}), audit };
}

const approval = (id: string): ApprovalRecord => ({
  id, decisionId: `dec-${id}`, policyId: 'p', version: 1, contentHash: 'a'.repeat(64), customerId: 'C', requestedAmount: 1, authorityAmount: 1, computedLimit: 0,
  riskClass: 'B', requiredLevel: 'l', reasons: [], requestedBy: 'erp', status: 'pending', openedAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
  dueAt: null, revision: 1, history: [], outcome: null,
});
const delivery = (id: string, eventId: string): DeliveryRecord => ({
  id, subscriptionId: 'whk', event: 'approval.opened', eventId, payload: { x: 'y'.repeat(200) }, status: 'pending', attempts: 0,
  nextAttemptAt: '2026-01-01T00:00:00.000Z', createdAt: '2026-01-01T00:00:00.000Z', deliveredAt: null, log: [],
});

describe('SQLite store: workflow records survive a restart', () => {
  it('approvals, alerts, webhooks and delivery attempts, with the audit chain', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cg-wf-'));
    dirs.push(dir);
    const s = await open(dir);
    const hook: WebhookRecord = { id: 'whk', url: 'http://127.0.0.1:1/', events: ['approval.opened'], secret: 's', description: null, active: true, createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'adam' };
    await s.createWebhook(hook, webhookCreated(hook, { actor: 'adam' }));
    for (let i = 0; i < 8; i++) {
      await s.createApproval({ approval: approval(`a${i}`), deliveries: [delivery(`d${i}`, `a${i}`)], audit: approvalEvent('approval.opened', approval(`a${i}`), { actor: 'erp' }, null) });
      // two audit-less attempts after each audited commit
      const d = (await s.listDeliveries({})).find((x) => x.id === `d${i}`)!;
      await s.saveDeliveryAttempt({ ...d, attempts: 1, log: [{ at: 'x', statusCode: 500, error: 'HTTP 500', durationMs: 1 }] }, 0);
      await s.saveDeliveryAttempt({ ...d, attempts: 2, status: 'delivered', log: [] }, 1);
    }
    const alerts: AlertRecord[] = [{ id: 'al', type: 'approval.overdue', dedupeKey: 'k', severity: 'warning', policyId: 'p', customerId: 'C', approvalId: 'a1', decisionId: null, raisedAt: '2026-01-02T00:00:00.000Z', message: 'm', details: {} }];
    await s.raiseAlerts({ alerts, deliveries: [], audit: alertsRaised(alerts, { actor: 'creditgraph' }, null) });
    const before = await dump(s);
    await s.close();
    const again = await open(dir);
    expect(await dump(again)).toStrictEqual(before);
    expect(before.deliveries.every((d) => d.status === 'delivered' && d.attempts === 2)).toBe(true);
    expect((await verifyAuditChain(again.allAudit())).intact).toBe(true);
    await again.close();
  });
});
