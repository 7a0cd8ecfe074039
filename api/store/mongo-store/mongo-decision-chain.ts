/**
 * The decision log's chain on MongoDB, as decision-chain-tables.ts and decision-commit-worker.mjs
 * keep it on SQLite: each decision appended gets the next link, in commit order, inside the
 * transaction that inserts it — link = chainLink(audit key, seq, previous link, id, recordHash)
 * (api/integrity/decision-chain.ts, the formula verification recomputes). Links are documents of
 * `decision_chain` (_id = seq, unique decisionId); the head (last seq and link, where a lawful
 * pruning left the chain, decisions logged before the chain began) is the `counters` document
 * `decisionChain`, read and moved in the same transaction, as the audit trail's counter is: two
 * writers conflict on it and the driver retries the loser, so seqs never fork.
 */
import type { ClientSession, Collection, Db } from 'mongodb';
import { chainLink } from '../../integrity/decision-chain.js';
import type { DecisionChainLink, DecisionChainState } from '../decision-chain-store.js';
import { StoreError, type DecisionRecord } from '../store.js';
import { bsonDate, decisionFromDoc, decisionToDoc, type DecisionDoc } from './mongo-documents.js';
import { COLLECTIONS } from './mongo-indexes.js';
import { duplicateKeyOn } from './mongo-errors.js';

export const CHAIN_COLLECTION = 'decision_chain';
const HEAD_ID = 'decisionChain';

export interface ChainLinkDoc {
  _id: number;
  decisionId: string;
  recordHash: string | null;
  mac: string;
}

interface ChainHeadDoc {
  _id: string;
  seq: number;
  mac: string;
  prunedSeq: number;
  prunedMac: string;
  /** Decisions logged before the chain began (counted when the head was made). */
  unchained: number;
}

/** What appending one decision did (as the SQLite commit worker answers). */
export type AppendOutcome = { kind: 'new' } | { kind: 'conflict' } | { kind: 'duplicate'; record: DecisionRecord };

/** The idempotency lookup, in the shape of the partial index's filter ($type: 'string') so the planner can use it. */
export function byRequest(policyId: string, requestId: string) {
  return { policyId, requestId: { $eq: requestId, $type: 'string' } } as unknown as Partial<DecisionDoc>;
}

/** Creates the chain's indexes, and its head when missing: decisions logged before then are counted as unchained (migration 4 on SQLite). */
export async function ensureDecisionChain(db: Db): Promise<void> {
  await db.collection<ChainLinkDoc>(CHAIN_COLLECTION).createIndex({ decisionId: 1 }, { unique: true, name: 'decision_chain_decision_unique' });
  const heads = db.collection<ChainHeadDoc>(COLLECTIONS.counters);
  if (await heads.findOne({ _id: HEAD_ID })) return;
  const unchained = await db.collection(COLLECTIONS.decisions).countDocuments({});
  // $setOnInsert: of two instances starting together, the first head written stays.
  await heads.updateOne({ _id: HEAD_ID }, { $setOnInsert: { seq: 0, mac: '', prunedSeq: 0, prunedMac: '', unchained } }, { upsert: true });
}

export class MongoDecisionChain {
  constructor(
    private readonly db: () => Db,
    private readonly key: Buffer | null,
  ) {}

  private get links(): Collection<ChainLinkDoc> {
    return this.db().collection<ChainLinkDoc>(CHAIN_COLLECTION);
  }
  private get heads(): Collection<ChainHeadDoc> {
    return this.db().collection<ChainHeadDoc>(COLLECTIONS.counters);
  }
  private get decisions(): Collection<DecisionDoc> {
    return this.db().collection<DecisionDoc>(COLLECTIONS.decisions);
  }

