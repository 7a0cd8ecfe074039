/**
 * The store on MongoDB (official driver), for several API instances on a replica set.
 *
 * Atomicity: on a replica set or sharded cluster every mutation and its audit entry commit in one
 * transaction. On a standalone server (no transactions) the change is applied with a
 * compare-and-set, then its audit entry is appended; a crash between the two can lose that entry —
 * run production on a replica set (a single-node one is enough).
 *
 * Contiguity: the next audit seq is "last seq + 1", inserted under a unique index on seq; a racer
 * that loses gets a duplicate key (or a transaction write conflict) and retries, so there are no gaps.
 * Version numbers follow the same pattern, behind the draft's etag compare-and-set. The decision
 * log's chain keeps its head in a counter document the same way (mongo-decision-chain.ts).
 */
import { MongoClient, type MongoClientOptions, type ClientSession, type Collection, type Db, type Filter } from 'mongodb';
import { buildAuditEntry, type AuditFacts } from '../audit-chain.js';
import { decodeAuditCursor, decodeDecisionCursor, encodeAuditCursor, encodeDecisionCursor, pageLimit } from '../pagination.js';
import { plain } from '../plain-json.js';
import {
  StoreError,
  type AlertFilter,
  type AlertRecord,
  type ApiKeyRecord,
  type ApprovalFilter,
  type ApprovalRecord,
  type AuditAction,
  type DeliveryRecord,
  type WebhookRecord,
  type AuditContext,
  type AuditEvent,
  type AuditEntry,
  type CreditgraphStore,
  type DecisionFilter,
  type ErasureStore,
  type RecordRetentionStore,
  type DecisionRecord,
  type PreviousDecision,
  type DraftRecord,
  type Page,
  type PolicyRecord,
  type UserRecord,
  type VersionRecord,
  type VersionSummary,
} from '../store.js';
import {
  apiKeyFromDoc,
  auditFromDoc,
  auditToDoc,
  decisionFromDoc,
  decisionToDoc,
  draftFromDoc,
  draftToDoc,
  policyFromDoc,
  userFromDoc,
  versionFromDoc,
  versionToDoc,
  type ApiKeyDoc,
  type AuditDoc,
  type DecisionDoc,
  type DraftDoc,
  type PolicyDoc,
  type UserDoc,
  type VersionDoc,
  alertToDoc,
  approvalToDoc,
  bsonDate,
  DATE_FIELDS,
  deliveryToDoc,
  recordFromDoc,
  webhookFromDoc,
  type AlertDoc,
  type ApprovalDoc,
  type DeliveryDoc,
  type WebhookDoc,
} from './mongo-documents.js';
import { duplicateKeyOn, redactUri, toStoreError } from './mongo-errors.js';
import { COLLECTIONS, ensureIndexes } from './mongo-indexes.js';
import { MongoCoordination } from './mongo-coordination.js';
import { MongoPrivacy } from './mongo-privacy.js';
import { CHAIN_COLLECTION, MongoDecisionAppender, MongoDecisionChain, byRequest, ensureDecisionChain } from './mongo-decision-chain.js';
import type { DecisionChainLink, DecisionChainState, DecisionChainStore } from '../decision-chain-store.js';
import { MongoCustomers, ensureCustomerIndexes } from './mongo-customers.js';
import { MongoCampaigns, ensureCampaignIndexes } from './mongo-campaigns.js';
import type { CampaignRecord } from '../campaign-store.js';
import type { CustomerFilter, CustomerRecord, ExposureRecord, OpenItemRecord } from '../customer-store.js';
import { ensureExperimentIndexes, MongoExperiments } from './mongo-experiments.js';
import type { ExperimentFilter, ExperimentRecord } from '../experiment-store.js';
import { ensureOutcomeIndexes, MongoOutcomes, OUTCOME_COLLECTIONS } from './mongo-outcomes.js';
import type { MonitoringSettingsRecord, StoredOutcome } from '../outcome-store.js';
import { instant } from '../instant.js';
import type { JobRecord, LeaseRecord } from '../coordination.js';

export interface MongoStoreOptions {
  uri: string;
  dbName: string;
  /** How long to look for a server before failing (ms): small, so a missing server fails fast. */
  serverSelectionTimeoutMS?: number;
  /** 'auto' (default) uses transactions when the server supports them. */
  transactions?: 'auto' | 'on' | 'off';
  /** Accept a standalone server (no transactions) in 'auto' mode: MONGODB_ALLOW_STANDALONE=1. */
  allowStandalone?: boolean;
  /** Connections per process (MONGODB_MAX_POOL_SIZE; default 20): × workers × instances must fit the server's limit. */
  maxPoolSize?: number;
  /** Tests: every command the store sends (the explain() suite re-runs its finds as explains). */
  onCommand?: (commandName: string, command: Record<string, unknown>) => void;
  /** How long one operation may wait on a socket or for a pooled connection (MONGODB_OPERATION_TIMEOUT_MS; default 30 s: longer than an election). */
  operationTimeoutMS?: number;
  now?: () => Date;
  /** The server's audit key (HMAC-SHA256): every entry appended carries its MAC. */
  auditKey?: Buffer | null;
}

/** What a mutation did: its result and the audit entry to append (null: nothing changed). */
interface Outcome<T> {
  result: T;
  audit: AuditFacts | null;
}

const MAX_SEQ_RETRIES = 50;

interface AuditCounterDoc {
  _id: string;
  seq: number;
  hash: string;
}
const noId = { projection: { _id: 0 } } as const;

/** Documents written by earlier versions kept their times as strings: convert them in place (idempotent). */
async function datesAsDates(db: Db): Promise<void> {
  for (const [collection, fields] of Object.entries(DATE_FIELDS))
    for (const field of fields)
      await db.collection(collection).updateMany({ [field]: { $type: 'string' } }, [{ $set: { [field]: { $toDate: `$${field}` } } }]);
}

export class MongoStore implements CreditgraphStore, ErasureStore, RecordRetentionStore, DecisionChainStore {
  readonly kind = 'mongodb' as const;
  private readonly client: MongoClient;
  private readonly now: () => Date;
  private db: Db | null = null;
  private useTransactions = false;
  private counterBehind = false;
  private readonly coordination = new MongoCoordination(() => this.database());
  private readonly privacy = new MongoPrivacy(() => this.database());
  private readonly chain: MongoDecisionChain;
  /** Decision appends, group-committed: one transaction (and one move of the chain's head) per batch. */
  private readonly appender = new MongoDecisionAppender(async (records) => (await this.mutate(async (session) => ({ result: await this.chain.append(records, session), audit: null }))).result);
  private readonly customerFiles = new MongoCustomers(
    () => this.database(),
    async (work) => (await this.mutate((session) => work(session))).result,
    (work) => this.read(work),
  );
  private readonly experiments = new MongoExperiments(() => this.database());
  private readonly outcomeDocs = new MongoOutcomes(() => this.database());
  private readonly campaignRuns = new MongoCampaigns(
    () => this.database(),
    async (work) => (await this.mutate((session) => work(session))).result,
    (work) => this.read(work),
  );

