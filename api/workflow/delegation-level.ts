/**
 * Delegation levels: who may decide an approval request. The levels come from the policy version
 * that escalated (lowest authority first); users carry the id of their level.
 */
import type { DelegationLevel, PolicyDocument } from '../../engine/model/policy-schema.js';
import type { ApprovalRecord, UserRecord } from '../store/store.js';
import { allows } from '../auth/permissions.js';

export function delegationLevels(document: PolicyDocument): DelegationLevel[] {
  const node = document.nodes.find((n) => n.kind === 'approval');
  return node ? ((node.config as { levels: DelegationLevel[] }).levels ?? []) : [];
}

/** Position of a level (0 = lowest authority); -1 when the policy has no such level. */
export const levelRank = (levels: DelegationLevel[], id: string | null): number => (id === null ? -1 : levels.findIndex((l) => l.id === id));

export type Refusal = { code: 'FORBIDDEN' | 'DELEGATION_LEVEL' | 'FOUR_EYES'; why: string };

/**
 * Null when the user may decide the request: an approver whose level is the required one or higher,
 * who did not ask for the decision. Otherwise why not.
 */
export function refusalToDecide(user: Pick<UserRecord, 'id' | 'roles' | 'delegationLevel'>, approval: ApprovalRecord, levels: DelegationLevel[]): Refusal | null {
  if (!allows(user.roles, 'approvals:decide')) return { code: 'FORBIDDEN', why: 'Deciding approval requests needs the approver role.' };
  const mine = levelRank(levels, user.delegationLevel);
  if (mine < 0)
    return { code: 'DELEGATION_LEVEL', why: user.delegationLevel ? `Your delegation level "${user.delegationLevel}" is not a level of policy ${approval.policyId}.` : 'You have no delegation level.' };
  const required = levelRank(levels, approval.requiredLevel);
  // An unknown required level (should not happen) is treated as the highest: only the top decides.
  if (mine < (required < 0 ? levels.length - 1 : required))
    return { code: 'DELEGATION_LEVEL', why: `This request needs the level "${approval.requiredLevel}" or higher; yours is "${user.delegationLevel}".` };
  if (user.id === approval.requestedBy) return { code: 'FOUR_EYES', why: 'You asked for this decision: another person must decide it.' };
  return null;
}
