/**
 * Review campaigns (issue 24): the customers whose limit is past its review date are re-decided
 * with the policy's active version on their stored facts (the file fills the request, as for any
 * decision with only `customerId`), and the outcome is applied as the policy says:
 *
 * - accept: the file's limit becomes the granted one, with a new review date from its class;
 * - refuse: the limit is withdrawn (0), reviewed again after its class's months;
 * - escalate: an approval request is opened through the workflow (the file's limit stands until a
 *   person decides; approving it writes the approved limit to the file).
 *
 * The request each customer is re-decided with: `customerId`, `requestId` = `campaign:<run>:<customer's
 * pseudonym>` (a repeated or resumed pass logs no second decision; the pseudonym, not the id, so the
 * id does not outlive an erasure in the request id, which the decision's seal covers), and — when the policy declares a
 * `requestedAmount` input and the file stores none — the limit the customer holds as the amount
 * requested (a review asks whether the customer still deserves what they have).
 *
 * Which policy: the one that granted the file's limit (`limit.policyId`), unless a manual run names
 * one. Customers with no policy, or with a request still pending under that policy, are skipped and
 * listed as such (the next pass tries again; the pending request is a person's to decide).
 *
 * Three ways a run starts, each a stored report (campaign-store.ts):
 * - `scheduled`: once a day, inside the workflow's lease-protected sweep, under its own lease too
 *   (a long run is not started again by another instance's next pass); pass key `scheduled:<day>`,
 *   so a second pass of the same day returns the stored run;
 * - `manual`: POST /campaigns by an approver (409 while another run holds the lease); the decisions
 *   are logged as creditgraph's (the run's `startedBy` names the person), so that person may decide the escalations;
 * - `factChange`: a stored fact the limit's policy reads has changed (POST …/facts): that one
 *   customer is re-decided synchronously, before the answer (pass key: the customer's pseudonym and the file's new etag).
 */
import { randomUUID } from 'node:crypto';
import type { Caller } from '../auth/api-keys.js';
import type { Services } from '../services.js';
import type { CampaignEntry, CampaignKind, CampaignRecord, CampaignStanding } from '../store/campaign-store.js';
import type { CustomerRecord } from '../store/customer-store.js';
import type { AuditContext } from '../store/store.js';
import { WORKFLOW_ACTOR } from '../workflow/workflow.js';
import { limitWithdrawnBy } from './customer-limits.js';
import { recordLimit } from './customers.js';
import { customerRefs } from './customer-salts.js';
import { decide } from './decide.js';
import { DomainError } from './errors.js';
import { pageWithCursor } from './pagination.js';

/** The lease a run holds while it re-decides (renewed as it goes): one run at a time across instances. */
export const CAMPAIGN_LEASE = 'campaign.review';
const LEASE_MS = 5 * 60_000;

/** Who re-decides when no person does (the scheduled pass). */
export const CAMPAIGN_CALLER: Caller = Object.freeze<Caller>({
  user: { id: WORKFLOW_ACTOR, name: 'creditgraph', roles: ['system'], delegationLevel: null, createdAt: '1970-01-01T00:00:00.000Z', disabled: false },
  keyId: 'campaign',
});

/** How a run's request ids and pass keys name a customer: its pseudonym (unlinkable once erased), or the id on a store without salts. */
async function runRef(services: Services, customerId: string): Promise<string> {
  return (await customerRefs(services.store, [customerId]))?.[customerId] ?? customerId;
}

const standingOf = (c: CustomerRecord | null): CampaignStanding => ({ riskClass: c?.limit?.riskClass ?? null, limit: c?.limit?.amount ?? null, reviewDate: c?.limit?.reviewDate ?? null });

const counted = (entries: CampaignEntry[]): CampaignRecord['counts'] => ({
  due: entries.length,
  redecided: entries.filter((e) => e.decisionId !== null).length,
  moved: entries.filter((e) => e.moved).length,
  escalated: entries.filter((e) => e.outcome === 'escalate').length,
  skipped: entries.filter((e) => e.outcome === 'skipped').length,
  failed: entries.filter((e) => e.outcome === 'failed').length,
});

/** The audit entry of a run: what kind, how many moved; never customer ids (the report, not the trail, names them). */
const campaignEvent = (action: 'campaign.started' | 'campaign.completed', c: CampaignRecord, audit: AuditContext) => ({
  action,
  policyId: c.policyId,
  details: { campaignId: c.campaignId, kind: c.kind, dueBy: c.dueBy, ...(action === 'campaign.completed' ? { counts: c.counts } : {}) },
  audit,
});

