/**
 * The decision log's chain (both stores): every decision appended gets a link, in commit order,
 * that covers its id and seal (recordHash — never personal data, so erasure and retention leave
 * the chain whole) and the previous link, MAC'd with the server's audit key. The head (last seq and
 * link) is kept beside it, and so is where a lawful pruning left the chain (seq and link of the
 * last pruned decision). The rules — what verifies, what a checkpoint is — are the domain's
 * (api/domain/decision-chain.ts); the store only writes links in the writer's order and reads them.
 */
import type { AuditEvent, CreditgraphStore } from './store.js';

export interface DecisionChainLink {
  seq: number;
  decisionId: string;
  /** The seal the link covers (null: the decision had none). */
  recordHash: string | null;
  mac: string;
  /** Whether the decision is still in the log, and the seal it carries there now. */
  present: boolean;
  storedRecordHash: string | null;
}

export interface DecisionChainState {
  head: { seq: number; mac: string };
  /** Where the chain starts now: seq 0 and '' unless decisions were pruned. */
  pruned: { seq: number; mac: string };
  /** Decisions logged before the chain began (counted then, and by an import). */
  unchainedAtStart: number;
  /** Decisions not in the chain now: more than at start means some were inserted behind the server's back. */
  unchained: number;
}

export interface DecisionChainStore {
  /** Counts the decisions left out of the chain: a scan of the log (verification only). */
  decisionChainState(): Promise<DecisionChainState>;
  /** The head alone, read in constant time (what a checkpoint records). */
  decisionChainHead(): Promise<{ seq: number; mac: string }>;
  /** Links after `afterSeq`, in seq order, at most `limit`. */
  decisionChainLinks(afterSeq: number, limit: number): Promise<DecisionChainLink[]>;
  /** The lowest seq whose decision was evaluated at or after `from` (null: none). */
  firstChainSeqFrom(from: string): Promise<number | null>;
  /**
   * One commit: the decisions linked up to `upToSeq` deleted with their links, the chain's start
   * moved there, and the audit entry (the domain's `decisions.pruned`) appended. PRECONDITION_FAILED
   * when the link at `upToSeq` is not `link`. Returns how many decisions were deleted.
   */
  pruneDecisions(input: { upToSeq: number; link: string; audit: AuditEvent }): Promise<number>;
}

export const canChain = (store: CreditgraphStore): store is CreditgraphStore & DecisionChainStore =>
  typeof (store as Partial<DecisionChainStore>).decisionChainLinks === 'function';
