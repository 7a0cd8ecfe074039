/**
 * Outcomes: what happened to a customer after a decision, as the ERP reports it (paid on time, a
 * payment reached so many days past due, a declared default, a write-off), and the per-policy
 * monitoring settings (alert thresholds). Persistence only: the domain (api/domain/outcomes.ts)
 * validates, builds the idempotency key and the audit event; the store checks that keys are new.
 *
 * Personal data: `customerId` (and the natural idempotency key derived from it). Erasure of a
 * customer clears both (SQLite: in the same commit as the decisions; docs/privacy.md).
 */

/** The audit event a change commits with (the shape of store.ts's AuditEvent, restated: store.ts imports this file). */
export interface OutcomeAuditEvent {
  action: string;
  policyId?: string | null;
  details?: Record<string, unknown>;
  audit: { actor: string; comment?: string; details?: Record<string, unknown> };
}

export type OutcomeKind = 'paidOnTime' | 'pastDue' | 'default' | 'writtenOff';

export interface StoredOutcome {
  /** The server's id (`out_…`). */
  outcomeId: string;
  /**
   * Unique: `item:<the sender's outcomeId>` or `natural:<sha-256 of customer, decision, kind, date>`;
   * `erased:<outcomeId>` once the customer's data was erased.
   */
  idempotencyKey: string;
  /** sha-256 of the canonical item as reported: a replay of its key with another body is a conflict. Null once erased. */
  bodyHash: string | null;
  customerId: string | null;
  kind: OutcomeKind;
  /** YYYY-MM-DD: the day it happened. */
  date: string;
  /** pastDue (allowed on default and writtenOff): days past due reached. */
  daysPastDue: number | null;
  amount: number | null;
  /** The decision it follows, when the sender named it. */
  decisionId: string | null;
  /** That decision's policy (null without a decision). */
  policyId: string | null;
  reportedBy: string;
  reportedAt: string;
  /** When its personal data was erased. */
  erasedAt?: string;
}

/** What the policy owner sets for the monitoring pass (absent record: the defaults). */
export interface MonitoringSettingsRecord {
  policyId: string;
  /** Population stability index from which a warning is raised (conventional 0.10). */
  psiWarn: number;
  /** … and a critical alert (conventional 0.25). */
  psiAlert: number;
  /** Highest acceptable bad rate per risk class (0–1); a class above it raises an alert. */
  classBadRates: Record<string, number>;
  /** Days of decisions the pass compares with the same number of days before them. */
  windowDays: number;
  /** Cells with fewer observed decisions are not alerted on (a rate on 5 customers is noise). */
  minCount: number;
  /** When a granted customer counts as bad (absent: 90+ days past due within 12 months). */
  defaultDefinition?: { daysPastDue: number; withinMonths: number };
  /** Expected bad rate per class, for calibration (Jeffreys test). */
  expectedBadRates?: Record<string, number>;
  /** Score band edges, increasing (absent: ten equal bands over the scorecard's scale). */
  scoreBands?: number[];
  updatedAt: string;
  updatedBy: string;
}

export interface OutcomeStore {
  /** The stored outcomes having these idempotency keys. */
  outcomesByKey(keys: string[]): Promise<StoredOutcome[]>;
  /**
   * Store these outcomes (each with a new key and id) in one commit with the audit event. CONFLICT,
   * and nothing written, when a key or id is stored already or repeated (someone reported it meanwhile).
   */
  insertOutcomes(input: { outcomes: StoredOutcome[]; audit: OutcomeAuditEvent }): Promise<StoredOutcome[]>;
  /** Outcomes naming one of these decisions, and outcomes naming no decision whose customer is one of these; by date, then id. */
  outcomesFor(input: { decisionIds: string[]; customerIds: string[] }): Promise<StoredOutcome[]>;
  getMonitoringSettings(policyId: string): Promise<MonitoringSettingsRecord | null>;
  /** Replace a policy's settings, with its audit event. */
  putMonitoringSettings(input: { settings: MonitoringSettingsRecord; audit: OutcomeAuditEvent }): Promise<MonitoringSettingsRecord>;
}
