/**
 * Contract of DecisionChainStore (run on every store from store-contract.ts): every decision
 * appended gets the next link of the decision log's chain, in commit order — link =
 * chainLink(audit key, seq, previous link, decisionId, recordHash), the formula
 * api/integrity/decision-chain.ts recomputes — duplicates and conflicts get none; erasure and
 * retention leave the chain whole; a pruning deletes a prefix only at the link it names and moves
 * the chain's start; the domain's verification (api/domain/decision-chain.ts) accepts the result
 * unchanged. Tampering with the stored chain is store-specific (tests/integrity/decision-chain.test.ts).
 */
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import pino from 'pino';
import { chainLink } from '../../api/integrity/decision-chain.js';
import { anonymised } from '../../api/integrity/decision-seal.js';
import { IntegrityMonitor } from '../../api/integrity/integrity-monitor.js';
import { PRUNED_ACTION, pruneDecisionsBefore, verifyDecisionChain } from '../../api/domain/decision-chain.js';
import { canChain, type DecisionChainStore } from '../../api/store/decision-chain-store.js';
import { canErase, type CreditgraphStore, type DecisionRecord } from '../../api/store/store.js';
import { decision } from './store-fixtures.js';

type Open = (options?: { auditKey?: Buffer }) => Promise<CreditgraphStore>;

function chaining(store: CreditgraphStore): CreditgraphStore & DecisionChainStore {
  expect(canChain(store), `the ${store.kind} store must implement DecisionChainStore`).toBe(true);
  return store as CreditgraphStore & DecisionChainStore;
}

const sealOf = (i: number) => i.toString(16).padStart(2, '0').repeat(32);

/** A decision with a seal (the link covers it). */
const sealed = (i: number, overrides: Partial<DecisionRecord> = {}) => decision({ decisionId: `ch-${String(i).padStart(3, '0')}`, recordHash: sealOf(i), ...overrides });

const ctxOf = (store: CreditgraphStore, now = new Date('2026-06-01T00:00:00.000Z')) => ({
  store,
  clock: { now: () => now },
  integrity: new IntegrityMonitor(pino({ level: 'silent' }), () => now),
  keys: null,
});

async function allLinks(store: DecisionChainStore) {
  return store.decisionChainLinks(0, 10_000);
}

/** Every link recomputed from the chain's start with `key`: the ones that do not verify. */
function unverified(links: { seq: number; decisionId: string; recordHash: string | null; mac: string }[], key: Buffer | null, start = '') {
  let prev = start;
  const bad: number[] = [];
  for (const l of links) {
    if (chainLink(key, l.seq, prev, l.decisionId, l.recordHash) !== l.mac) bad.push(l.seq);
    prev = l.mac;
  }
  return bad;
}

