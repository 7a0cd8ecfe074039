/** Indexes created at init(): uniqueness rules the store relies on, and the decision-log queries. */
import type { Db } from 'mongodb';

export const COLLECTIONS = {
  policies: 'policies',
  drafts: 'drafts',
  versions: 'versions',
  audit: 'audit',
  decisions: 'decisions',
  users: 'users',
  apikeys: 'apikeys',
  approvals: 'approvals',
  alerts: 'alerts',
  webhooks: 'webhooks',
  deliveries: 'deliveries',
  leases: 'leases',
  /** One document per sequence: the audit trail's next seq and previous hash (`audit`), the decision log's chain head (`decisionChain`). */
  counters: 'counters',
  simulationJobs: 'simulation_jobs',
  /** One random salt per customer (decision seals, audit pseudonyms); deleted by an erasure. */
  customerSalts: 'customer_salts',
} as const;

export async function ensureIndexes(db: Db): Promise<void> {
  await Promise.all([
    db.collection(COLLECTIONS.versions).createIndex({ policyId: 1, version: 1 }, { unique: true, name: 'versions_policy_version_unique' }),
    db.collection(COLLECTIONS.audit).createIndex({ seq: 1 }, { unique: true, name: 'audit_seq_unique' }),
    db.collection(COLLECTIONS.audit).createIndex({ policyId: 1, seq: -1 }, { name: 'audit_policy_seq' }),
    db.collection(COLLECTIONS.decisions).createIndex({ decisionId: 1 }, { unique: true, name: 'decisions_id_unique' }),
    db.collection(COLLECTIONS.decisions).createIndex(
      { policyId: 1, requestId: 1 },
      // Only decisions that carry a requestId take part in idempotency.
      { unique: true, partialFilterExpression: { requestId: { $type: 'string' } }, name: 'decisions_request_unique' },
    ),
    // evaluatedAt and raisedAt are BSON Dates (mongo-documents.ts), so a TTL index on them is possible.
    // None is created: retention is the domain's (it anonymises, or prunes the chained log verifiably; CREDITGRAPH_RETENTION_DAYS).
    db.collection(COLLECTIONS.decisions).createIndex({ evaluatedAt: -1, decisionId: -1 }, { name: 'decisions_time' }),
    db.collection(COLLECTIONS.decisions).createIndex({ policyId: 1, evaluatedAt: -1, decisionId: -1 }, { name: 'decisions_policy_time' }),
    db.collection(COLLECTIONS.decisions).createIndex({ customerId: 1, evaluatedAt: -1, decisionId: -1 }, { name: 'decisions_customer_time' }),
    // A customer's previous decision under a policy: looked up on every decision with a customerId.
    db.collection(COLLECTIONS.decisions).createIndex({ policyId: 1, customerId: 1, evaluatedAt: -1, decisionId: -1 }, { name: 'decisions_policy_customer_time' }),
    db.collection(COLLECTIONS.decisions).createIndex({ outcome: 1, evaluatedAt: -1, decisionId: -1 }, { name: 'decisions_outcome_time' }),
    db.collection(COLLECTIONS.apikeys).createIndex({ keyHash: 1 }, { unique: true, name: 'apikeys_hash_unique' }),
    db.collection(COLLECTIONS.apikeys).createIndex({ userId: 1 }, { name: 'apikeys_user' }),
    db.collection(COLLECTIONS.approvals).createIndex({ status: 1, openedAt: 1, _id: 1 }, { name: 'approvals_status_opened' }),
    db.collection(COLLECTIONS.approvals).createIndex({ customerId: 1, openedAt: 1 }, { name: 'approvals_customer' }),
    db.collection(COLLECTIONS.approvals).createIndex({ status: 1, dueAt: 1 }, { name: 'approvals_status_due' }),
    // Retention's candidates, oldest first (alerts use alerts_time backwards).
    db.collection(COLLECTIONS.approvals).createIndex({ openedAt: 1, _id: 1 }, { name: 'approvals_opened' }),
    db.collection(COLLECTIONS.approvals).createIndex({ status: 1, reviewDate: 1 }, { name: 'approvals_status_review' }),
    db.collection(COLLECTIONS.approvals).createIndex({ policyId: 1, customerId: 1, status: 1 }, { name: 'approvals_policy_customer' }),
    // Raising the same situation twice stores one alert: the unique key is the arbiter.
    db.collection(COLLECTIONS.alerts).createIndex({ dedupeKey: 1 }, { unique: true, name: 'alerts_dedupe_unique' }),
    db.collection(COLLECTIONS.alerts).createIndex({ raisedAt: -1, _id: -1 }, { name: 'alerts_time' }),
    db.collection(COLLECTIONS.alerts).createIndex({ type: 1, raisedAt: -1, _id: -1 }, { name: 'alerts_type_time' }),
    db.collection(COLLECTIONS.alerts).createIndex({ policyId: 1, raisedAt: -1, _id: -1 }, { name: 'alerts_policy_time' }),
    db.collection(COLLECTIONS.alerts).createIndex({ customerId: 1, raisedAt: -1, _id: -1 }, { name: 'alerts_customer_time' }),
    db.collection(COLLECTIONS.deliveries).createIndex({ status: 1, nextAttemptAt: 1 }, { name: 'deliveries_due' }),
    db.collection(COLLECTIONS.deliveries).createIndex({ subscriptionId: 1, createdAt: -1 }, { name: 'deliveries_subscription' }),
    db.collection(COLLECTIONS.simulationJobs).createIndex({ policyId: 1, createdAt: -1, _id: -1 }, { name: 'simulation_jobs_policy' }),
    db.collection(COLLECTIONS.simulationJobs).createIndex({ status: 1, leaseUntil: 1 }, { name: 'simulation_jobs_status' }),
    db.collection(COLLECTIONS.simulationJobs).createIndex({ status: 1, createdAt: -1, _id: -1 }, { name: 'simulation_jobs_finished' }),
  ]);
}
