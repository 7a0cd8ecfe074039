/**
 * The escalation workflow, as one service the API holds: what happens after a decision is logged
 * (approval request, worse-than-before and overrun alerts), the periodic sweep for time-based
 * alerts (overdue requests, limits past review), and the webhook events of both.
 *
 * Time comes from the injected clock; the sweep and the webhook sender run on unref'd timers
 * (they never keep a process alive) and can be called directly by tests with a fake clock.
 */
import type { Logger } from 'pino';
import type { PolicyDocument } from '../../engine/model/policy-schema.js';
import { alertsRaised, approvalEvent } from '../domain/audit-events.js';
import { customerRefs } from '../domain/customer-salts.js';
import type { Clock } from '../domain/context.js';
import { StoreError, type AlertRecord, type ApprovalRecord, type AuditContext, type CreditgraphStore, type DecisionRecord, type PreviousDecision } from '../store/store.js';
import { approvalFromDecision, approvalIdFor } from './approval-request.js';
import { changesOf, grantedLimitOf, mayBeWorse } from './decision-changes.js';
import { exposureAlert, overdueAlert, reviewDueAlert, worseDecisionAlert } from './alert.js';
import { standingApprovals } from './current-limits.js';
import { deliveriesFor } from './webhook-outbox.js';
import { WebhookDelivery, type DeliveryOptions } from './webhook-delivery.js';
import { newInstanceId } from '../instance-id.js';

export interface WorkflowOptions {
  /** How often time-based alerts are checked (ms); 0 = never on a timer (call sweep()). */
  sweepIntervalMs?: number;
  webhooks?: Partial<DeliveryOptions>;
  /** This instance's name in leases (default: host/pid/random). */
  instanceId?: string;
}

/** The lease a sweep pass runs under: one instance sweeps per interval, whichever holds it. */
export const SWEEP_LEASE = 'workflow.alert-sweep';

/** Who the workflow acts as in the audit trail when no person does (decision hooks, sweep). */
export const WORKFLOW_ACTOR = 'creditgraph';

export class Workflow {
  readonly webhooks: WebhookDelivery;
  readonly instanceId: string;
  private sweepTimer: NodeJS.Timeout | null = null;
  /** Other watches that run in each pass, under the same lease (e.g. the customer files' exposure). */
  private readonly extraSweeps: (() => Promise<AlertRecord[]>)[] = [];
  private sweeping: Promise<unknown> | null = null;

  constructor(
    private readonly store: CreditgraphStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: WorkflowOptions = {},
  ) {
    this.instanceId = options.instanceId ?? newInstanceId();
    this.webhooks = new WebhookDelivery(store, clock, logger, { instanceId: this.instanceId, ...options.webhooks });
  }

  start(): void {
    this.webhooks.start();
    const every = this.options.sweepIntervalMs ?? 60_000;
    if (every > 0 && !this.sweepTimer) {
      this.sweepTimer = setInterval(() => void this.sweep().catch((err) => this.logger.warn({ err }, 'alert sweep failed')), every);
      this.sweepTimer.unref();
    }
    this.webhooks.kick(); // deliveries left pending by a previous run
  }

  /**
   * Stops the timers and waits for a sweep or delivery pass under way, so the store can close
   * after it: a POST sent is recorded before the process ends (else it would be sent again).
   */
  async stop(): Promise<void> {
    this.webhooks.stop();
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    await Promise.all([this.sweeping?.catch(() => undefined), this.webhooks.idle()]);
  }

  // After a decision ------------------------------------------------------------------------------

  /** The customer's latest logged decision under this policy (automatic or manual), if any. */
  async previousDecision(policyId: string, customerId: string | null): Promise<PreviousDecision | null> {
    if (customerId === null) return null;
    // Read from the log each time: another process sharing the store may have logged one since.
    // Only the compared fields (not the whole record: parsing it was ~15 % of a decision's CPU).
    return this.store.latestDecisionOf(policyId, customerId);
  }

  /** Whether a record about to be logged needs the previous decision: "worse" changes, the limit an exposure is checked against. */
  needsPrevious(record: DecisionRecord, document: PolicyDocument): boolean {
    return record.customerId !== null && (typeof record.exposure === 'number' || mayBeWorse(record, document));
  }

  /** Fills `changes` on a record about to be logged (worse than the previous decision?). */
  annotate(record: DecisionRecord, previous: PreviousDecision | null, document: PolicyDocument): void {
    const changes = changesOf(previous, record, document);
    if (changes.length) record.changes = changes;
  }

  /**
   * Runs once a decision is logged: opens its approval request (escalate) and raises its alerts.
   * Returns the approval id for the response. Idempotent (ids and alert keys follow from the
   * decision), so a replayed request repairs what a crash in between left undone.
   */
  async afterDecision(record: DecisionRecord, document: PolicyDocument, previous: PreviousDecision | null): Promise<{ approvalId: string | null }> {
    const at = this.clock.now().toISOString();
    let approvalId: string | null = null;
    if (record.outcome === 'escalate' && record.source === 'automatic') approvalId = (await this.openApproval(record, document)).id;

    const alerts: AlertRecord[] = [];
    if (record.changes?.length) alerts.push(worseDecisionAlert(record, record.changes, at));
    if (typeof record.exposure === 'number') {
      // The limit the customer holds after this decision: this accept's, else what stood before.
      const granted = grantedLimitOf(record) ?? (previous ? grantedLimitOf(previous) : null) ?? record.decision.creditLimit?.gross ?? null;
      if (granted !== null && record.exposure > granted) alerts.push(exposureAlert(record, record.exposure, granted, at));
    }
    if (alerts.length) await this.raise(alerts, { actor: WORKFLOW_ACTOR, comment: `raised by decision ${record.decisionId}` });
    return { approvalId };
  }

