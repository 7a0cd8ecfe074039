/**
 * Approval requests, alerts, webhooks and the outbox (deliveries): compare-and-set updates,
 * insert-if-new, and the indexed lists the workflow needs (inbox, overdue sweep, alert filters,
 * due deliveries).
 */
import { instant } from '../instant.js';
import { pageLimit } from '../pagination.js';
import type { AlertFilter, AlertRecord, ApprovalFilter, ApprovalRecord, DeliveryRecord, WebhookRecord } from '../store.js';
import type { Db } from './database.js';
import { FilteredQuery } from './query-builder.js';

const parse = <T>(rows: { json: string }[]): T[] => rows.map((r) => JSON.parse(r.json) as T);

export class WorkflowTables {
  private readonly s;
  private readonly approvals;
  private readonly alerts;
  private readonly deliveries;

  constructor(db: Db) {
    this.s = {
      getApproval: db.prepare<[string], { json: string; revision: number }>('SELECT json, revision FROM approvals WHERE id = ?'),
      insertApproval: db.prepare<[string, string, string, string | null, string, string | null, number, string]>(
        'INSERT INTO approvals (id, status, policy_id, customer_id, opened_at, due_at, revision, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      casApproval: db.prepare<[string, string, string | null, string, string | null, number, string, string, number]>(
        'UPDATE approvals SET status = ?, policy_id = ?, customer_id = ?, opened_at = ?, due_at = ?, revision = ?, json = ? WHERE id = ? AND revision = ?',
      ),
      alertKeyExists: db.prepare<[string], { id: string }>('SELECT id FROM alerts WHERE dedupe_key = ?'),
      insertAlert: db.prepare<[string, string, string, string | null, string | null, string, string]>(
        'INSERT INTO alerts (id, dedupe_key, type, policy_id, customer_id, raised_at, json) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      getWebhook: db.prepare<[string], { json: string }>('SELECT json FROM webhooks WHERE id = ?'),
      activeWebhooks: db.prepare<[], { json: string }>('SELECT json FROM webhooks WHERE active = 1 ORDER BY created_at, id'),
      putWebhook: db.prepare<[string, number, string, string]>(
        'INSERT INTO webhooks (id, active, created_at, json) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET active = excluded.active, json = excluded.json',
      ),
      getDelivery: db.prepare<[string], { json: string; attempts: number }>('SELECT json, attempts FROM deliveries WHERE id = ?'),
      putDelivery: db.prepare<[string, string, string, string | null, string, number, string]>(
        `INSERT INTO deliveries (id, subscription_id, status, next_attempt_at, created_at, attempts, json) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, next_attempt_at = excluded.next_attempt_at, attempts = excluded.attempts, json = excluded.json`,
      ),
      casDelivery: db.prepare<[string, string | null, number, string, string, number]>(
        'UPDATE deliveries SET status = ?, next_attempt_at = ?, attempts = ?, json = ? WHERE id = ? AND attempts = ?',
      ),
      pendingOf: db.prepare<[string], { json: string }>("SELECT json FROM deliveries WHERE status = 'pending' AND subscription_id = ?"),
      due: db.prepare<[string, number], { json: string }>(
        "SELECT json FROM deliveries WHERE status = 'pending' AND next_attempt_at IS NOT NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?",
      ),
    };
    this.approvals = new FilteredQuery(db, 'SELECT json FROM approvals', 'opened_at, id');
    this.alerts = new FilteredQuery(db, 'SELECT json FROM alerts', 'raised_at DESC, id DESC');
    this.deliveries = new FilteredQuery(db, 'SELECT json FROM deliveries', 'created_at DESC, id DESC');
  }

  // Approval requests ---------------------------------------------------------------------------

  getApproval(id: string): ApprovalRecord | null {
    const row = this.s.getApproval.get(id);
    return row ? (JSON.parse(row.json) as ApprovalRecord) : null;
  }

  /** False when the id is taken. */
  insertApproval(a: ApprovalRecord): boolean {
    if (this.s.getApproval.get(a.id)) return false;
    this.s.insertApproval.run(a.id, a.status, a.policyId, a.customerId, a.openedAt, a.dueAt, a.revision, JSON.stringify(a));
    return true;
  }

  /** Replaces the request if its stored revision is `expect`: 'missing', 'moved' (someone else changed it) or 'ok'. */
  replaceApproval(a: ApprovalRecord, expect: number): 'ok' | 'missing' | 'moved' {
    const { changes } = this.s.casApproval.run(a.status, a.policyId, a.customerId, a.openedAt, a.dueAt, a.revision, JSON.stringify(a), a.id, expect);
    if (changes === 1) return 'ok';
    return this.s.getApproval.get(a.id) ? 'moved' : 'missing';
  }

  listApprovals(f: ApprovalFilter): ApprovalRecord[] {
    return parse(
      this.approvals.all([
        ['status = ?', f.status],
        ['policy_id = ?', f.policyId],
        ['customer_id = ?', f.customerId],
        ['due_at IS NOT NULL AND due_at <= ?', f.dueBy === undefined ? undefined : instant(f.dueBy)],
        ["json_extract(json, '$.outcome.reviewDate') IS NOT NULL AND json_extract(json, '$.outcome.reviewDate') <= ?", f.reviewDueBy === undefined ? undefined : instant(f.reviewDueBy)],
      ]),
    );
  }

  // Alerts ----------------------------------------------------------------------------------------

  hasAlertKey(dedupeKey: string): boolean {
    return this.s.alertKeyExists.get(dedupeKey) !== undefined;
  }

  insertAlert(a: AlertRecord): void {
    this.s.insertAlert.run(a.id, a.dedupeKey, a.type, a.policyId, a.customerId, a.raisedAt, JSON.stringify(a));
  }

  listAlerts(f: AlertFilter): AlertRecord[] {
    return parse(
      this.alerts.all(
        [
          ['type = ?', f.type],
          ['policy_id = ?', f.policyId],
          ['customer_id = ?', f.customerId],
          ['raised_at >= ?', f.from === undefined ? undefined : instant(f.from)],
        ],
        pageLimit(f.limit),
      ),
    );
  }

  // Webhooks and deliveries -----------------------------------------------------------------------

  getWebhook(id: string): WebhookRecord | null {
    const row = this.s.getWebhook.get(id);
    return row ? (JSON.parse(row.json) as WebhookRecord) : null;
  }

  listActiveWebhooks(): WebhookRecord[] {
    return parse(this.s.activeWebhooks.all());
  }

  putWebhook(w: WebhookRecord): void {
    this.s.putWebhook.run(w.id, w.active ? 1 : 0, w.createdAt, JSON.stringify(w));
  }

  getDelivery(id: string): DeliveryRecord | null {
    const row = this.s.getDelivery.get(id);
    return row ? (JSON.parse(row.json) as DeliveryRecord) : null;
  }

  putDelivery(d: DeliveryRecord): void {
    this.s.putDelivery.run(d.id, d.subscriptionId, d.status, d.nextAttemptAt, d.createdAt, d.attempts, JSON.stringify(d));
  }

  /** Saves an attempt if the stored attempts count is `expect`. */
  replaceDelivery(d: DeliveryRecord, expect: number): 'ok' | 'missing' | 'moved' {
    const { changes } = this.s.casDelivery.run(d.status, d.nextAttemptAt, d.attempts, JSON.stringify(d), d.id, expect);
    if (changes === 1) return 'ok';
    return this.s.getDelivery.get(d.id) ? 'moved' : 'missing';
  }

  pendingDeliveriesOf(subscriptionId: string): DeliveryRecord[] {
    return parse(this.s.pendingOf.all(subscriptionId));
  }

  dueDeliveries(now: string, limit: number): DeliveryRecord[] {
    return parse(this.s.due.all(instant(now), limit));
  }

  listDeliveries(f: { subscriptionId?: string; status?: DeliveryRecord['status']; limit?: number }): DeliveryRecord[] {
    return parse(
      this.deliveries.all(
        [
          ['subscription_id = ?', f.subscriptionId],
          ['status = ?', f.status],
        ],
        pageLimit(f.limit),
      ),
    );
  }
}
