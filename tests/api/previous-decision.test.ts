/**
 * The previous decision a new one is compared with is the newest logged one, manual decisions
 * included (read from the log each time, as a store shared by several processes requires), and a
 * revoked key fails on the very next request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changesOf, mayBeWorse } from '../../api/workflow/decision-changes.js';
import type { DecisionRecord } from '../../api/store/store.js';
import type { PolicyDocument } from '../../engine/index.js';
import type { TestApp } from './support/test-app.js';
import { ERP, FACTS, escalate, key, startWorkflowApp, type FakeClock } from '../workflow/workflow-app.js';

const record = (id: string, at: string, customerId: string | null = 'C1', over: Partial<DecisionRecord> = {}): DecisionRecord =>
  ({
    decisionId: id,
    requestId: null,
    requestHash: null,
    policyId: 'p',
    version: 1,
    contentHash: 'h',
    customerId,
    facts: {},
    decision: { outcome: 'accept', riskClass: 'B', creditLimit: { gross: 1000 } },
    outcome: 'accept',
    caller: 'erp',
    evaluatedAt: at,
    source: 'automatic',
    relatesTo: null,
    ...over,
  }) as unknown as DecisionRecord;

describe('mayBeWorse: false only where no previous decision could change anything', () => {
  const document = { nodes: [{ id: 'rc', kind: 'riskClass', config: { classes: [{ id: 'A' }, { id: 'B' }, { id: 'C' }] } }] } as unknown as PolicyDocument;
  const nexts = ['accept', 'escalate', 'refuse'].flatMap((outcome) =>
    [null, 'A', 'B', 'C', 'Z'].flatMap((riskClass) =>
      [undefined, 0, 500, 5000].map((exposure) =>
        record('next', '2026-02-01T00:00:00.000Z', 'C1', { outcome, decision: { outcome, riskClass, creditLimit: { gross: 1000 } }, ...(exposure === undefined ? {} : { exposure }) } as Partial<DecisionRecord>),
      ),
    ),
  );
  const previous = ['accept', 'escalate', 'refuse'].flatMap((outcome) =>
    ['A', 'B', 'C'].flatMap((riskClass) => [0, 2000].map((gross) => record('prev', '2026-01-01T00:00:00.000Z', 'C1', { outcome, decision: { outcome, riskClass, creditLimit: { gross } } } as Partial<DecisionRecord>))),
  );

  it('holds for every combination of outcome, class and exposure', () => {
    for (const next of nexts) {
      if (mayBeWorse(next, document)) continue;
      for (const prev of previous) expect(changesOf(prev, next, document), JSON.stringify({ next, prev })).toEqual([]);
    }
    expect(nexts.filter((n) => !mayBeWorse(n, document)).map((n) => n.decision.riskClass)).not.toContain('B');
  });
});

describe('the previous decision through the API', () => {
  let t: TestApp;
  let clock: FakeClock;
  beforeAll(async () => ({ t, clock } = await startWorkflowApp()));
  afterAll(() => t?.close());

  it('a manual decision becomes the previous one: a refuse after the approved escalation is a refuse after an accept', async () => {
    const escalated = await escalate(t, { customerId: 'CACHE-1' }); // class B, 45,000: credit manager
    expect(escalated.outcome).toBe('escalate');
    clock.advanceHours(1); // decided later than it was escalated (same instant: the ids would order them)
    const approved = await t.call('POST', `/api/v1/approvals/${escalated.approvalId}/decision`, { key: key('mona'), body: { action: 'approve', comment: 'known customer' } });
    expect(approved.status, approved.text).toBe(200);
    const manualId = approved.body.manualDecision?.decisionId ?? approved.body.approval.outcome.manualDecisionId;
    const refused = await escalate(t, { customerId: 'CACHE-1', facts: { ...FACTS, insolvencyProceedings: true } });
    expect(refused.outcome).toBe('refuse');
    expect(refused.changes).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'refuseAfterAccept', previousDecisionId: manualId })]));
  });

  it('a revoked key fails at once, after requests that succeeded with it', async () => {
    const created = await t.call('POST', '/api/v1/users/erp/keys', { key: 'cg_test_admin_key_00000000000' });
    expect(created.status, created.text).toBe(201);
    const facts = { facts: FACTS, customerId: 'CACHE-2' };
    for (let i = 0; i < 3; i++) expect((await t.call('POST', '/api/v1/policies/b2b-standard/decisions', { key: created.body.key, body: facts })).status).toBe(201);
    expect((await t.call('DELETE', `/api/v1/keys/${created.body.id}`, { key: 'cg_test_admin_key_00000000000' })).status).toBe(200);
    expect((await t.call('POST', '/api/v1/policies/b2b-standard/decisions', { key: created.body.key, body: facts })).status).toBe(401);
    expect((await t.call('POST', '/api/v1/policies/b2b-standard/decisions', { key: ERP, body: facts })).status).toBe(201);
  });
});
