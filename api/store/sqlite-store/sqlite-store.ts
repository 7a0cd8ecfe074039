/**
 * The embedded store (default): one SQLite database in the data folder (`creditgraph.sqlite`,
 * WAL mode), shareable by several processes on one machine (WORKERS=n). This class only composes
 * the per-aggregate modules — policy-tables, audit-trail, decision-log, identity-tables,
 * workflow-tables — inside write transactions. It holds no business rule: the domain builds the
 * records and audit events; the store checks only ids, etags, revisions and version numbers.
 *
 * Every mutation and its audit entry (and its outbox rows) commit in one transaction; nothing is
 * cached in memory, so what one process writes, the others read at once.
 */
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
  type AuditContext,
  type AuditEntry,
  type AuditEvent,
  type CreditgraphStore,
  type DecisionFilter,
  type PreviousDecision,
  type DecisionRecord,
  type DeliveryRecord,
  type DraftRecord,
  type ErasureStore,
  type RecordRetentionStore,
  type Page,
  type PolicyRecord,
  type UserRecord,
  type VersionRecord,
  type VersionSummary,
  type WebhookRecord,
} from '../store.js';
import type { JobRecord, LeaseRecord } from '../coordination.js';
import { instant } from '../instant.js';
import { yieldToEventLoop } from '../../yield-to-event-loop.js';
import { AuditTrail } from './audit-trail.js';
import { CoordinationTables } from './coordination-tables.js';
import path from 'node:path';
import { DATABASE_FILE, openDatabase, read, write, type Db, type WriteFault } from './database.js';
import { DecisionAppender, DecisionTable } from './decision-log.js';
import type { CommitItem } from './decision-commit-protocol.js';
import { IdentityTables } from './identity-tables.js';
import { importFileStoreIfPresent } from './import-file-store.js';
import { PolicyTables } from './policy-tables.js';
import { WorkflowTables } from './workflow-tables.js';
import { PrivacyTables } from './privacy-tables.js';
import { DecisionChainTables } from './decision-chain-tables.js';
import type { DecisionChainLink, DecisionChainState, DecisionChainStore } from '../decision-chain-store.js';
import { CustomerTables } from './customer-tables.js';
import { CampaignTables } from './campaign-tables.js';
import type { CampaignRecord } from '../campaign-store.js';
import type { CustomerFilter, CustomerRecord, ExposureRecord, OpenItemRecord } from '../customer-store.js';
import { ExperimentTables } from './experiment-tables.js';
import type { ExperimentFilter, ExperimentRecord } from '../experiment-store.js';
import { OutcomeTables } from './outcome-tables.js';
import type { MonitoringSettingsRecord, StoredOutcome } from '../outcome-store.js';

export interface SqliteStoreOptions {
  dataDir: string;
  now?: () => Date;
  /** Test hook: throw from it to simulate a disk fault inside a write transaction. */
  faults?: WriteFault;
  /** Where start-up notes go (the file-store import). */
  log?: (message: string) => void;
  /** How long the first decision append of a batch waits for company (ms); 0 = the next turn of the event loop. */
  groupCommitMs?: number;
  busyTimeoutMs?: number;
  /** Tests only: every SQL statement the main connection runs (e.g. to show that opening reads no decision). */
  trace?: (sql: string) => void;
  /** The server's audit key (HMAC-SHA256): every entry appended carries its MAC. */
  auditKey?: Buffer | null;
}

interface Parts {
  db: Db;
  policies: PolicyTables;
  audit: AuditTrail;
  decisions: DecisionTable;
  appender: DecisionAppender;
  identity: IdentityTables;
  workflow: WorkflowTables;
  privacy: PrivacyTables;
  coordination: CoordinationTables;
  chain: DecisionChainTables;
  customers: CustomerTables;
  experiments: ExperimentTables;
  outcomes: OutcomeTables;
  campaigns: CampaignTables;
}

export class SqliteStore implements CreditgraphStore, ErasureStore, RecordRetentionStore, DecisionChainStore {
  readonly kind = 'sqlite' as const;
  private parts: Parts | null = null;
  private readonly now: () => Date;
  /** The writer's page cache was raised for bulk loading (bulkLoad). */
  private bulkCache = false;

