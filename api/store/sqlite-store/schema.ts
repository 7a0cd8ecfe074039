/**
 * The schema, versioned in code: migration N brings a database from user_version N-1 to N, in one
 * transaction. A database newer than this code is refused rather than misread.
 *
 * Records are kept whole as JSON text (exact round-trips, keys like "$ref" or "a.b" included);
 * the columns beside them are what the API filters and orders by, each query with its index.
 */
import type Database from 'better-sqlite3';

const MIGRATIONS: string[] = [
  // 1: the first schema.
  `
  CREATE TABLE policies (id TEXT PRIMARY KEY, json TEXT NOT NULL);
  CREATE TABLE drafts (policy_id TEXT PRIMARY KEY, json TEXT NOT NULL);
  CREATE TABLE versions (
    policy_id TEXT NOT NULL, version INTEGER NOT NULL,
    summary TEXT NOT NULL, document TEXT NOT NULL,
    PRIMARY KEY (policy_id, version)
  );

  CREATE TABLE audit (seq INTEGER PRIMARY KEY, policy_id TEXT, hash TEXT NOT NULL, json TEXT NOT NULL);
  CREATE INDEX audit_by_policy ON audit (policy_id, seq);

  CREATE TABLE decisions (
    decision_id TEXT NOT NULL UNIQUE,
    policy_id TEXT NOT NULL, request_id TEXT, customer_id TEXT, outcome TEXT NOT NULL,
    evaluated_at TEXT NOT NULL, json TEXT NOT NULL
  );
  CREATE UNIQUE INDEX decisions_by_request ON decisions (policy_id, request_id) WHERE request_id IS NOT NULL;
  CREATE INDEX decisions_newest ON decisions (evaluated_at, decision_id);
  CREATE INDEX decisions_by_policy ON decisions (policy_id, evaluated_at, decision_id);
  CREATE INDEX decisions_by_customer ON decisions (customer_id, evaluated_at, decision_id);
  CREATE INDEX decisions_by_policy_customer ON decisions (policy_id, customer_id, evaluated_at, decision_id);
  CREATE INDEX decisions_by_outcome ON decisions (outcome, evaluated_at, decision_id);

  CREATE TABLE users (id TEXT PRIMARY KEY, json TEXT NOT NULL);
  CREATE TABLE api_keys (id TEXT PRIMARY KEY, key_hash TEXT NOT NULL UNIQUE, user_id TEXT NOT NULL, json TEXT NOT NULL);
  CREATE INDEX api_keys_by_user ON api_keys (user_id);

  CREATE TABLE approvals (
    id TEXT PRIMARY KEY, status TEXT NOT NULL, policy_id TEXT NOT NULL, customer_id TEXT,
    opened_at TEXT NOT NULL, due_at TEXT, revision INTEGER NOT NULL, json TEXT NOT NULL
  );
  CREATE INDEX approvals_oldest ON approvals (opened_at, id);
  CREATE INDEX approvals_due ON approvals (status, due_at) WHERE due_at IS NOT NULL;
  CREATE INDEX approvals_by_status ON approvals (status, opened_at, id);
  CREATE INDEX approvals_by_policy ON approvals (policy_id, opened_at, id);
  CREATE INDEX approvals_by_customer ON approvals (customer_id, opened_at, id);

  CREATE TABLE alerts (
    id TEXT PRIMARY KEY, dedupe_key TEXT NOT NULL UNIQUE, type TEXT NOT NULL, policy_id TEXT, customer_id TEXT,
    raised_at TEXT NOT NULL, json TEXT NOT NULL
  );
  CREATE INDEX alerts_newest ON alerts (raised_at, id);
  CREATE INDEX alerts_by_type ON alerts (type, raised_at, id);
  CREATE INDEX alerts_by_policy ON alerts (policy_id, raised_at, id);
  CREATE INDEX alerts_by_customer ON alerts (customer_id, raised_at, id);

  CREATE TABLE webhooks (id TEXT PRIMARY KEY, active INTEGER NOT NULL, created_at TEXT NOT NULL, json TEXT NOT NULL);

  CREATE TABLE deliveries (
    id TEXT PRIMARY KEY, subscription_id TEXT NOT NULL, status TEXT NOT NULL, next_attempt_at TEXT,
    created_at TEXT NOT NULL, attempts INTEGER NOT NULL, json TEXT NOT NULL
  );
  CREATE INDEX deliveries_due ON deliveries (next_attempt_at, id) WHERE status = 'pending';
  CREATE INDEX deliveries_newest ON deliveries (created_at, id);
  CREATE INDEX deliveries_by_subscription ON deliveries (subscription_id, created_at, id);
  CREATE INDEX deliveries_by_status ON deliveries (status, created_at, id);

  -- What was imported from a file-store data folder (one row per import), for the log and support.
  CREATE TABLE imports (at TEXT NOT NULL, source TEXT NOT NULL, summary TEXT NOT NULL);
  `,
  // 2: personal data kept apart (privacy-tables.ts): one random salt per customer, destroyed by
  // erasure; decisions found by age for retention.
  `
  CREATE TABLE customer_salts (customer_id TEXT PRIMARY KEY, salt TEXT NOT NULL, created_at TEXT NOT NULL);
  `,
  // 3: leases and simulation jobs (instances that cooperate on one store; coordination-tables.ts).
  `
  CREATE TABLE leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, acquired_at TEXT NOT NULL, expires_at TEXT NOT NULL);

  CREATE TABLE simulation_jobs (
    job_id TEXT PRIMARY KEY, policy_id TEXT NOT NULL, status TEXT NOT NULL, owner TEXT NOT NULL,
    lease_until TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    state TEXT NOT NULL, result BLOB
  );
  CREATE INDEX simulation_jobs_by_policy ON simulation_jobs (policy_id, created_at, job_id);
  CREATE INDEX simulation_jobs_by_status ON simulation_jobs (status, lease_until);
  CREATE INDEX simulation_jobs_finished ON simulation_jobs (created_at, job_id) WHERE status IN ('done', 'failed');
  -- The review sweep reads only the approved requests past their review date.
  CREATE INDEX approvals_review ON approvals (status, json_extract(json, '$.outcome.reviewDate')) WHERE json_extract(json, '$.outcome.reviewDate') IS NOT NULL;
  `,
  // 4: decision-log chain (decision-chain-tables.ts): one keyed link per decision appended, in commit
  // order, and the head; decisions logged before it are counted (`unchained`): more would be inserted ones.
  `
  CREATE TABLE decision_chain (seq INTEGER PRIMARY KEY, decision_id TEXT NOT NULL UNIQUE, record_hash TEXT, mac TEXT NOT NULL);
  CREATE TABLE decision_chain_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, mac TEXT NOT NULL, pruned_seq INTEGER NOT NULL, pruned_mac TEXT NOT NULL, unchained INTEGER NOT NULL);
  INSERT INTO decision_chain_head (id, seq, mac, pruned_seq, pruned_mac, unchained) SELECT 1, 0, '', 0, '', count(*) FROM decisions;
  `,
  // 5: customers — the customer credit file, its open items and exposure snapshots (customer-tables.ts).
  `
  CREATE TABLE IF NOT EXISTS customers (
    customer_id TEXT PRIMARY KEY, parent_id TEXT, country TEXT, name_key TEXT NOT NULL, review_date TEXT,
    etag TEXT NOT NULL, json TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS customers_by_parent ON customers (parent_id, customer_id) WHERE parent_id IS NOT NULL;
  CREATE INDEX IF NOT EXISTS customers_by_country ON customers (country, customer_id);
  CREATE INDEX IF NOT EXISTS customers_by_name ON customers (name_key, customer_id);
  CREATE INDEX IF NOT EXISTS customers_review ON customers (review_date, customer_id) WHERE review_date IS NOT NULL;
  CREATE TABLE IF NOT EXISTS customer_open_items (
    item_id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, status TEXT NOT NULL, due_date TEXT NOT NULL, json TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS customer_open_items_by_customer ON customer_open_items (customer_id, status, due_date, item_id);
  CREATE TABLE IF NOT EXISTS customer_exposures (customer_id TEXT PRIMARY KEY, json TEXT NOT NULL);
  `,
  // 6: experiments — champion/challenger (experiment-tables.ts), at most one open per policy.
  `
  CREATE TABLE experiments (
    id TEXT PRIMARY KEY, policy_id TEXT NOT NULL, status TEXT NOT NULL, open_policy TEXT,
    proposed_at TEXT NOT NULL, revision INTEGER NOT NULL, json TEXT NOT NULL
  );
  CREATE UNIQUE INDEX experiments_one_open ON experiments (open_policy) WHERE open_policy IS NOT NULL;
  CREATE INDEX experiments_by_policy ON experiments (policy_id, proposed_at, id);
  CREATE INDEX experiments_newest ON experiments (proposed_at, id);
  `,
  // 7: outcomes — what happened to customers after decisions (outcome-tables.ts), and the
  // per-policy monitoring settings (alert thresholds).
  `
  CREATE TABLE IF NOT EXISTS outcomes (
    outcome_id TEXT PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE, customer_id TEXT, decision_id TEXT, policy_id TEXT,
    date TEXT NOT NULL, reported_at TEXT NOT NULL, json TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS outcomes_by_decision ON outcomes (decision_id) WHERE decision_id IS NOT NULL;
  CREATE INDEX IF NOT EXISTS outcomes_by_customer ON outcomes (customer_id, date) WHERE customer_id IS NOT NULL;
  CREATE TABLE IF NOT EXISTS monitoring_settings (policy_id TEXT PRIMARY KEY, json TEXT NOT NULL);
  `,
  // 8: review campaigns — one row per run, unique by its pass key (campaign-tables.ts).
  `
  CREATE TABLE IF NOT EXISTS campaigns (campaign_id TEXT PRIMARY KEY, pass_key TEXT NOT NULL UNIQUE, started_at TEXT NOT NULL, json TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS campaigns_newest ON campaigns (started_at, campaign_id);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function migrate(db: Database.Database): void {
  // Under the write lock: two processes starting together do not both migrate.
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > SCHEMA_VERSION) {
      throw Object.assign(new Error(`the database has schema version ${current}, newer than this creditgraph (${SCHEMA_VERSION}); upgrade creditgraph`), { code: 'SCHEMA_NEWER' });
    }
    for (let v = current; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    if (current !== SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
