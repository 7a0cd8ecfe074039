/**
 * The two caches of the decision path (file store only): callers by key hash, and each customer's
 * latest decision. Both must answer exactly what the store would: a revocation takes effect at
 * once (also for a lookup in flight when it happens), and the "previous decision" is the newest
 * logged one, manual decisions included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallerCache } from '../../api/auth/caller-cache.js';
import type { Caller } from '../../api/auth/api-keys.js';
import { LatestDecisions } from '../../api/workflow/latest-decisions.js';
import { changesOf, mayBeWorse } from '../../api/workflow/decision-changes.js';
import type { CreditgraphStore, DecisionFilter, DecisionRecord, Page } from '../../api/store/store.js';
import type { PolicyDocument } from '../../engine/index.js';
import type { TestApp } from './support/test-app.js';
import { ERP, FACTS, escalate, key, startWorkflowApp, type FakeClock } from '../workflow/workflow-app.js';

const caller = (id: string): Caller => ({ user: { id, name: id, roles: ['system'], delegationLevel: null, createdAt: '', disabled: false }, keyId: `key_${id}` });

describe('CallerCache', () => {
  it('keeps at most its capacity, dropping the least recently used', () => {
    const cache = new CallerCache(2);
    cache.set('a', caller('a'), cache.generation);
    cache.set('b', caller('b'), cache.generation);
    expect(cache.get('a')?.user.id).toBe('a'); // a is now the most recent
    cache.set('c', caller('c'), cache.generation);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.user.id).toBe('a');
    expect(cache.get('c')?.user.id).toBe('c');
  });

  it('after clear(), forgets everything and refuses answers looked up before it', () => {
    const cache = new CallerCache();
    cache.set('a', caller('a'), cache.generation);
    const before = cache.generation; // a lookup starts…
    cache.clear(); // …a key is revoked meanwhile…
    cache.set('b', caller('b'), before); // …and its (stale) answer arrives
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBeUndefined();
    cache.set('b', caller('b'), cache.generation);
    expect(cache.get('b')?.user.id).toBe('b');
  });

  it('with capacity 0 (a shared store), keeps nothing', () => {
    const cache = new CallerCache(0);
    cache.set('a', caller('a'), cache.generation);
    expect(cache.get('a')).toBeUndefined();
  });
});

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

/** Just enough of a store: listDecisions over an array, counting the reads. */
function fakeStore(logged: DecisionRecord[]) {
  const store = {
    kind: 'file',
    reads: 0,
    async listDecisions(filter: DecisionFilter): Promise<Page<DecisionRecord>> {
      store.reads++;
      const items = logged
        .filter((r) => r.policyId === filter.policyId && r.customerId === filter.customerId)
        .sort((a, b) => (a.evaluatedAt === b.evaluatedAt ? (a.decisionId < b.decisionId ? 1 : -1) : a.evaluatedAt < b.evaluatedAt ? 1 : -1));
      return { items: items.slice(0, filter.limit ?? 50), nextCursor: null };
    },
  };
  return store as typeof store & CreditgraphStore;
}

describe('LatestDecisions', () => {
  it('reads the log once per customer, then follows what is logged', async () => {
    const store = fakeStore([record('d1', '2026-01-01T00:00:00.000Z'), record('d2', '2026-01-02T00:00:00.000Z')]);
    const latest = new LatestDecisions(store);
    expect((await latest.get('p', 'C1'))?.decisionId).toBe('d2');
    expect((await latest.get('p', 'C1'))?.decisionId).toBe('d2');
    expect(store.reads).toBe(1);
    latest.note(record('d3', '2026-01-03T00:00:00.000Z'));
    expect((await latest.get('p', 'C1'))?.decisionId).toBe('d3');
    expect(store.reads).toBe(1);
  });

  it('keeps the newest in the store\'s order (evaluatedAt, then id), whatever order they are noted in', async () => {
    const latest = new LatestDecisions(fakeStore([]));
    latest.note(record('d5', '2026-01-05T00:00:00.000Z'));
    latest.note(record('d4', '2026-01-04T00:00:00.000Z')); // e.g. a manual decision dated when it was decided
    expect((await latest.get('p', 'C1'))?.decisionId).toBe('d5');
    latest.note(record('d6', '2026-01-05T00:00:00.000Z')); // same instant: the larger id is newer
    expect((await latest.get('p', 'C1'))?.decisionId).toBe('d6');
  });

  it('without a cache (a shared store) reads the log every time', async () => {
    const store = fakeStore([record('d1', '2026-01-01T00:00:00.000Z')]);
    const latest = new LatestDecisions(store, 0);
    latest.note(record('d9', '2026-01-09T00:00:00.000Z'));
    expect((await latest.get('p', 'C1'))?.decisionId).toBe('d1');
    expect((await latest.get('p', 'C1'))?.decisionId).toBe('d1');
    expect(store.reads).toBe(2);
  });

  it('keeps at most its capacity (the oldest used is read again from the log)', async () => {
    const store = fakeStore([record('x', '2026-01-01T00:00:00.000Z', 'C1')]);
    const latest = new LatestDecisions(store, 1);
    await latest.get('p', 'C1');
    latest.note(record('y', '2026-01-01T00:00:00.000Z', 'C2'));
    await latest.get('p', 'C1');
    expect(store.reads).toBe(2);
  });
});

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

describe('the previous decision through the API (file store: cached)', () => {
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

  it('a revoked key fails at once even though its caller was cached', async () => {
    const created = await t.call('POST', '/api/v1/users/erp/keys', { key: 'cg_test_admin_key_00000000000' });
    expect(created.status, created.text).toBe(201);
    const facts = { facts: FACTS, customerId: 'CACHE-2' };
    for (let i = 0; i < 3; i++) expect((await t.call('POST', '/api/v1/policies/b2b-standard/decisions', { key: created.body.key, body: facts })).status).toBe(201);
    expect((await t.call('DELETE', `/api/v1/keys/${created.body.id}`, { key: 'cg_test_admin_key_00000000000' })).status).toBe(200);
    expect((await t.call('POST', '/api/v1/policies/b2b-standard/decisions', { key: created.body.key, body: facts })).status).toBe(401);
    expect((await t.call('POST', '/api/v1/policies/b2b-standard/decisions', { key: ERP, body: facts })).status).toBe(201);
  });
});