  constructor(private readonly options: SqliteStoreOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async init(): Promise<void> {
    const db = openDatabase({ dataDir: this.options.dataDir, busyTimeoutMs: this.options.busyTimeoutMs, trace: this.options.trace });
    try {
      await importFileStoreIfPresent(db, this.options.dataDir, this.options.log ?? ((m) => console.warn(`[sqlite-store] ${m}`)));
    } catch (err) {
      db.close();
      throw err instanceof StoreError ? err : new StoreError('UNAVAILABLE', `importing the file-store data in ${this.options.dataDir} failed: ${(err as Error).message}`);
    }
    const decisions = new DecisionTable(db);
    this.parts = {
      db,
      policies: new PolicyTables(db),
      audit: new AuditTrail(db, this.options.auditKey ?? null),
      decisions,
      appender: new DecisionAppender({
        file: path.join(this.options.dataDir, DATABASE_FILE),
        busyTimeoutMs: this.options.busyTimeoutMs ?? 5000,
        groupCommitMs: this.options.groupCommitMs ?? 0,
        fault: this.options.faults,
        chainKey: this.options.auditKey ?? null,
      }),
      identity: new IdentityTables(db),
      workflow: new WorkflowTables(db),
      privacy: new PrivacyTables(db),
      coordination: new CoordinationTables(db),
      chain: new DecisionChainTables(db),
      customers: new CustomerTables(db),
      experiments: new ExperimentTables(db),
      outcomes: new OutcomeTables(db),
      campaigns: new CampaignTables(db),
    };
    this.parts.appender.start();
  }

  async close(): Promise<void> {
    const parts = this.parts;
    if (!parts) return;
    this.parts = null;
    await parts.appender.close(); // queued appends are written (or refused) before the file closes
    parts.db.close();
  }

  async ping(): Promise<boolean> {
    if (!this.parts) return false;
    try {
      this.parts.db.prepare('SELECT 1').get();
      return true;
    } catch {
      return false;
    }
  }

  /** Tests only: a PRAGMA on both connections (the server's and the decision writer's), to provoke real SQLite errors (query_only, max_page_count). */
  async pragmaForTests(sql: string): Promise<unknown> {
    await this.p.appender.pragma(sql);
    return this.p.db.pragma(sql, { simple: true });
  }

  private get p(): Parts {
    if (!this.parts) throw new StoreError('UNAVAILABLE', 'the SQLite store is not open');
    return this.parts;
  }

  /** One write transaction: `fn` checks and writes; its audit facts (if any) become the chained entry. */
  private mutate<T>(what: string, fn: (at: string) => { result: T; facts: AuditEvent | null }): T {
    const p = this.p;
    return write(
      p.db,
      what,
      () => {
        const at = this.now().toISOString();
        const { result, facts } = fn(at);
        if (facts) p.audit.append(at, facts);
        return result === undefined ? result : plain(result);
      },
      this.options.faults,
    );
  }

  private read<T>(what: string, fn: (p: Parts) => T): Promise<T> {
    const p = this.p;
    return Promise.resolve(read(what, () => fn(p)));
  }

  // Policies, drafts, versions --------------------------------------------------------------------

  listPolicies(): Promise<PolicyRecord[]> {
    return this.read('listing policies', (p) => p.policies.listPolicies());
  }

  getPolicy(policyId: string): Promise<PolicyRecord | null> {
    return this.read('reading a policy', (p) => p.policies.getPolicy(policyId));
  }

  async insertPolicy(input: { policy: PolicyRecord; draft: DraftRecord; audit: AuditEvent }): Promise<void> {
    return this.mutate('creating a policy', () => {
      const { policies } = this.p;
      const policy = plain(input.policy);
      if (!policies.insertPolicy(policy)) throw new StoreError('CONFLICT', `policy ${policy.id} exists already`);
      policies.putDraft(plain(input.draft));
      return { result: undefined, facts: input.audit };
    });
  }

  getDraft(policyId: string): Promise<DraftRecord | null> {
    return this.read('reading a draft', (p) => p.policies.getDraft(policyId));
  }

  async putDraft(input: { draft: DraftRecord; expectEtag: string | null; audit: AuditEvent }): Promise<DraftRecord> {
    return this.mutate('saving a draft', () => {
      const { policies } = this.p;
      const policyId = input.draft.policyId;
      requirePolicy(policies.getPolicy(policyId), policyId);
      // Compare-and-set inside BEGIN IMMEDIATE: of racing writers (any process) with one etag, one wins.
      if ((policies.getDraft(policyId)?.etag ?? null) !== input.expectEtag) throw staleEtag(policyId);
      const draft = plain(input.draft);
      policies.putDraft(draft);
      return { result: draft, facts: input.audit };
    });
  }

  async appendVersion(input: { version: VersionRecord; draft: DraftRecord; expectEtag: string; activate: boolean; audit: AuditEvent }): Promise<PolicyRecord> {
    return this.mutate('publishing a version', () => {
      const { policies } = this.p;
      const version = plain(input.version);
      const policyId = version.policyId;
      const policy = requirePolicy(policies.getPolicy(policyId), policyId);
      if (policies.getDraft(policyId)?.etag !== input.expectEtag) throw staleEtag(policyId);
      if (version.version !== (policy.latestVersion ?? 0) + 1) throw new StoreError('CONFLICT', `version ${version.version} of ${policyId} is not the next one (latest ${policy.latestVersion})`);
      const next: PolicyRecord = {
        ...policy,
        name: version.document.name,
        latestVersion: version.version,
        activeVersion: input.activate ? version.version : policy.activeVersion,
        updatedAt: version.publishedAt,
      };
      policies.insertVersion(version);
      policies.putPolicy(next);
      policies.putDraft(plain(input.draft));
      return { result: next, facts: input.audit };
    });
  }

  listVersions(policyId: string): Promise<VersionSummary[]> {
    return this.read('listing versions', (p) => p.policies.listVersions(policyId));
  }

  getVersion(policyId: string, version: number): Promise<VersionRecord | null> {
    if (!Number.isInteger(version) || version < 1) return Promise.resolve(null);
    return this.read('reading a version', (p) => p.policies.getVersion(policyId, version));
  }

  async setActiveVersion(input: { policyId: string; version: number; at: string; audit: AuditEvent }): Promise<PolicyRecord> {
    return this.mutate('activating a version', () => {
      const { policies } = this.p;
      const policy = requirePolicy(policies.getPolicy(input.policyId), input.policyId);
      const version = Number.isInteger(input.version) ? policies.getVersionSummary(input.policyId, input.version) : null;
      if (!version) throw new StoreError('NOT_FOUND', `policy ${input.policyId} has no version ${input.version}`);
      const next: PolicyRecord = { ...policy, activeVersion: version.version, updatedAt: input.at };
      policies.putPolicy(next);
      return { result: next, facts: input.audit };
    });
  }

  // Audit trail -----------------------------------------------------------------------------------

  async listAudit(filter: { policyId?: string; cursor?: string; limit?: number }): Promise<Page<AuditEntry>> {
    const limit = pageLimit(filter.limit);
    const before = filter.cursor !== undefined ? decodeAuditCursor(filter.cursor) : Infinity;
    const rows = await this.read('reading the audit trail', (p) => p.audit.newest(limit, before, filter.policyId));
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeAuditCursor(last.seq) : null };
  }

