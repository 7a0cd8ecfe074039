/**
 * The decision log's chain, verified: every link recomputed with the server's key, in seq order,
 * from where the chain starts (seq 0, or the last lawful pruning) to its head; every linked
 * decision still in the log and still carrying the seal its link covers; no decision logged since
 * the chain began left out of it; and every checkpoint the audit trail holds still matching.
 *
 * What each check catches: a decision deleted from the log (its link finds nothing); deleted with
 * its link (a gap in the seqs); reordered or forged (the MAC, which needs the key); deleted from the
 * end with the head rewound (the checkpoints, which the MAC'd audit trail keeps: `decisions.checkpointed`).
 * A pruning is lawful only when a `decisions.pruned` audit entry says up to which seq and link.
 * Erasure and retention rewrite records, never seals: they leave the chain whole.
 */
import type { DomainContext } from './context.js';
import type { IntegrityMonitor } from '../integrity/integrity-monitor.js';
import type { ServerKeys } from '../integrity/server-keys.js';
import { canChain, type DecisionChainState } from '../store/decision-chain-store.js';
import { chainLink, sameLink } from '../integrity/decision-chain.js';
import { signCheckpoint, type SignedCheckpoint } from '../integrity/checkpoint.js';
import { DomainError } from './errors.js';
import { yieldToEventLoop } from '../yield-to-event-loop.js';

// Not Services: services.ts imports the retention policy type from erasure.ts, which uses this module.
type Ctx = DomainContext & { integrity: IntegrityMonitor; keys: ServerKeys | null };

const PAGE = 5000;
export const CHECKPOINT_ACTION = 'decisions.checkpointed';
export const PRUNED_ACTION = 'decisions.pruned';

export interface DecisionChainReport {
  /** False on a store without a chain: nothing is claimed then. */
  chained: boolean;
  intact: boolean;
  /** Links checked, and the head's seq. */
  checked: number;
  head: number;
  /** The last pruned seq (0: nothing pruned). */
  prunedUpTo: number;
  /** Decisions logged before the chain existed (not checkable by it). */
  unchained: number;
  /** The last checkpoint of the head the audit trail holds (checked against the chain). */
  lastCheckpoint: { seq: number; auditSeq: number } | null;
  firstBrokenSeq: number | null;
  problem: string | null;
  /** The head signed with the server's Ed25519 key (null without keys or when broken). */
  checkpoint: SignedCheckpoint | null;
}

interface Marks {
  checkpoints: { seq: number; link: string; auditSeq: number }[];
  pruned: { seq: number; link: string } | null;
}

/** What the audit trail says about the chain: its checkpoints and the last pruning. */
async function marksOf(ctx: Ctx): Promise<Marks> {
  const marks: Marks = { checkpoints: [], pruned: null };
  for await (const e of ctx.store.allAudit()) {
    const d = (e.details ?? {}) as { seq?: unknown; link?: unknown };
    if (typeof d.seq !== 'number' || typeof d.link !== 'string') continue;
    if (e.action === CHECKPOINT_ACTION) marks.checkpoints.push({ seq: d.seq, link: d.link, auditSeq: e.seq });
    else if (e.action === PRUNED_ACTION) marks.pruned = { seq: d.seq, link: d.link };
  }
  return marks;
}

const empty = (chained: boolean): DecisionChainReport => ({
  chained,
  intact: true,
  checked: 0,
  head: 0,
  prunedUpTo: 0,
  unchained: 0,
  lastCheckpoint: null,
  firstBrokenSeq: null,
  problem: null,
  checkpoint: null,
});