  constructor(private readonly options: MongoStoreOptions) {
    this.client = new MongoClient(options.uri, { ...mongoClientOptions(options), monitorCommands: options.onCommand !== undefined });
    if (options.onCommand) this.client.on('commandStarted', (e) => options.onCommand!(e.commandName, e.command as Record<string, unknown>));
    this.now = options.now ?? (() => new Date());
    this.chain = new MongoDecisionChain(() => this.database(), options.auditKey ?? null);
  }

  async init(): Promise<void> {
    try {
      // Fail fast at start only: the client itself waits longer for a server (an election takes 5–15 s).
      const startTimeout = this.options.serverSelectionTimeoutMS ?? 2000;
      const noServer = `cannot reach MongoDB at ${redactUri(this.options.uri)}: no server answered within ${startTimeout} ms`;
      await withDeadline(this.client.connect(), startTimeout, noServer);
      const db = this.client.db(this.options.dbName);
      const hello = await withDeadline(db.admin().command({ hello: 1 }), startTimeout, noServer);
      this.useTransactions = transactionsFor(hello, this.options);
      // Collections exist before any transaction uses them (older servers cannot create them inside one).
      const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
      for (const name of [...Object.values(COLLECTIONS), ...Object.values(OUTCOME_COLLECTIONS), CHAIN_COLLECTION]) if (!existing.has(name)) await db.createCollection(name).catch(ignoreNamespaceExists);
      await datesAsDates(db);
      await ensureIndexes(db);
      await ensureCustomerIndexes(db);
      await ensureExperimentIndexes(db);
      await ensureOutcomeIndexes(db);
      await ensureCampaignIndexes(db);
      await ensureDecisionChain(db);
      this.db = db;
    } catch (err) {
      await this.client.close().catch(() => undefined);
      const mapped = toStoreError(err, this.options.uri);
      if (mapped instanceof StoreError) throw mapped;
      throw new StoreError('UNAVAILABLE', `cannot reach MongoDB at ${redactUri(this.options.uri)}: ${(err as Error).message}`);
    }
  }

  async close(): Promise<void> {
    await this.appender.drain().catch(() => undefined); // queued appends are written (or refused) first
    this.db = null;
    await this.client.close();
  }

  async ping(): Promise<boolean> {
    if (!this.db) return false;
    try {
      await this.db.command({ ping: 1 });
      return true;
    } catch {
      return false;
    }
  }

  // Plumbing --------------------------------------------------------------------------------------

  private database(): Db {
    if (!this.db) throw new StoreError('UNAVAILABLE', `MongoDB store is not connected (${redactUri(this.options.uri)})`);
    return this.db;
  }

  private get policies(): Collection<PolicyDoc> {
    return this.database().collection<PolicyDoc>(COLLECTIONS.policies);
  }
  private get drafts(): Collection<DraftDoc> {
    return this.database().collection<DraftDoc>(COLLECTIONS.drafts);
  }
  private get versions(): Collection<VersionDoc> {
    return this.database().collection<VersionDoc>(COLLECTIONS.versions);
  }
  private get audit(): Collection<AuditDoc> {
    return this.database().collection<AuditDoc>(COLLECTIONS.audit);
  }
  private get decisions(): Collection<DecisionDoc> {
    return this.database().collection<DecisionDoc>(COLLECTIONS.decisions);
  }
  private get users(): Collection<UserDoc> {
    return this.database().collection<UserDoc>(COLLECTIONS.users);
  }
  private get apikeys(): Collection<ApiKeyDoc> {
    return this.database().collection<ApiKeyDoc>(COLLECTIONS.apikeys);
  }
  private get approvals(): Collection<ApprovalDoc> {
    return this.database().collection<ApprovalDoc>(COLLECTIONS.approvals);
  }
  private get alerts(): Collection<AlertDoc> {
    return this.database().collection<AlertDoc>(COLLECTIONS.alerts);
  }
  private get webhooks(): Collection<WebhookDoc> {
    return this.database().collection<WebhookDoc>(COLLECTIONS.webhooks);
  }
  private get deliveries(): Collection<DeliveryDoc> {
    return this.database().collection<DeliveryDoc>(COLLECTIONS.deliveries);
  }