export function decisionChainContract(open: Open): void {
  it("links every decision appended, in commit order, with the chain's formula; duplicates and conflicts get no link", async () => {
    const store = chaining(await open());
    expect(await store.decisionChainState()).toEqual({ head: { seq: 0, mac: '' }, pruned: { seq: 0, mac: '' }, unchainedAtStart: 0, unchained: 0 });
    expect(await store.decisionChainHead()).toEqual({ seq: 0, mac: '' });
    const first = sealed(1, { requestId: 'chain-r1' });
    await store.appendDecision(first);
    await store.appendDecision(sealed(2));
    await store.appendDecision(sealed(3, { recordHash: undefined })); // no seal: the link covers ''
    expect((await store.appendDecision(sealed(4, { requestId: 'chain-r1' }))).duplicate).toBe(true);
    await expect(store.appendDecision(sealed(2))).rejects.toMatchObject({ code: 'CONFLICT' });

    const links = await allLinks(store);
    expect(links.map((l) => [l.seq, l.decisionId, l.recordHash, l.present, l.storedRecordHash])).toEqual([
      [1, 'ch-001', sealOf(1), true, sealOf(1)],
      [2, 'ch-002', sealOf(2), true, sealOf(2)],
      [3, 'ch-003', null, true, null],
    ]);
    expect(unverified(links, null)).toEqual([]);
    expect(await store.decisionChainState()).toEqual({ head: { seq: 3, mac: links[2]!.mac }, pruned: { seq: 0, mac: '' }, unchainedAtStart: 0, unchained: 0 });
    // The head alone (what checkpoints read, without scanning the log) is the same head.
    expect(await store.decisionChainHead()).toEqual({ seq: 3, mac: links[2]!.mac });
    // Pages: after a seq, at most `limit`.
    expect((await store.decisionChainLinks(1, 1)).map((l) => l.seq)).toEqual([2]);
    expect(await store.decisionChainLinks(3, 10)).toEqual([]);
    // The domain's verification accepts it as it is.
    expect(await verifyDecisionChain(ctxOf(store))).toMatchObject({ chained: true, intact: true, checked: 3, head: 3, problem: null });
  });

  it('keeps one contiguous chain under concurrent appends (each decision linked once, seqs without gaps)', async () => {
    const store = chaining(await open());
    const records = Array.from({ length: 60 }, (_, i) => sealed(i + 1, { requestId: `conc-${i % 50}` })); // 10 repeated requestIds
    const results = await Promise.all(records.map((r) => store.appendDecision(r)));
    const stored = results.filter((r) => !r.duplicate).map((r) => r.record.decisionId);
    expect(stored).toHaveLength(50);
    const links = await allLinks(store);
    expect(links.map((l) => l.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(links.map((l) => l.decisionId).sort()).toEqual([...stored].sort());
    expect(unverified(links, null)).toEqual([]);
    expect((await store.decisionChainState()).head).toEqual({ seq: 50, mac: links[49]!.mac });
  });

  it("MACs the links with the server's audit key when the store has one", async () => {
    const key = randomBytes(32);
    const store = chaining(await open({ auditKey: key }));
    for (let i = 1; i <= 3; i++) await store.appendDecision(sealed(i));
    const links = await allLinks(store);
    expect(unverified(links, key)).toEqual([]);
    expect(unverified(links, null)).toEqual([1, 2, 3]); // recomputed without the key: nothing matches
  });

  it('stays whole through erasure and retention (they rewrite records, never seals)', async () => {
    const store = chaining(await open());
    if (!canErase(store)) return;
    for (let i = 1; i <= 4; i++) await store.appendDecision(sealed(i, { customerId: `C-${i % 2}`, evaluatedAt: `2026-01-0${i}T10:00:00.000Z` }));
    const at = '2026-05-01T00:00:00.000Z';
    await store.eraseCustomer({ customerId: 'C-1', at, anonymise: (r) => anonymised(r, at), audit: { action: 'customer.erased', audit: { actor: 'dpo' } } });
    await store.anonymiseDecisionsBefore({ before: '2026-01-03T00:00:00Z', limit: 10, anonymise: (r) => anonymised(r, at), audit: { action: 'retention.applied', audit: { actor: 'system' } } });
    expect((await store.getDecision('ch-002'))!.customerId).toBeNull();
    const links = await allLinks(store);
    expect(links.every((l) => l.present && l.storedRecordHash === l.recordHash)).toBe(true);
    expect(await verifyDecisionChain(ctxOf(store))).toMatchObject({ intact: true, checked: 4 });
  });

  it('finds the first seq evaluated at or after an instant (offsets compare as instants)', async () => {
    const store = chaining(await open());
    const times = ['2026-01-01T10:00:00.000Z', '2026-01-01T10:00:01.000Z', '2026-01-01T10:00:00.500Z', '2026-01-01T10:00:02.000Z'];
    for (const [i, evaluatedAt] of times.entries()) await store.appendDecision(sealed(i + 1, { evaluatedAt }));
    expect(await store.firstChainSeqFrom('2026-01-01T10:00:00Z')).toBe(1);
    expect(await store.firstChainSeqFrom('2026-01-01T11:00:00.5+01:00')).toBe(2); // 10:00:00.500Z: seqs 2, 3 and 4 qualify
    expect(await store.firstChainSeqFrom('2026-01-01T10:00:01.5Z')).toBe(4);
    expect(await store.firstChainSeqFrom('2026-01-01T10:00:03Z')).toBeNull();
  });

  it("prunes a prefix only at the link it names: decisions and links deleted, the chain's start moved, the audit entry appended, new links continue", async () => {
    const store = chaining(await open());
    for (let i = 1; i <= 5; i++) await store.appendDecision(sealed(i, { evaluatedAt: `2026-01-0${i}T10:00:00.000Z` }));
    const before = await allLinks(store);
    const audit = { action: PRUNED_ACTION, details: { seq: 3, link: before[2]!.mac, kind: 'decisionLog' }, audit: { actor: 'system' } };

    // A link that is not the chain's (it moved meanwhile, or a forged one): refused, nothing deleted.
    await expect(store.pruneDecisions({ upToSeq: 3, link: before[1]!.mac, audit })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(await allLinks(store)).toHaveLength(5);

    expect(await store.pruneDecisions({ upToSeq: 3, link: before[2]!.mac, audit })).toBe(3);
    for (const id of ['ch-001', 'ch-002', 'ch-003']) expect(await store.getDecision(id)).toBeNull();
    expect((await allLinks(store)).map((l) => l.seq)).toEqual([4, 5]);
    expect(await store.decisionChainState()).toEqual({ head: { seq: 5, mac: before[4]!.mac }, pruned: { seq: 3, mac: before[2]!.mac }, unchainedAtStart: 0, unchained: 0 });
    const entries: { action: string; details: unknown }[] = [];
    for await (const e of store.allAudit()) entries.push(e);
    expect(entries.map((e) => [e.action, e.details])).toEqual([[PRUNED_ACTION, { seq: 3, link: before[2]!.mac, kind: 'decisionLog', decisions: 3 }]]);

    await store.appendDecision(sealed(6));
    const after = await allLinks(store);
    expect(after.map((l) => l.seq)).toEqual([4, 5, 6]);
    expect(unverified(after, null, before[2]!.mac)).toEqual([]);
    // The domain verifies from the lawful start; its own pruning (retention `decisionLog`) takes the next old prefix.
    expect(await verifyDecisionChain(ctxOf(store))).toMatchObject({ intact: true, prunedUpTo: 3, checked: 3, head: 6 });
    expect(await pruneDecisionsBefore(ctxOf(store), 'system', '2026-01-05T00:00:00.000Z', 30)).toEqual({ deleted: 1, upToSeq: 4 });
    expect(await verifyDecisionChain(ctxOf(store))).toMatchObject({ intact: true, prunedUpTo: 4, checked: 2, head: 6 });
  });
}
