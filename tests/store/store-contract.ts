/**
 * The store contract: every implementation of CreditgraphStore must pass these tests unchanged,
 * and every operation of the interface is exercised here. It is the only place that knows there
 * are several stores. Stores are persistence only: these tests hand them records built the way the
 * domain layer builds them, and check get / query / compare-and-set / append and the audit chain —
 * never a business rule (those are tested through the domain and over HTTP).
 * `makeStore` returns a fresh, initialised, empty store and a cleanup function.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { verifyAuditChain } from '../../api/store/audit-chain.js';
import { alertsRaised, approvalEvent, keyCreated, keyRevoked, userCreated, webhookCreated, webhookDeleted, type ApprovalAction } from '../../api/domain/audit-events.js';
import {
  StoreError,
  type AlertRecord,
  type ApiKeyRecord,
  type ApprovalRecord,
  type AuditContext,
  type AuditEntry,
  type CreditgraphStore,
  type DecisionFilter,
  type DecisionRecord,
  type DeliveryRecord,
  type StoreErrorCode,
  type UserRecord,
  type WebhookRecord,
} from '../../api/store/store.js';
import { alertRecord, approvalRecord, decision, deliveryRecord, draftRecord, etag, event, hashOf, policyDoc, policyRecord, versionRecord } from './store-fixtures.js';
import { testSeed } from '../support/test-seed.js';
import { describeTimesAndErasure } from './privacy-contract.js';
import { customerContract } from './customer-contract.js';
import { experimentContract } from './experiment-contract.js';
import { outcomeContract } from './outcome-contract.js';
import { describeDecisionSaltContract } from './decision-salt-contract.js';
import { campaignContract } from './campaign-contract.js';
import { decisionChainContract } from './decision-chain-contract.js';
import { recordRetentionContract } from './record-retention-contract.js';
import { latestDecisionContract } from './latest-decision-contract.js';

export interface StoreUnderTest {
  store: CreditgraphStore;
  cleanup(): Promise<void>;
}

async function codeOf(promise: Promise<unknown>): Promise<StoreErrorCode | 'OK'> {
  try {
    await promise;
    return 'OK';
  } catch (err) {
    if (err instanceof StoreError) return err.code;
    throw err;
  }
}

const who = (actor: string, comment?: string) => ({ actor, ...(comment !== undefined ? { comment } : {}) });

// Each change takes its audit event composed the way the domain composes it (api/domain/audit-events.ts).
const addUser = (store: CreditgraphStore, user: UserRecord, ctx: AuditContext) => store.createUser(user, userCreated(user, ctx));
const addKey = (store: CreditgraphStore, key: ApiKeyRecord, ctx: AuditContext) => store.createApiKey(key, keyCreated(key, ctx));
const ghostKey = (id: string): ApiKeyRecord => ({ id, userId: 'nobody', keyHash: '0'.repeat(64), prefix: 'cg_0', createdAt: '2026-01-01T00:00:00.000Z', revokedAt: null });
const revokeKey = async (store: CreditgraphStore, keyId: string, ctx: AuditContext) => store.revokeApiKey(keyId, keyRevoked((await store.getApiKey(keyId)) ?? ghostKey(keyId), ctx));
const openApproval = (store: CreditgraphStore, input: { approval: ApprovalRecord; deliveries: DeliveryRecord[]; audit: AuditContext }) =>
  store.createApproval({ ...input, audit: approvalEvent('approval.opened', input.approval, input.audit, null) });
const changeApproval = (store: CreditgraphStore, input: { approval: ApprovalRecord; expectRevision: number; action: ApprovalAction; deliveries: DeliveryRecord[]; audit: AuditContext }) =>
  store.updateApproval({ approval: input.approval, expectRevision: input.expectRevision, deliveries: input.deliveries, audit: approvalEvent(input.action, input.approval, input.audit, null) });
const raise = (store: CreditgraphStore, input: { alerts: AlertRecord[]; deliveries: DeliveryRecord[]; audit: AuditContext }) =>
  store.raiseAlerts({ ...input, audit: alertsRaised(input.alerts, input.audit, null) });
const addWebhook = (store: CreditgraphStore, hook: WebhookRecord, ctx: AuditContext) => store.createWebhook(hook, webhookCreated(hook, ctx));
const removeWebhook = async (store: CreditgraphStore, id: string, ctx: AuditContext) => {
  const hook = (await store.getWebhook(id)) ?? { id, url: 'http://127.0.0.1:9/', events: [], secret: '', description: null, active: false, createdAt: '', createdBy: '' };
  return store.deleteWebhook(id, webhookDeleted(hook, ctx));
};

async function collectAudit(store: CreditgraphStore): Promise<AuditEntry[]> {
  const all: AuditEntry[] = [];
  for await (const e of store.allAudit()) all.push(e);
  return all;
}

/** A new policy with its first draft, as the domain creates it. */
async function newPolicy(store: CreditgraphStore, id: string, actor = 'ana', comment?: string) {
  const policy = policyRecord(id, undefined, actor);
  const draft = draftRecord(id, policyDoc(id), { updatedBy: actor, editors: [actor] });
  await store.insertPolicy({ policy, draft, audit: event('policy.created', actor, comment, { policyId: id, contentHash: hashOf(draft.document) }) });
  return { policy, draft };
}

/** Appends version `n` of the draft's document and the draft that follows it. */
async function appendNext(store: CreditgraphStore, id: string, n: number, over: { activate?: boolean; approver?: string } = {}) {
  const current = (await store.getDraft(id))!;
  const version = versionRecord(id, n, current.document, { approvedBy: over.approver ?? 'paul' });
  const draft = { ...current, etag: etag(), baseVersion: n, editors: [] };
  const policy = await store.appendVersion({
    version,
    draft,
    expectEtag: current.etag,
    activate: over.activate ?? n === 1,
    audit: event('version.published', over.approver ?? 'paul', undefined, { policyId: id, version: n, contentHash: version.contentHash }),
  });
  return { version, draft, policy };
}

/** Creates a policy and appends its first version (active). */
async function published(store: CreditgraphStore, id: string) {
  await newPolicy(store, id);
  return (await appendNext(store, id, 1)).version;
}

/** Replaces the draft's document (compare-and-set on its current etag). */
async function edit(store: CreditgraphStore, id: string, description: string) {
  const current = (await store.getDraft(id))!;
  return store.putDraft({ draft: { ...current, etag: etag(), document: policyDoc(id, description) }, expectEtag: current.etag, audit: event('draft.saved', 'ana', undefined, { policyId: id }) });
}