  /** Runs a read, mapping driver errors. */
  private async read<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw toStoreError(err, this.options.uri);
    }
  }

  /**
   * Runs a mutation and appends its audit entry: in one transaction when available (retried by the
   * driver on transient errors), else compare-and-set first, audit second.
   */
  private async mutate<T>(work: (session: ClientSession | undefined, at: string) => Promise<Outcome<T>>): Promise<{ result: T; entry: AuditEntry | null }> {
    try {
      if (!this.useTransactions) {
        const at = this.now().toISOString();
        const { result, audit } = await work(undefined, at);
        const entry = audit ? await this.withSeqRetry(() => this.insertAudit(audit, at, undefined)) : null;
        return { result, entry };
      }
      return await this.withSeqRetry(async () => {
        const session = this.client.startSession();
        try {
          let out: { result: T; entry: AuditEntry | null } | undefined;
          await session.withTransaction(
            async () => {
              const at = this.now().toISOString();
              const { result, audit } = await work(session, at);
              out = { result, entry: audit ? await this.insertAudit(audit, at, session) : null };
            },
            { readConcern: { level: 'snapshot' }, writeConcern: { w: 'majority', journal: true }, readPreference: 'primary' },
          );
          if (!out) throw new StoreError('UNAVAILABLE', 'MongoDB transaction did not complete');
          return out;
        } finally {
          await session.endSession();
        }
      });
    } catch (err) {
      throw toStoreError(err, this.options.uri);
    }
  }

  /** Retries when another writer took the audit seq we computed (unique index on seq). */
  private async withSeqRetry<T>(attempt: () => Promise<T>): Promise<T> {
    for (let i = 0; ; i++) {
      try {
        return await attempt();
      } catch (err) {
        const fields = duplicateKeyOn(err);
        const seqTaken = fields !== null && (fields.includes('seq') || fields.includes('audit_seq_unique'));
        if (!seqTaken || i >= MAX_SEQ_RETRIES) throw err;
        this.counterBehind = true; // the counter lags the trail (a crash between the two writes): read the trail once
        await new Promise((r) => setTimeout(r, Math.random() * 5 * (i + 1)));
      }
    }
  }

  /**
   * The next link of the chain. Its number and the previous hash come from one counter document
   * (`counters._id = 'audit'`), updated in the same transaction: concurrent audited writes conflict
   * on that one document (the driver retries the loser's transaction) instead of each reading the
   * trail's last entry and racing for the next seq. A counter missing (an older database) or behind
   * (after a crash without transactions) is rebuilt from the trail's last entry.
   */
  private async insertAudit(facts: AuditFacts, at: string, session: ClientSession | undefined): Promise<AuditEntry> {
    const counters = this.database().collection<AuditCounterDoc>(COLLECTIONS.counters);
    let last: { seq: number; hash: string } | null = this.counterBehind ? null : await counters.findOne({ _id: 'audit' }, { session, projection: { seq: 1, hash: 1 } });
    if (!last) last = await this.audit.find({}, { session, sort: { seq: -1 }, limit: 1, projection: { seq: 1, hash: 1 } }).next();
    this.counterBehind = false;
    const entry = buildAuditEntry(last ? { seq: last.seq, hash: last.hash } : null, at, facts, this.options.auditKey ?? null);
    await this.audit.insertOne(auditToDoc(entry), { session });
    await counters.updateOne({ _id: 'audit' }, { $set: { seq: entry.seq, hash: entry.hash } }, { upsert: true, session });
    return entry;
  }

  /** Explains why a compare-and-set on the draft matched nothing. */
  private async draftMiss(policyId: string, session: ClientSession | undefined): Promise<StoreError> {
    const policy = await this.policies.findOne({ _id: policyId }, { session });
    if (!policy) return new StoreError('NOT_FOUND', `policy ${policyId} does not exist`);
    return new StoreError('PRECONDITION_FAILED', `the draft of ${policyId} has changed since it was read (stale ETag)`);
  }

  // Policies, drafts, versions --------------------------------------------------------------------

  listPolicies(): Promise<PolicyRecord[]> {
    return this.read(async () => (await this.policies.find({}, { sort: { _id: 1 } }).toArray()).map(policyFromDoc));
  }

  getPolicy(policyId: string): Promise<PolicyRecord | null> {
    return this.read(async () => {
      const doc = await this.policies.findOne({ _id: policyId });
      return doc ? policyFromDoc(doc) : null;
    });
  }

  async insertPolicy(input: { policy: PolicyRecord; draft: DraftRecord; audit: AuditEvent }): Promise<void> {
    const policy = plain(input.policy);
    const draft = plain(input.draft);
    await this.mutate(async (session) => {
      try {
        await this.policies.insertOne({ _id: policy.id, ...policy }, { session });
      } catch (err) {
        if (duplicateKeyOn(err)) throw new StoreError('CONFLICT', `policy ${policy.id} exists already`);
        throw err;
      }
      await this.drafts.replaceOne({ _id: policy.id }, draftToDoc(draft), { upsert: true, session });
      return { result: undefined, audit: input.audit };
    });
  }

  getDraft(policyId: string): Promise<DraftRecord | null> {
    return this.read(async () => {
      const doc = await this.drafts.findOne({ _id: policyId });
      return doc ? draftFromDoc(doc) : null;
    });
  }

  /** Replace the draft only if its etag is still `expectEtag` (insert only if there is none). */
  private async swapDraft(draft: DraftRecord, expectEtag: string | null, session: ClientSession | undefined): Promise<void> {
    const policyId = draft.policyId;
    if (expectEtag === null) {
      if (!(await this.policies.findOne({ _id: policyId }, { session }))) throw new StoreError('NOT_FOUND', `policy ${policyId} does not exist`);
      try {
        await this.drafts.insertOne(draftToDoc(draft), { session });
      } catch (err) {
        if (duplicateKeyOn(err)) throw new StoreError('PRECONDITION_FAILED', `the draft of ${policyId} was created meanwhile`);
        throw err;
      }
      return;
    }
    const replaced = await this.drafts.replaceOne({ _id: policyId, etag: expectEtag }, draftToDoc(draft), { session });
    if (replaced.matchedCount !== 1) throw await this.draftMiss(policyId, session);
  }

  async putDraft(input: { draft: DraftRecord; expectEtag: string | null; audit: AuditEvent }): Promise<DraftRecord> {
    const draft = plain(input.draft);
    const { result } = await this.mutate(async (session) => {
      await this.swapDraft(draft, input.expectEtag, session);
      return { result: draft, audit: input.audit };
    });
    return result;
  }

  async appendVersion(input: { version: VersionRecord; draft: DraftRecord; expectEtag: string; activate: boolean; audit: AuditEvent }): Promise<PolicyRecord> {
    const version = plain(input.version);
    const draft = plain(input.draft);
    const policyId = version.policyId;
    const { result } = await this.mutate(async (session) => {
      const policy = await this.policies.findOne({ _id: policyId }, { session });
      if (!policy) throw new StoreError('NOT_FOUND', `policy ${policyId} does not exist`);
      if (version.version !== (policy.latestVersion ?? 0) + 1) throw new StoreError('CONFLICT', `version ${version.version} of ${policyId} is not the next one (latest ${policy.latestVersion})`);
      // The etag compare-and-set is what makes exactly one of racing publishes win.
      await this.swapDraft(draft, input.expectEtag, session);
      try {
        await this.versions.insertOne(versionToDoc(version), { session });
      } catch (err) {
        if (duplicateKeyOn(err)) throw new StoreError('CONFLICT', `version ${version.version} of ${policyId} was published meanwhile`);
        throw err;
      }
      const set = { latestVersion: version.version, activeVersion: input.activate ? version.version : policy.activeVersion, name: version.document.name, updatedAt: version.publishedAt };
      const moved = await this.policies.findOneAndUpdate({ _id: policyId, latestVersion: policy.latestVersion }, { $set: set }, { session, returnDocument: 'after' });
      if (!moved) throw new StoreError('CONFLICT', `policy ${policyId} changed during publication`);
      return { result: policyFromDoc(moved), audit: input.audit };
    });
    return result;
  }

  listVersions(policyId: string): Promise<VersionSummary[]> {
    return this.read(async () => {
      const docs = await this.versions.find({ policyId }, { sort: { version: 1 }, projection: { _id: 0, documentJson: 0 } }).toArray();
      return docs as unknown as VersionSummary[];
    });
  }

  getVersion(policyId: string, version: number): Promise<VersionRecord | null> {
    return this.read(async () => {
      if (!Number.isInteger(version) || version < 1) return null;
      const doc = await this.versions.findOne({ policyId, version });
      return doc ? versionFromDoc(doc) : null;
    });
  }

  async setActiveVersion(input: { policyId: string; version: number; at: string; audit: AuditEvent }): Promise<PolicyRecord> {
    const { policyId } = input;
    const { result } = await this.mutate(async (session) => {
      const version = Number.isInteger(input.version) ? await this.versions.findOne({ policyId, version: input.version }, { session, projection: { documentJson: 0 } }) : null;
      if (!version) {
        if (!(await this.policies.findOne({ _id: policyId }, { session }))) throw new StoreError('NOT_FOUND', `policy ${policyId} does not exist`);
        throw new StoreError('NOT_FOUND', `policy ${policyId} has no version ${input.version}`);
      }
      const updated = await this.policies.findOneAndUpdate({ _id: policyId }, { $set: { activeVersion: version.version, updatedAt: input.at } }, { session, returnDocument: 'after' });
      if (!updated) throw new StoreError('NOT_FOUND', `policy ${policyId} does not exist`);
      return { result: policyFromDoc(updated), audit: input.audit };
    });
    return result;
  }

  // Audit trail -----------------------------------------------------------------------------------

  listAudit(filter: { policyId?: string; cursor?: string; limit?: number }): Promise<Page<AuditEntry>> {
    return this.read(async () => {
      const limit = pageLimit(filter.limit);
      const query: Filter<AuditDoc> = {};
      if (filter.policyId !== undefined) query.policyId = filter.policyId;
      if (filter.cursor !== undefined) query.seq = { $lt: decodeAuditCursor(filter.cursor) };
      const docs = await this.audit.find(query, { sort: { seq: -1 }, limit: limit + 1, ...noId }).toArray();
      const items = docs.slice(0, limit).map(auditFromDoc);
      const last = items[items.length - 1];
      return { items, nextCursor: docs.length > limit && last ? encodeAuditCursor(last.seq) : null };
    });
  }

  async *allAudit(): AsyncIterable<AuditEntry> {
    const cursor = this.audit.find({}, { sort: { seq: 1 }, ...noId });
    try {
      for await (const doc of cursor) yield auditFromDoc(doc);
    } catch (err) {
      throw toStoreError(err, this.options.uri);
    } finally {
      await cursor.close();
    }
  }

  async appendAudit(input: { action: AuditAction; policyId?: string; version?: number; contentHash?: string; audit: AuditContext }): Promise<AuditEntry> {
    const { entry } = await this.mutate(async () => ({
      result: null,
      audit: { action: input.action, policyId: input.policyId, version: input.version, contentHash: input.contentHash, audit: input.audit },
    }));
    return entry!;
  }

  // Decision log ----------------------------------------------------------------------------------

  /**
   * The salt is upserted first (outside the decision's transaction: a salt left without its decision
   * by a crash is harmless, it is what the next first decision would make), then the decision.
   */
  async appendDecisionWithSalt(record: DecisionRecord, salt: string): Promise<{ record: DecisionRecord; duplicate: boolean }> {
    if (record.customerId !== null) {
      const stored = await this.read(() => this.privacy.saltOrThis(record.customerId!, salt, this.now()));
      if (stored !== salt) throw new StoreError('PRECONDITION_FAILED', `customer ${record.customerId} has a salt already: seal again with it`);
    }
    return this.appendDecision(record);
  }

  /** Group-committed with its link of the decision log's chain (mongo-decision-chain.ts). */
  async appendDecision(input: DecisionRecord): Promise<{ record: DecisionRecord; duplicate: boolean }> {
    const record = plain({ ...input, requestId: input.requestId ?? null }); // a missing requestId means none
    this.database(); // not connected: UNAVAILABLE now, not in the batch
    return this.appender.append(record);
  }

  // The decision log's chain (mongo-decision-chain.ts) --------------------------------------------

  decisionChainState(): Promise<DecisionChainState> {
    return this.read(() => this.chain.state());
  }

  decisionChainHead(): Promise<{ seq: number; mac: string }> {
    return this.read(() => this.chain.headOnly());
  }

  decisionChainLinks(afterSeq: number, limit: number): Promise<DecisionChainLink[]> {
    return this.read(() => this.chain.page(afterSeq, limit));
  }

  firstChainSeqFrom(from: string): Promise<number | null> {
    return this.read(() => this.chain.firstSeqFrom(from));
  }

  async pruneDecisions(input: { upToSeq: number; link: string; audit: AuditEvent }): Promise<number> {
    const { result } = await this.mutate(async (session) => {
      const deleted = await this.chain.prune(input.upToSeq, input.link, session);
      if (deleted === null) throw new StoreError('PRECONDITION_FAILED', `the decision-log chain has no link ${input.upToSeq} with that value`);
      return { result: deleted, audit: { ...input.audit, details: { ...input.audit.details, decisions: deleted } } };
    });
    return result;
  }

  getDecision(decisionId: string): Promise<DecisionRecord | null> {
    return this.read(async () => {
      const doc = await this.decisions.findOne({ decisionId });
      return doc ? decisionFromDoc(doc) : null;
    });
  }

  findDecisionByRequestId(policyId: string, requestId: string): Promise<DecisionRecord | null> {
    return this.read(async () => {
      const doc = await this.decisions.findOne(byRequest(policyId, requestId));
      return doc ? decisionFromDoc(doc) : null;
    });
  }

  latestDecisionOf(policyId: string, customerId: string): Promise<PreviousDecision | null> {
    return this.read(async () => {
      // The record is stored as one JSON text here: the compared fields are taken from it.
      const doc = await this.decisions.findOne({ policyId, customerId }, { sort: { evaluatedAt: -1, decisionId: -1 } });
      if (!doc) return null;
      const { decisionId, outcome, source, decision } = decisionFromDoc(doc);
      const approved = decision.variables?.approvedAmount;
      return {
        decisionId,
        outcome,
        source,
        decision: {
          riskClass: decision.riskClass ?? null,
          creditLimit: decision.creditLimit ? { gross: decision.creditLimit.gross } : null,
          variables: typeof approved === 'number' ? { approvedAmount: approved } : {},
        },
      };
    });
  }

  listDecisions(filter: DecisionFilter): Promise<Page<DecisionRecord>> {
    return this.read(async () => {
      const limit = pageLimit(filter.limit);
      const and: Filter<DecisionDoc>[] = [];
      if (filter.policyId !== undefined) and.push({ policyId: filter.policyId });
      if (filter.customerId !== undefined) and.push({ customerId: filter.customerId });
      if (filter.outcome !== undefined) and.push({ outcome: filter.outcome });
      if (filter.from !== undefined) and.push({ evaluatedAt: { $gte: bsonDate(filter.from) } });
      if (filter.to !== undefined) and.push({ evaluatedAt: { $lt: bsonDate(filter.to) } });
      if (filter.cursor !== undefined) {
        const after = decodeDecisionCursor(filter.cursor);
        // The bound beside the $or gives the index scan a range: each page starts where the last ended.
        const at = bsonDate(after.at);
        and.push({ evaluatedAt: { $lte: at } }, { $or: [{ evaluatedAt: { $lt: at } }, { evaluatedAt: at, decisionId: { $lt: after.id } }] });
      }
      const docs = await this.decisions.find(and.length ? { $and: and } : {}, { sort: { evaluatedAt: -1, decisionId: -1 }, limit: limit + 1 }).toArray();
      const items = docs.slice(0, limit).map(decisionFromDoc);
      const last = items[items.length - 1];
      return { items, nextCursor: docs.length > limit && last ? encodeDecisionCursor({ at: last.evaluatedAt, id: last.decisionId }) : null };
    });
  }

  // Users and API keys ----------------------------------------------------------------------------

  async createUser(user: UserRecord, audit: AuditEvent): Promise<UserRecord> {
    const record = plain(user);
    const { result } = await this.mutate(async (session) => {
      try {
        await this.users.insertOne({ _id: record.id, ...record }, { session });
      } catch (err) {
        if (duplicateKeyOn(err)) throw new StoreError('CONFLICT', `user ${record.id} exists already`);
        throw err;
      }
      return { result: record, audit };
    });
    return result;
  }

  getUser(userId: string): Promise<UserRecord | null> {
    return this.read(async () => {
      const doc = await this.users.findOne({ _id: userId });
      return doc ? userFromDoc(doc) : null;
    });
  }

  listUsers(): Promise<UserRecord[]> {
    return this.read(async () => (await this.users.find({}, { sort: { _id: 1 } }).toArray()).map(userFromDoc));
  }

  async createApiKey(key: ApiKeyRecord, audit: AuditEvent): Promise<ApiKeyRecord> {
    const record = plain(key);
    const { result } = await this.mutate(async (session) => {
      if (!(await this.users.findOne({ _id: record.userId }, { session }))) throw new StoreError('NOT_FOUND', `user ${record.userId} does not exist`);
      try {
        await this.apikeys.insertOne({ _id: record.id, ...record }, { session });
      } catch (err) {
        if (duplicateKeyOn(err)) throw new StoreError('CONFLICT', `API key ${record.id} exists already`);
        throw err;
      }
      return { result: record, audit };
    });
    return result;
  }

  getApiKey(keyId: string): Promise<ApiKeyRecord | null> {
    return this.read(async () => {
      const doc = await this.apikeys.findOne({ _id: keyId });
      return doc ? apiKeyFromDoc(doc) : null;
    });
  }

  touchApiKey(keyId: string, at: string): Promise<void> {
    // A single-document update: atomic without a transaction, and no audit entry (a use, not a change).
    return this.read(async () => {
      const { matchedCount } = await this.apikeys.updateOne({ _id: keyId }, { $set: { lastUsedAt: at } });
      if (matchedCount === 0) throw new StoreError('NOT_FOUND', `API key ${keyId} does not exist`);
    });
  }

  findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | null> {
    return this.read(async () => {
      const doc = await this.apikeys.findOne({ keyHash });
      return doc ? apiKeyFromDoc(doc) : null;
    });
  }

  listApiKeys(userId: string): Promise<ApiKeyRecord[]> {
    return this.read(async () => (await this.apikeys.find({ userId }, { sort: { createdAt: 1 } }).toArray()).map(apiKeyFromDoc));
  }

  async revokeApiKey(keyId: string, audit: AuditEvent): Promise<ApiKeyRecord> {
    const { result } = await this.mutate(async (session, at) => {
      const updated = await this.apikeys.findOneAndUpdate({ _id: keyId, revokedAt: null }, { $set: { revokedAt: at } }, { session, returnDocument: 'after' });
      if (updated) {
        return { result: apiKeyFromDoc(updated), audit };
      }
      const existing = await this.apikeys.findOne({ _id: keyId }, { session });
      if (!existing) throw new StoreError('NOT_FOUND', `API key ${keyId} does not exist`);
      return { result: apiKeyFromDoc(existing), audit: null }; // revoking twice: no-op, no audit entry
    });
    return result;
  }

  // Approval requests, alerts, webhooks -----------------------------------------------------------

  private async insertDeliveries(deliveries: DeliveryRecord[], session: ClientSession | undefined): Promise<void> {
    if (deliveries.length) await this.deliveries.insertMany(deliveries.map((d) => deliveryToDoc(plain(d))), { session });
  }

  async createApproval(input: { approval: ApprovalRecord; deliveries: DeliveryRecord[]; audit: AuditEvent }): Promise<ApprovalRecord> {
    const approval = plain(input.approval);
    const { result } = await this.mutate(async (session) => {
      try {
        await this.approvals.insertOne(approvalToDoc(approval), { session });
      } catch (err) {
        if (duplicateKeyOn(err)) throw new StoreError('CONFLICT', `approval request ${approval.id} exists already`);
        throw err;
      }
      await this.insertDeliveries(input.deliveries, session);
      return { result: approval, audit: input.audit };
    });
    return result;
  }

  getApproval(approvalId: string): Promise<ApprovalRecord | null> {
    return this.read(async () => {
      const doc = await this.approvals.findOne({ _id: approvalId });
      return doc ? recordFromDoc<ApprovalRecord>(doc) : null;
    });
  }

  listApprovals(filter: ApprovalFilter): Promise<ApprovalRecord[]> {
    return this.read(async () => {
      const query: Filter<ApprovalDoc> = {};
      if (filter.status !== undefined) query.status = filter.status;
      if (filter.policyId !== undefined) query.policyId = filter.policyId;
      if (filter.customerId !== undefined) query.customerId = filter.customerId;
      if (filter.dueBy !== undefined) query.dueAt = { $ne: null, $lte: bsonDate(filter.dueBy) };
      if (filter.reviewDueBy !== undefined) query.reviewDate = { $ne: null, $lte: bsonDate(filter.reviewDueBy) };
      return (await this.approvals.find(query, { sort: { openedAt: 1, _id: 1 } }).toArray()).map((d) => recordFromDoc<ApprovalRecord>(d));
    });
  }

  async updateApproval(input: { approval: ApprovalRecord; expectRevision: number; deliveries: DeliveryRecord[]; audit: AuditEvent }): Promise<ApprovalRecord> {
    const approval = plain(input.approval);
    const { result } = await this.mutate(async (session) => {
      const { _id, ...fields } = approvalToDoc(approval);
      const updated = await this.approvals.updateOne({ _id, revision: input.expectRevision }, { $set: fields }, { session });
      if (updated.matchedCount !== 1) {
        const exists = await this.approvals.findOne({ _id }, { session, projection: { revision: 1 } });
        if (!exists) throw new StoreError('NOT_FOUND', `approval request ${_id} does not exist`);
        throw new StoreError('PRECONDITION_FAILED', `approval request ${_id} changed meanwhile (revision ${exists.revision})`);
      }
      await this.insertDeliveries(input.deliveries, session);
      return { result: approval, audit: input.audit };
    });
    return result;
  }

  knownAlertKeys(dedupeKeys: string[]): Promise<string[]> {
    return this.read(async () => {
      const docs = await this.alerts.find({ dedupeKey: { $in: dedupeKeys } }, { projection: { dedupeKey: 1 } }).toArray();
      const known = new Set(docs.map((d) => d.dedupeKey));
      return dedupeKeys.filter((k) => known.has(k));
    });
  }

  async raiseAlerts(input: { alerts: AlertRecord[]; deliveries: DeliveryRecord[]; audit: AuditEvent }): Promise<AlertRecord[]> {
    const alerts = input.alerts.map((a) => plain(a));
    if (new Set(alerts.map((a) => a.dedupeKey)).size !== alerts.length) throw new StoreError('CONFLICT', 'a dedupe key is repeated among the alerts');
    const { result } = await this.mutate(async (session) => {
      // Compare-and-set on the unique dedupeKey index: all new, or CONFLICT (rolled back on a replica
      // set; on a standalone server the keys are checked first, so only a race can leave a part).
      // An upsert that inserts only when the key is new: a known key matches and inserts nothing
      // (CONFLICT, the transaction is aborted). No driver error is caught here: inside a transaction
      // the server has aborted it already, and a racing insert surfaces as a write conflict the
      // driver retries with the whole transaction.
      // Known keys first (a read): without transactions (MONGODB_ALLOW_STANDALONE) nothing is half-written then.
      if (await this.alerts.findOne({ dedupeKey: { $in: alerts.map((a) => a.dedupeKey) } }, { session, projection: { _id: 1 } }))
        throw new StoreError('CONFLICT', 'an alert with one of these dedupe keys was raised already');
      for (const alert of alerts) {
        const { dedupeKey, ...rest } = alertToDoc(alert);
        const r = await this.alerts.updateOne({ dedupeKey }, { $setOnInsert: rest }, { upsert: true, session });
        if (r.upsertedCount !== 1) throw new StoreError('CONFLICT', `an alert with dedupe key ${dedupeKey} was raised already`);
      }
      await this.insertDeliveries(input.deliveries, session);
      return { result: alerts, audit: input.audit };
    });
    return result;
  }

  listAlerts(filter: AlertFilter): Promise<AlertRecord[]> {
    return this.read(async () => {
      const query: Filter<AlertDoc> = {};
      if (filter.type !== undefined) query.type = filter.type;
      if (filter.policyId !== undefined) query.policyId = filter.policyId;
      if (filter.customerId !== undefined) query.customerId = filter.customerId;
      if (filter.from !== undefined) query.raisedAt = { $gte: bsonDate(filter.from) };
      const docs = await this.alerts.find(query, { sort: { raisedAt: -1, _id: -1 }, limit: pageLimit(filter.limit) }).toArray();
      return docs.map((d) => recordFromDoc<AlertRecord>(d));
    });
  }

  async createWebhook(webhook: WebhookRecord, audit: AuditEvent): Promise<WebhookRecord> {
    const record = plain(webhook);
    const { result } = await this.mutate(async (session) => {
      try {
        await this.webhooks.insertOne({ _id: record.id, ...record }, { session });
      } catch (err) {
        if (duplicateKeyOn(err)) throw new StoreError('CONFLICT', `webhook ${record.id} exists already`);
        throw err;
      }
      return { result: record, audit };
    });
    return result;
  }

  getWebhook(webhookId: string): Promise<WebhookRecord | null> {
    return this.read(async () => {
      const doc = await this.webhooks.findOne({ _id: webhookId });
      return doc ? webhookFromDoc(doc) : null;
    });
  }

  listWebhooks(): Promise<WebhookRecord[]> {
    return this.read(async () => (await this.webhooks.find({ active: true }, { sort: { createdAt: 1, _id: 1 } }).toArray()).map(webhookFromDoc));
  }

  async deleteWebhook(webhookId: string, audit: AuditEvent): Promise<WebhookRecord> {
    const { result } = await this.mutate(async (session) => {
      const updated = await this.webhooks.findOneAndUpdate({ _id: webhookId, active: true }, { $set: { active: false } }, { session, returnDocument: 'after' });
      if (!updated) throw new StoreError('NOT_FOUND', `webhook ${webhookId} does not exist`);
      const pending = await this.deliveries.find({ subscriptionId: webhookId, status: 'pending' }, { session }).toArray();
      for (const doc of pending) {
        const d: DeliveryRecord = { ...recordFromDoc<DeliveryRecord>(doc), status: 'failed', nextAttemptAt: null };
        const { _id, ...fields } = deliveryToDoc(d);
        await this.deliveries.updateOne({ _id }, { $set: fields }, { session });
      }
      return { result: webhookFromDoc(updated), audit };
    });
    return result;
  }

  listDueDeliveries(now: string, limit: number): Promise<DeliveryRecord[]> {
    return this.read(async () => {
      const docs = await this.deliveries.find({ status: 'pending', nextAttemptAt: { $ne: null, $lte: instant(now) } }, { sort: { nextAttemptAt: 1, _id: 1 }, limit }).toArray();
      return docs.map((d) => recordFromDoc<DeliveryRecord>(d));
    });
  }

  listDeliveries(filter: { subscriptionId?: string; status?: DeliveryRecord['status']; limit?: number }): Promise<DeliveryRecord[]> {
    return this.read(async () => {
      const query: Filter<DeliveryDoc> = {};
      if (filter.subscriptionId !== undefined) query.subscriptionId = filter.subscriptionId;
      if (filter.status !== undefined) query.status = filter.status;
      const docs = await this.deliveries.find(query, { sort: { createdAt: -1, _id: -1 }, limit: pageLimit(filter.limit) }).toArray();
      return docs.map((d) => recordFromDoc<DeliveryRecord>(d));
    });
  }

  saveDeliveryAttempt(delivery: DeliveryRecord, expectAttempts: number): Promise<DeliveryRecord> {
    const record = plain(delivery);
    return this.read(async () => {
      const { _id, ...fields } = deliveryToDoc(record);
      const updated = await this.deliveries.updateOne({ _id, attempts: expectAttempts }, { $set: fields });
      if (updated.matchedCount !== 1) {
        const exists = await this.deliveries.findOne({ _id }, { projection: { attempts: 1 } });
        throw exists ? new StoreError('PRECONDITION_FAILED', `delivery ${_id} was attempted meanwhile`) : new StoreError('NOT_FOUND', `delivery ${_id} does not exist`);
      }
      return record;
    });
  }

  // Personal data: customer salts, erasure, retention (mongo-privacy.ts) ----------------------------

  customerSalts(customerIds: string[], create: boolean): Promise<Record<string, string>> {
    return this.read(() => this.privacy.customerSalts(customerIds, create, this.now()));
  }

  async eraseCustomer(input: { customerId: string; at: string; anonymise: (r: DecisionRecord) => DecisionRecord; audit: AuditEvent }) {
    const { result } = await this.mutate(async (session) => ({
      result: {
        ...(await this.privacy.erase(input.customerId, input.anonymise, session)),
        customerFiles: await this.customerFiles.erase(input.customerId, session),
        outcomes: await this.outcomeDocs.erase(input.customerId, input.at, session),
        campaignLines: await this.campaignRuns.erase(input.customerId, input.at, session),
      },
      audit: input.audit,
    }));
    return result;
  }

  async anonymiseDecisionsBefore(input: { before: string; limit: number; anonymise: (r: DecisionRecord) => DecisionRecord; audit: AuditEvent }): Promise<number> {
    const { result } = await this.mutate(async (session) => {
      const n = await this.privacy.anonymiseBefore(input.before, input.limit, input.anonymise, session);
      return { result: n, audit: n > 0 ? { ...input.audit, details: { ...input.audit.details, decisions: n } } : null };
    });
    return result;
  }

  customerRecordsBefore(kind: 'approvals', input: { before: string; after: { at: string; id: string } | null; limit: number }): Promise<ApprovalRecord[]>;
  customerRecordsBefore(kind: 'alerts', input: { before: string; after: { at: string; id: string } | null; limit: number }): Promise<AlertRecord[]>;
  customerRecordsBefore(kind: 'approvals' | 'alerts', input: { before: string; after: { at: string; id: string } | null; limit: number }): Promise<unknown[]> {
    return this.read(() => this.privacy.customerRecordsBefore(kind, input.before, input.after, input.limit));
  }

  async removeCustomerIds(input: { approvals: string[]; alerts: string[]; audit: AuditEvent }): Promise<{ approvals: number; alerts: number }> {
    const { result } = await this.mutate(async (session) => {
      const counts = await this.privacy.removeCustomerIds(input.approvals, input.alerts, session);
      const n = counts.approvals + counts.alerts;
      return { result: counts, audit: n > 0 ? { ...input.audit, details: { ...input.audit.details, ...counts } } : null };
    });
    return result;
  }

  // Leases, claimed deliveries, simulation jobs (mongo-coordination.ts) ---------------------------

  // Review campaigns (mongo-campaigns.ts) ---------------------------------------------------------

  startCampaign(input: { campaign: CampaignRecord; audit: AuditEvent }) {
    return this.campaignRuns.startCampaign(input);
  }
  saveCampaign(input: { campaign: CampaignRecord; audit: AuditEvent | null }) {
    return this.campaignRuns.saveCampaign(input);
  }
  getCampaign(campaignId: string) {
    return this.campaignRuns.getCampaign(campaignId);
  }
  listCampaigns(filter: { cursor?: string; limit?: number }) {
    return this.campaignRuns.listCampaigns(filter);
  }
  anonymiseCampaignsBefore(input: { before: string; at: string; limit: number; audit: AuditEvent }) {
    return this.campaignRuns.anonymiseCampaignsBefore(input);
  }

  // The customer credit file (mongo-customers.ts) ------------------------------------------------

  getCustomer(customerId: string): Promise<CustomerRecord | null> {
    return this.customerFiles.getCustomer(customerId);
  }
  getCustomers(customerIds: string[]): Promise<CustomerRecord[]> {
    return this.customerFiles.getCustomers(customerIds);
  }
  listCustomers(filter: CustomerFilter): Promise<Page<CustomerRecord>> {
    return this.customerFiles.listCustomers(filter);
  }
  insertCustomer(customer: CustomerRecord, audit: AuditEvent): Promise<CustomerRecord> {
    return this.customerFiles.insertCustomer(customer, audit);
  }
  putCustomer(input: { customer: CustomerRecord; expectEtag: string; audit: AuditEvent }): Promise<CustomerRecord> {
    return this.customerFiles.putCustomer(input);
  }
  saveOpenItems(input: { items: OpenItemRecord[]; audit: (changed: OpenItemRecord[]) => AuditEvent | null }): Promise<OpenItemRecord[]> {
    return this.customerFiles.saveOpenItems(input);
  }
  listOpenItems(customerIds: string[], options?: { all?: boolean }): Promise<OpenItemRecord[]> {
    return this.customerFiles.listOpenItems(customerIds, options);
  }
  getExposure(customerId: string): Promise<ExposureRecord | null> {
    return this.customerFiles.getExposure(customerId);
  }
  getExposures(customerIds: string[]): Promise<ExposureRecord[]> {
    return this.customerFiles.getExposures(customerIds);
  }
  putExposure(exposure: ExposureRecord): Promise<void> {
    return this.customerFiles.putExposure(exposure);
  }
  putExposures(exposures: ExposureRecord[]): Promise<void> {
    return this.customerFiles.putExposures(exposures);
  }
  listExposedCustomerIds(input: { afterId: string | null; asOfBefore: string; limit: number }): Promise<string[]> {
    return this.customerFiles.listExposedCustomerIds(input);
  }

  acquireLease(input: { name: string; owner: string; at: string; ttlMs: number }): Promise<LeaseRecord | null> {
    return this.read(() => this.coordination.acquireLease(input));
  }

  releaseLease(name: string, owner: string): Promise<boolean> {
    return this.read(() => this.coordination.releaseLease(name, owner));
  }

  getLease(name: string): Promise<LeaseRecord | null> {
    return this.read(() => this.coordination.getLease(name));
  }

  claimDueDeliveries(input: { now: string; until: string; limit: number }): Promise<DeliveryRecord[]> {
    return this.read(() => this.coordination.claimDueDeliveries(input));
  }

  async insertJob(job: JobRecord, maxActive: number): Promise<boolean> {
    if (await this.coordination.getJob(job.jobId).catch(() => null)) throw new StoreError('CONFLICT', `simulation job ${job.jobId} exists already`);
    const { result } = await this.mutate(async (session) => ({ result: await this.coordination.insertJob(job, maxActive, session), audit: null }));
    return result;
  }

  updateJob(job: JobRecord): Promise<boolean> {
    return this.read(() => this.coordination.updateJob(job));
  }

  getJob(jobId: string): Promise<JobRecord | null> {
    return this.read(() => this.coordination.getJob(jobId));
  }

  listJobs(policyId: string, limit: number): Promise<JobRecord[]> {
    return this.read(() => this.coordination.listJobs(policyId, limit));
  }

  forgetJobs(keep: number): Promise<number> {
    return this.read(() => this.coordination.forgetJobs(keep));
  }

  // Champion/challenger experiments (mongo-experiments.ts) ----------------------------------------

  async insertExperiment(input: { experiment: ExperimentRecord; audit: AuditEvent }): Promise<ExperimentRecord> {
    const e = plain(input.experiment);
    const { result } = await this.mutate(async (session) => {
      await this.experiments.insert(e, session);
      return { result: e, audit: input.audit };
    });
    return result;
  }

  // Outcomes and monitoring settings (mongo-outcomes.ts) ------------------------------------------

  outcomesByKey(keys: string[]): Promise<StoredOutcome[]> {
    return this.read(() => this.outcomeDocs.byKeys(keys));
  }

  async insertOutcomes(input: { outcomes: StoredOutcome[]; audit: AuditEvent }): Promise<StoredOutcome[]> {
    const records = input.outcomes.map((o) => plain(o));
    const { result } = await this.mutate(async (session) => {
      await this.outcomeDocs.insert(records, session);
      return { result: records, audit: input.audit };
    });
    return result;
  }

  getExperiment(experimentId: string): Promise<ExperimentRecord | null> {
    return this.read(() => this.experiments.get(experimentId));
  }

  openExperiment(policyId: string): Promise<ExperimentRecord | null> {
    return this.read(() => this.experiments.open(policyId));
  }

  listExperiments(filter: ExperimentFilter): Promise<ExperimentRecord[]> {
    return this.read(() => this.experiments.list(filter.policyId, pageLimit(filter.limit)));
  }

  async updateExperiment(input: { experiment: ExperimentRecord; expectRevision: number; audit: AuditEvent }): Promise<ExperimentRecord> {
    const e = plain(input.experiment);
    const { result } = await this.mutate(async (session) => {
      await this.experiments.update(e, input.expectRevision, session);
      return { result: e, audit: input.audit };
    });
    return result;
  }

  outcomesFor(input: { decisionIds: string[]; customerIds: string[] }): Promise<StoredOutcome[]> {
    return this.read(() => this.outcomeDocs.outcomesFor(input.decisionIds, input.customerIds));
  }

  getMonitoringSettings(policyId: string): Promise<MonitoringSettingsRecord | null> {
    return this.read(() => this.outcomeDocs.getSettings(policyId));
  }

  async putMonitoringSettings(input: { settings: MonitoringSettingsRecord; audit: AuditEvent }): Promise<MonitoringSettingsRecord> {
    const record = plain(input.settings);
    const { result } = await this.mutate(async (session) => {
      await this.outcomeDocs.putSettings(record, session);
      return { result: record, audit: input.audit };
    });
    return result;
  }
}

