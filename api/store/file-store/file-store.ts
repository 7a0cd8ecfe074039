/**
 * The embedded store (default): everything in one data folder, owned by one process.
 *
 *   LOCK               pid of the owning process
 *   journal/*.ndjson   commits: changed records + their audit entry, one checksummed line each, in segments
 *   state.snapshot     the state and indexes as of the start of the newest segment (temp file, fsync, rename)
 *   decisions/*.ndjson the decision log, in segments, group-committed
 *
 * Writes are acknowledged after fsync and applied to memory only after that, so a failed write
 * (disk full, read-only, I/O error → StoreError UNAVAILABLE) leaves nothing half-applied and reads
 * keep working. Mutations run one at a time (async mutex), which makes every check-then-write atomic.
 * Audit entries, approval requests, alerts and delivery history are read back from the journal on
 * demand; memory holds their indexes only (store-state.ts).
 */
import { buildAuditEntry, type AuditFacts } from '../audit-chain.js';
import { AsyncMutex } from '../async-mutex.js';
import { decodeAuditCursor, encodeAuditCursor, pageLimit } from '../pagination.js';
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
  type DecisionRecord,
  type DraftRecord,
  type Page,
  type PolicyRecord,
  type UserRecord,
  type VersionRecord,
  type VersionSummary,
} from '../store.js';
import { acquireDataLock, type DataLock } from './data-lock.js';
import { DecisionLog } from './decision-log.js';
import { Disk, tightenPermissions, unavailable, type FaultHook } from './disk.js';
import { Journal, type Warn } from './journal.js';
import { newestRows, type RecordTable } from './record-table.js';
import { applyCommit, emptyState, type Change, type StoreState } from './store-state.js';
import { alertAuditDetails, approvalAuditFacts, webhookAuditDetails } from '../workflow-audit.js';

export interface FileStoreOptions {
  dataDir: string;
  now?: () => Date;
  /** Test hook: throw from it to simulate a disk fault at a given operation. */
  faults?: FaultHook;
  warn?: Warn;
  /** Start a new journal segment (and write a snapshot) beyond this size (bytes). */
  compactBytes?: number;
  groupCommitMs?: number;
  segmentBytes?: number;
}

type Build<T> = (state: StoreState, at: string) => Mutation<T> | Promise<Mutation<T>>;

interface Mutation<T> {
  changes: Change[];
  /** null: the call changes nothing (e.g. revoking a revoked key) and writes nothing. */
  audit: AuditFacts | null;
  result: T;
}


export class FileStore implements CreditgraphStore {
  readonly kind = 'file' as const;
  private readonly disk: Disk;
  private readonly mutex = new AsyncMutex();
  private readonly now: () => Date;
  private readonly warn: Warn;
  private state: StoreState = emptyState();
  private journal: Journal | null = null;
  private decisions: DecisionLog | null = null;
  private lock: DataLock | null = null;

  constructor(private readonly options: FileStoreOptions) {
    this.disk = new Disk(options.faults);
    this.now = options.now ?? (() => new Date());
    this.warn = options.warn ?? ((message) => console.warn(`[file-store] ${message}`));
  }

  async init(): Promise<void> {
    const dir = this.options.dataDir;
    await this.disk.mkdirp(dir).catch((err) => {
      throw unavailable(`creating data folder ${dir}`, err);
    });
    await tightenPermissions(dir).catch((err) => {
      throw unavailable(`restricting access to data folder ${dir}`, err);
    });
    this.lock = await acquireDataLock(dir);
    try {
      const { journal, state } = await Journal.open(dir, this.disk, this.warn);
      this.journal = journal;
      this.state = state;
      this.decisions = await DecisionLog.open(dir, this.disk, this.warn, {
        groupCommitMs: this.options.groupCommitMs ?? 2,
        segmentBytes: this.options.segmentBytes ?? 64 * 1024 * 1024,
      });
    } catch (err) {
      await this.journal?.close().catch(() => undefined);
      this.journal = null;
      await this.lock.release();
      this.lock = null;
      throw unavailable(`opening data folder ${dir}`, err);
    }
  }

