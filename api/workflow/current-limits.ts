/**
 * The limits people granted that still stand: per (policy, customer), the latest approved request.
 * A later approval for the same customer replaces the earlier one, so only it can fall due for review.
 */
import type { ApprovalRecord } from '../store/store.js';

export function standingApprovals(approved: ApprovalRecord[]): ApprovalRecord[] {
  const latest = new Map<string, ApprovalRecord>();
  for (const a of approved) {
    if (a.status !== 'approved' || !a.outcome) continue;
    const key = `${a.policyId}\u0000${a.customerId ?? a.id}`;
    const seen = latest.get(key);
    if (!seen || seen.outcome!.decidedAt < a.outcome.decidedAt) latest.set(key, a);
  }
  return [...latest.values()];
}