/** `makeStore(options)`: `auditKey`, the server's audit key the store MACs its chains with (none: plain sha-256). */
export function describeStoreContract(name: string, makeStore: (options?: { auditKey?: Buffer }) => Promise<StoreUnderTest>): void {
  describe(`store contract: ${name}`, () => {
    let current: StoreUnderTest | null = null;
    const open = async (options?: { auditKey?: Buffer }) => (current = await makeStore(options)).store;
    afterEach(async () => {
      await current?.cleanup();
      current = null;
    });

    customerContract(open);
    experimentContract(open);
    outcomeContract(open);
    describeDecisionSaltContract(open);
    campaignContract(open);
    decisionChainContract(open);
    recordRetentionContract(open);
    latestDecisionContract(open);

    it('pings when open', async () => {
      const store = await open();
      expect(await store.ping()).toBe(true);
    });

    it('inserts, gets and lists policies with their first draft; a duplicate id is a CONFLICT', async () => {
      const store = await open();
      const { policy, draft } = await newPolicy(store, 'p-one', 'ana', 'new');
      expect(await store.getPolicy('p-one')).toStrictEqual(policy);
      expect(await store.getDraft('p-one')).toStrictEqual(draft);
      await newPolicy(store, 'p-two');
      expect((await store.listPolicies()).map((p) => p.id)).toEqual(['p-one', 'p-two']);
      expect(await codeOf(newPolicy(store, 'p-one'))).toBe('CONFLICT');
      expect(await store.getDraft('p-one')).toStrictEqual(draft); // the loser changed nothing
      expect(await store.getPolicy('nope')).toBeNull();
      expect(await store.getDraft('nope')).toBeNull();
    });

    it('puts drafts with compare-and-set on the etag', async () => {
      const store = await open();
      const { draft } = await newPolicy(store, 'p-cas');
      const edited = { ...draft, etag: etag(), document: policyDoc('p-cas', 'edited once'), editors: ['ana', 'bob'] };
      const saved = await store.putDraft({ draft: edited, expectEtag: draft.etag, audit: event('draft.saved', 'bob', 'edit', { policyId: 'p-cas' }) });
      expect(saved).toStrictEqual(edited);
      expect(await store.getDraft('p-cas')).toStrictEqual(edited);
      const other = { ...edited, etag: etag(), document: policyDoc('p-cas', 'lost') };
      expect(await codeOf(store.putDraft({ draft: other, expectEtag: draft.etag, audit: event('draft.saved', 'ana') }))).toBe('PRECONDITION_FAILED');
      expect(await codeOf(store.putDraft({ draft: other, expectEtag: null, audit: event('draft.saved', 'ana') }))).toBe('PRECONDITION_FAILED');
      expect(await codeOf(store.putDraft({ draft: draftRecord('p-nope'), expectEtag: null, audit: event('draft.saved', 'ana') }))).toBe('NOT_FOUND');
      expect(await store.getDraft('p-cas')).toStrictEqual(edited);
    });

    it('50 parallel puts with the same etag: exactly one wins, the others are PRECONDITION_FAILED', async () => {
      const store = await open();
      const { draft } = await newPolicy(store, 'p-race');
      const codes = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          codeOf(store.putDraft({ draft: { ...draft, etag: etag(), document: policyDoc('p-race', `writer ${i}`) }, expectEtag: draft.etag, audit: event('draft.saved', 'ana', undefined, { policyId: 'p-race' }) })),
        ),
      );
      expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
      expect(codes.filter((c) => c === 'PRECONDITION_FAILED')).toHaveLength(49);
      const winner = codes.indexOf('OK');
      expect((await store.getDraft('p-race'))!.document.description).toBe(`writer ${winner}`);
      const saves = (await collectAudit(store)).filter((e) => e.action === 'draft.saved');
      expect(saves).toHaveLength(1);
    });

    it('appends contiguous, immutable versions with the next draft in one commit; activates when asked', async () => {
      const store = await open();
      const { draft } = await newPolicy(store, 'p-pub');
      const v1 = versionRecord('p-pub', 1, draft.document, { approveComment: 'fine', submitComment: 'v1 please' });
      const next = { ...draft, etag: etag(), baseVersion: 1, editors: [] };
      const audit = event('version.published', 'paul', 'fine', { policyId: 'p-pub', version: 1, contentHash: v1.contentHash });
      expect(await codeOf(store.appendVersion({ version: v1, draft: next, expectEtag: 'stale', activate: true, audit }))).toBe('PRECONDITION_FAILED');
      expect(await codeOf(store.appendVersion({ version: versionRecord('p-pub', 2), draft: next, expectEtag: draft.etag, activate: true, audit }))).toBe('CONFLICT');
      expect(await codeOf(store.appendVersion({ version: versionRecord('p-nope', 1), draft: draftRecord('p-nope'), expectEtag: 'x', activate: true, audit }))).toBe('NOT_FOUND');
      expect(await store.listVersions('p-pub')).toEqual([]);
      const after1 = await store.appendVersion({ version: v1, draft: next, expectEtag: draft.etag, activate: true, audit });
      expect(after1).toMatchObject({ id: 'p-pub', latestVersion: 1, activeVersion: 1, name: v1.document.name, updatedAt: v1.publishedAt });
      expect(await store.getPolicy('p-pub')).toStrictEqual(after1);
      expect(await store.getVersion('p-pub', 1)).toStrictEqual(v1);
      expect(await store.getDraft('p-pub')).toStrictEqual(next);

      // Publish v2 without activating: v1 stays exactly as published.
      await edit(store, 'p-pub', 'second');
      const { version: v2, policy: after2 } = await appendNext(store, 'p-pub', 2, { activate: false, approver: 'pia' });
      expect(after2).toMatchObject({ latestVersion: 2, activeVersion: 1 });
      await edit(store, 'p-pub', 'third, unpublished');
      expect(await store.getVersion('p-pub', 1)).toStrictEqual(v1);
      expect(await store.getVersion('p-pub', 2)).toStrictEqual(v2);

      // A caller mutating what it got back changes nothing stored.
      const copy = (await store.getVersion('p-pub', 1))!;
      copy.document.name = 'tampered';
      copy.contentHash = 'tampered';
      expect(await store.getVersion('p-pub', 1)).toStrictEqual(v1);

      const summaries = await store.listVersions('p-pub');
      expect(summaries.map((s) => s.version)).toEqual([1, 2]);
      expect(summaries[0]).not.toHaveProperty('document');
      expect(summaries[0]).toMatchObject({ version: 1, contentHash: v1.contentHash, approvedBy: 'paul' });
      expect(await store.getVersion('p-pub', 3)).toBeNull();
      expect(await store.getVersion('p-pub', 0)).toBeNull();
      expect(await store.listVersions('p-nope')).toEqual([]);
    });

    it('20 parallel appends of the same draft make exactly one new version', async () => {
      const store = await open();
      await published(store, 'p-par');
      const draft = await edit(store, 'p-par', 'v2');
      const codes = await Promise.all(
        Array.from({ length: 20 }, () =>
          codeOf(
            store.appendVersion({
              version: versionRecord('p-par', 2, draft.document),
              draft: { ...draft, etag: etag(), baseVersion: 2 },
              expectEtag: draft.etag,
              activate: false,
              audit: event('version.published', 'paul', undefined, { policyId: 'p-par', version: 2 }),
            }),
          ),
        ),
      );
      expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
      expect(codes.every((c) => c === 'OK' || c === 'PRECONDITION_FAILED' || c === 'CONFLICT')).toBe(true);
      expect((await store.listVersions('p-par')).map((v) => v.version)).toEqual([1, 2]);
      expect((await collectAudit(store)).filter((e) => e.action === 'version.published' && e.policyId === 'p-par')).toHaveLength(2);
    });

    it('sets the active version (rollback); NOT_FOUND otherwise', async () => {
      const store = await open();
      await published(store, 'p-act');
      await edit(store, 'p-act', 'v2');
      await appendNext(store, 'p-act', 2, { activate: false });
      const at = '2026-02-01T00:00:00.000Z';
      const activation = (version: number) => event('version.activated', 'paul', `go v${version}`, { policyId: 'p-act', version });
      expect(await store.setActiveVersion({ policyId: 'p-act', version: 2, at, audit: activation(2) })).toMatchObject({ activeVersion: 2, latestVersion: 2, updatedAt: at });
      expect((await store.setActiveVersion({ policyId: 'p-act', version: 1, at, audit: activation(1) })).activeVersion).toBe(1);
      expect((await store.getPolicy('p-act'))!.activeVersion).toBe(1);
      expect(await codeOf(store.setActiveVersion({ policyId: 'p-act', version: 3, at, audit: activation(3) }))).toBe('NOT_FOUND');
      expect(await codeOf(store.setActiveVersion({ policyId: 'p-nope', version: 1, at, audit: activation(1) }))).toBe('NOT_FOUND');
      expect((await collectAudit(store)).filter((e) => e.action === 'version.activated').map((e) => e.version)).toEqual([2, 1]);
    });

    it('writes an audit entry for every mutation, hash-chained and verifiable', async () => {
      const store = await open();
      const { draft } = await newPolicy(store, 'p-aud', 'ana', 'start');
      const put = (d: typeof draft, expectEtag: string, action: string, actor: string, comment: string, details?: Record<string, unknown>) =>
        store.putDraft({ draft: d, expectEtag, audit: { action, policyId: 'p-aud', contentHash: hashOf(d.document), audit: { actor, comment, ...(details ? { details } : {}) } } });
      const saved = await put({ ...draft, etag: etag(), document: policyDoc('p-aud', 'e') }, draft.etag, 'draft.saved', 'ana', 'edit', { changed: ['description'] });
      const sub = await put({ ...saved, etag: etag(), status: 'submitted', submittedBy: 'ana' }, saved.etag, 'draft.submitted', 'ana', 'submit');
      const back = await put({ ...sub, etag: etag(), status: 'editing', submittedBy: null }, sub.etag, 'draft.rejected', 'paul', 'reject');
      const sub2 = await put({ ...back, etag: etag(), status: 'submitted', submittedBy: 'ana' }, back.etag, 'draft.submitted', 'ana', 'again');
      const v1 = versionRecord('p-aud', 1, sub2.document);
      await store.appendVersion({ version: v1, draft: { ...sub2, etag: etag(), status: 'editing', baseVersion: 1 }, expectEtag: sub2.etag, activate: true, audit: event('version.published', 'paul', 'yes', { policyId: 'p-aud', version: 1, contentHash: v1.contentHash }) });
      await store.setActiveVersion({ policyId: 'p-aud', version: 1, at: '2026-02-01T00:00:00.000Z', audit: event('version.activated', 'paul', 'activate', { policyId: 'p-aud', version: 1, contentHash: v1.contentHash }) });
      await addUser(store, { id: 'u1', name: 'U One', roles: ['viewer'], delegationLevel: null, createdAt: '2026-01-01T00:00:00.000Z', disabled: false }, who('adam', 'user'));
      await addKey(store, { id: 'k1', userId: 'u1', keyHash: 'h'.repeat(64), prefix: 'cg_abc', createdAt: '2026-01-01T00:00:00.000Z', revokedAt: null }, who('adam', 'key'));
      await revokeKey(store, 'k1', who('adam', 'revoke'));
      const custom = await store.appendAudit({ action: 'approval.requested', policyId: 'p-aud', version: 1, contentHash: v1.contentHash, audit: { actor: 'sam', comment: 'custom', details: { level: 'creditAnalyst' } } });

      const entries = await collectAudit(store);
      expect(entries.map((e) => [e.seq, e.action, e.actor, e.comment])).toEqual([
        [1, 'policy.created', 'ana', 'start'],
        [2, 'draft.saved', 'ana', 'edit'],
        [3, 'draft.submitted', 'ana', 'submit'],
        [4, 'draft.rejected', 'paul', 'reject'],
        [5, 'draft.submitted', 'ana', 'again'],
        [6, 'version.published', 'paul', 'yes'],
        [7, 'version.activated', 'paul', 'activate'],
        [8, 'user.created', 'adam', 'user'],
        [9, 'key.created', 'adam', 'key'],
        [10, 'key.revoked', 'adam', 'revoke'],
        [11, 'approval.requested', 'sam', 'custom'],
      ]);
      expect(entries[1].details).toMatchObject({ changed: ['description'] });
      expect(entries[5]).toMatchObject({ policyId: 'p-aud', version: 1, contentHash: v1.contentHash });
      expect(entries[6]).toMatchObject({ policyId: 'p-aud', version: 1, contentHash: v1.contentHash });
      expect(entries[7]).toMatchObject({ policyId: null, version: null });
      expect(custom).toStrictEqual(entries[10]);
      expect(entries.every((e) => typeof e.at === 'string' && /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
      expect(await verifyAuditChain(store.allAudit())).toEqual({ intact: true, count: 11, firstBrokenSeq: null, problem: null });

      // Revoking twice changes nothing and writes no entry.
      await revokeKey(store, 'k1', who('adam'));
      expect(await collectAudit(store)).toHaveLength(11);

      // Failed mutations write nothing.
      await codeOf(newPolicy(store, 'p-aud'));
      await codeOf(store.putDraft({ draft: draftRecord('p-aud'), expectEtag: 'stale', audit: event('draft.saved', 'ana') }));
      await codeOf(store.appendVersion({ version: versionRecord('p-aud', 1), draft: draftRecord('p-aud'), expectEtag: 'stale', activate: false, audit: event('version.published', 'ana') }));
      expect(await collectAudit(store)).toHaveLength(11);
    });

    it('pages the audit trail newest first, optionally by policy, without duplicates or gaps', async () => {
      const store = await open();
      await newPolicy(store, 'p-a');
      await newPolicy(store, 'p-b');
      for (let i = 0; i < 12; i++) await store.appendAudit({ action: 'note.added', policyId: i % 3 === 0 ? 'p-a' : 'p-b', audit: who('sam', `n${i}`) });
      const pageAll = async (policyId?: string) => {
        const seqs: number[] = [];
        let cursor: string | undefined;
        do {
          const page = await store.listAudit({ policyId, cursor, limit: 4 });
          expect(page.items.length).toBeLessThanOrEqual(4);
          seqs.push(...page.items.map((e) => e.seq));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return seqs;
      };
      expect(await pageAll()).toEqual(Array.from({ length: 14 }, (_, i) => 14 - i));
      const all = await collectAudit(store);
      expect(await pageAll('p-a')).toEqual(all.filter((e) => e.policyId === 'p-a').map((e) => e.seq).reverse());
      const first = await store.listAudit({});
      expect(first.items).toHaveLength(14);
      expect(first.nextCursor).toBeNull();
    });

    it('stores decisions and reads them back unchanged', async () => {
      const store = await open();
      const rec = decision({ requestId: 'r-1', requestHash: 'f'.repeat(64) });
      const { record, duplicate } = await store.appendDecision(rec);
      expect(duplicate).toBe(false);
      expect(record).toStrictEqual(rec);
      expect(await store.getDecision(rec.decisionId)).toStrictEqual(rec);
      expect(await store.findDecisionByRequestId('p-dec', 'r-1')).toStrictEqual(rec);
      expect(await store.findDecisionByRequestId('p-other', 'r-1')).toBeNull();
      expect(await store.getDecision('missing')).toBeNull();
      expect(await codeOf(store.appendDecision({ ...decision(), decisionId: rec.decisionId }))).toBe('CONFLICT');
      const again = await store.appendDecision(decision({ requestId: 'r-1' }));
      expect(again).toStrictEqual({ record: rec, duplicate: true });
      // The same requestId under another policy is another request.
      expect((await store.appendDecision(decision({ policyId: 'p-other', requestId: 'r-1' }))).duplicate).toBe(false);
    });

    it('1,000 concurrent appends with the same requestId store one decision', async () => {
      const store = await open();
      const results = await Promise.all(Array.from({ length: 1000 }, () => store.appendDecision(decision({ policyId: 'p-idem', requestId: 'same' }))));
      const originals = results.filter((r) => !r.duplicate);
      expect(originals).toHaveLength(1);
      const id = originals[0].record.decisionId;
      expect(results.every((r) => r.record.decisionId === id)).toBe(true);
      const page = await store.listDecisions({ policyId: 'p-idem', limit: 500 });
      expect(page.items).toHaveLength(1);
      expect(page.nextCursor).toBeNull();
    });

    it('filters and pages decisions newest first with no duplicates or omissions', async () => {
      const store = await open();
      const base = Date.UTC(2026, 2, 1);
      const records: DecisionRecord[] = [];
      const outcomes = ['accept', 'refuse', 'escalate'] as const;
      for (let i = 0; i < 150; i++) {
        records.push(
          decision({
            decisionId: `dec-${String(i).padStart(4, '0')}`,
            policyId: i % 2 ? 'p-x' : 'p-y',
            customerId: i % 5 === 0 ? null : `c-${i % 3}`,
            outcome: outcomes[i % 3],
            // Groups of equal timestamps exercise the tie-break on decisionId.
            evaluatedAt: new Date(base + Math.floor(i / 4) * 60_000).toISOString(),
          }),
        );
      }
      // Appended in a random order (this run's seed, TEST_SEED to replay), all at once.
      const [shuffled] = fc.sample(fc.shuffledSubarray(records, { minLength: records.length }), { seed: testSeed(), numRuns: 1 });
      await Promise.all(shuffled.map((r) => store.appendDecision(r)));

      const byNewest = (a: DecisionRecord, b: DecisionRecord) => (a.evaluatedAt !== b.evaluatedAt ? (a.evaluatedAt < b.evaluatedAt ? 1 : -1) : a.decisionId < b.decisionId ? 1 : -1);
      const from = new Date(base + 5 * 60_000).toISOString();
      const to = new Date(base + 30 * 60_000).toISOString();
      const cases: DecisionFilter[] = [
        {},
        { policyId: 'p-x' },
        { customerId: 'c-1' },
        { outcome: 'refuse' },
        { policyId: 'p-y', outcome: 'escalate' },
        { policyId: 'p-x', customerId: 'c-2', outcome: 'accept' },
        { from, to },
        { policyId: 'p-x', from },
        { customerId: 'c-0', to },
        { policyId: 'p-none' },
      ];
      for (const filter of cases) {
        const expected = records
          .filter(
            (r) =>
              (filter.policyId === undefined || r.policyId === filter.policyId) &&
              (filter.customerId === undefined || r.customerId === filter.customerId) &&
              (filter.outcome === undefined || r.outcome === filter.outcome) &&
              (filter.from === undefined || r.evaluatedAt >= filter.from) &&
              (filter.to === undefined || r.evaluatedAt < filter.to),
          )
          .sort(byNewest);
        const got: DecisionRecord[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await store.listDecisions({ ...filter, cursor, limit: 7 });
          expect(page.items.length).toBeLessThanOrEqual(7);
          got.push(...page.items);
          cursor = page.nextCursor ?? undefined;
          expect(++pages).toBeLessThan(100);
        } while (cursor);
        expect(got.map((r) => r.decisionId), JSON.stringify(filter)).toEqual(expected.map((r) => r.decisionId));
        expect(got).toStrictEqual(expected);
      }
      expect((await store.listDecisions({})).items).toHaveLength(50); // default limit
      expect((await store.listDecisions({ limit: 10_000 })).items).toHaveLength(150); // capped at 500
    });

    it('manages users and API keys; revoking is idempotent', async () => {
      const store = await open();
      const user = { id: 'ana', name: 'Ana', roles: ['author' as const], delegationLevel: 'creditAnalyst', createdAt: '2026-01-01T00:00:00.000Z', disabled: false };
      expect(await addUser(store, user, who('adam'))).toStrictEqual(user);
      expect(await codeOf(addUser(store, user, who('adam')))).toBe('CONFLICT');
      expect(await store.getUser('ana')).toStrictEqual(user);
      expect(await store.getUser('nobody')).toBeNull();
      await addUser(store, { ...user, id: 'bob', name: 'Bob', roles: ['system'], delegationLevel: null }, who('adam'));
      expect((await store.listUsers()).map((u) => u.id).sort()).toEqual(['ana', 'bob']);

      const key = { id: 'k-1', userId: 'ana', keyHash: '1'.repeat(64), prefix: 'cg_1111', createdAt: '2026-01-01T00:00:00.000Z', revokedAt: null };
      expect(await addKey(store, key, who('adam'))).toStrictEqual(key);
      expect(await codeOf(addKey(store, { ...key, id: 'k-2' }, who('adam')))).toBe('CONFLICT'); // same hash
      expect(await codeOf(addKey(store, { ...key, keyHash: '2'.repeat(64) }, who('adam')))).toBe('CONFLICT'); // same id
      expect(await codeOf(addKey(store, { ...key, id: 'k-3', keyHash: '3'.repeat(64), userId: 'nobody' }, who('adam')))).toBe('NOT_FOUND');
      await addKey(store, { ...key, id: 'k-4', keyHash: '4'.repeat(64) }, who('adam'));
      expect(await store.findApiKeyByHash('1'.repeat(64))).toStrictEqual(key);
      expect(await store.findApiKeyByHash('9'.repeat(64))).toBeNull();
      expect((await store.listApiKeys('ana')).map((k) => k.id).sort()).toEqual(['k-1', 'k-4']);
      expect(await store.listApiKeys('bob')).toEqual([]);

      const revoked = await revokeKey(store, 'k-1', who('adam', 'leaked'));
      expect(typeof revoked.revokedAt).toBe('string');
      expect((await store.findApiKeyByHash('1'.repeat(64)))!.revokedAt).toBe(revoked.revokedAt);
      expect(await revokeKey(store, 'k-1', who('adam'))).toStrictEqual(revoked);
      expect(await codeOf(revokeKey(store, 'k-nope', who('adam')))).toBe('NOT_FOUND');
    });

    it('keeps a key\'s expiry, records its last use without an audit entry (issue 13)', async () => {
      const store = await open();
      await addUser(store, { id: 'erp', name: 'ERP', roles: ['system'], delegationLevel: null, createdAt: '2026-01-01T00:00:00.000Z', disabled: false }, who('adam'));
      const key = { id: 'k-exp', userId: 'erp', keyHash: '5'.repeat(64), prefix: 'cg_5555', createdAt: '2026-01-01T00:00:00.000Z', revokedAt: null, expiresAt: '2026-04-01T00:00:00.000Z' };
      expect(await addKey(store, key, who('adam'))).toStrictEqual(key);
      expect(await store.findApiKeyByHash('5'.repeat(64))).toStrictEqual(key);
      const created = (await store.listAudit({ limit: 1 })).items[0]!;
      expect(created).toMatchObject({ action: 'key.created', details: { keyId: 'k-exp', userId: 'erp', expiresAt: '2026-04-01T00:00:00.000Z' } });

      const auditBefore = (await store.listAudit({ limit: 500 })).items.length;
      await store.touchApiKey('k-exp', '2026-02-02T10:00:00.000Z');
      expect((await store.findApiKeyByHash('5'.repeat(64)))!.lastUsedAt).toBe('2026-02-02T10:00:00.000Z');
      expect((await store.listApiKeys('erp'))[0]!.lastUsedAt).toBe('2026-02-02T10:00:00.000Z');
      expect((await store.listAudit({ limit: 500 })).items.length).toBe(auditBefore);
      expect(await codeOf(store.touchApiKey('k-nope', '2026-02-02T10:00:00.000Z'))).toBe('NOT_FOUND');
    });

    it('round-trips arbitrary JSON in documents and decisions unchanged', async () => {
      const store = await open();
      let n = 0;
      // Values as they arrive in a parsed JSON body (keys like "$ref", "a.b" or "__proto__" included).
      const jsonish = fc.json({ maxDepth: 4 }).map((text) => JSON.parse(JSON.stringify(JSON.parse(text))) as unknown);
      await fc.assert(
        fc.asyncProperty(fc.dictionary(fc.string({ maxLength: 8 }), jsonish, { maxKeys: 6 }), fc.string(), async (extra, text) => {
          const id = `p-rt-${++n}`;
          const doc = { ...policyDoc(id, text), layout: { positions: {} }, extra } as never;
          await store.insertPolicy({ policy: policyRecord(id), draft: draftRecord(id, doc), audit: { action: 'policy.created', policyId: id, audit: { actor: 'ana', details: extra } } });
          expect((await store.getDraft(id))!.document).toStrictEqual(JSON.parse(JSON.stringify(doc)));
          const rec = decision({ facts: extra as Record<string, unknown> });
          await store.appendDecision(rec);
          expect(await store.getDecision(rec.decisionId)).toStrictEqual(JSON.parse(JSON.stringify(rec)));
        }),
        { numRuns: 25 },
      );
      expect((await verifyAuditChain(store.allAudit())).intact).toBe(true);
    });

    // Approval workflow (issue 8) ------------------------------------------------------------------

    it('approval requests: create (CONFLICT twice), get, list oldest first with filters, compare-and-set updates, audited', async () => {
      const store = await open();
      const a1 = approvalRecord('apr-1', '2026-03-02T10:00:00.000Z', 'C-1');
      const a2 = approvalRecord('apr-2', '2026-03-01T10:00:00.000Z', 'C-2');
      await openApproval(store, { approval: a1, deliveries: [], audit: who('erp', 'escalated') });
      await openApproval(store, { approval: a2, deliveries: [], audit: who('erp') });
      expect(await codeOf(openApproval(store, { approval: a1, deliveries: [], audit: who('erp') }))).toBe('CONFLICT');
      expect(await store.getApproval('apr-1')).toStrictEqual(a1);
      expect(await store.getApproval('nope')).toBeNull();
      expect((await store.listApprovals({})).map((a) => a.id)).toEqual(['apr-2', 'apr-1']);
      expect((await store.listApprovals({ customerId: 'C-1' })).map((a) => a.id)).toEqual(['apr-1']);

      const next: ApprovalRecord = { ...a1, status: 'refused', revision: 2 };
      await changeApproval(store, { approval: next, expectRevision: 1, action: 'approval.refused', deliveries: [], audit: who('mona', 'no') });
      expect(await codeOf(changeApproval(store, { approval: { ...a1, revision: 2 }, expectRevision: 1, action: 'approval.approved', deliveries: [], audit: who('mark') }))).toBe('PRECONDITION_FAILED');
      expect(await codeOf(changeApproval(store, { approval: { ...a1, id: 'ghost' }, expectRevision: 1, action: 'approval.approved', deliveries: [], audit: who('mark') }))).toBe('NOT_FOUND');
      expect((await store.listApprovals({ status: 'pending' })).map((a) => a.id)).toEqual(['apr-2']);
      expect((await store.getApproval('apr-1'))!.status).toBe('refused');
      const audit = await collectAudit(store);
      expect(audit.map((e) => e.action)).toEqual(['approval.opened', 'approval.opened', 'approval.refused']);
      expect(audit[2]).toMatchObject({ actor: 'mona', comment: 'no', details: { approvalId: 'apr-1', status: 'refused' } });
      expect((await verifyAuditChain(store.allAudit())).intact).toBe(true);
    });

    it('lists the requests due by an instant (the overdue sweep), and many at once in journal order', async () => {
      const store = await open();
      const due = (id: string, openedAt: string, dueAt: string | null) => ({ ...approvalRecord(id, openedAt, `C-${id}`), dueAt });
      await openApproval(store, { approval: due('d-late', '2026-03-01T10:00:00.000Z', '2026-03-01T18:00:00.000Z'), deliveries: [], audit: who('erp') });
      await openApproval(store, { approval: due('d-edge', '2026-03-01T09:00:00.000Z', '2026-03-02T09:00:00.000Z'), deliveries: [], audit: who('erp') });
      await openApproval(store, { approval: due('d-soon', '2026-03-01T11:00:00.000Z', '2026-03-03T09:00:00.000Z'), deliveries: [], audit: who('erp') });
      await openApproval(store, { approval: due('d-none', '2026-03-01T08:00:00.000Z', null), deliveries: [], audit: who('erp') });
      const dueBy = async (at: string) => (await store.listApprovals({ status: 'pending', dueBy: at })).map((a) => a.id);
      expect(await dueBy('2026-03-02T09:00:00.000Z')).toEqual(['d-edge', 'd-late']); // inclusive, oldest first
      expect(await dueBy('2026-03-01T17:59:59.999Z')).toEqual([]);
      expect(await dueBy('2026-04-01T00:00:00.000Z')).toEqual(['d-edge', 'd-late', 'd-soon']);

      // Enough requests to fill pages of the index: same records, same order.
      const many = Array.from({ length: 60 }, (_, i) => approvalRecord(`m-${String(i).padStart(2, '0')}`, `2026-04-01T10:${String(59 - i).padStart(2, '0')}:00.000Z`, 'C-many'));
      for (const a of many) await openApproval(store, { approval: a, deliveries: [], audit: who('erp') });
      expect(await store.listApprovals({ customerId: 'C-many' })).toStrictEqual(many.slice().reverse());
    });

    it('of concurrent updates of one revision, exactly one wins', async () => {
      const store = await open();
      const a = approvalRecord('apr-race', '2026-03-02T10:00:00.000Z', 'C-9');
      await openApproval(store, { approval: a, deliveries: [], audit: who('erp') });
      const codes = await Promise.all(
        Array.from({ length: 10 }, (_, i) => codeOf(changeApproval(store, { approval: { ...a, revision: 2, status: 'approved' }, expectRevision: 1, action: 'approval.approved', deliveries: [], audit: who(`p${i}`) }))),
      );
      expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
      expect(codes.filter((c) => c === 'PRECONDITION_FAILED')).toHaveLength(9);
    });

    it('alerts: one per dedupe key (a known or repeated key: CONFLICT, nothing written), newest first, filtered', async () => {
      const store = await open();
      const x = alertRecord('al-1', 'k-1', '2026-03-01T00:00:00.000Z', 'C-1');
      const y = alertRecord('al-2', 'k-2', '2026-03-02T00:00:00.000Z', 'C-2');
      expect(await store.knownAlertKeys(['k-1', 'k-2'])).toEqual([]);
      expect((await raise(store, { alerts: [x, y], deliveries: [], audit: who('creditgraph') })).map((a) => a.id)).toEqual(['al-1', 'al-2']);
      expect(await store.knownAlertKeys(['k-9', 'k-2', 'k-1'])).toEqual(['k-2', 'k-1']);
      expect(await codeOf(raise(store, { alerts: [{ ...x, id: 'al-3' }], deliveries: [], audit: who('creditgraph') }))).toBe('CONFLICT');
      const z = alertRecord('al-4', 'k-4', '2026-03-03T00:00:00.000Z', 'C-4');
      expect(await codeOf(raise(store, { alerts: [z, { ...z, id: 'al-5' }], deliveries: [], audit: who('creditgraph') }))).toBe('CONFLICT');
      expect(await codeOf(raise(store, { alerts: [z, { ...y, id: 'al-6' }], deliveries: [], audit: who('creditgraph') }))).toBe('CONFLICT'); // all or nothing
      expect(await store.knownAlertKeys(['k-4'])).toEqual([]);
      expect((await store.listAlerts({})).map((a) => a.id)).toEqual(['al-2', 'al-1']);
      // A refused batch leaves the store working: the next new key is raised (issue 17, row 1: on
      // MongoDB a swallowed duplicate-key error left every later sweep failing).
      expect((await raise(store, { alerts: [z], deliveries: [], audit: who('creditgraph') })).map((a) => a.id)).toEqual(['al-4']);
      expect((await store.listAlerts({ customerId: 'C-4' })).map((a) => a.id)).toEqual(['al-4']);
      expect((await store.listAlerts({ customerId: 'C-1' })).map((a) => a.id)).toEqual(['al-1']);
      expect((await store.listAlerts({ from: '2026-03-02T00:00:00.000Z' })).map((a) => a.id)).toEqual(['al-4', 'al-2']);
      expect((await collectAudit(store)).map((e) => e.action)).toEqual(['alert.raised', 'alert.raised']);
    });

    it('webhooks and the outbox: deliveries commit with their change, come due, record attempts by compare-and-set, end failed on delete', async () => {
      const store = await open();
      const hook: WebhookRecord = { id: 'whk-1', url: 'http://127.0.0.1:9/h', events: ['approval.opened', 'alert.raised'], secret: 's3cret', description: null, active: true, createdAt: '2026-03-01T00:00:00.000Z', createdBy: 'adam' };
      await addWebhook(store, hook, who('adam'));
      expect(await codeOf(addWebhook(store, hook, who('adam')))).toBe('CONFLICT');
      expect(await store.listWebhooks()).toStrictEqual([hook]);
      const d1 = deliveryRecord('dlv-1', 'whk-1', 'apr-1', '2026-03-02T10:00:00.000Z');
      await openApproval(store, { approval: approvalRecord('apr-1', '2026-03-02T10:00:00.000Z', 'C-1'), deliveries: [d1], audit: who('erp') });
      // deliveries of an alert that is not new are refused with it
      await raise(store, { alerts: [alertRecord('al-1', 'k', '2026-03-02T10:00:00.000Z', 'C-1')], deliveries: [deliveryRecord('dlv-2', 'whk-1', 'al-1', '2026-03-02T10:00:00.000Z')], audit: who('creditgraph') });
      expect(await codeOf(raise(store, { alerts: [alertRecord('al-x', 'k', '2026-03-02T10:00:00.000Z', 'C-1')], deliveries: [deliveryRecord('dlv-3', 'whk-1', 'al-x', '2026-03-02T10:00:00.000Z')], audit: who('creditgraph') }))).toBe('CONFLICT');
      expect((await store.listDueDeliveries('2026-03-02T09:59:59.000Z', 10)).map((d) => d.id)).toEqual([]);
      expect((await store.listDueDeliveries('2026-03-02T10:00:00.000Z', 10)).map((d) => d.id).sort()).toEqual(['dlv-1', 'dlv-2']);

      const tried: DeliveryRecord = { ...d1, attempts: 1, nextAttemptAt: '2026-03-02T10:01:00.000Z', log: [{ at: '2026-03-02T10:00:00.000Z', statusCode: 500, error: 'HTTP 500', durationMs: 3 }] };
      const before = (await collectAudit(store)).length;
      await store.saveDeliveryAttempt(tried, 0);
      expect(await codeOf(store.saveDeliveryAttempt({ ...tried, attempts: 1 }, 0))).toBe('PRECONDITION_FAILED');
      expect(await codeOf(store.saveDeliveryAttempt({ ...tried, id: 'ghost' }, 0))).toBe('NOT_FOUND');
      expect((await collectAudit(store)).length).toBe(before); // attempts are not audit events
      expect((await store.listDeliveries({ subscriptionId: 'whk-1' })).find((d) => d.id === 'dlv-1')).toStrictEqual(tried);

      await removeWebhook(store, 'whk-1', who('adam'));
      expect(await codeOf(removeWebhook(store, 'whk-1', who('adam')))).toBe('NOT_FOUND');
      expect(await store.listWebhooks()).toEqual([]);
      expect((await store.listDeliveries({ status: 'pending' })).length).toBe(0);
      expect((await store.listDeliveries({ status: 'failed' })).length).toBe(2);
      const audit = await collectAudit(store);
      expect(audit.map((e) => e.action)).toEqual(['webhook.created', 'approval.opened', 'alert.raised', 'webhook.deleted']);
      expect(JSON.stringify(audit)).not.toContain('s3cret');
    });

    it('appends the audit event it is given with each identity and workflow change, as given: the store names no action and adds no detail', async () => {
      const store = await open();
      const ev = (action: string, n: number) => ({ action, details: { n }, audit: { actor: `actor-${n}`, comment: `c${n}`, details: { extra: n } } });
      const user: UserRecord = { id: 'u-ev', name: 'U', roles: ['viewer'], delegationLevel: null, createdAt: '2026-01-01T00:00:00.000Z', disabled: false };
      const key: ApiKeyRecord = { id: 'k-ev', userId: 'u-ev', keyHash: '7'.repeat(64), prefix: 'cg_7', createdAt: '2026-01-01T00:00:00.000Z', revokedAt: null };
      const hook: WebhookRecord = { id: 'whk-ev', url: 'http://127.0.0.1:9/h', events: ['alert.raised'], secret: 'x', description: null, active: true, createdAt: '2026-03-01T00:00:00.000Z', createdBy: 'adam' };
      const a = approvalRecord('apr-ev', '2026-03-02T10:00:00.000Z', 'C-ev');
      await store.createUser(user, ev('test.one', 1));
      await store.createApiKey(key, ev('test.two', 2));
      expect(await store.getApiKey('k-ev')).toStrictEqual(key);
      expect(await store.getApiKey('k-none')).toBeNull();
      await store.revokeApiKey('k-ev', ev('test.three', 3));
      await store.createApproval({ approval: a, deliveries: [], audit: ev('test.four', 4) });
      await store.updateApproval({ approval: { ...a, revision: 2 }, expectRevision: 1, deliveries: [], audit: ev('test.five', 5) });
      await store.raiseAlerts({ alerts: [alertRecord('al-ev', 'k-ev', '2026-03-02T10:00:00.000Z', 'C-ev')], deliveries: [], audit: ev('test.six', 6) });
      await store.createWebhook(hook, ev('test.seven', 7));
      await store.deleteWebhook('whk-ev', ev('test.eight', 8));
      const entries = await collectAudit(store);
      expect(entries.map(({ seq, action, actor, comment, details, policyId, version, contentHash }) => ({ seq, action, actor, comment, details, policyId, version, contentHash }))).toEqual(
        ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight'].map((word, i) => ({
          seq: i + 1, action: `test.${word}`, actor: `actor-${i + 1}`, comment: `c${i + 1}`, details: { n: i + 1, extra: i + 1 }, policyId: null, version: null, contentHash: null,
        })),
      );
      expect((await verifyAuditChain(store.allAudit())).intact).toBe(true);
    });

    // Instances that cooperate (api/store/coordination.ts) ----------------------------------------

    it('leases: one owner at a time (compare-and-set), renewable by its owner, free again after expiry or release; timestamps compare as instants', async () => {
      const store = await open();
      const t0 = '2026-03-02T10:00:00.000Z';
      const a = await store.acquireLease({ name: 'sweep', owner: 'A', at: t0, ttlMs: 60_000 });
      expect(a).toEqual({ name: 'sweep', owner: 'A', acquiredAt: t0, expiresAt: '2026-03-02T10:01:00.000Z' });
      expect(await store.acquireLease({ name: 'sweep', owner: 'B', at: '2026-03-02T10:00:59.999Z', ttlMs: 60_000 })).toBeNull();
      // 11:00:30+01:00 is 10:00:30Z: before A's expiry (compared as strings it would look later).
      expect(await store.acquireLease({ name: 'sweep', owner: 'B', at: '2026-03-02T11:00:30+01:00', ttlMs: 60_000 })).toBeNull();
      expect((await store.acquireLease({ name: 'sweep', owner: 'A', at: '2026-03-02T10:00:30.000Z', ttlMs: 60_000 }))?.expiresAt).toBe('2026-03-02T10:01:30.000Z'); // renewed
      expect(await store.acquireLease({ name: 'other', owner: 'B', at: t0, ttlMs: 1000 })).not.toBeNull(); // leases are per name
      const b = await store.acquireLease({ name: 'sweep', owner: 'B', at: '2026-03-02T10:01:30.000Z', ttlMs: 60_000 }); // expired: taken over
      expect(b?.owner).toBe('B');
      expect((await store.getLease('sweep'))?.owner).toBe('B');
      expect(await store.releaseLease('sweep', 'A')).toBe(false); // not A's any more
      expect(await store.releaseLease('sweep', 'B')).toBe(true);
      expect(await store.getLease('sweep')).toBeNull();
      expect(await store.acquireLease({ name: 'sweep', owner: 'A', at: '2026-03-02T10:01:31.000Z', ttlMs: 60_000 })).not.toBeNull();
      expect((await collectAudit(store)).length).toBe(0); // coordination is not an audited change
    });

    it('leases: of 20 racing owners exactly one gets a free lease', async () => {
      const store = await open();
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.acquireLease({ name: 'race', owner: `o${i}`, at: '2026-03-02T10:00:00.000Z', ttlMs: 60_000 })));
      const winners = results.filter((r) => r !== null);
      expect(winners.length).toBe(1);
      expect((await store.getLease('race'))?.owner).toBe(winners[0]!.owner);
    });

    it('deliveries are claimed before sending: a claimed delivery is due for nobody else until its claim lapses', async () => {
      const store = await open();
      const hook: WebhookRecord = { id: 'whk-c', url: 'http://127.0.0.1:9/h', events: ['approval.opened'], secret: 's', description: null, active: true, createdAt: '2026-03-01T00:00:00.000Z', createdBy: 'adam' };
      await addWebhook(store, hook, who('adam'));
      const ds = ['dlv-c1', 'dlv-c2', 'dlv-c3'].map((id, i) => deliveryRecord(id, 'whk-c', `apr-c${i}`, `2026-03-02T10:00:0${i}.000Z`));
      await openApproval(store, { approval: approvalRecord('apr-c', '2026-03-02T10:00:00.000Z', 'C-c'), deliveries: ds, audit: who('erp') });
      const now = '2026-03-02T10:00:05.000Z';
      const until = '2026-03-02T10:01:05.000Z';
      const [x, y] = await Promise.all([store.claimDueDeliveries({ now, until, limit: 2 }), store.claimDueDeliveries({ now, until, limit: 2 })]);
      const claimed = [...x, ...y].map((d) => d.id).sort();
      expect(claimed).toEqual(['dlv-c1', 'dlv-c2', 'dlv-c3']); // each once
      for (const d of [...x, ...y]) expect(d.nextAttemptAt).toBe(until);
      expect(await store.claimDueDeliveries({ now: '2026-03-02T10:01:04.999Z', until: '2026-03-02T10:02:00.000Z', limit: 10 })).toEqual([]);
      expect(await store.listDueDeliveries('2026-03-02T10:01:04.999Z', 10)).toEqual([]);
      // The claimer saves its attempt by compare-and-set on attempts, as before.
      const first = x[0] ?? y[0]!;
      await store.saveDeliveryAttempt({ ...first, attempts: 1, status: 'delivered', deliveredAt: now, nextAttemptAt: null }, 0);
      // A claimer that died: its deliveries come due again once the claim lapses.
      expect((await store.claimDueDeliveries({ now: until, until: '2026-03-02T10:02:05.000Z', limit: 10 })).map((d) => d.id).sort()).toEqual(claimed.filter((id) => id !== first.id));
    });

    it('simulation jobs: stored with their state and result bytes, admitted up to a cap of live claims, updated only by their owner, listed newest first, old finished ones forgotten', async () => {
      const store = await open();
      const job = (jobId: string, createdAt: string, over: Partial<import('../../api/store/store.js').JobRecord> = {}) => ({
        jobId, policyId: 'p', status: 'queued' as const, owner: 'A', leaseUntil: new Date(Date.parse(createdAt) + 60_000).toISOString(), createdAt, updatedAt: createdAt,
        state: { progress: { done: 0, total: 0 } }, result: null, ...over,
      });
      expect(await store.insertJob(job('sim_1', '2026-03-02T10:00:00.000Z'), 2)).toBe(true);
      expect(await store.insertJob(job('sim_2', '2026-03-02T10:00:01.000Z', { policyId: 'q' }), 2)).toBe(true);
      expect(await store.insertJob(job('sim_3', '2026-03-02T10:00:02.000Z'), 2)).toBe(false); // two live jobs: busy
      expect(await store.getJob('sim_3')).toBeNull();
      expect(await codeOf(store.insertJob(job('sim_1', '2026-03-02T10:00:02.000Z'), 9))).toBe('CONFLICT');
      // A claim that lapsed does not count (its instance stopped).
      expect(await store.insertJob(job('sim_3', '2026-03-02T10:01:00.500Z'), 2)).toBe(true);

      const bytes = new Uint8Array([0, 1, 2, 250, 255]);
      const done = job('sim_1', '2026-03-02T10:00:00.000Z', { status: 'done', updatedAt: '2026-03-02T10:00:10.000Z', state: { progress: { done: 5, total: 5 }, note: 'é' }, result: bytes });
      expect(await store.updateJob({ ...done, owner: 'B' })).toBe(false); // not B's claim
      expect(await store.updateJob(done)).toBe(true);
      const got = await store.getJob('sim_1');
      expect(got).toMatchObject({ jobId: 'sim_1', status: 'done', owner: 'A', state: { progress: { done: 5, total: 5 }, note: 'é' } });
      expect([...got!.result!]).toEqual([...bytes]);
      expect((await store.listJobs('p', 10)).map((j) => [j.jobId, j.result])).toEqual([['sim_3', null], ['sim_1', null]]);
      expect((await store.listJobs('p', 1)).map((j) => j.jobId)).toEqual(['sim_3']);

      await store.updateJob(job('sim_2', '2026-03-02T10:00:01.000Z', { policyId: 'q', status: 'failed' }));
      expect(await store.forgetJobs(1)).toBe(1); // of the finished sim_1 and sim_2, the older goes
      expect(await store.getJob('sim_1')).toBeNull();
      expect(await store.getJob('sim_2')).not.toBeNull();
      expect(await store.getJob('sim_3')).not.toBeNull(); // not finished: kept
      expect((await collectAudit(store)).length).toBe(0);
    });

    it('lists the approved requests past their review date (the review sweep), as instants', async () => {
      const store = await open();
      const approved = (id: string, reviewDate: string | null) => {
        const a = approvalRecord(id, '2026-03-02T10:00:00.000Z', `C-${id}`);
        return { ...a, status: 'approved' as const, outcome: { action: 'approve' as const, amount: 40000, counterProposal: false, decidedBy: 'paul', decidedAt: '2026-03-02T11:00:00.000Z', comment: 'ok', manualDecisionId: `m-${id}`, reviewDate } };
      };
      for (const a of [approved('r1', '2026-06-02T00:00:00.000Z'), approved('r2', '2026-09-02T00:00:00.000Z'), approved('r3', null), approvalRecord('r4', '2026-03-02T10:00:00.000Z', 'C-r4')])
        await openApproval(store, { approval: a, deliveries: [], audit: who('erp') });
      expect((await store.listApprovals({ status: 'approved', reviewDueBy: '2026-06-02T00:00:00Z' })).map((a) => a.id)).toEqual(['r1']);
      expect((await store.listApprovals({ status: 'approved', reviewDueBy: '2026-06-01T23:30:00-01:00' })).map((a) => a.id)).toEqual(['r1']); // 00:30Z
      expect((await store.listApprovals({ status: 'approved', reviewDueBy: '2026-06-02T00:30:00+01:00' })).map((a) => a.id)).toEqual([]); // 23:30Z the day before
      expect((await store.listApprovals({ status: 'approved', reviewDueBy: '2027-01-01T00:00:00.000Z' })).map((a) => a.id)).toEqual(['r1', 'r2']);
    });

    describeTimesAndErasure(open);
  });
}
