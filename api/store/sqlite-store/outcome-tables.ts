/**
 * Outcomes and monitoring settings (migration "outcomes"): insert-if-new on the idempotency key,
 * the outcomes of a set of decisions and customers, and the erasure of a customer's outcomes.
 * Call the writers inside a write transaction.
 */
import type { MonitoringSettingsRecord, StoredOutcome } from '../outcome-store.js';
import type { Db } from './database.js';

/** Bound parameters per IN list (SQLite's limit is 32,766; smaller keeps statements cheap). */
const CHUNK = 500;

const chunks = <T>(xs: readonly T[]): T[][] => Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));

export class OutcomeTables {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      insert: db.prepare<[string, string, string | null, string | null, string | null, string, string, string]>(
        'INSERT INTO outcomes (outcome_id, idempotency_key, customer_id, decision_id, policy_id, date, reported_at, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      byKey: db.prepare<[string], { json: string }>('SELECT json FROM outcomes WHERE idempotency_key = ?'),
      byId: db.prepare<[string], { json: string }>('SELECT json FROM outcomes WHERE outcome_id = ?'),
      ofCustomer: db.prepare<[string], { outcome_id: string; json: string }>('SELECT outcome_id, json FROM outcomes WHERE customer_id = ?'),
      rewrite: db.prepare<[string, string, string]>('UPDATE outcomes SET customer_id = NULL, idempotency_key = ?, json = ? WHERE outcome_id = ?'),
      getSettings: db.prepare<[string], { json: string }>('SELECT json FROM monitoring_settings WHERE policy_id = ?'),
      putSettings: db.prepare<[string, string]>('INSERT INTO monitoring_settings (policy_id, json) VALUES (?, ?) ON CONFLICT (policy_id) DO UPDATE SET json = excluded.json'),
    };
  }

  byKey(key: string): StoredOutcome | null {
    const row = this.s.byKey.get(key);
    return row ? (JSON.parse(row.json) as StoredOutcome) : null;
  }

  exists(outcome: StoredOutcome): boolean {
    return this.s.byKey.get(outcome.idempotencyKey) !== undefined || this.s.byId.get(outcome.outcomeId) !== undefined;
  }

  insert(o: StoredOutcome): void {
    this.s.insert.run(o.outcomeId, o.idempotencyKey, o.customerId, o.decisionId, o.policyId, o.date, o.reportedAt, JSON.stringify(o));
  }

  outcomesFor(decisionIds: readonly string[], customerIds: readonly string[]): StoredOutcome[] {
    const found = new Map<string, StoredOutcome>();
    const collect = (rows: { outcome_id: string; json: string }[]) => {
      for (const r of rows) found.set(r.outcome_id, JSON.parse(r.json) as StoredOutcome);
    };
    for (const ids of chunks([...new Set(decisionIds)]))
      collect(this.db.prepare<string[], { outcome_id: string; json: string }>(`SELECT outcome_id, json FROM outcomes WHERE decision_id IN (${ids.map(() => '?').join(',')})`).all(...ids));
    for (const ids of chunks([...new Set(customerIds)]))
      collect(
        this.db
          .prepare<string[], { outcome_id: string; json: string }>(`SELECT outcome_id, json FROM outcomes WHERE decision_id IS NULL AND customer_id IN (${ids.map(() => '?').join(',')})`)
          .all(...ids),
      );
    return [...found.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.outcomeId < b.outcomeId ? -1 : a.outcomeId > b.outcomeId ? 1 : 0));
  }

  /** The customer's outcomes lose their customer id, their natural key and their body hash (both derived from it). */
  erase(customerId: string, at: string): number {
    const rows = this.s.ofCustomer.all(customerId);
    for (const row of rows) {
      const o = JSON.parse(row.json) as StoredOutcome;
      const erased: StoredOutcome = { ...o, customerId: null, idempotencyKey: `erased:${o.outcomeId}`, bodyHash: null, erasedAt: at };
      this.s.rewrite.run(erased.idempotencyKey, JSON.stringify(erased), row.outcome_id);
    }
    return rows.length;
  }

  getSettings(policyId: string): MonitoringSettingsRecord | null {
    const row = this.s.getSettings.get(policyId);
    return row ? (JSON.parse(row.json) as MonitoringSettingsRecord) : null;
  }

  putSettings(settings: MonitoringSettingsRecord): void {
    this.s.putSettings.run(settings.policyId, JSON.stringify(settings));
  }
}
