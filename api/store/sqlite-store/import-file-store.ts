/**
 * First start on a data folder written by the file store: everything it holds is copied into the
 * SQLite database, in ONE transaction, and checked before that transaction commits — counts of
 * every kind of record, every version's content hash, every decision byte for byte (a digest of
 * the JSON texts), and the audit chain (same report as the source's, same last hash). If a check
 * fails, nothing is imported and the store refuses to open. The old files are left untouched
 * (read only), and the import is logged and recorded in the `imports` table, so it runs once.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { hashAuditEntry, verifyAuditChain, type ChainReport } from '../audit-chain.js';
import { canonicalHash } from '../canonical-hash.js';
import { StoreError, type AuditEntry } from '../store.js';
import { DATABASE_FILE, type Db } from './database.js';
import { hasFileStoreData, LEGACY_JOURNAL_FILE, readCommits, readDecisionLines, readSnapshot, type ChangeLine } from './file-store-reader.js';

type Row = Record<string, unknown>;

/** Order-independent digest of texts: the sum of their 48-bit sha-256 prefixes. */
class TextDigest {
  private sum = 0n;
  count = 0;
  add(text: string): void {
    this.sum = (this.sum + BigInt(`0x${createHash('sha256').update(text).digest('hex').slice(0, 12)}`)) % (1n << 64n);
    this.count++;
  }
  get value(): string {
    return `${this.count}:${this.sum.toString(16)}`;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface ImportSummary {
  policies: number;
  drafts: number;
  versions: number;
  users: number;
  keys: number;
  approvals: number;
  alerts: number;
  webhooks: number;
  deliveries: number;
  audit: number;
  decisions: number;
  auditChain: ChainReport;
}

export async function importFileStoreIfPresent(db: Db, dataDir: string, log: (message: string) => void): Promise<ImportSummary | null> {
  if (!(await hasFileStoreData(dataDir))) return null;
  if (db.prepare('SELECT 1 FROM imports LIMIT 1').get()) return null; // done on an earlier start
  const hasData = db.prepare('SELECT EXISTS (SELECT 1 FROM audit) OR EXISTS (SELECT 1 FROM decisions) AS n').get() as { n: number };
  if (hasData.n > 0) {
    log(`${dataDir} holds file-store data as well as a SQLite database with data of its own: the file-store data is NOT imported`);
    return null;
  }
  if (await readFile(path.join(dataDir, LEGACY_JOURNAL_FILE)).then(() => true, () => false)) {
    throw new StoreError('UNAVAILABLE', `${dataDir} holds a journal.ndjson: a data folder of creditgraph 0.1, before journal segments. Export its policies with that version, or start from an empty folder.`);
  }
  const lockPid = Number.parseInt((await readFile(path.join(dataDir, 'LOCK'), 'utf8').catch(() => '')).trim(), 10);
  if (Number.isInteger(lockPid) && lockPid > 0 && lockPid !== process.pid && isAlive(lockPid)) {
    throw new StoreError('UNAVAILABLE', `${dataDir} is in use by a file-store server (process ${lockPid}); stop it before the first start on SQLite`);
  }

  const warnings: string[] = [];
  const warn = (m: string) => {
    warnings.push(m);
    log(m);
  };

  // Read everything first (the journal holds the records whole; last write wins).
  const latest = { policy: new Map<string, Row>(), draft: new Map<string, Row>(), version: new Map<string, Row>(), user: new Map<string, Row>(), key: new Map<string, Row>(), approval: new Map<string, Row>(), alert: new Map<string, Row>(), webhook: new Map<string, Row>(), delivery: new Map<string, Row>() };
  const idOf = (c: ChangeLine) => (c.kind === 'draft' ? String(c.record.policyId) : c.kind === 'version' ? `${c.record.policyId}@${c.record.version}` : String(c.record.id));
  const audit: AuditEntry[] = [];
  let commits = 0;
  for await (const commit of readCommits(dataDir, warn)) {
    commits = commit.n;
    for (const change of commit.changes) latest[change.kind].set(idOf(change), change.record);
    if (commit.audit) audit.push(commit.audit as unknown as AuditEntry);
  }
  const snapshot = await readSnapshot(dataDir);
  const sourceChain = await verifyAuditChain(audit);

  const insert = {
    policy: db.prepare('INSERT INTO policies (id, json) VALUES (?, ?)'),
    draft: db.prepare('INSERT INTO drafts (policy_id, json) VALUES (?, ?)'),
    version: db.prepare('INSERT INTO versions (policy_id, version, summary, document) VALUES (?, ?, ?, ?)'),
    user: db.prepare('INSERT INTO users (id, json) VALUES (?, ?)'),
    key: db.prepare('INSERT INTO api_keys (id, key_hash, user_id, json) VALUES (?, ?, ?, ?)'),
    approval: db.prepare('INSERT INTO approvals (id, status, policy_id, customer_id, opened_at, due_at, revision, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    alert: db.prepare('INSERT INTO alerts (id, dedupe_key, type, policy_id, customer_id, raised_at, json) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    webhook: db.prepare('INSERT INTO webhooks (id, active, created_at, json) VALUES (?, ?, ?, ?)'),
    delivery: db.prepare('INSERT INTO deliveries (id, subscription_id, status, next_attempt_at, created_at, attempts, json) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    audit: db.prepare('INSERT INTO audit (seq, policy_id, hash, json) VALUES (?, ?, ?, ?)'),
    decision: db.prepare('INSERT INTO decisions (decision_id, policy_id, request_id, customer_id, outcome, evaluated_at, json) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    done: db.prepare('INSERT INTO imports (at, source, summary) VALUES (?, ?, ?)'),
  };
  const j = (v: unknown) => JSON.stringify(v);
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  // The decision log is streamed: it can be large. One transaction for everything: all or nothing.
  db.exec('BEGIN IMMEDIATE');
  try {
    if (db.prepare('SELECT 1 FROM imports LIMIT 1').get()) {
      db.exec('ROLLBACK'); // another process starting at the same moment imported it
      return null;
    }
    for (const r of latest.policy.values()) insert.policy.run(r.id, j(r));
    for (const r of latest.draft.values()) insert.draft.run(r.policyId, j(r));
    for (const r of latest.version.values()) {
      const { document, ...summary } = r;
      insert.version.run(r.policyId, r.version, j(summary), j(document));
    }
    for (const r of latest.user.values()) insert.user.run(r.id, j(r));
    for (const r of latest.key.values()) insert.key.run(r.id, r.keyHash, r.userId, j(r));
    for (const r of latest.approval.values()) insert.approval.run(r.id, r.status, r.policyId, r.customerId, r.openedAt, r.dueAt, r.revision, j(r));
    for (const r of latest.alert.values()) insert.alert.run(r.id, r.dedupeKey, r.type, r.policyId, r.customerId, r.raisedAt, j(r));
    for (const r of latest.webhook.values()) insert.webhook.run(r.id, r.active ? 1 : 0, r.createdAt, j(r));
    for (const r of latest.delivery.values()) insert.delivery.run(r.id, r.subscriptionId, r.status, r.nextAttemptAt, r.createdAt, r.attempts, j(r));
    for (const e of audit) insert.audit.run(e.seq, e.policyId, e.hash, j(e));

    const sourceDecisions = new TextDigest();
    const seen = new Set<string>();
    for await (const { json, record: r } of readDecisionLines(dataDir, warn)) {
      if (seen.has(String(r.decisionId))) {
        warn(`decision ${r.decisionId} appears twice in the decision log: the first one is kept`);
        continue;
      }
      seen.add(String(r.decisionId));
      insert.decision.run(r.decisionId, r.policyId, r.requestId ?? null, r.customerId ?? null, r.outcome, r.evaluatedAt, json);
      sourceDecisions.add(json);
    }

    // Checks, before anything is committed ------------------------------------------------------
    const problems: string[] = [];
    const expectCount = (table: string, expected: number) => {
      const n = count(table);
      if (n !== expected) problems.push(`${table}: ${n} imported, ${expected} in the file store`);
    };
    expectCount('policies', latest.policy.size);
    expectCount('drafts', latest.draft.size);
    expectCount('versions', latest.version.size);
    expectCount('users', latest.user.size);
    expectCount('api_keys', latest.key.size);
    expectCount('approvals', latest.approval.size);
    expectCount('alerts', latest.alert.size);
    expectCount('webhooks', latest.webhook.size);
    expectCount('deliveries', latest.delivery.size);
    expectCount('audit', audit.length);
    expectCount('decisions', sourceDecisions.count);
    // Imported decisions predate the decision-log chain: counted as unchained, not as inserted.
    db.prepare('UPDATE decision_chain_head SET unchained = unchained + ? WHERE id = 1').run(sourceDecisions.count);

    const imported = new TextDigest();
    for (const row of db.prepare('SELECT json FROM decisions').iterate() as Iterable<{ json: string }>) imported.add(row.json);
    if (imported.value !== sourceDecisions.value) problems.push('decisions: the imported texts differ from the decision log');

    for (const row of db.prepare('SELECT policy_id, version, summary, document FROM versions').iterate() as Iterable<{ policy_id: string; version: number; summary: string; document: string }>) {
      const { contentHash } = JSON.parse(row.summary) as { contentHash: string };
      if (canonicalHash(JSON.parse(row.document)) !== contentHash) problems.push(`version ${row.version} of ${row.policy_id}: its document does not match its content hash`);
    }
    for (const [id, r] of latest.policy) {
      const v = r.latestVersion as number | null;
      if (v !== null && !latest.version.has(`${id}@${v}`)) problems.push(`policy ${id}: its latest version ${v} is missing`);
    }

    const importedAudit = (db.prepare('SELECT json FROM audit ORDER BY seq').all() as { json: string }[]).map((row) => JSON.parse(row.json) as AuditEntry);
    const chain = await verifyAuditChain(importedAudit);
    if (JSON.stringify(chain) !== JSON.stringify(sourceChain)) problems.push(`audit chain: ${JSON.stringify(chain)} after import, ${JSON.stringify(sourceChain)} before`);
    const lastHash = (entries: AuditEntry[]) => (entries.length ? hashAuditEntry(entries[entries.length - 1]!) : null);
    if (lastHash(importedAudit) !== lastHash(audit)) problems.push('audit chain: the last entry differs after import');

    if (snapshot) {
      if (commits < snapshot.commits) problems.push(`journal: ${commits} commits replayed, the snapshot says ${snapshot.commits}`);
      const maps = { policies: latest.policy, drafts: latest.draft, versions: latest.version, users: latest.user, keys: latest.key, webhooks: latest.webhook };
      for (const [kind, ids] of Object.entries(snapshot.ids)) {
        const missing = ids.filter((id) => !maps[kind as keyof typeof maps].has(id));
        if (missing.length) problems.push(`${kind} in the snapshot but not in the journal: ${missing.slice(0, 5).join(', ')}`);
      }
    }
    if (problems.length) throw new StoreError('UNAVAILABLE', `importing the file-store data of ${dataDir} failed its checks, nothing was imported: ${problems.join('; ')}`);

    const summary: ImportSummary = {
      policies: latest.policy.size,
      drafts: latest.draft.size,
      versions: latest.version.size,
      users: latest.user.size,
      keys: latest.key.size,
      approvals: latest.approval.size,
      alerts: latest.alert.size,
      webhooks: latest.webhook.size,
      deliveries: latest.delivery.size,
      audit: audit.length,
      decisions: sourceDecisions.count,
      auditChain: chain,
    };
    insert.done.run(new Date().toISOString(), dataDir, j({ ...summary, warnings }));
    db.exec('COMMIT');
    log(
      `imported the file-store data of ${dataDir} into ${path.join(dataDir, DATABASE_FILE)}: ` +
        `${summary.policies} policies, ${summary.versions} versions, ${summary.drafts} drafts, ${summary.users} users, ${summary.keys} API keys, ` +
        `${summary.approvals} approval requests, ${summary.alerts} alerts, ${summary.webhooks} webhooks, ${summary.deliveries} deliveries, ` +
        `${summary.audit} audit entries (chain ${chain.intact ? 'intact' : `BROKEN at ${chain.firstBrokenSeq}, as in the source`}), ${summary.decisions} decisions — ` +
        `counts, version hashes, decision texts and the audit chain checked. The old files (journal/, decisions/, state.snapshot) are left untouched and no longer used.`,
    );
    return summary;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}