  async *allAudit(): AsyncIterable<AuditEntry> {
    const audit = this.p.audit;
    const upTo = read('reading the audit trail', () => audit.lastSeq()); // a consistent view even if writes continue
    let after = 0;
    for (;;) {
      const page = read('reading the audit trail', () => audit.page(after, upTo));
      if (page.length === 0) return;
      yield* page;
      after = page[page.length - 1]!.seq;
      await yieldToEventLoop(); // a verification of a long trail must not hold requests up
    }
  }

  async appendAudit(input: { action: AuditAction; policyId?: string; version?: number; contentHash?: string; audit: AuditContext }): Promise<AuditEntry> {
    return this.mutate('writing an audit entry', (at) => {
      const entry = this.p.audit.append(at, { action: input.action, policyId: input.policyId, version: input.version, contentHash: input.contentHash, audit: input.audit });
      return { result: entry, facts: null };
    });
  }

  // Decision log ----------------------------------------------------------------------------------

  appendDecision(record: DecisionRecord): Promise<{ record: DecisionRecord; duplicate: boolean }> {
    return this.p.appender.append(record);
  }

  /**
   * Data generation (`npm run bench -- --scale`) only, not part of the store contract: rows built by
   * decisionRow (sealed records; a customer's first row carries its salt as `newSalt`) committed in
   * one transaction by the decision log's own writer (its checks, salts, chain links, fsync), then
   * audit entries appended in one transaction through the audit trail's code. The writer keeps a
   * big page cache from the first bulk load on: the indexes being filled stay in memory.
   */
  async bulkLoad(input: { rows?: CommitItem[]; audit?: { action: AuditAction; policyId?: string; audit: AuditContext }[] }): Promise<void> {
    if (input.rows?.length) {
      // Transactions this big would spill the writer's default page cache to the WAL mid-way.
      if (!this.bulkCache) await this.p.appender.pragma('cache_size = -262144'); // 256 MiB, this connection
      this.bulkCache = true;
      const outcomes = await this.p.appender.commitRows(input.rows);
      const refused = outcomes.findIndex((o) => o.kind !== 'new');
      // The other rows are committed: the caller's ids were meant to be new, so this is its bug to see.
      if (refused >= 0) throw new StoreError('CONFLICT', `bulk load: decision ${input.rows[refused]!.decisionId} was not appended (${outcomes[refused]!.kind})`);
    }
    const audit = input.audit ?? [];
    if (audit.length)
      this.mutate('bulk loading', (at) => {
        for (const a of audit) this.p.audit.append(at, { action: a.action, policyId: a.policyId, audit: a.audit });
        return { result: undefined, facts: null };
      });
  }

  appendDecisionWithSalt(record: DecisionRecord, salt: string): Promise<{ record: DecisionRecord; duplicate: boolean }> {
    return this.p.appender.append(record, salt);
  }

  getDecision(decisionId: string): Promise<DecisionRecord | null> {
    return this.read('reading a decision', (p) => p.decisions.get(decisionId));
  }

  findDecisionByRequestId(policyId: string, requestId: string): Promise<DecisionRecord | null> {
    return this.read('reading a decision', (p) => p.decisions.findByRequest(policyId, requestId));
  }