/** Re-decides one customer of a run and applies the outcome; never throws (a failure is the entry's). */
export async function redecide(services: Services, caller: Caller, run: Pick<CampaignRecord, 'campaignId' | 'policyId'>, customer: CustomerRecord): Promise<CampaignEntry> {
  const before = standingOf(customer);
  const policyId = run.policyId ?? customer.limit?.policyId ?? null;
  const entry = (outcome: CampaignEntry['outcome'], after: CampaignStanding, more: Partial<CampaignEntry> = {}): CampaignEntry => ({
    customerId: customer.customerId,
    policyId,
    outcome,
    before,
    after,
    moved: after.riskClass !== before.riskClass || after.limit !== before.limit,
    decisionId: null,
    approvalId: null,
    reason: null,
    ...more,
  });
  if (policyId === null) return entry('skipped', before, { moved: false, reason: 'noPolicy' });
  try {
    const pending = await services.store.listApprovals({ status: 'pending', policyId, customerId: customer.customerId });
    if (pending.length) return entry('skipped', before, { moved: false, approvalId: pending[0]!.id, reason: 'approvalPending' });
    const { document } = await services.versions.resolve(policyId, null);
    const asks = document.inputs.some((i) => i.name === 'requestedAmount') && !customer.facts.requestedAmount && customer.limit !== null;
    const { body } = await decide(services, caller, policyId, {
      customerId: customer.customerId,
      requestId: `campaign:${run.campaignId}:${await runRef(services, customer.customerId)}`,
      ...(asks ? { facts: { requestedAmount: customer.limit!.amount } } : {}),
    }, false);
    const record = await services.store.getDecision(body.decisionId);
    if (body.outcome === 'refuse' && record) {
      const withdrawn = limitWithdrawnBy(record, document);
      await recordLimit(services, { id: caller.user.id }, customer.customerId, withdrawn, `limit withdrawn by review decision ${record.decisionId}`);
    }
    const file = await services.store.getCustomer(customer.customerId);
    const proposed = body.outcome === 'escalate' ? { riskClass: body.riskClass ?? null, limit: body.creditLimit?.gross ?? null, reviewDate: null } : standingOf(file);
    return entry(body.outcome, proposed, { decisionId: body.decisionId, approvalId: body.approvalId ?? null });
  } catch (err) {
    const reason = err instanceof DomainError ? `${err.code}: ${err.message}` : 'unexpected error (see the server log)';
    if (!(err instanceof DomainError)) services.logger.warn({ err, campaignId: run.campaignId }, 'campaign re-decision failed');
    return entry('failed', before, { moved: false, reason });
  }
}

interface RunInput {
  kind: CampaignKind;
  passKey: string;
  campaignId?: string;
  policyId?: string | null;
  /** factChange: just these customers; else those whose review date is at or before now. */
  customerIds?: string[];
}

/**
 * Runs (or resumes) one pass: stores the run under its pass key — a pass already done is returned
 * as stored, nothing re-decided — then re-decides each customer due and saves the report.
 */