  private async openApproval(record: DecisionRecord, document: PolicyDocument): Promise<ApprovalRecord> {
    const existing = await this.store.getApproval(approvalIdFor(record.decisionId));
    if (existing) return existing;
    const approval = approvalFromDecision(record, document);
    const deliveries = await deliveriesFor(this.store, 'approval.opened', approval.id, { approval }, this.clock.now().toISOString());
    try {
      const audit = approvalEvent('approval.opened', approval, { actor: record.caller, comment: `escalated to ${approval.requiredLevel}`, details: { decisionId: record.decisionId } }, await customerRefs(this.store, [approval.customerId]));
      const created = await this.store.createApproval({ approval, deliveries, audit });
      if (deliveries.length) this.webhooks.kick();
      return created;
    } catch (err) {
      if (err instanceof StoreError && err.code === 'CONFLICT') return (await this.store.getApproval(approval.id))!; // a concurrent replay opened it
      throw err;
    }
  }

  /**
   * Stores the new alerts (one per dedupe key: a situation raised before is not raised again) with
   * their webhook events and one audit entry naming them. Another process may raise the same key
   * meanwhile: the store then refuses the whole batch (CONFLICT) and the known keys are read again.
   */
  async raise(alerts: AlertRecord[], audit: AuditContext): Promise<AlertRecord[]> {
    const at = this.clock.now().toISOString();
    for (let attempt = 1; ; attempt++) {
      const known = new Set(await this.store.knownAlertKeys([...new Set(alerts.map((a) => a.dedupeKey))]));
      const fresh = alerts.filter((a) => !known.has(a.dedupeKey) && known.add(a.dedupeKey)); // first of each key
      if (fresh.length === 0) return [];
      const deliveries = (await Promise.all(fresh.map((a) => deliveriesFor(this.store, 'alert.raised', a.id, { alert: a }, at)))).flat();
      try {
        const raised = await this.store.raiseAlerts({ alerts: fresh, deliveries, audit: alertsRaised(fresh, audit, await customerRefs(this.store, fresh.map((a) => a.customerId))) });
        if (deliveries.length) this.webhooks.kick();
        return raised;
      } catch (err) {
        if (!(err instanceof StoreError && err.code === 'CONFLICT') || attempt >= 5) throw err;
      }
    }
  }

  // Time-based alerts -----------------------------------------------------------------------------

  /** Adds a watch to every sweep pass (run by the lease holder after its own checks; raises through raise()). */
  addSweep(watch: () => Promise<AlertRecord[]>): void {
    this.extraSweeps.push(watch);
  }

  /**
   * Requests past their service time, limits past their review date: alerts for the new ones.
   * Runs under the sweep lease (held for one interval): when another instance holds it, this one
   * skips the pass (returns []), so each pass is done by one instance, not by every process.
   */
  sweep(): Promise<AlertRecord[]> {
    const pass = this.sweepPass();
    this.sweeping = pass;
    return pass;
  }

  private async sweepPass(): Promise<AlertRecord[]> {
    const now = this.clock.now().toISOString();
    const lease = await this.store.acquireLease({ name: SWEEP_LEASE, owner: this.instanceId, at: now, ttlMs: this.options.sweepIntervalMs || 60_000 });
    if (!lease) return [];
    const alerts: AlertRecord[] = [];
    for (const a of await this.store.listApprovals({ status: 'pending', dueBy: now })) alerts.push(overdueAlert(a, now));
    // Only the approvals past their review date (indexed), then whether each still stands (no later
    // approval for the same customer): not every approved request of the store each minute.
    const due = await this.store.listApprovals({ status: 'approved', reviewDueBy: now });
    const customers = new Map(due.filter((a) => a.customerId !== null).map((a) => [`${a.policyId}\u0000${a.customerId}`, a]));
    const standing = new Set<string>(due.filter((a) => a.customerId === null).map((a) => a.id));
    for (const a of customers.values())
      for (const s of standingApprovals(await this.store.listApprovals({ status: 'approved', policyId: a.policyId, customerId: a.customerId! }))) standing.add(s.id);
    for (const a of due) if (standing.has(a.id) && a.outcome?.reviewDate && Date.parse(a.outcome.reviewDate) <= Date.parse(now)) alerts.push(reviewDueAlert(a, now));
    const raised = alerts.length ? await this.raise(alerts, { actor: WORKFLOW_ACTOR, comment: 'periodic alert sweep' }) : [];
    for (const watch of this.extraSweeps) raised.push(...(await watch()));
    return raised;
  }
}
