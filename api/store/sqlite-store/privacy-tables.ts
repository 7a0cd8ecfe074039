/**
 * Personal data kept apart (migration 2): customer salts, and the primitives of erasure and
 * retention — rewrite a customer's decisions (the domain says how), drop the customer id from its
 * approval requests, alerts and webhook deliveries, destroy its salt. Call inside a write transaction.
 */
import { randomBytes } from 'node:crypto';
import type { DecisionRecord } from '../store.js';
import type { Db } from './database.js';

type Json = Record<string, unknown>;

export class PrivacyTables {
  private readonly s;

  constructor(private readonly db: Db) {
    // Deleted and overwritten content is zeroed in the file, not left in free space.
    db.pragma('secure_delete = ON');
    this.s = {
      salt: db.prepare<[string], { salt: string }>('SELECT salt FROM customer_salts WHERE customer_id = ?'),
      addSalt: db.prepare<[string, string, string]>('INSERT INTO customer_salts (customer_id, salt, created_at) VALUES (?, ?, ?) ON CONFLICT (customer_id) DO NOTHING'),
      dropSalt: db.prepare<[string]>('DELETE FROM customer_salts WHERE customer_id = ?'),
      decisionsOf: db.prepare<[string], { decision_id: string; json: string }>('SELECT decision_id, json FROM decisions WHERE customer_id = ?'),
      decisionsBefore: db.prepare<[string, number], { decision_id: string; json: string }>(
        // Erased ones have no customer id; those without one from the start are found by their facts.
        "SELECT decision_id, json FROM decisions WHERE evaluated_at < ? AND (customer_id IS NOT NULL OR json NOT LIKE '%\"erasedAt\":%') ORDER BY evaluated_at LIMIT ?",
      ),
      rewriteDecision: db.prepare<[string, string]>('UPDATE decisions SET customer_id = NULL, json = ? WHERE decision_id = ?'),
      approvalsOf: db.prepare<[string], { id: string; json: string }>('SELECT id, json FROM approvals WHERE customer_id = ?'),
      rewriteApproval: db.prepare<[string, string]>('UPDATE approvals SET customer_id = NULL, json = ? WHERE id = ?'),
      alertsOf: db.prepare<[string], { id: string; json: string }>('SELECT id, json FROM alerts WHERE customer_id = ?'),
      rewriteAlert: db.prepare<[string, string]>('UPDATE alerts SET customer_id = NULL, json = ? WHERE id = ?'),
      deliveriesOf: db.prepare<[string], { id: string; json: string }>('SELECT id, json FROM deliveries WHERE instr(json, ?) > 0'),
      approvalsBefore: db.prepare<[string, string, string, number], { json: string }>(
        'SELECT json FROM approvals WHERE customer_id IS NOT NULL AND opened_at < ? AND (opened_at, id) > (?, ?) ORDER BY opened_at, id LIMIT ?',
      ),
      alertsBefore: db.prepare<[string, string, string, number], { json: string }>(
        'SELECT json FROM alerts WHERE customer_id IS NOT NULL AND raised_at < ? AND (raised_at, id) > (?, ?) ORDER BY raised_at, id LIMIT ?',
      ),
      approval: db.prepare<[string], { json: string }>('SELECT json FROM approvals WHERE id = ? AND customer_id IS NOT NULL'),
      alert: db.prepare<[string], { json: string }>('SELECT json FROM alerts WHERE id = ? AND customer_id IS NOT NULL'),
      rewriteDelivery: db.prepare<[string, string]>('UPDATE deliveries SET json = ? WHERE id = ?'),
    };
  }