export async function runCampaign(services: Services, caller: Caller, input: RunInput, hooks: { renew?: () => Promise<void> } = {}): Promise<CampaignRecord> {
  const now = services.clock.now().toISOString();
  const fresh: CampaignRecord = {
    campaignId: input.campaignId ?? `cmp_${randomUUID()}`,
    kind: input.kind,
    passKey: input.passKey,
    status: 'running',
    policyId: input.policyId ?? null,
    dueBy: now,
    startedAt: now,
    startedBy: caller.user.id,
    finishedAt: null,
    counts: counted([]),
    entries: [],
  };
  const audit: AuditContext = { actor: caller.user.id, comment: `${input.kind} review campaign` };
  const { campaign } = await services.store.startCampaign({ campaign: fresh, audit: campaignEvent('campaign.started', fresh, audit) });
  if (campaign.status === 'done') return campaign;

  const entries: CampaignEntry[] = [];
  const redecideAll = async (customers: CustomerRecord[]) => {
    // Re-decided as creditgraph, whoever started the run: the person who ran it may then decide the escalations (four eyes).
    for (const c of customers) entries.push(await redecide(services, CAMPAIGN_CALLER, campaign, c));
    await hooks.renew?.();
  };
  if (input.customerIds) await redecideAll(await services.store.getCustomers(input.customerIds));
  else {
    // Pages read before any re-decision moves a review date: collect the ids due first.
    const due: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await pageWithCursor(cursor, () => services.store.listCustomers({ reviewDueBy: campaign.dueBy, cursor, limit: 500 }));
      due.push(...page.items.map((c) => c.customerId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    for (let i = 0; i < due.length; i += 100) await redecideAll(await services.store.getCustomers(due.slice(i, i + 100)));
  }
  const finishedAt = services.clock.now().toISOString();
  const done: CampaignRecord = { ...campaign, status: 'done', finishedAt, counts: counted(entries), entries: await withoutErased(services, entries, finishedAt) };
  return services.store.saveCampaign({ campaign: done, audit: campaignEvent('campaign.completed', done, audit) });
}

/**
 * A customer erased while the run re-decided others (its file is gone): its line must not bring the
 * id back into the report the erasure cleaned. (An erasure between this check and the save is the
 * remaining window: its line keeps the id until the next erasure or retention.)
 */
async function withoutErased(services: Services, entries: CampaignEntry[], at: string): Promise<CampaignEntry[]> {
  const ids = [...new Set(entries.flatMap((e) => (e.customerId === null ? [] : [e.customerId])))];
  const present = new Set<string>();
  for (let i = 0; i < ids.length; i += 100) for (const c of await services.store.getCustomers(ids.slice(i, i + 100))) present.add(c.customerId);
  return entries.map((e) => (e.customerId === null || present.has(e.customerId) ? e : { ...e, customerId: null, erasedAt: at }));
}

/** Runs a pass under the campaign lease; null when another instance (or run) holds it. */
async function underLease<T>(services: Services, work: (renew: () => Promise<void>) => Promise<T>): Promise<T | null> {
  const owner = services.workflow.instanceId;
  const take = () => services.store.acquireLease({ name: CAMPAIGN_LEASE, owner, at: services.clock.now().toISOString(), ttlMs: LEASE_MS });
  if (!(await take())) return null;
  try {
    return await work(async () => void (await take()));
  } finally {
    await services.store.releaseLease(CAMPAIGN_LEASE, owner);
  }
}

const dayOf = (iso: string) => iso.slice(0, 10);

/**
 * The daily pass, called from the workflow's sweep (whose lease already makes one instance sweep):
 * runs when no run of today is stored and someone is due, or resumes today's run left 'running' by
 * an instance that stopped (its lease lapsed). Returns the run, or null when there was nothing to do.
 */
export async function scheduledCampaign(services: Services): Promise<CampaignRecord | null> {
  const now = services.clock.now().toISOString();
  const campaignId = `cmp_scheduled_${dayOf(now)}`;
  const stored = await services.store.getCampaign(campaignId);
  if (stored?.status === 'done') return null;
  if (!stored && !(await services.store.listCustomers({ reviewDueBy: now, limit: 1 })).items.length) return null;
  return underLease(services, (renew) => runCampaign(services, CAMPAIGN_CALLER, { kind: 'scheduled', passKey: `scheduled:${dayOf(now)}`, campaignId }, { renew }));
}

/** POST /campaigns: a run now, by a person (any day, as often as wanted); 409 while another run holds the lease. */
export async function manualCampaign(services: Services, caller: Caller, input: { policyId?: string | null }): Promise<CampaignRecord> {
  if (input.policyId) await services.versions.resolve(input.policyId, null); // 404 / 409 before anything is stored
  const run = await underLease(services, (renew) => runCampaign(services, caller, { kind: 'manual', passKey: `manual:${randomUUID()}`, policyId: input.policyId ?? null }, { renew }));
  if (!run) throw new DomainError('CONFLICT', 'A review campaign is running: wait for it to finish (GET /campaigns), then start another.');
  return run;
}

/**
 * After facts were recorded: when the policy that granted the customer's limit reads one of them,
 * the customer is re-decided now (synchronously) as a one-customer run. Null when nothing to do.
 */
export async function redecideOnFacts(services: Services, caller: Caller, customer: CustomerRecord, changedInputs: string[]): Promise<{ run: CampaignRecord; customer: CustomerRecord } | null> {
  const policyId = customer.limit?.policyId;
  if (!policyId || !changedInputs.length) return null;
  const policy = await services.store.getPolicy(policyId);
  if (!policy || policy.activeVersion === null) return null;
  const { document } = await services.versions.resolve(policyId, null);
  if (!document.inputs.some((i) => changedInputs.includes(i.name))) return null;
  const run = await runCampaign(services, caller, { kind: 'factChange', passKey: `facts:${await runRef(services, customer.customerId)}:${customer.etag}`, customerIds: [customer.customerId] });
  // The file as the re-decision left it (its limit may have changed).
  return { run, customer: (await services.store.getCustomer(customer.customerId)) ?? customer };
}

/** GET /campaigns/{id} */
export async function readCampaign(services: Pick<Services, 'store'>, campaignId: string): Promise<CampaignRecord> {
  const c = await services.store.getCampaign(campaignId);
  if (!c) throw new DomainError('NOT_FOUND', `No campaign "${campaignId}".`);
  return c;
}

/** GET /campaigns: newest first, without their entries (the report is GET /campaigns/{id}). */
export async function listCampaigns(services: Pick<Services, 'store'>, filter: { cursor?: string; limit?: number }) {
  const page = await pageWithCursor(filter.cursor, () => services.store.listCampaigns(filter));
  return { items: page.items.map(({ entries: _entries, ...summary }) => summary), nextCursor: page.nextCursor };
}