  listDecisions(filter: DecisionFilter): Promise<Page<DecisionRecord>> {
    return this.read('reading the decision log', (p) => p.decisions.list(filter));
  }

  latestDecisionOf(policyId: string, customerId: string): Promise<PreviousDecision | null> {
    return this.read('reading the decision log', (p) => p.decisions.latest(policyId, customerId));
  }

  decisionChainState(): Promise<DecisionChainState> {
    return this.read('reading the decision-log chain', (p) => p.chain.state());
  }

  decisionChainHead(): Promise<{ seq: number; mac: string }> {
    return this.read('reading the decision-log chain', (p) => p.chain.headOnly());
  }

  decisionChainLinks(afterSeq: number, limit: number): Promise<DecisionChainLink[]> {
    return this.read('reading the decision-log chain', (p) => p.chain.links(afterSeq, limit));
  }

  firstChainSeqFrom(from: string): Promise<number | null> {
    return this.read('reading the decision-log chain', (p) => p.chain.firstSeqFrom(instant(from)));
  }

  async pruneDecisions(input: { upToSeq: number; link: string; audit: AuditEvent }): Promise<number> {
    const n = this.mutate('pruning the decision log', () => {
      const deleted = this.p.chain.prune(input.upToSeq, input.link);
      if (deleted === null) throw new StoreError('PRECONDITION_FAILED', `the decision-log chain has no link ${input.upToSeq} with that value`);
      return { result: deleted, facts: { ...input.audit, details: { ...input.audit.details, decisions: deleted } } };
    });
    this.p.privacy.flushWal(); // deleted decisions leave the WAL too (secure_delete zeroes the file's pages)
    return n;
  }

  // Users and API keys ----------------------------------------------------------------------------

  async createUser(user: UserRecord, audit: AuditEvent): Promise<UserRecord> {
    return this.mutate('creating a user', () => {
      const record = plain(user);
      if (!this.p.identity.insertUser(record)) throw new StoreError('CONFLICT', `user ${user.id} exists already`);
      return { result: record, facts: audit };
    });
  }

  getUser(userId: string): Promise<UserRecord | null> {
    return this.read('reading a user', (p) => p.identity.getUser(userId));
  }

  listUsers(): Promise<UserRecord[]> {
    return this.read('listing users', (p) => p.identity.listUsers());
  }

  async createApiKey(key: ApiKeyRecord, audit: AuditEvent): Promise<ApiKeyRecord> {
    return this.mutate('creating an API key', () => {
      const { identity } = this.p;
      if (!identity.getUser(key.userId)) throw new StoreError('NOT_FOUND', `user ${key.userId} does not exist`);
      const record = plain(key);
      if (!identity.insertKey(record)) throw new StoreError('CONFLICT', `API key ${key.id} exists already`);
      return { result: record, facts: audit };
    });
  }

  getApiKey(keyId: string): Promise<ApiKeyRecord | null> {
    return this.read('reading an API key', (p) => p.identity.getKey(keyId));
  }

  findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | null> {
    return this.read('reading an API key', (p) => p.identity.findKeyByHash(keyHash));
  }

  listApiKeys(userId: string): Promise<ApiKeyRecord[]> {
    return this.read('listing API keys', (p) => p.identity.listKeys(userId));
  }

  async revokeApiKey(keyId: string, audit: AuditEvent): Promise<ApiKeyRecord> {
    return this.mutate('revoking an API key', (at) => {
      const { identity } = this.p;
      const key = identity.getKey(keyId);
      if (!key) throw new StoreError('NOT_FOUND', `API key ${keyId} does not exist`);
      if (key.revokedAt) return { result: key, facts: null }; // revoking twice: no-op, no audit entry
      const record: ApiKeyRecord = { ...key, revokedAt: at };
      identity.updateKey(record);
      return { result: record, facts: audit };
    });
  }

  async touchApiKey(keyId: string, at: string): Promise<void> {
    await this.mutate('recording a key\'s last use', () => {
      const { identity } = this.p;
      const key = identity.getKey(keyId);
      if (!key) throw new StoreError('NOT_FOUND', `API key ${keyId} does not exist`);
      identity.updateKey({ ...key, lastUsedAt: at });
      return { result: undefined, facts: null }; // a use is not a change: no audit entry
    });
  }

  // Approval requests, alerts, webhooks -----------------------------------------------------------

  async createApproval(input: { approval: ApprovalRecord; deliveries: DeliveryRecord[]; audit: AuditEvent }): Promise<ApprovalRecord> {
    return this.mutate('opening an approval request', () => {
      const { workflow } = this.p;
      const approval = plain(input.approval);
      if (!workflow.insertApproval(approval)) throw new StoreError('CONFLICT', `approval request ${approval.id} exists already`);
      for (const d of input.deliveries) workflow.putDelivery(plain(d));
      return { result: approval, facts: input.audit };
    });
  }

