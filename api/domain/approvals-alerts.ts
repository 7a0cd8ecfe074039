/**
 * Approval requests and alerts as people use them: an approver's inbox (only what their
 * delegation level lets them decide, never their own requests), one request with the facts that
 * were logged and the customer's history, deciding a request (workflow/approval-decision.ts),
 * the alerts and the risk report.
 *
 * Who sees the logged facts: a request's facts and the customer's earlier decisions are decision-log
 * data, shown to whoever may read the decision log or decide requests — not to a system client,
 * which may only ask for decisions (the same rule as GET /decisions).
 */
import { allows } from '../auth/permissions.js';
import type { Caller } from '../auth/api-keys.js';
import type { Services } from '../services.js';
import type { AlertFilter, ApprovalRecord, ApprovalStatus } from '../store/store.js';
import { delegationLevels, refusalToDecide } from '../workflow/delegation-level.js';
import { requireApproval } from '../workflow/approval-decision.js';
import { riskReport as buildRiskReport } from '../workflow/risk-report.js';
import { logEntry } from './decision-views.js';
import { alertMessage } from '../workflow/alert-words.js';
import { DomainError } from './errors.js';

export { decideApproval } from '../workflow/approval-decision.js';

type Ctx = Pick<Services, 'store' | 'versions' | 'clock'>;

/** Whether this caller may decide this request now (level, not their own request). */
async function mayDecide(ctx: Ctx, caller: Caller, a: ApprovalRecord): Promise<boolean> {
  const { document } = await ctx.versions.resolve(a.policyId, a.version);
  return refusalToDecide(caller.user, a, delegationLevels(document)) === null;
}

export const withMayDecide = async (ctx: Ctx, caller: Caller, a: ApprovalRecord) => ({ ...a, mayDecide: a.status === 'pending' && (await mayDecide(ctx, caller, a)) });

/** Oldest first. Approvers see what their level lets them decide (the inbox); auditors and the system client see all. */
export async function approvalInbox(ctx: Ctx, caller: Caller, filter: { status?: ApprovalStatus; level?: string; policyId?: string; customerId?: string }) {
  const all = await ctx.store.listApprovals({ status: filter.status ?? 'pending', policyId: filter.policyId, customerId: filter.customerId });
  const atLevel = filter.level ? all.filter((a) => a.requiredLevel === filter.level) : all;
  const decider = allows(caller.user.roles, 'approvals:decide');
  const items = [];
  for (const a of atLevel) {
    // For decided requests too: an approver's "approved" tab lists what they could have decided.
    const mine = await mayDecide(ctx, caller, a);
    if (decider && !mine) continue;
    items.push({ ...a, mayDecide: a.status === 'pending' && mine });
  }
  return items;
}

/** One request with the decision that opened it, its policy's delegation levels and the customer's last 20 decisions. */
export async function readApproval(ctx: Ctx, caller: Caller, approvalId: string) {
  const approval = await requireApproval(ctx, approvalId);
  if (!allows(caller.user.roles, 'decisions:read') && !allows(caller.user.roles, 'approvals:decide'))
    throw new DomainError('FORBIDDEN', 'A request carries the logged facts and the customer\'s decisions: this needs the permission decisions:read or approvals:decide (a system key may list requests, not read them).');
  const { document } = await ctx.versions.resolve(approval.policyId, approval.version);
  const decision = await ctx.store.getDecision(approval.decisionId);
  const history = approval.customerId ? (await ctx.store.listDecisions({ policyId: approval.policyId, customerId: approval.customerId, limit: 21 })).items : [];
  return {
    approval: await withMayDecide(ctx, caller, approval),
    decision: decision ? logEntry(decision) : null,
    levels: delegationLevels(document),
    history: history.filter((d) => d.decisionId !== approval.decisionId).slice(0, 20).map((d) => logEntry(d)),
  };
}

/** Alerts, their `message` worded in `language` (English by default) from their type and details. */
export const listAlerts = async (ctx: Ctx, filter: AlertFilter, language: 'en' | 'fr' = 'en') =>
  (await ctx.store.listAlerts(filter)).map((alert) => ({ ...alert, message: alertMessage(alert, language) }));

const DAY = 24 * 3_600_000;

/** The risk report over a period (default: the last 30 days). */
export async function riskReport(ctx: Ctx, query: { policyId?: string; from?: string; to?: string; reviewWithinDays?: number }) {
  const now = ctx.clock.now();
  const to = query.to ?? now.toISOString();
  const from = query.from ?? new Date(now.getTime() - 30 * DAY).toISOString();
  if (Date.parse(from) > Date.parse(to)) throw new DomainError('INVALID_REQUEST', '`from` must not be after `to`.', { errors: [{ pointer: '/from', in: 'query', detail: 'after `to`' }] });
  return buildRiskReport(ctx.store, now, { from: new Date(from).toISOString(), to: new Date(to).toISOString(), reviewWithinDays: query.reviewWithinDays ?? 30 }, query.policyId);
}