  async close(): Promise<void> {
    await this.mutex.run(async () => {
      await this.decisions?.close();
      await this.journal?.close();
      await this.lock?.release();
      this.decisions = null;
      this.journal = null;
      this.lock = null;
    });
  }

  async ping(): Promise<boolean> {
    return this.journal !== null && this.decisions !== null;
  }

  // Mutations -----------------------------------------------------------------------------------

  /** Check (inside the mutex), write durably, then apply: the only way state changes. */
  private async mutate<T>(build: Build<T>): Promise<T> {
    return (await this.commit(build)).result;
  }

  private commit<T>(build: Build<T>): Promise<{ result: T; entry: AuditEntry | null }> {
    return this.mutex.run(async () => {
      const journal = this.openJournal();
      const at = this.now().toISOString();
      const { changes, audit, result } = await build(this.state, at);
      if (audit === null) return { result: plain(result), entry: null }; // nothing to change
      const commit = { audit: buildAuditEntry(this.state.audit.last, at, audit), changes, n: this.state.commits + 1 };
      applyCommit(this.state, commit, await journal.append(commit));
      await this.rotateIfLarge(journal);
      return { result: plain(result), entry: plain(commit.audit) };
    });
  }

  /** A change that is not an audit event (a webhook delivery attempt): journaled the same way, minus the entry. */
  private operational<T>(build: (state: StoreState, at: string) => Promise<{ changes: Change[]; result: T }>): Promise<T> {
    return this.mutex.run(async () => {
      const journal = this.openJournal();
      const { changes, result } = await build(this.state, this.now().toISOString());
      const commit = { audit: null, changes, n: this.state.commits + 1 };
      applyCommit(this.state, commit, await journal.append(commit));
      await this.rotateIfLarge(journal);
      return plain(result);
    });
  }

  private async rotateIfLarge(journal: Journal): Promise<void> {
    if (journal.bytes < (this.options.compactBytes ?? 16 * 1024 * 1024)) return;
    // The commit is already durable in the journal; a failed rotation only postpones itself.
    await journal.rotate(this.state).catch((err) => this.warn(`starting a new journal segment failed, will retry: ${(err as Error).message}`));
  }

  /** The latest version of a record kept on disk (approval, alert, delivery), read from its journal line. */
  private async readRecord<R>(table: RecordTable<string>, row: number): Promise<R> {
    const place = table.place(row);
    const change = (await this.openJournal().read(place)).changes[place.change];
    if (!change) throw new StoreError('UNAVAILABLE', `journal segment ${place.segment}: the record at byte ${place.offset} is missing (edited on disk?)`);
    return change.record as R;
  }

  /** Many records: in journal order, each segment read once (an inbox of thousands of requests costs a few reads, not thousands). */
  private async readRecords<R>(table: RecordTable<string>, rows: number[]): Promise<R[]> {
    if (rows.length < 32) return Promise.all(rows.map((row) => this.readRecord<R>(table, row)));
    const places = rows.map((row) => table.place(row)).sort((a, b) => a.segment - b.segment || a.offset - b.offset);
    const out: R[] = [];
    let i = 0;
    for await (const commit of this.openJournal().readAll(places)) out.push(commit.changes[places[i++]!.change]!.record as R);
    return out;
  }

  private openJournal(): Journal {
    if (!this.journal) throw new StoreError('UNAVAILABLE', 'the file store is not open');
    return this.journal;
  }

  private openDecisions(): DecisionLog {
    if (!this.decisions) throw new StoreError('UNAVAILABLE', 'the file store is not open');
    return this.decisions;
  }

  // Policies, drafts, versions --------------------------------------------------------------------

  async listPolicies(): Promise<PolicyRecord[]> {
    return plain([...this.state.policies.values()].sort((a, b) => (a.id < b.id ? -1 : 1)));
  }

  async getPolicy(policyId: string): Promise<PolicyRecord | null> {
    return plain(this.state.policies.get(policyId) ?? null);
  }