  getApproval(approvalId: string): Promise<ApprovalRecord | null> {
    return this.read('reading an approval request', (p) => p.workflow.getApproval(approvalId));
  }

  listApprovals(filter: ApprovalFilter): Promise<ApprovalRecord[]> {
    return this.read('listing approval requests', (p) => p.workflow.listApprovals(filter));
  }

  async updateApproval(input: { approval: ApprovalRecord; expectRevision: number; deliveries: DeliveryRecord[]; audit: AuditEvent }): Promise<ApprovalRecord> {
    return this.mutate('updating an approval request', () => {
      const { workflow } = this.p;
      const approval = plain(input.approval);
      const outcome = workflow.replaceApproval(approval, input.expectRevision);
      if (outcome === 'missing') throw new StoreError('NOT_FOUND', `approval request ${approval.id} does not exist`);
      if (outcome === 'moved') throw new StoreError('PRECONDITION_FAILED', `approval request ${approval.id} changed meanwhile`);
      for (const d of input.deliveries) workflow.putDelivery(plain(d));
      return { result: approval, facts: input.audit };
    });
  }

  knownAlertKeys(dedupeKeys: string[]): Promise<string[]> {
    return this.read('reading alerts', (p) => dedupeKeys.filter((k) => p.workflow.hasAlertKey(k)));
  }

  async raiseAlerts(input: { alerts: AlertRecord[]; deliveries: DeliveryRecord[]; audit: AuditEvent }): Promise<AlertRecord[]> {
    return this.mutate('raising alerts', () => {
      const { workflow } = this.p;
      // Compare-and-set on the dedupe keys, inside BEGIN IMMEDIATE: all new, or nothing is written.
      const keys = new Set(input.alerts.map((a) => a.dedupeKey));
      const known = [...keys].filter((k) => workflow.hasAlertKey(k));
      if (keys.size !== input.alerts.length || known.length) throw new StoreError('CONFLICT', `alerts raised already: ${known.join(', ') || 'a dedupe key repeated'}`);
      const alerts = input.alerts.map((a) => plain(a));
      for (const a of alerts) workflow.insertAlert(a);
      for (const d of input.deliveries) workflow.putDelivery(plain(d));
      return { result: alerts, facts: input.audit };
    });
  }

  listAlerts(filter: AlertFilter): Promise<AlertRecord[]> {
    return this.read('listing alerts', (p) => p.workflow.listAlerts(filter));
  }

  async createWebhook(webhook: WebhookRecord, audit: AuditEvent): Promise<WebhookRecord> {
    return this.mutate('creating a webhook', () => {
      const { workflow } = this.p;
      if (workflow.getWebhook(webhook.id)) throw new StoreError('CONFLICT', `webhook ${webhook.id} exists already`);
      const record = plain(webhook);
      workflow.putWebhook(record);
      return { result: record, facts: audit };
    });
  }

  getWebhook(webhookId: string): Promise<WebhookRecord | null> {
    return this.read('reading a webhook', (p) => p.workflow.getWebhook(webhookId));
  }

  listWebhooks(): Promise<WebhookRecord[]> {
    return this.read('listing webhooks', (p) => p.workflow.listActiveWebhooks());
  }

  async deleteWebhook(webhookId: string, audit: AuditEvent): Promise<WebhookRecord> {
    return this.mutate('deleting a webhook', () => {
      const { workflow } = this.p;
      const current = workflow.getWebhook(webhookId);
      if (!current || !current.active) throw new StoreError('NOT_FOUND', `webhook ${webhookId} does not exist`);
      const record: WebhookRecord = { ...current, active: false };
      workflow.putWebhook(record);
      // Nothing more will be sent to it: its queued deliveries end as failed, visible in the log.
      for (const d of workflow.pendingDeliveriesOf(webhookId)) workflow.putDelivery({ ...d, status: 'failed', nextAttemptAt: null });
      return { result: record, facts: audit };
    });
  }

  listDueDeliveries(now: string, limit: number): Promise<DeliveryRecord[]> {
    return this.read('listing due deliveries', (p) => p.workflow.dueDeliveries(now, limit));
  }

  listDeliveries(filter: { subscriptionId?: string; status?: DeliveryRecord['status']; limit?: number }): Promise<DeliveryRecord[]> {
    return this.read('listing deliveries', (p) => p.workflow.listDeliveries(filter));
  }

  async saveDeliveryAttempt(delivery: DeliveryRecord, expectAttempts: number): Promise<DeliveryRecord> {
    return this.mutate('saving a delivery attempt', () => {
      const record = plain(delivery);
      const outcome = this.p.workflow.replaceDelivery(record, expectAttempts);
      if (outcome === 'missing') throw new StoreError('NOT_FOUND', `delivery ${delivery.id} does not exist`);
      if (outcome === 'moved') throw new StoreError('PRECONDITION_FAILED', `delivery ${delivery.id} was attempted meanwhile`);
      return { result: record, facts: null }; // the delivery log is its own trail
    });
  }

