/**
 * Store contract for champion/challenger experiments (api/store/experiment-store.ts), run on every
 * store by store-contract.ts: insert/get/list, the one-open-experiment-per-policy arbiter (also
 * under racing inserts), compare-and-set on revision, the audit entry committed with each change,
 * and the experiment part of a logged decision kept exactly.
 */
import { expect, it } from 'vitest';
import { experimentEvent } from '../../api/domain/audit-events.js';
import type { ExperimentRecord } from '../../api/store/experiment-store.js';
import { StoreError, type AuditEntry, type CreditgraphStore, type StoreErrorCode } from '../../api/store/store.js';
import { decision } from './store-fixtures.js';

const experiment = (id: string, policyId: string, proposedAt: string, overrides: Partial<ExperimentRecord> = {}): ExperimentRecord => ({
  id,
  policyId,
  championVersion: 1,
  challengerVersion: 2,
  share: 20,
  salt: 'a1'.repeat(16),
  status: 'proposed',
  proposedBy: 'paul',
  proposedAt,
  approvedBy: null,
  startedAt: null,
  endedBy: null,
  endedAt: null,
  pendingChange: null,
  history: [{ at: proposedAt, by: 'paul', action: 'proposed', share: 20, comment: 'try v2 on « 20 % »' }],
  comment: 'try v2 on « 20 % »',
  revision: 1,
  updatedAt: proposedAt,
  ...overrides,
});

async function codeOf(promise: Promise<unknown>): Promise<StoreErrorCode | 'OK'> {
  try {
    await promise;
    return 'OK';
  } catch (err) {
    if (err instanceof StoreError) return err.code;
    throw err;
  }
}

async function trail(store: CreditgraphStore): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for await (const e of store.allAudit()) out.push(e);
  return out;
}

const propose = (store: CreditgraphStore, e: ExperimentRecord) => store.insertExperiment({ experiment: e, audit: experimentEvent('experiment.proposed', e, { actor: e.proposedBy }) });