/** Client settings (row 8): waits that outlast an election, an overall operation limit, primary reads, a bounded pool. */
export function mongoClientOptions(options: Pick<MongoStoreOptions, 'maxPoolSize' | 'operationTimeoutMS'>): MongoClientOptions {
  return {
    serverSelectionTimeoutMS: 30_000,
    // Driver 7 ignores timeoutMS (deprecated): the overall bound is the socket wait plus the pool wait.
    socketTimeoutMS: options.operationTimeoutMS ?? 30_000,
    waitQueueTimeoutMS: options.operationTimeoutMS ?? 30_000,
    maxPoolSize: options.maxPoolSize ?? 20,
    readPreference: 'primary', // a URI's readPreference=secondary would break transactions and read stale etags
    appName: 'creditgraph',
    // Acknowledged = journaled on a majority: the MongoDB analogue of SQLite's fsynced commit.
    writeConcern: { w: 'majority', journal: true },
  };
}

function withDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  work.catch(() => undefined); // the loser of the race must not become an unhandled rejection
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new StoreError('UNAVAILABLE', message)), ms)));
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

function ignoreNamespaceExists(err: unknown): void {
  if ((err as { code?: number }).code !== 48) throw err;
}

/**
 * Whether to use transactions, from the server's `hello` answer: a replica set (`setName`) or a
 * sharded cluster (`msg: 'isdbgrid'`) has them. A standalone server is refused unless explicitly
 * allowed: without transactions a crash can lose the audit entry of an applied change.
 */
export function transactionsFor(
  hello: Record<string, unknown>,
  options: Pick<MongoStoreOptions, 'uri' | 'transactions' | 'allowStandalone'>,
): boolean {
  const supported = typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
  const mode = options.transactions ?? 'auto';
  if (mode === 'on' && !supported) throw new StoreError('UNAVAILABLE', `MongoDB at ${redactUri(options.uri)} does not support transactions (not a replica set)`);
  if (!supported && mode === 'auto' && !options.allowStandalone)
    throw new StoreError(
      'UNAVAILABLE',
      `MongoDB at ${redactUri(options.uri)} is a standalone server: creditgraph needs a replica set (a single-node one is enough: see docker-compose.yml) so that each change and its audit entry commit together. Set MONGODB_ALLOW_STANDALONE=1 to run without transactions anyway (a crash can then lose audit entries).`,
    );
  return mode === 'on' || (mode === 'auto' && supported);
}
