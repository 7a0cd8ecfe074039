/**
 * How the decisions were taken: automatic accept / refuse / escalate, what was finally granted,
 * and how often a person went against an automatic decision (an override).
 */
import type { MonitoredDecision } from './monitoring-schema.js';

export interface DecisionRates {
  decisions: number;
  accepted: number;
  refused: number;
  escalated: number;
  /** Finally granted (the engine's accept, or a person's, after an escalation or an override). */
  granted: number;
  /** Automatic decisions (accept or refuse) that a person reversed. */
  overrides: number;
  /** Shares of `decisions` (null when there are none). */
  acceptRate: number | null;
  escalationRate: number | null;
  approvalRate: number | null;
  /** Share of the automatic decisions that were overridden. */
  overrideRate: number | null;
}

export function decisionRates(decisions: readonly MonitoredDecision[]): DecisionRates {
  let accepted = 0;
  let refused = 0;
  let escalated = 0;
  let granted = 0;
  let overrides = 0;
  for (const d of decisions) {
    if (d.outcome === 'accept') accepted++;
    else if (d.outcome === 'refuse') refused++;
    else escalated++;
    if ((d.finalOutcome ?? d.outcome) === 'accept') granted++;
    if (d.outcome !== 'escalate' && d.finalOutcome !== undefined && d.finalOutcome !== d.outcome) overrides++;
  }
  const n = decisions.length;
  const share = (x: number, of = n) => (of > 0 ? x / of : null);
  return {
    decisions: n,
    accepted,
    refused,
    escalated,
    granted,
    overrides,
    acceptRate: share(accepted),
    escalationRate: share(escalated),
    approvalRate: share(granted),
    overrideRate: share(overrides, accepted + refused),
  };
}