export function experimentContract(open: () => Promise<CreditgraphStore>): void {
  it('stores experiments, lists them newest first, and keeps one open experiment per policy', async () => {
    const store = await open();
    const a = experiment('exp_a', 'p1', '2026-03-01T10:00:00.000Z');
    expect(await propose(store, a)).toStrictEqual(a);
    expect(await store.getExperiment('exp_a')).toStrictEqual(a);
    expect(await store.openExperiment('p1')).toStrictEqual(a);
    expect(await store.openExperiment('p2')).toBeNull();
    expect(await store.getExperiment('nope')).toBeNull();
    // A second open experiment on the policy, or the same id again: CONFLICT, nothing written.
    expect(await codeOf(propose(store, experiment('exp_b', 'p1', '2026-03-01T11:00:00.000Z')))).toBe('CONFLICT');
    expect(await codeOf(propose(store, experiment('exp_a', 'p2', '2026-03-01T11:00:00.000Z')))).toBe('CONFLICT');
    expect(await store.getExperiment('exp_b')).toBeNull();
    expect(await store.openExperiment('p2')).toBeNull();
    // Another policy has its own slot; a closed experiment holds none.
    await propose(store, experiment('exp_c', 'p2', '2026-03-01T12:00:00.000Z'));
    await propose(store, experiment('exp_d', 'p1', '2026-02-01T12:00:00.000Z', { status: 'stopped' }));
    expect((await store.listExperiments({})).map((e) => e.id)).toEqual(['exp_c', 'exp_a', 'exp_d']);
    expect((await store.listExperiments({ policyId: 'p1' })).map((e) => e.id)).toEqual(['exp_a', 'exp_d']);
    expect((await store.listExperiments({ policyId: 'p1', limit: 1 })).map((e) => e.id)).toEqual(['exp_a']);
    const entries = (await trail(store)).filter((e) => e.action === 'experiment.proposed');
    expect(entries.map((e) => [e.policyId, e.details?.experimentId])).toEqual([['p1', 'exp_a'], ['p2', 'exp_c'], ['p1', 'exp_d']]);
    expect(JSON.stringify(entries)).not.toContain(a.salt);
  });

  it('of racing proposals on one policy, one is stored', async () => {
    const store = await open();
    const codes = await Promise.all(Array.from({ length: 8 }, (_, i) => codeOf(propose(store, experiment(`exp_${i}`, 'p-race', '2026-03-01T10:00:00.000Z')))));
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes.filter((c) => c === 'CONFLICT')).toHaveLength(7);
    expect(await store.listExperiments({ policyId: 'p-race' })).toHaveLength(1);
  });

  it('updates with compare-and-set on the revision, frees the slot when closed, and audits each change', async () => {
    const store = await open();
    const a = await propose(store, experiment('exp_a', 'p1', '2026-03-01T10:00:00.000Z'));
    const running: ExperimentRecord = { ...a, status: 'running', approvedBy: 'marie', startedAt: '2026-03-01T10:05:00.000Z', revision: 2 };
    expect(await store.updateExperiment({ experiment: running, expectRevision: 1, audit: experimentEvent('experiment.started', running, { actor: 'marie' }) })).toStrictEqual(running);
    // A stale revision: PRECONDITION_FAILED, nothing changed; an unknown id: NOT_FOUND.
    const stale = { ...running, share: 40, revision: 3 };
    expect(await codeOf(store.updateExperiment({ experiment: stale, expectRevision: 1, audit: experimentEvent('experiment.shareChanged', stale, { actor: 'x' }) }))).toBe('PRECONDITION_FAILED');
    expect(await store.getExperiment('exp_a')).toStrictEqual(running);
    const ghost = experiment('ghost', 'p1', '2026-03-01T10:00:00.000Z');
    expect(await codeOf(store.updateExperiment({ experiment: ghost, expectRevision: 1, audit: experimentEvent('experiment.started', ghost, { actor: 'x' }) }))).toBe('NOT_FOUND');
    expect(await store.openExperiment('p1')).toStrictEqual(running);
    // Closed: the policy's slot is free again.
    const stopped: ExperimentRecord = { ...running, status: 'stopped', endedBy: 'paul', endedAt: '2026-03-02T10:00:00.000Z', revision: 3 };
    await store.updateExperiment({ experiment: stopped, expectRevision: 2, audit: experimentEvent('experiment.stopped', stopped, { actor: 'paul', comment: 'enough' }) });
    expect(await store.openExperiment('p1')).toBeNull();
    const b = await propose(store, experiment('exp_b', 'p1', '2026-03-03T10:00:00.000Z'));
    // Reopening the old one while another is open: CONFLICT.
    const reopened = { ...stopped, status: 'running' as const, revision: 4 };
    expect(await codeOf(store.updateExperiment({ experiment: reopened, expectRevision: 3, audit: experimentEvent('experiment.started', reopened, { actor: 'x' }) }))).toBe('CONFLICT');
    expect(await store.openExperiment('p1')).toStrictEqual(b);
    const actions = (await trail(store)).map((e) => [e.action, e.actor, e.details?.status]);
    expect(actions).toEqual([
      ['experiment.proposed', 'paul', 'proposed'],
      ['experiment.started', 'marie', 'running'],
      ['experiment.stopped', 'paul', 'stopped'],
      ['experiment.proposed', 'paul', 'proposed'],
    ]);
  });

  it('keeps the experiment part of a logged decision exactly', async () => {
    const store = await open();
    const record = decision({
      experiment: {
        experimentId: 'exp_a',
        arm: 'challenger',
        shadow: { arm: 'champion', version: 1, contentHash: 'b'.repeat(64), outcome: 'escalate', score: 540.25, riskClass: 'C', creditLimit: 12000, approvalLevel: 'creditManager' },
      },
    });
    await store.appendDecision(record);
    expect(await store.getDecision(record.decisionId)).toStrictEqual(record);
  });
}
