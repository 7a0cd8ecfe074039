/**
 * Champion/challenger experiments (issue 22): a policy's active version (the champion) with a
 * published challenger version answering a share of its traffic, the other arm evaluated in
 * shadow. The records and their lifecycle rules are the domain's (api/domain/experiments.ts);
 * the store keeps them, compare-and-sets them on `revision`, and guarantees one thing only
 * persistence can guarantee under concurrency: a policy has at most one OPEN experiment
 * (status 'proposed' or 'running').
 */
/** proposed → running (second approver) → stopped | promoted; a proposal may also be withdrawn (stopped). */
export type ExperimentStatus = 'proposed' | 'running' | 'stopped' | 'promoted';

/** The statuses that hold the policy's one experiment slot. */
export const OPEN_EXPERIMENT_STATUSES: readonly ExperimentStatus[] = ['proposed', 'running'];

/** A change of a running experiment waiting for a second approver (four eyes). */
export interface ExperimentChange {
  kind: 'share' | 'stop';
  /** The new challenger share in percent (kind 'share'), else null. */
  share: number | null;
  proposedBy: string;
  proposedAt: string;
  comment: string;
}

/** One step of an experiment's life, oldest first (the audit trail has the same, hash-chained). */
export interface ExperimentStep {
  at: string;
  by: string;
  action: 'proposed' | 'approved' | 'changeProposed' | 'changeApproved' | 'changeWithdrawn' | 'withdrawn' | 'stopped' | 'promoted' | 'superseded';
  /** The challenger share after this step (percent). */
  share: number;
  comment: string | null;
}

export interface ExperimentRecord {
  id: string;
  policyId: string;
  /** The active version when the experiment was proposed: it answers the customers outside the share. */
  championVersion: number;
  /** A published version: answers the customers whose hash falls below the share. */
  challengerVersion: number;
  /** The challenger's traffic share in percent, 0–50 (0 = pure shadow mode). */
  share: number;
  /** Random, stored: hash(policyId, customerId, salt) places each customer (engine/monitoring/champion-challenger.ts). */
  salt: string;
  status: ExperimentStatus;
  proposedBy: string;
  proposedAt: string;
  /** The second approver who started it (null while proposed or when withdrawn). */
  approvedBy: string | null;
  startedAt: string | null;
  /** Who ended it (stop approved, promotion, activation of another version) and when. */
  endedBy: string | null;
  endedAt: string | null;
  pendingChange: ExperimentChange | null;
  history: ExperimentStep[];
  comment: string;
  /** Bumped on every change: the compare-and-set token of updateExperiment. */
  revision: number;
  updatedAt: string;
}

export interface ExperimentFilter {
  policyId?: string;
  /** Default 50, at most 500. */
  limit?: number;
}

/** `Audit`: the store's AuditEvent (store.ts gives it; no import back, so no cycle). */
export interface ExperimentStore<Audit> {
  /** Store a new experiment with its audit event. CONFLICT when the id exists or the policy has an open experiment already. */
  insertExperiment(input: { experiment: ExperimentRecord; audit: Audit }): Promise<ExperimentRecord>;
  getExperiment(experimentId: string): Promise<ExperimentRecord | null>;
  /** The policy's open experiment (proposed or running), or null. Read on every decision: one indexed lookup. */
  openExperiment(policyId: string): Promise<ExperimentRecord | null>;
  /** Newest first (proposedAt, then id). */
  listExperiments(filter: ExperimentFilter): Promise<ExperimentRecord[]>;
  /**
   * Replace an experiment with its next state, with its audit event. NOT_FOUND if unknown;
   * PRECONDITION_FAILED when the stored revision is not expectRevision (someone changed it meanwhile);
   * CONFLICT when it would open a second experiment on the policy.
   */
  updateExperiment(input: { experiment: ExperimentRecord; expectRevision: number; audit: Audit }): Promise<ExperimentRecord>;
}