  async insertPolicy(input: { policy: PolicyRecord; draft: DraftRecord; audit: AuditEvent }): Promise<void> {
    await this.mutate((state) => {
      const policy = plain(input.policy);
      if (state.policies.has(policy.id)) throw new StoreError('CONFLICT', `policy ${policy.id} exists already`);
      return {
        changes: [
          { kind: 'policy', record: policy },
          { kind: 'draft', record: plain(input.draft) },
        ],
        audit: input.audit,
        result: null,
      };
    });
  }

  async getDraft(policyId: string): Promise<DraftRecord | null> {
    return plain(this.state.drafts.get(policyId) ?? null);
  }

  putDraft(input: { draft: DraftRecord; expectEtag: string | null; audit: AuditEvent }): Promise<DraftRecord> {
    return this.mutate((state) => {
      const policyId = input.draft.policyId;
      requirePolicy(state, policyId);
      const current = state.drafts.get(policyId);
      if ((current?.etag ?? null) !== input.expectEtag) throw staleEtag(policyId);
      const draft = plain(input.draft);
      return { changes: [{ kind: 'draft', record: draft }], audit: input.audit, result: draft };
    });
  }

  appendVersion(input: { version: VersionRecord; draft: DraftRecord; expectEtag: string; activate: boolean; audit: AuditEvent }): Promise<PolicyRecord> {
    return this.mutate((state) => {
      const version = plain(input.version);
      const policyId = version.policyId;
      const policy = requirePolicy(state, policyId);
      if (state.drafts.get(policyId)?.etag !== input.expectEtag) throw staleEtag(policyId);
      if (version.version !== (policy.latestVersion ?? 0) + 1) throw new StoreError('CONFLICT', `version ${version.version} of ${policyId} is not the next one (latest ${policy.latestVersion})`);
      const next: PolicyRecord = {
        ...policy,
        name: version.document.name,
        latestVersion: version.version,
        activeVersion: input.activate ? version.version : policy.activeVersion,
        updatedAt: version.publishedAt,
      };
      return {
        changes: [
          { kind: 'version', record: version },
          { kind: 'policy', record: next },
          { kind: 'draft', record: plain(input.draft) },
        ],
        audit: input.audit,
        result: next,
      };
    });
  }

  async listVersions(policyId: string): Promise<VersionSummary[]> {
    return (this.state.versions.get(policyId) ?? []).map(({ document: _document, ...summary }) => plain(summary));
  }

  async getVersion(policyId: string, version: number): Promise<VersionRecord | null> {
    if (!Number.isInteger(version) || version < 1) return null;
    return plain(this.state.versions.get(policyId)?.[version - 1] ?? null);
  }

  setActiveVersion(input: { policyId: string; version: number; at: string; audit: AuditEvent }): Promise<PolicyRecord> {
    return this.mutate((state) => {
      const policy = requirePolicy(state, input.policyId);
      const version = Number.isInteger(input.version) ? state.versions.get(input.policyId)?.[input.version - 1] : undefined;
      if (!version) throw new StoreError('NOT_FOUND', `policy ${input.policyId} has no version ${input.version}`);
      const next: PolicyRecord = { ...policy, activeVersion: version.version, updatedAt: input.at };
      return { changes: [{ kind: 'policy', record: next }], audit: input.audit, result: next };
    });
  }

  // Audit trail -----------------------------------------------------------------------------------

