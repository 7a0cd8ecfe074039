/**
 * The role matrix, as data: each route names ONE permission, each role grants a set of them.
 * tests/api/access-matrix.test.ts walks every route against every role from this same table.
 */
import type { Role } from '../store/store.js';

export const ROLES: readonly Role[] = ['viewer', 'auditor', 'author', 'approver', 'admin', 'system'];

export type Permission =
  | 'policies:read' // list/read policies, versions, drafts, diffs
  | 'drafts:write' // create policies, save drafts, submit
  | 'drafts:check' // validate / test-run a draft
  | 'drafts:review' // approve, reject, activate
  | 'audit:read'
  | 'decisions:create'
  | 'decisions:read' // decision log, replay
  | 'users:admin'
  | 'approvals:read' // approval requests (an approver's inbox: what they may decide)
  | 'approvals:decide' // approve, refuse, forward (within the user's delegation level)
  | 'alerts:read' // alerts and the risk report
  | 'webhooks:admin' // webhook subscriptions and their delivery log
  | 'access:read' // the access log: who read which decisions, audit entries and exports
  | 'privacy:erase' // erase a customer's personal data, apply retention
  | 'customers:read' // customer credit files, their open items and exposure
  | 'customers:write' // create and change customer files, record facts, feed open items
  | 'customers:history' // one customer's own decisions (credit managers decide with them; the whole log is decisions:read)
  | 'simulations:run' // impact simulations on a portfolio or a replay window (derived data, kept in the store)
  | 'outcomes:report' // the ERP reports what happened after decisions (paid, past due, default, written off)
  | 'monitoring:read'; // outcome monitoring: Gini, KS, bad rates, population stability (aggregates only)

/** What a route needs: a permission, any valid key, or nothing (health checks, docs). */
export type Access = Permission | 'authenticated' | 'public';

/**
 * Author and approver read policies too (nobody edits or reviews blind); the auditor reads
 * everything but changes nothing; admin manages people, not policies; system only decides.
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  viewer: ['policies:read'],
  auditor: ['policies:read', 'audit:read', 'decisions:read', 'approvals:read', 'alerts:read', 'simulations:run', 'access:read', 'customers:read', 'customers:history', 'monitoring:read'],
  author: ['policies:read', 'drafts:write', 'drafts:check', 'simulations:run', 'monitoring:read'],
  approver: ['policies:read', 'drafts:check', 'drafts:review', 'approvals:read', 'approvals:decide', 'alerts:read', 'simulations:run', 'customers:read', 'customers:write', 'customers:history', 'monitoring:read'],
  admin: ['users:admin', 'webhooks:admin', 'access:read', 'privacy:erase'],
  // The ERP reads the approval requests its escalations opened (the outcome of an approvalId).
  // It also keeps the customer files it decides on (facts, open items) and reads them back, and
  // reports what happened after decisions (outcomes).
  system: ['decisions:create', 'approvals:read', 'customers:read', 'customers:write', 'outcomes:report'],
};

export function allows(roles: readonly Role[], access: Access): boolean {
  if (access === 'public' || access === 'authenticated') return true;
  return roles.some((r) => ROLE_PERMISSIONS[r]?.includes(access));
}