  // Personal data: customer salts, erasure, retention (privacy-tables.ts) ----------------------------


  async customerSalts(customerIds: string[], create: boolean): Promise<Record<string, string>> {
    const known = await this.read('reading customer salts', (p) => p.privacy.salts(customerIds, false, ''));
    // A write (and its fsync) only for customers seen for the first time.
    if (!create || customerIds.every((id) => known[id])) return known;
    return this.mutate('creating customer salts', (at) => ({ result: this.p.privacy.salts(customerIds, true, at), facts: null }));
  }

  async eraseCustomer(input: { customerId: string; at: string; anonymise: (r: DecisionRecord) => DecisionRecord; audit: AuditEvent }) {
    const counts = this.mutate('erasing a customer\'s data', () => ({
      result: { ...this.p.privacy.erase(input.customerId, input.anonymise), customerFiles: this.p.customers.erase(input.customerId), outcomes: this.p.outcomes.erase(input.customerId, input.at), campaignLines: this.p.campaigns.erase(input.customerId, input.at) },
      facts: input.audit,
    }));
    this.p.privacy.flushWal();
    return counts;
  }

  async anonymiseDecisionsBefore(input: { before: string; limit: number; anonymise: (r: DecisionRecord) => DecisionRecord; audit: AuditEvent }): Promise<number> {
    return this.mutate('anonymising old decisions', () => {
      const n = this.p.privacy.anonymiseBefore(instant(input.before), input.limit, input.anonymise); // compared as stored: canonical UTC
      return { result: n, facts: n > 0 ? { ...input.audit, details: { ...input.audit.details, decisions: n } } : null };
    });
  }

  customerRecordsBefore(kind: 'approvals', input: { before: string; after: { at: string; id: string } | null; limit: number }): Promise<ApprovalRecord[]>;
  customerRecordsBefore(kind: 'alerts', input: { before: string; after: { at: string; id: string } | null; limit: number }): Promise<AlertRecord[]>;
  customerRecordsBefore(kind: 'approvals' | 'alerts', input: { before: string; after: { at: string; id: string } | null; limit: number }): Promise<unknown[]> {
    const after = input.after ? { at: instant(input.after.at), id: input.after.id } : null;
    return this.read('reading records for retention', (p) => p.privacy.customerRecordsBefore(kind, instant(input.before), after, input.limit));
  }

  async removeCustomerIds(input: { approvals: string[]; alerts: string[]; audit: AuditEvent }): Promise<{ approvals: number; alerts: number }> {
    return this.mutate('removing customer ids', () => {
      const counts = this.p.privacy.removeCustomerIds(input.approvals, input.alerts);
      const n = counts.approvals + counts.alerts;
      return { result: counts, facts: n > 0 ? { ...input.audit, details: { ...input.audit.details, ...counts } } : null };
    });
  }
  // The customer credit file (customer-tables.ts) --------------------------------------------------

  getCustomer(customerId: string): Promise<CustomerRecord | null> {
    return this.read('reading a customer', (p) => p.customers.get(customerId));
  }

  getCustomers(customerIds: string[]): Promise<CustomerRecord[]> {
    return this.read('reading customers', (p) => [...new Set(customerIds)].map((id) => p.customers.get(id)).filter((c): c is CustomerRecord => c !== null));
  }

  async listCustomers(filter: CustomerFilter): Promise<Page<CustomerRecord>> {
    return this.read('listing customers', (p) => p.customers.page(filter));
  }

  async insertCustomer(customer: CustomerRecord, audit: AuditEvent): Promise<CustomerRecord> {
    return this.mutate('creating a customer', () => {
      const record = plain(customer);
      if (!this.p.customers.insert(record)) throw new StoreError('CONFLICT', `customer ${customer.customerId} exists already`);
      return { result: record, facts: audit };
    });
  }

  async putCustomer(input: { customer: CustomerRecord; expectEtag: string; audit: AuditEvent }): Promise<CustomerRecord> {
    return this.mutate('saving a customer', () => {
      const record = plain(input.customer);
      const outcome = this.p.customers.replace(record, input.expectEtag);
      if (outcome === 'missing') throw new StoreError('NOT_FOUND', `customer ${record.customerId} does not exist`);
      if (outcome === 'moved') throw new StoreError('PRECONDITION_FAILED', `customer ${record.customerId} has changed since it was read (stale ETag)`);
      return { result: record, facts: input.audit };
    });
  }

  // Outcomes and monitoring settings (outcome-tables.ts) --------------------------------------------

  outcomesByKey(keys: string[]): Promise<StoredOutcome[]> {
    return this.read('reading outcomes', (p) => keys.flatMap((k) => p.outcomes.byKey(k) ?? []));
  }