export async function verifyDecisionChain(ctx: Ctx): Promise<DecisionChainReport> {
  const store = ctx.store;
  if (!canChain(store)) return empty(false);
  const key = ctx.keys?.auditKey ?? null;
  const state: DecisionChainState = await store.decisionChainState();
  const marks = await marksOf(ctx);
  const report = { ...empty(true), head: state.head.seq, prunedUpTo: state.pruned.seq, unchained: state.unchained };
  const last = marks.checkpoints[marks.checkpoints.length - 1];
  report.lastCheckpoint = last ? { seq: last.seq, auditSeq: last.auditSeq } : null;
  const bySeq = new Map(marks.checkpoints.map((c) => [c.seq, c]));
  const broken = (seq: number, problem: string) => {
    if (report.intact) Object.assign(report, { intact: false, firstBrokenSeq: seq, problem });
  };

  const pruned = marks.pruned ?? { seq: 0, link: '' };
  if (pruned.seq !== state.pruned.seq || pruned.link !== state.pruned.mac)
    broken(state.pruned.seq + 1, `the chain starts after decision ${state.pruned.seq}, but the audit trail records a pruning up to ${pruned.seq}: decisions were deleted without a lawful pruning`);

  let expected = state.pruned.seq + 1;
  let prev = state.pruned.mac;
  for (let done = false; !done && report.intact; ) {
    const links = await store.decisionChainLinks(expected - 1, PAGE);
    done = links.length < PAGE;
    await yieldToEventLoop(); // millions of links: requests keep being answered meanwhile
    for (const link of links) {
      report.checked++;
      if (link.seq !== expected) {
        broken(expected, `link ${expected} of the decision log is missing (decisions ${expected}–${link.seq - 1} deleted, or the log reordered)`);
        break;
      }
      if (!sameLink(chainLink(key, link.seq, prev, link.decisionId, link.recordHash), link.mac)) {
        broken(link.seq, `link ${link.seq} (decision ${link.decisionId}) does not verify: the chain was rewritten or reordered`);
        break;
      }
      if (!link.present) {
        broken(link.seq, `decision ${link.decisionId} (link ${link.seq}) is missing from the log: it was deleted`);
        break;
      }
      if (link.storedRecordHash !== link.recordHash) {
        broken(link.seq, `decision ${link.decisionId} (link ${link.seq}) no longer carries the seal its link covers`);
        break;
      }
      const cp = bySeq.get(link.seq);
      if (cp && cp.link !== link.mac) {
        broken(link.seq, `link ${link.seq} differs from the checkpoint of audit entry ${cp.auditSeq}: the chain was rewritten`);
        break;
      }
      prev = link.mac;
      expected++;
    }
  }
  if (report.intact && (expected - 1 !== state.head.seq || (state.head.seq > 0 && prev !== state.head.mac)))
    broken(expected, `the chain ends at link ${expected - 1} but its head says ${state.head.seq}: decisions were deleted from the end`);
  if (report.intact && last && last.seq > state.head.seq)
    broken(state.head.seq + 1, `audit entry ${last.auditSeq} checkpointed the chain at link ${last.seq}, but it now ends at ${state.head.seq}: decisions were deleted from the end`);
  if (report.intact && state.unchained > state.unchainedAtStart)
    broken(state.head.seq + 1, `${state.unchained - state.unchainedAtStart} decision(s) in the log are not in its chain: they were inserted behind the server's back`);
  if (report.intact && state.unchained < state.unchainedAtStart)
    broken(1, `${state.unchainedAtStart - state.unchained} decision(s) logged before the chain began are missing: they were deleted`);

  ctx.integrity.replace('chain', report.intact ? [] : [{ subject: 'decision-log', policyId: null, detail: `The decision log's chain does not verify: ${report.problem}.` }]);
  if (report.intact && ctx.keys && state.head.seq > 0)
    report.checkpoint = signCheckpoint({ seq: state.head.seq, hash: state.head.mac }, ctx.clock.now().toISOString(), ctx.keys, 'decision-log');
  return report;
}

/** The last checkpointed seq each store has seen (per process): saves a scan of the audit trail. */
const checkpointed = new WeakMap<object, number>();

/**
 * Records the chain's head in the audit trail when it moved since the last checkpoint: after that,
 * deleting decisions up to it from the end of the log is detected. Returns the seq checkpointed (or null).
 */
export async function checkpointDecisionChain(ctx: Ctx, actor = 'system'): Promise<number | null> {
  const store = ctx.store;
  if (!canChain(store)) return null;
  let lastSeq = checkpointed.get(store);
  if (lastSeq === undefined) {
    const marks = await marksOf(ctx);
    lastSeq = marks.checkpoints[marks.checkpoints.length - 1]?.seq ?? 0;
  }
  const head = await store.decisionChainHead();
  if (head.seq <= lastSeq) {
    checkpointed.set(store, lastSeq);
    return null;
  }
  await store.appendAudit({ action: CHECKPOINT_ACTION, audit: { actor, details: { seq: head.seq, link: head.mac } } });
  checkpointed.set(store, head.seq);
  return head.seq;
}

/**
 * Lawful pruning (retention `decisionLog`): the longest prefix of the chain whose decisions were
 * all evaluated before `before` is deleted, with a `decisions.pruned` audit entry naming the last
 * pruned seq and its link — the marker verification requires. A chain that does not verify is
 * never pruned: that would destroy the evidence of what went wrong.
 */
export async function pruneDecisionsBefore(ctx: Ctx, actor: string, before: string, retentionDays: number): Promise<{ deleted: number; upToSeq: number }> {
  const store = ctx.store;
  if (!canChain(store)) throw new DomainError('UNAVAILABLE', `The ${store.kind} store has no decision-log chain: it cannot prune the log verifiably.`);
  const state = await store.decisionChainState();
  const first = await store.firstChainSeqFrom(before);
  const upToSeq = (first ?? state.head.seq + 1) - 1;
  if (upToSeq <= state.pruned.seq) return { deleted: 0, upToSeq: state.pruned.seq };
  const report = await verifyDecisionChain(ctx);
  if (!report.intact) throw new DomainError('CONFLICT', `The decision log's chain does not verify (${report.problem}): nothing is pruned.`);
  const [link] = await store.decisionChainLinks(upToSeq - 1, 1);
  if (!link || link.seq !== upToSeq) throw new DomainError('CONFLICT', `The decision log's chain has no link ${upToSeq}: nothing is pruned.`);
  const deleted = await store.pruneDecisions({
    upToSeq,
    link: link.mac,
    audit: { action: PRUNED_ACTION, details: { seq: upToSeq, link: link.mac, kind: 'decisionLog', retentionDays, before }, audit: { actor } },
  });
  return { deleted, upToSeq };
}