  /**
   * Appends a batch inside the caller's transaction: a known (policyId, requestId) answers the
   * stored decision, a known decisionId is a conflict; each new decision is inserted with its link,
   * and the head moves once (compare-and-set on its seq: without transactions a racer is refused).
   */
  async append(records: DecisionRecord[], session: ClientSession | undefined): Promise<AppendOutcome[]> {
    const head = await this.heads.findOne({ _id: HEAD_ID }, { session });
    if (!head) throw new StoreError('UNAVAILABLE', "the decision log's chain has no head (counters/decisionChain): it was deleted");
    let seq = head.seq;
    let prev = head.mac;
    const outcomes: AppendOutcome[] = [];
    for (const record of records) {
      const existing = record.requestId !== null ? await this.decisions.findOne(byRequest(record.policyId, record.requestId), { session }) : null;
      if (existing) {
        outcomes.push({ kind: 'duplicate', record: decisionFromDoc(existing) });
        continue;
      }
      if (await this.decisions.findOne({ decisionId: record.decisionId }, { session, projection: { _id: 1 } })) {
        outcomes.push({ kind: 'conflict' });
        continue;
      }
      await this.decisions.insertOne(decisionToDoc(record), { session });
      const recordHash = typeof record.recordHash === 'string' ? record.recordHash : null;
      seq++;
      prev = chainLink(this.key, seq, prev, record.decisionId, recordHash);
      await this.links.insertOne({ _id: seq, decisionId: record.decisionId, recordHash, mac: prev }, { session });
      outcomes.push({ kind: 'new' });
    }
    if (seq !== head.seq) {
      const moved = await this.heads.updateOne({ _id: HEAD_ID, seq: head.seq }, { $set: { seq, mac: prev } }, { session });
      if (moved.matchedCount !== 1) throw new StoreError('UNAVAILABLE', "the decision log's chain moved during the append (another writer without transactions): retry");
    }
    return outcomes;
  }

  async headOnly(): Promise<{ seq: number; mac: string }> {
    const head = await this.heads.findOne({ _id: HEAD_ID });
    return { seq: head?.seq ?? 0, mac: head?.mac ?? '' };
  }

  async state(): Promise<DecisionChainState> {
    // A database whose head was deleted: an empty chain, which verification compares with the checkpoints.
    const head = (await this.heads.findOne({ _id: HEAD_ID })) ?? { seq: 0, mac: '', prunedSeq: 0, prunedMac: '', unchained: 0 };
    // Decisions without a link (the anti-join decision-chain-tables.ts makes with NOT EXISTS).
    const [row] = await this.decisions
      .aggregate<{ n: number }>([
        { $project: { _id: 0, decisionId: 1 } },
        { $lookup: { from: CHAIN_COLLECTION, localField: 'decisionId', foreignField: 'decisionId', as: 'link' } },
        { $match: { link: { $size: 0 } } },
        { $count: 'n' },
      ])
      .toArray();
    return {
      head: { seq: head.seq, mac: head.mac },
      pruned: { seq: head.prunedSeq, mac: head.prunedMac },
      unchainedAtStart: head.unchained,
      unchained: row?.n ?? 0,
    };
  }

  /** The lowest seq whose decision was evaluated at or after `from` (null: none). */
  async firstSeqFrom(from: string): Promise<number | null> {
    const [row] = await this.decisions
      .aggregate<{ first: number | null }>([
        { $match: { evaluatedAt: { $gte: bsonDate(from) } } },
        { $project: { _id: 0, decisionId: 1 } },
        { $lookup: { from: CHAIN_COLLECTION, localField: 'decisionId', foreignField: 'decisionId', as: 'link' } },
        { $unwind: '$link' },
        { $group: { _id: null, first: { $min: '$link._id' } } },
      ])
      .toArray();
    return row?.first ?? null;
  }

  /** Links after `afterSeq`, in seq order, at most `limit`, each with whether its decision is still logged and the seal it carries now. */
  async page(afterSeq: number, limit: number): Promise<DecisionChainLink[]> {
    const links = await this.links.find({ _id: { $gt: afterSeq } }, { sort: { _id: 1 }, limit }).toArray();
    if (links.length === 0) return [];
    const stored = new Map<string, string | null>();
    const docs = this.decisions.find({ decisionId: { $in: links.map((l) => l.decisionId) } }, { projection: { _id: 0, decisionId: 1, recordJson: 1 } });
    for await (const doc of docs) {
      const hash = (JSON.parse(doc.recordJson) as { recordHash?: unknown }).recordHash;
      stored.set(doc.decisionId, typeof hash === 'string' ? hash : null);
    }
    return links.map((l) => ({
      seq: l._id,
      decisionId: l.decisionId,
      recordHash: l.recordHash,
      mac: l.mac,
      present: stored.has(l.decisionId),
      storedRecordHash: stored.get(l.decisionId) ?? null,
    }));
  }