  async insertOutcomes(input: { outcomes: StoredOutcome[]; audit: AuditEvent }): Promise<StoredOutcome[]> {
    return this.mutate('recording outcomes', () => {
      const { outcomes } = this.p;
      // Compare-and-set on the keys, inside BEGIN IMMEDIATE: all new, or nothing is written.
      const records = input.outcomes.map((o) => plain(o));
      const keys = new Set(records.map((o) => o.idempotencyKey));
      const ids = new Set(records.map((o) => o.outcomeId));
      const known = records.filter((o) => outcomes.exists(o)).map((o) => o.idempotencyKey);
      if (keys.size !== records.length || ids.size !== records.length || known.length) throw new StoreError('CONFLICT', `outcomes recorded already: ${known.join(', ') || 'a key or id repeated'}`);
      for (const o of records) outcomes.insert(o);
      return { result: records, facts: input.audit };
    });
  }

  outcomesFor(input: { decisionIds: string[]; customerIds: string[] }): Promise<StoredOutcome[]> {
    return this.read('reading outcomes', (p) => p.outcomes.outcomesFor(input.decisionIds, input.customerIds));
  }

  getMonitoringSettings(policyId: string): Promise<MonitoringSettingsRecord | null> {
    return this.read('reading monitoring settings', (p) => p.outcomes.getSettings(policyId));
  }

  async putMonitoringSettings(input: { settings: MonitoringSettingsRecord; audit: AuditEvent }): Promise<MonitoringSettingsRecord> {
    return this.mutate('saving monitoring settings', () => {
      const record = plain(input.settings);
      this.p.outcomes.putSettings(record);
      return { result: record, facts: input.audit };
    });
  }

  async saveOpenItems(input: { items: OpenItemRecord[]; audit: (changed: OpenItemRecord[]) => AuditEvent | null }): Promise<OpenItemRecord[]> {
    return this.mutate('saving open items', () => {
      const changed = this.p.customers.saveItems(input.items.map((i) => plain(i)));
      return { result: changed, facts: changed.length ? input.audit(changed) : null };
    });
  }

  listOpenItems(customerIds: string[], options: { all?: boolean } = {}): Promise<OpenItemRecord[]> {
    return this.read('listing open items', (p) => p.customers.items(customerIds, options.all === true));
  }

  getExposure(customerId: string): Promise<ExposureRecord | null> {
    return this.read('reading an exposure', (p) => p.customers.getExposure(customerId));
  }

  getExposures(customerIds: string[]): Promise<ExposureRecord[]> {
    return this.read('reading exposures', (p) => [...new Set(customerIds)].map((id) => p.customers.getExposure(id)).filter((e): e is ExposureRecord => e !== null));
  }

  async putExposure(exposure: ExposureRecord): Promise<void> {
    await this.mutate('saving an exposure', () => {
      this.p.customers.putExposure(plain(exposure));
      return { result: undefined, facts: null }; // derived data
    });
  }

  async putExposures(exposures: ExposureRecord[]): Promise<void> {
    if (!exposures.length) return;
    await this.mutate('saving exposures', () => {
      for (const e of exposures) this.p.customers.putExposure(plain(e));
      return { result: undefined, facts: null }; // derived data
    });
  }

  listExposedCustomerIds(input: { afterId: string | null; asOfBefore: string; limit: number }): Promise<string[]> {
    return this.read('listing exposures', (p) => p.customers.exposedAfter(input.afterId, input.asOfBefore, input.limit));
  }

  // Champion/challenger experiments (experiment-tables.ts) ----------------------------------------

  async insertExperiment(input: { experiment: ExperimentRecord; audit: AuditEvent }): Promise<ExperimentRecord> {
    return this.mutate('proposing an experiment', () => {
      const e = plain(input.experiment);
      const stored = this.p.experiments.insert(e);
      if (stored === 'exists') throw new StoreError('CONFLICT', `experiment ${e.id} exists already`);
      if (stored === 'taken') throw new StoreError('CONFLICT', `policy ${e.policyId} has an open experiment already`);
      return { result: e, facts: input.audit };
    });
  }

  getExperiment(experimentId: string): Promise<ExperimentRecord | null> {
    return this.read('reading an experiment', (p) => p.experiments.get(experimentId));
  }

  openExperiment(policyId: string): Promise<ExperimentRecord | null> {
    return this.read('reading an experiment', (p) => p.experiments.open(policyId));
  }

  listExperiments(filter: ExperimentFilter): Promise<ExperimentRecord[]> {
    return this.read('listing experiments', (p) => p.experiments.list(filter.policyId, pageLimit(filter.limit)));
  }