  async listAudit(filter: { policyId?: string; cursor?: string; limit?: number }): Promise<Page<AuditEntry>> {
    const limit = pageLimit(filter.limit);
    const before = filter.cursor !== undefined ? decodeAuditCursor(filter.cursor) : Infinity;
    const audit = this.state.audit;
    const rows = audit.newest(limit, before, filter.policyId);
    const journal = this.openJournal();
    const items = await Promise.all(rows.slice(0, limit).map(async (row) => (await journal.read(audit.place(row))).audit!));
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeAuditCursor(last.seq) : null };
  }

  async *allAudit(): AsyncIterable<AuditEntry> {
    const audit = this.state.audit;
    const count = audit.size; // a consistent view even if writes continue
    const places = (function* () {
      for (let row = 0; row < count; row++) yield audit.place(row);
    })();
    for await (const commit of this.openJournal().readAll(places)) yield commit.audit!;
  }

  appendAudit(input: { action: AuditAction; policyId?: string; version?: number; contentHash?: string; audit: AuditContext }): Promise<AuditEntry> {
    return this.commit(() => ({
      changes: [],
      audit: { action: input.action, policyId: input.policyId, version: input.version, contentHash: input.contentHash, audit: input.audit },
      result: null,
    })).then(({ entry }) => entry!);
  }

  // Decision log ----------------------------------------------------------------------------------

  appendDecision(record: DecisionRecord): Promise<{ record: DecisionRecord; duplicate: boolean }> {
    return this.openDecisions().append(record);
  }

  getDecision(decisionId: string): Promise<DecisionRecord | null> {
    return this.openDecisions().get(decisionId);
  }

  findDecisionByRequestId(policyId: string, requestId: string): Promise<DecisionRecord | null> {
    return this.openDecisions().findByRequest(policyId, requestId);
  }

  listDecisions(filter: DecisionFilter): Promise<Page<DecisionRecord>> {
    return this.openDecisions().list(filter);
  }

  // Users and API keys ----------------------------------------------------------------------------

  createUser(user: UserRecord, audit: AuditContext): Promise<UserRecord> {
    return this.mutate((state) => {
      if (state.users.has(user.id)) throw new StoreError('CONFLICT', `user ${user.id} exists already`);
      const record = plain(user);
      return {
        changes: [{ kind: 'user', record }],
        audit: { action: 'user.created', details: { userId: record.id, roles: record.roles }, audit },
        result: record,
      };
    });
  }

  async getUser(userId: string): Promise<UserRecord | null> {
    return plain(this.state.users.get(userId) ?? null);
  }

  async listUsers(): Promise<UserRecord[]> {
    return plain([...this.state.users.values()]);
  }

  createApiKey(key: ApiKeyRecord, audit: AuditContext): Promise<ApiKeyRecord> {
    return this.mutate((state) => {
      if (!state.users.has(key.userId)) throw new StoreError('NOT_FOUND', `user ${key.userId} does not exist`);
      if (state.keys.has(key.id) || state.keyIdByHash.has(key.keyHash)) throw new StoreError('CONFLICT', `API key ${key.id} exists already`);
      const record = plain(key);
      return {
        changes: [{ kind: 'key', record }],
        audit: { action: 'key.created', details: { keyId: record.id, userId: record.userId, prefix: record.prefix, ...(record.expiresAt ? { expiresAt: record.expiresAt } : {}) }, audit },
        result: record,
      };
    });
  }

  async touchApiKey(keyId: string, at: string): Promise<void> {
    await this.operational(async (state) => {
      const key = state.keys.get(keyId);
      if (!key) throw new StoreError('NOT_FOUND', `API key ${keyId} does not exist`);
      return { changes: [{ kind: 'key', record: { ...key, lastUsedAt: at } }], result: null };
    });
  }

  async findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | null> {
    const id = this.state.keyIdByHash.get(keyHash);
    return plain((id !== undefined && this.state.keys.get(id)) || null);
  }

  async listApiKeys(userId: string): Promise<ApiKeyRecord[]> {
    return plain([...this.state.keys.values()].filter((k) => k.userId === userId));
  }

  revokeApiKey(keyId: string, audit: AuditContext): Promise<ApiKeyRecord> {
    return this.mutate((state, at) => {
      const key = state.keys.get(keyId);
      if (!key) throw new StoreError('NOT_FOUND', `API key ${keyId} does not exist`);
      if (key.revokedAt) return { changes: [], audit: null, result: key }; // revoking twice: no-op, no audit entry
      const record: ApiKeyRecord = { ...key, revokedAt: at };
      return {
        changes: [{ kind: 'key', record }],
        audit: { action: 'key.revoked', details: { keyId, userId: key.userId }, audit },
        result: record,
      };
    });
  }

  // Approval requests, alerts, webhooks -----------------------------------------------------------

  createApproval(input: { approval: ApprovalRecord; deliveries: DeliveryRecord[]; audit: AuditContext }): Promise<ApprovalRecord> {
    return this.mutate((state) => {
      const approval = plain(input.approval);
      if (state.approvals.row(approval.id) >= 0) throw new StoreError('CONFLICT', `approval request ${approval.id} exists already`);
      return {
        changes: [{ kind: 'approval', record: approval }, ...deliveryChanges(input.deliveries)],
        audit: { action: 'approval.opened', ...approvalAuditFacts(approval), audit: input.audit },
        result: approval,
      };
    });
  }

  async getApproval(approvalId: string): Promise<ApprovalRecord | null> {
    const row = this.state.approvals.row(approvalId);
    return row < 0 ? null : this.readRecord(this.state.approvals, row);
  }

  async listApprovals(filter: ApprovalFilter): Promise<ApprovalRecord[]> {
    const { approvals } = this.state;
    // Deadlines narrow the rows (server timestamps: ISO order = time order); the records decide exactly.
    const dueBy = filter.dueBy === undefined ? undefined : Date.parse(filter.dueBy);
    const rows = approvals.rows({ status: filter.status, policyId: filter.policyId, customerId: filter.customerId }, -Infinity, Number.isNaN(dueBy) ? Infinity : dueBy);
    const out = await this.readRecords<ApprovalRecord>(approvals, rows);
    return out.filter((a) => filter.dueBy === undefined || (a.dueAt !== null && a.dueAt <= filter.dueBy)).sort(oldestApprovalFirst);
  }

  updateApproval(input: { approval: ApprovalRecord; expectRevision: number; action: AuditAction; deliveries: DeliveryRecord[]; audit: AuditContext }): Promise<ApprovalRecord> {
    return this.mutate(async (state) => {
      const row = state.approvals.row(input.approval.id);
      const current = row < 0 ? null : await this.readRecord<ApprovalRecord>(state.approvals, row);
      if (!current) throw new StoreError('NOT_FOUND', `approval request ${input.approval.id} does not exist`);
      if (current.revision !== input.expectRevision) throw new StoreError('PRECONDITION_FAILED', `approval request ${current.id} changed meanwhile (revision ${current.revision})`);
      const approval = plain(input.approval);
      return {
        changes: [{ kind: 'approval', record: approval }, ...deliveryChanges(input.deliveries)],
        audit: { action: input.action, ...approvalAuditFacts(approval), audit: input.audit },
        result: approval,
      };
    });
  }

  raiseAlerts(input: { alerts: AlertRecord[]; deliveries: DeliveryRecord[]; audit: AuditContext }): Promise<AlertRecord[]> {
    return this.mutate((state) => {
      const seen = new Set<string>();
      const fresh = input.alerts.filter((a) => state.alertKeys.get(a.dedupeKey) < 0 && !seen.has(a.dedupeKey) && seen.add(a.dedupeKey)).map((a) => plain(a));
      if (fresh.length === 0) return { changes: [], audit: null, result: [] };
      const ids = new Set(fresh.map((a) => a.id));
      return {
        changes: [...fresh.map((record): Change => ({ kind: 'alert', record })), ...deliveryChanges(input.deliveries.filter((d) => ids.has(d.eventId)))],
        audit: { action: 'alert.raised', details: alertAuditDetails(fresh), audit: input.audit },
        result: fresh,
      };
    });
  }

  async listAlerts(filter: AlertFilter): Promise<AlertRecord[]> {
    const { alerts } = this.state;
    const limit = pageLimit(filter.limit);
    // Times narrow the rows (server timestamps: ISO order = time order); the records decide exactly.
    const since = filter.from === undefined ? -Infinity : Date.parse(filter.from) || -Infinity;
    const rows = newestRows(alerts, alerts.rows({ type: filter.type, policyId: filter.policyId, customerId: filter.customerId }, since), limit);
    const out = (await this.readRecords<AlertRecord>(alerts, rows)).filter((a) => filter.from === undefined || a.raisedAt >= filter.from);
    return out.sort(newestAlertFirst).slice(0, limit);
  }

  createWebhook(webhook: WebhookRecord, audit: AuditContext): Promise<WebhookRecord> {
    return this.mutate((state) => {
      if (state.webhooks.has(webhook.id)) throw new StoreError('CONFLICT', `webhook ${webhook.id} exists already`);
      const record = plain(webhook);
      return { changes: [{ kind: 'webhook', record }], audit: { action: 'webhook.created', details: webhookAuditDetails(record), audit }, result: record };
    });
  }

  async getWebhook(webhookId: string): Promise<WebhookRecord | null> {
    return plain(this.state.webhooks.get(webhookId) ?? null);
  }

  async listWebhooks(): Promise<WebhookRecord[]> {
    return plain([...this.state.webhooks.values()].filter((w) => w.active).sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1)));
  }

  deleteWebhook(webhookId: string, audit: AuditContext): Promise<WebhookRecord> {
    return this.mutate((state) => {
      const current = state.webhooks.get(webhookId);
      if (!current || !current.active) throw new StoreError('NOT_FOUND', `webhook ${webhookId} does not exist`);
      const record: WebhookRecord = { ...current, active: false };
      // Nothing more will be sent to it: its queued deliveries end as failed, visible in the log.
      const dropped = [...state.pendingDeliveries.values()].filter((d) => d.subscriptionId === webhookId);
      return {
        changes: [{ kind: 'webhook', record }, ...deliveryChanges(dropped.map((d) => ({ ...d, status: 'failed' as const, nextAttemptAt: null })))],
        audit: { action: 'webhook.deleted', details: webhookAuditDetails(record), audit },
        result: record,
      };
    });
  }

  async listDueDeliveries(now: string, limit: number): Promise<DeliveryRecord[]> {
    const due = [...this.state.pendingDeliveries.values()].filter((d) => d.nextAttemptAt !== null && d.nextAttemptAt <= now);
    return plain(due.sort((a, b) => (a.nextAttemptAt! < b.nextAttemptAt! ? -1 : a.nextAttemptAt! > b.nextAttemptAt! ? 1 : a.id < b.id ? -1 : 1)).slice(0, limit));
  }

  async listDeliveries(filter: { subscriptionId?: string; status?: DeliveryRecord['status']; limit?: number }): Promise<DeliveryRecord[]> {
    const { deliveries } = this.state;
    const limit = pageLimit(filter.limit);
    const rows = newestRows(deliveries, deliveries.rows({ subscriptionId: filter.subscriptionId, status: filter.status }), limit);
    const out = await this.readRecords<DeliveryRecord>(deliveries, rows);
    return out.sort((a, b) => (a.createdAt > b.createdAt ? -1 : a.createdAt < b.createdAt ? 1 : a.id > b.id ? -1 : 1)).slice(0, limit);
  }

  saveDeliveryAttempt(delivery: DeliveryRecord, expectAttempts: number): Promise<DeliveryRecord> {
    return this.operational(async (state) => {
      const row = state.pendingDeliveries.has(delivery.id) ? -1 : state.deliveries.row(delivery.id);
      const current = state.pendingDeliveries.get(delivery.id) ?? (row < 0 ? null : await this.readRecord<DeliveryRecord>(state.deliveries, row));
      if (!current) throw new StoreError('NOT_FOUND', `delivery ${delivery.id} does not exist`);
      if (current.attempts !== expectAttempts) throw new StoreError('PRECONDITION_FAILED', `delivery ${delivery.id} was attempted meanwhile`);
      const record = plain(delivery);
      return { changes: [{ kind: 'delivery', record }], result: record };
    });
  }
}

function requirePolicy(state: StoreState, policyId: string): PolicyRecord {
  const policy = state.policies.get(policyId);
  if (!policy) throw new StoreError('NOT_FOUND', `policy ${policyId} does not exist`);
  return policy;
}

function staleEtag(policyId: string): StoreError {
  return new StoreError('PRECONDITION_FAILED', `the draft of ${policyId} has changed since it was read (stale ETag)`);
}

const deliveryChanges = (deliveries: DeliveryRecord[]): Change[] => deliveries.map((d) => ({ kind: 'delivery', record: plain(d) }));

const oldestApprovalFirst = (a: ApprovalRecord, b: ApprovalRecord) => (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const newestAlertFirst = (a: AlertRecord, b: AlertRecord) => (a.raisedAt > b.raisedAt ? -1 : a.raisedAt < b.raisedAt ? 1 : a.id > b.id ? -1 : a.id < b.id ? 1 : 0);