  /**
   * Deletes the decisions linked up to `upToSeq` and their links; the chain then starts after
   * `upToSeq` with its link `mac` (checked: a chain that moved meanwhile is refused, null). Call
   * inside the transaction that appends the audit entry making it lawful.
   */
  async prune(upToSeq: number, mac: string, session: ClientSession | undefined): Promise<number | null> {
    const at = await this.links.findOne({ _id: upToSeq }, { session });
    if (at?.mac !== mac) return null;
    let deleted = 0;
    const BATCH = 5000;
    for (let from = 0; ; ) {
      const batch = await this.links.find({ _id: { $gt: from, $lte: upToSeq } }, { session, sort: { _id: 1 }, limit: BATCH, projection: { decisionId: 1 } }).toArray();
      if (batch.length === 0) break;
      deleted += (await this.decisions.deleteMany({ decisionId: { $in: batch.map((l) => l.decisionId) } }, { session })).deletedCount;
      from = batch[batch.length - 1]!._id;
      if (batch.length < BATCH) break;
    }
    await this.links.deleteMany({ _id: { $lte: upToSeq } }, { session });
    await this.heads.updateOne({ _id: HEAD_ID }, { $set: { prunedSeq: upToSeq, prunedMac: mac } }, { session });
    return deleted;
  }
}

interface PendingAppend {
  record: DecisionRecord;
  resolve(result: { record: DecisionRecord; duplicate: boolean }): void;
  reject(err: unknown): void;
}

// Smaller than SQLite's 2,000: one MongoDB transaction holds the batch (its time and size limits).
const MAX_BATCH = 500;

/**
 * Group commit, as the SQLite decision log does it: appends arriving together (in the same turn of
 * the event loop, or while the previous batch commits) share one transaction and one move of the
 * chain's head, so this process never conflicts with itself on the head; each caller is answered
 * after that commit. `commit` runs one batch in one transaction.
 */
export class MongoDecisionAppender {
  private queue: PendingAppend[] = [];
  private inFlight: Promise<void> | null = null;
  private scheduled = false;

  constructor(private readonly commit: (records: DecisionRecord[]) => Promise<AppendOutcome[]>) {}

  append(record: DecisionRecord): Promise<{ record: DecisionRecord; duplicate: boolean }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
      if (this.scheduled || this.inFlight) return; // a running commit takes what is queued when it ends
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.pump();
      });
    });
  }

  private pump(): void {
    if (this.inFlight || this.queue.length === 0) return;
    const batch = this.queue.splice(0, MAX_BATCH);
    this.inFlight = this.run(batch).finally(() => {
      this.inFlight = null;
      this.pump();
    });
  }

  private async run(batch: PendingAppend[], again = false): Promise<void> {
    let outcomes: AppendOutcome[];
    try {
      outcomes = await this.commit(batch.map((p) => p.record));
    } catch (err) {
      // A unique index hit by another process's insert aborts the whole batch: each alone then,
      // once more (the racer's decision is then found: a duplicate requestId or a taken id).
      if (duplicateKeyOn(err) && !again) {
        for (const p of batch) await this.run([p], true);
        return;
      }
      const error = duplicateKeyOn(err) ? new StoreError('CONFLICT', `decision ${batch[0]!.record.decisionId} exists already`) : err;
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, i) => {
      const outcome = outcomes[i]!;
      if (outcome.kind === 'new') p.resolve({ record: p.record, duplicate: false });
      else if (outcome.kind === 'duplicate') p.resolve({ record: outcome.record, duplicate: true });
      else p.reject(new StoreError('CONFLICT', `decision ${p.record.decisionId} exists already`));
    });
  }

  /** Waits for what is queued. */
  async drain(): Promise<void> {
    while (this.scheduled || this.inFlight || this.queue.length > 0) {
      if (!this.inFlight) {
        this.scheduled = false;
        this.pump();
      }
      await this.inFlight;
    }
  }
}