  salts(customerIds: string[], create: boolean, at: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const id of customerIds) {
      let salt = this.s.salt.get(id)?.salt;
      if (!salt && create) {
        this.s.addSalt.run(id, randomBytes(32).toString('hex'), at);
        salt = this.s.salt.get(id)!.salt;
      }
      if (salt) out[id] = salt;
    }
    return out;
  }

  /** Bulk loading: a salt made by the caller (kept if the customer has one). */
  putSalt(customerId: string, salt: string, at: string): void {
    this.s.addSalt.run(customerId, salt, at);
  }

  erase(customerId: string, anonymise: (r: DecisionRecord) => DecisionRecord): { decisions: number; approvals: number; alerts: number } {
    const decisions = this.s.decisionsOf.all(customerId);
    for (const row of decisions) this.s.rewriteDecision.run(JSON.stringify(anonymise(JSON.parse(row.json) as DecisionRecord)), row.decision_id);
    const approvals = this.s.approvalsOf.all(customerId);
    for (const row of approvals) this.s.rewriteApproval.run(JSON.stringify({ ...(JSON.parse(row.json) as Json), customerId: null }), row.id);
    const alerts = this.s.alertsOf.all(customerId);
    for (const row of alerts) this.s.rewriteAlert.run(JSON.stringify({ ...(JSON.parse(row.json) as Json), customerId: null }), row.id);
    // Webhook deliveries carry the approval or alert they announced.
    for (const row of this.s.deliveriesOf.all(JSON.stringify(customerId))) {
      const d = JSON.parse(row.json) as { payload?: { approval?: Json; alert?: Json } };
      for (const part of [d.payload?.approval, d.payload?.alert]) if (part && part.customerId === customerId) part.customerId = null;
      this.s.rewriteDelivery.run(JSON.stringify(d), row.id);
    }
    this.s.dropSalt.run(customerId);
    return { decisions: decisions.length, approvals: approvals.length, alerts: alerts.length };
  }

  /** Approval requests or alerts that still name a customer, oldest first (keyset after `after`). */
  customerRecordsBefore(kind: 'approvals' | 'alerts', before: string, after: { at: string; id: string } | null, limit: number): unknown[] {
    const stmt = kind === 'approvals' ? this.s.approvalsBefore : this.s.alertsBefore;
    return stmt.all(before, after?.at ?? '', after?.id ?? '', limit).map((r) => JSON.parse(r.json) as unknown);
  }

  /** The customer id removed from these approval requests and alerts, and from the deliveries that announced them. */
  removeCustomerIds(approvalIds: string[], alertIds: string[]): { approvals: number; alerts: number } {
    const counts = { approvals: 0, alerts: 0 };
    const rewrite = (kind: 'approvals' | 'alerts', id: string) => {
      const row = (kind === 'approvals' ? this.s.approval : this.s.alert).get(id);
      if (!row) return; // gone, or without a customer already
      const record = JSON.parse(row.json) as Json;
      const customerId = record.customerId;
      (kind === 'approvals' ? this.s.rewriteApproval : this.s.rewriteAlert).run(JSON.stringify({ ...record, customerId: null }), id);
      counts[kind]++;
      for (const d of this.s.deliveriesOf.all(JSON.stringify(id))) {
        const delivery = JSON.parse(d.json) as { payload?: { approval?: Json; alert?: Json } };
        const part = kind === 'approvals' ? delivery.payload?.approval : delivery.payload?.alert;
        if (part && part.id === id && part.customerId === customerId) {
          part.customerId = null;
          this.s.rewriteDelivery.run(JSON.stringify(delivery), d.id);
        }
      }
    };
    for (const id of approvalIds) rewrite('approvals', id);
    for (const id of alertIds) rewrite('alerts', id);
    return counts;
  }

  /** After an erasure commits: old page versions leave the WAL (copied back, then the WAL emptied). */
  flushWal(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  anonymiseBefore(before: string, limit: number, anonymise: (r: DecisionRecord) => DecisionRecord): number {
    let n = 0;
    for (const row of this.s.decisionsBefore.all(before, limit)) {
      const record = JSON.parse(row.json) as DecisionRecord;
      if (record.erasedAt) continue;
      this.s.rewriteDecision.run(JSON.stringify(anonymise(record)), row.decision_id);
      n++;
    }
    return n;
  }
}
