/** How a logged decision is shown: to the caller who asked for it, and in the log auditors read. */
import type { DecisionRecord } from '../store/store.js';
import type { SealState } from '../integrity/decision-seal.js';

/** The decision API's answer for a logged decision (also what an idempotent replay returns). */
export const decisionResponse = (r: DecisionRecord) => ({
  decisionId: r.decisionId,
  policyId: r.policyId,
  version: r.version,
  contentHash: r.contentHash,
  evaluatedAt: r.evaluatedAt,
  requestId: r.requestId,
  customerId: r.customerId,
  // Which arm of a champion/challenger experiment answered (its version is `version` above).
  ...(r.experiment ? { experiment: { experimentId: r.experiment.experimentId, arm: r.experiment.arm } } : {}),
  ...r.decision,
});

/** A decision-log entry as auditors see it (the request hash is an internal detail); `seal` when it was checked. */
export const logEntry = (r: DecisionRecord, seal?: SealState) => {
  const { requestHash: _hidden, ...rest } = r;
  return seal ? { ...rest, seal } : rest;
};