  async updateExperiment(input: { experiment: ExperimentRecord; expectRevision: number; audit: AuditEvent }): Promise<ExperimentRecord> {
    return this.mutate('changing an experiment', () => {
      const e = plain(input.experiment);
      const revision = this.p.experiments.revisionOf(e.id);
      if (revision === null) throw new StoreError('NOT_FOUND', `experiment ${e.id} does not exist`);
      if (revision !== input.expectRevision) throw new StoreError('PRECONDITION_FAILED', `experiment ${e.id} changed meanwhile (revision ${revision}, expected ${input.expectRevision})`);
      if (this.p.experiments.update(e) === 'taken') throw new StoreError('CONFLICT', `policy ${e.policyId} has an open experiment already`);
      return { result: e, facts: input.audit };
    });
  }

  // Review campaigns (campaign-tables.ts) ---------------------------------------------------------

  async startCampaign(input: { campaign: CampaignRecord; audit: AuditEvent }): Promise<{ campaign: CampaignRecord; created: boolean }> {
    return this.mutate('starting a campaign', () => {
      const started = this.p.campaigns.start(plain(input.campaign));
      return { result: started, facts: started.created ? input.audit : null };
    });
  }

  async saveCampaign(input: { campaign: CampaignRecord; audit: AuditEvent | null }): Promise<CampaignRecord> {
    return this.mutate('saving a campaign', () => {
      const record = plain(input.campaign);
      this.p.campaigns.save(record);
      return { result: record, facts: input.audit };
    });
  }

  getCampaign(campaignId: string): Promise<CampaignRecord | null> {
    return this.read('reading a campaign', (p) => p.campaigns.get(campaignId));
  }

  async listCampaigns(filter: { cursor?: string; limit?: number }): Promise<Page<CampaignRecord>> {
    return this.read('listing campaigns', (p) => p.campaigns.page(filter));
  }

  async anonymiseCampaignsBefore(input: { before: string; at: string; limit: number; audit: AuditEvent }): Promise<{ runs: number; lines: number }> {
    return this.mutate('applying retention to campaign reports', () => {
      const n = this.p.campaigns.anonymiseBefore(instant(input.before), input.at, input.limit);
      return { result: n, facts: n.lines > 0 ? { ...input.audit, details: { ...input.audit.details, runs: n.runs, lines: n.lines } } : null };
    });
  }

  // Leases, claimed deliveries, simulation jobs (coordination.ts) ---------------------------------

  async acquireLease(input: { name: string; owner: string; at: string; ttlMs: number }): Promise<LeaseRecord | null> {
    const at = instant(input.at);
    const until = new Date(Date.parse(at) + input.ttlMs).toISOString();
    return this.mutate('taking a lease', () => ({ result: this.p.coordination.acquireLease(input.name, input.owner, at, until), facts: null }));
  }

  async releaseLease(name: string, owner: string): Promise<boolean> {
    return this.mutate('releasing a lease', () => ({ result: this.p.coordination.releaseLease(name, owner), facts: null }));
  }

  getLease(name: string): Promise<LeaseRecord | null> {
    return this.read('reading a lease', (p) => p.coordination.getLease(name));
  }

  async claimDueDeliveries(input: { now: string; until: string; limit: number }): Promise<DeliveryRecord[]> {
    const until = instant(input.until);
    return this.mutate('claiming due deliveries', () => {
      const { workflow } = this.p;
      const claimed = workflow.dueDeliveries(instant(input.now), input.limit).map((d) => ({ ...d, nextAttemptAt: until }));
      for (const d of claimed) workflow.putDelivery(d);
      return { result: claimed, facts: null }; // a claim is not a change of the delivery's story
    });
  }

  async insertJob(job: JobRecord, maxActive: number): Promise<boolean> {
    return this.mutate('starting a simulation job', () => {
      const { coordination } = this.p;
      if (coordination.activeJobs(instant(job.createdAt)) >= maxActive) return { result: false, facts: null };
      if (!coordination.insertJob(job)) throw new StoreError('CONFLICT', `simulation job ${job.jobId} exists already`);
      return { result: true, facts: null }; // derived data, not audited
    });
  }

  async updateJob(job: JobRecord): Promise<boolean> {
    return this.mutate('saving a simulation job', () => ({ result: this.p.coordination.updateJob(job), facts: null }));
  }

  getJob(jobId: string): Promise<JobRecord | null> {
    return this.read('reading a simulation job', (p) => p.coordination.getJob(jobId));
  }

  listJobs(policyId: string, limit: number): Promise<JobRecord[]> {
    return this.read('listing simulation jobs', (p) => p.coordination.listJobs(policyId, limit));
  }

  async forgetJobs(keep: number): Promise<number> {
    return this.mutate('forgetting old simulation jobs', () => ({ result: this.p.coordination.forgetJobs(keep), facts: null }));
  }
}

function requirePolicy(policy: PolicyRecord | null, policyId: string): PolicyRecord {
  if (!policy) throw new StoreError('NOT_FOUND', `policy ${policyId} does not exist`);
  return policy;
}

function staleEtag(policyId: string): StoreError {
  return new StoreError('PRECONDITION_FAILED', `the draft of ${policyId} has changed since it was read (stale ETag)`);
}
