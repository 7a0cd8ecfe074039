/**
 * Exposure from the open items an ERP feeds, watched without any decision call.
 *
 * - The feed (`feedOpenItems`) is idempotent: items are upserted by id, an item identical to what is
 *   stored writes nothing, so the same batch twice changes nothing (no audit entry, no alert).
 * - Figures (`computeExposure`), for a day: outstanding = sum of open items (credit notes and
 *   unapplied cash are negative); the aged balance ages open debit items (invoices, unmatured
 *   bills) by days past their due date — not due, 1–30, 31–60, 61–90, over 90; credits are kept
 *   apart (`credits`) so that a credit note does not make a bucket look smaller than what is late.
 * - DSO, countback method: the open debit items are matched against invoiced sales month by month,
 *   going back from the day (the current month up to that day first, then whole calendar months):
 *   each month fully absorbed adds its days; the month that covers the rest adds its days in
 *   proportion. At most 24 months back; no sales in that window → null. Sales are the invoices
 *   issued in the month, open or closed, at `originalAmount` (else `amount`).
 * - Alerts (`refreshExposure`, after a feed, a change of the file, and daily in the workflow's
 *   lease-protected sweep), each once per episode through the workflow's alerts and webhooks:
 *   outstanding above the current limit (`exposure.overLimit`), above the insurer's cover in force
 *   (`exposure.overCover`), a group's summed outstanding above its group limit (`group.overLimit`),
 *   an overdue bucket larger than at the previous computation (`exposure.overdueGrowth`, at most
 *   one a day per customer; not on a customer's first items), a promise to pay whose date passed while the outstanding did not fall
 *   by the promised amount from when the promise was first seen (`promise.missed`).
 */
import { randomUUID } from 'node:crypto';
import type { Services } from '../services.js';
import type { AgedBalance, CustomerRecord, ExposureRecord, OpenItemRecord } from '../store/customer-store.js';
import type { AlertRecord } from '../store/store.js';
import type { Actor } from './context.js';
import { openItemsReceived } from './customer-audit-events.js';
import { customerRefs } from './customer-salts.js';
import type { FactCandidate } from './customer-facts.js';
import { DomainError, type ErrorItem } from './errors.js';

type Ctx = Pick<Services, 'store' | 'clock'>;

const DAY = 86_400_000;
const day = (iso: string) => Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);
/** Money rounded to cents before it is compared or stored (stack-notes: decimal vs float). */
const cents = (x: number) => Math.round(x * 100) / 100;

const DEBIT_KINDS = new Set(['invoice', 'unmaturedBill']);
export const OVERDUE_BUCKETS = ['d1to30', 'd31to60', 'd61to90', 'over90'] as const;

/** Outstanding, aged balance and DSO of these items on day `asOfDate`. */
export function computeExposure(items: OpenItemRecord[], asOfDate: string, currency: string): Omit<ExposureRecord, 'customerId' | 'computedAt' | 'watch'> {
  const today = day(asOfDate);
  const aged: AgedBalance = { notDue: 0, d1to30: 0, d31to60: 0, d61to90: 0, over90: 0 };
  let credits = 0;
  let open = 0;
  for (const i of items) {
    if (i.status !== 'open') continue;
    open++;
    if (!DEBIT_KINDS.has(i.kind)) {
      credits += i.amount;
      continue;
    }
    const late = Math.floor((today - day(i.dueDate)) / DAY);
    const bucket: keyof AgedBalance = late <= 0 ? 'notDue' : late <= 30 ? 'd1to30' : late <= 60 ? 'd31to60' : late <= 90 ? 'd61to90' : 'over90';
    aged[bucket] += i.amount;
  }
  for (const k of Object.keys(aged) as (keyof AgedBalance)[]) aged[k] = cents(aged[k]);
  const receivables = cents(aged.notDue + aged.d1to30 + aged.d31to60 + aged.d61to90 + aged.over90);
  return {
    asOfDate,
    currency,
    outstanding: cents(receivables + credits),
    aged,
    credits: cents(credits),
    overdue: cents(receivables - aged.notDue),
    dso: countbackDso(items, receivables, asOfDate),
    openItems: open,
  };
}

/** Countback DSO (see the module comment), rounded to 0.1 day. */
export function countbackDso(items: OpenItemRecord[], receivables: number, asOfDate: string): number | null {
  const end = new Date(`${asOfDate}T00:00:00Z`);
  const salesIn = (from: number, to: number) =>
    items.filter((i) => i.kind === 'invoice' && day(i.issueDate) >= from && day(i.issueDate) <= to).reduce((s, i) => s + (i.originalAmount ?? i.amount), 0);
  let left = receivables;
  let days = 0;
  let anySales = false;
  for (let m = 0; m < 24; m++) {
    const first = Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - m, 1);
    const last = m === 0 ? end.getTime() : Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - m + 1, 0);
    const span = Math.round((last - first) / DAY) + 1;
    const sales = salesIn(first, last);
    if (sales > 0) anySales = true;
    if (left <= 0) break;
    if (sales >= left && sales > 0) {
      days += (span * left) / sales;
      left = 0;
      break;
    }
    left -= Math.max(0, sales);
    days += span;
  }
  if (!anySales) return null;
  return Math.round(days * 10) / 10;
}

/** The limit that applies on `now` (null: none, or expired). */
const limitAmount = (c: CustomerRecord, now: Date) => (c.limit && (c.limit.expiresAt === null || day(c.limit.expiresAt) > now.getTime()) ? c.limit.amount : null);
const coverAmount = (c: CustomerRecord, now: Date) => {
  const cover = c.cover;
  const today = day(isoDay(now));
  return cover && day(cover.from) <= today && (cover.to === null || today <= day(cover.to)) ? cover.amount : null;
};

// Group figures ---------------------------------------------------------------------------------

async function entitiesOf(ctx: Ctx, parentId: string): Promise<CustomerRecord[]> {
  const out: CustomerRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await ctx.store.listCustomers({ parentId, cursor, limit: 500 });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/** A group's figures: the parent and its entities, outstanding summed (one currency: the parent's). */
export async function groupExposure(ctx: Ctx, parent: CustomerRecord, now: Date) {
  const entities = await entitiesOf(ctx, parent.customerId);
  const members = [parent, ...entities];
  const items = await ctx.store.listOpenItems(members.map((m) => m.customerId), { all: true });
  const asOfDate = isoDay(now);
  const perEntity = members.map((m) => ({
    customerId: m.customerId,
    name: m.identity.name,
    limit: limitAmount(m, now),
    ...computeExposure(
      items.filter((i) => i.customerId === m.customerId),
      asOfDate,
      m.identity.currency,
    ),
  }));
  const same = perEntity.filter((e) => e.currency === parent.identity.currency);
  const exposure = cents(same.reduce((s, e) => s + e.outstanding, 0));
  const groupLimit = parent.groupLimit?.amount ?? null;
  return {
    parentId: parent.customerId,
    currency: parent.identity.currency,
    asOfDate,
    exposure,
    overdue: cents(same.reduce((s, e) => s + e.overdue, 0)),
    groupLimit,
    headroom: groupLimit === null ? null : cents(groupLimit - exposure),
    /** Entities in another currency are listed but not summed (no exchange rates here). */
    notSummed: perEntity.filter((e) => e.currency !== parent.identity.currency).map((e) => e.customerId),
    entities: perEntity,
  };
}

/** The file's exposure and group figures as decision inputs (customer-facts.ts), computed now. */
export async function fileFigures(store: Services['store'], customer: CustomerRecord, now: Date, needs: { exposure: boolean; group: boolean }): Promise<FactCandidate[]> {
  const ctx = { store, clock: { now: () => now } };
  const asOf = isoDay(now);
  const out: FactCandidate[] = [];
  const figure = (input: string, value: number | null) => {
    if (value !== null) out.push({ input, value, source: 'file', asOf, derived: true });
  };
  if (needs.exposure) {
    const items = await store.listOpenItems([customer.customerId], { all: true });
    if (items.length) {
      const e = computeExposure(items, asOf, customer.identity.currency);
      figure('outstanding', e.outstanding);
      figure('overdueAmount', e.overdue);
      figure('overdue90', e.aged.over90);
      figure('dso', e.dso);
    }
  }
  if (needs.group) {
    const parent = customer.parentId ? await store.getCustomer(customer.parentId) : customer;
    if (parent && (parent.customerId !== customer.customerId || parent.groupLimit || (await store.listCustomers({ parentId: parent.customerId, limit: 1 })).items.length)) {
      const g = await groupExposure(ctx, parent, now);
      figure('groupExposure', g.exposure);
      figure('groupLimit', g.groupLimit);
      figure('groupHeadroom', g.headroom);
    }
  }
  return out;
}

// Alerts ----------------------------------------------------------------------------------------

type AlertDraft = Pick<AlertRecord, 'type' | 'dedupeKey' | 'severity' | 'message' | 'details'> & { customerId: string };
const alert = (d: AlertDraft, at: string): AlertRecord => ({ id: `alr_${randomUUID()}`, raisedAt: at, policyId: null, approvalId: null, decisionId: null, ...d });

const NO_WATCH: ExposureRecord['watch'] = { overLimitSince: null, overCoverSince: null, groupOverLimitSince: null, promise: null, promiseMissed: null };

/** The next snapshot of one customer and the alerts it raises (pure: tested on its own). */
export function nextExposure(input: {
  customer: CustomerRecord;
  items: OpenItemRecord[];
  previous: ExposureRecord | null;
  now: Date;
  group: { exposure: number; groupLimit: number | null; currency: string } | null;
  /** How dedupe keys name the customer: its salted pseudonym (erasure unlinks it), never its id. */
  ref?: string;
}): { exposure: ExposureRecord; alerts: AlertRecord[] } {
  const { customer, previous, now } = input;
  const ref = input.ref ?? customer.customerId;
  const at = now.toISOString();
  const figures = computeExposure(input.items, isoDay(now), customer.identity.currency);
  const watch = { ...NO_WATCH, ...previous?.watch };
  const alerts: AlertRecord[] = [];
  const id = customer.customerId;
  const currency = customer.identity.currency;

  const limit = limitAmount(customer, now);
  if (limit !== null && figures.outstanding > limit) {
    if (!watch.overLimitSince) {
      watch.overLimitSince = at;
      alerts.push(alert({ type: 'exposure.overLimit', dedupeKey: `exposure.overLimit:customer:${ref}:${at}`, severity: 'critical', customerId: id, message: `Exposure ${figures.outstanding} ${currency} is above the granted limit ${limit} (overrun ${cents(figures.outstanding - limit)}).`, details: { exposure: figures.outstanding, grantedLimit: limit, overrun: cents(figures.outstanding - limit), currency, source: 'openItems' } }, at));
    }
  } else watch.overLimitSince = null;

  const cover = coverAmount(customer, now);
  if (cover !== null && figures.outstanding > cover) {
    if (!watch.overCoverSince) {
      watch.overCoverSince = at;
      alerts.push(alert({ type: 'exposure.overCover', dedupeKey: `exposure.overCover:${ref}:${at}`, severity: 'warning', customerId: id, message: `Exposure ${figures.outstanding} ${currency} is above the insurer's cover ${cover} (uninsured ${cents(figures.outstanding - cover)}).`, details: { exposure: figures.outstanding, cover, uncovered: cents(figures.outstanding - cover), currency } }, at));
    }
  } else watch.overCoverSince = null;

  if (input.group && input.group.groupLimit !== null && input.group.exposure > input.group.groupLimit) {
    if (!watch.groupOverLimitSince) {
      watch.groupOverLimitSince = at;
      const g = input.group;
      alerts.push(alert({ type: 'group.overLimit', dedupeKey: `group.overLimit:${ref}:${at}`, severity: 'critical', customerId: id, message: `Group exposure ${g.exposure} ${g.currency} is above the group limit ${g.groupLimit} (overrun ${cents(g.exposure - g.groupLimit!)}).`, details: { exposure: g.exposure, groupLimit: g.groupLimit, overrun: cents(g.exposure - g.groupLimit!), currency: g.currency } }, at));
    }
  } else watch.groupOverLimitSince = null;

  // Compared with the previous picture; the first items of a customer are a start, not a growth.
  if (previous && previous.openItems > 0) {
    const grew = OVERDUE_BUCKETS.filter((b) => figures.aged[b] > previous.aged[b]);
    if (grew.length)
      alerts.push(alert({ type: 'exposure.overdueGrowth', dedupeKey: `exposure.overdueGrowth:${ref}:${figures.asOfDate}`, severity: grew.includes('over90') || grew.includes('d61to90') ? 'critical' : 'warning', customerId: id, message: `Overdue grew in ${grew.join(', ')}: now ${grew.map((b) => `${b} ${figures.aged[b]}`).join(', ')} ${currency} (overdue ${figures.overdue}).`, details: { buckets: grew, before: Object.fromEntries(grew.map((b) => [b, previous.aged[b]])), after: Object.fromEntries(grew.map((b) => [b, figures.aged[b]])), overdue: figures.overdue, currency } }, at));
  }

  const promise = customer.flags.promiseToPay;
  if (!promise || promise.keptAt) watch.promise = null;
  else {
    if (!watch.promise || watch.promise.date !== promise.date || watch.promise.recordedAt !== promise.recordedAt)
      watch.promise = { date: promise.date, recordedAt: promise.recordedAt, amount: promise.amount, baseline: figures.outstanding }; // first seen: a flag change refreshes at once
    const kept = figures.outstanding <= cents(watch.promise.baseline - promise.amount);
    if (!kept && day(figures.asOfDate) > day(promise.date) && watch.promiseMissed !== promise.date) {
      watch.promiseMissed = promise.date;
      alerts.push(alert({ type: 'promise.missed', dedupeKey: `promise.missed:${ref}:${promise.recordedAt}`, severity: 'warning', customerId: id, message: `The promise to pay ${promise.amount} ${currency} by ${promise.date} was not kept: outstanding ${figures.outstanding}, was ${watch.promise.baseline} when it was made.`, details: { promisedAmount: promise.amount, promiseDate: promise.date, baseline: watch.promise.baseline, outstanding: figures.outstanding, currency } }, at));
    }
  }
  return { exposure: { customerId: id, computedAt: at, ...figures, watch }, alerts };
}

const WATCH_ACTOR = 'creditgraph';

/**
 * Recomputes the exposure of these customers (and of their groups' parents), stores the snapshots
 * and raises the new alerts. Customers without a file are skipped.
 */
export async function refreshExposure(ctx: Ctx & Pick<Services, 'workflow'>, customerIds: string[], reason: string): Promise<{ refreshed: number; alerts: AlertRecord[] }> {
  const now = ctx.clock.now();
  const files = await ctx.store.getCustomers(customerIds);
  const parents = new Set(files.map((c) => c.parentId ?? c.customerId));
  const all = new Map(files.map((c) => [c.customerId, c]));
  for (const p of await ctx.store.getCustomers([...parents].filter((id) => !all.has(id)))) all.set(p.customerId, p);
  const raised: AlertRecord[] = [];
  const snapshots: ExposureRecord[] = [];
  const refs = await customerRefs(ctx.store, [...all.keys()]);
  const ids = [...all.keys()];
  // Read in bulk (one query per kind), write in one commit.
  const [allItems, previousOnes] = await Promise.all([ctx.store.listOpenItems(ids, { all: true }), ctx.store.getExposures(ids)]);
  const previousOf = new Map(previousOnes.map((e) => [e.customerId, e]));
  for (const customer of all.values()) {
    const items = allItems.filter((i) => i.customerId === customer.customerId);
    const group = customer.parentId === null && customer.groupLimit ? await groupExposure(ctx, customer, now) : null;
    const { exposure, alerts } = nextExposure({ customer, items, previous: previousOf.get(customer.customerId) ?? null, now, group, ref: refs?.[customer.customerId] });
    snapshots.push(exposure);
    raised.push(...alerts);
  }
  await ctx.store.putExposures(snapshots);
  const stored = raised.length ? await ctx.workflow.raise(raised, { actor: WATCH_ACTOR, comment: reason }) : [];
  return { refreshed: all.size, alerts: stored };
}

/** The sweep's part: snapshots computed for an earlier day are re-aged (ageing and promise dates move with the day). */
export async function exposureSweep(ctx: Ctx & Pick<Services, 'workflow'>): Promise<AlertRecord[]> {
  const today = isoDay(ctx.clock.now());
  const raised: AlertRecord[] = [];
  let afterId: string | null = null;
  for (;;) {
    const ids: string[] = await ctx.store.listExposedCustomerIds({ afterId, asOfBefore: today, limit: 200 });
    if (!ids.length) break;
    raised.push(...(await refreshExposure(ctx, ids, 'daily exposure sweep')).alerts);
    afterId = ids[ids.length - 1]!;
  }
  return raised;
}

// The feed --------------------------------------------------------------------------------------

export interface OpenItemInput {
  id: string;
  customerId: string;
  kind: OpenItemRecord['kind'];
  amount: number;
  currency: string;
  issueDate: string;
  dueDate: string;
  status: OpenItemRecord['status'];
  originalAmount?: number;
}

const CREDIT_KINDS = new Set(['creditNote', 'unappliedCash']);

/**
 * POST /open-items: items upserted by id (idempotent), each for a customer that has a file, in the
 * file's currency; then the exposure of the customers whose items changed is recomputed and its
 * alerts raised. Returns counts and the alerts raised.
 */
export async function feedOpenItems(ctx: Ctx & Pick<Services, 'workflow'>, actor: Actor, items: OpenItemInput[], comment?: string | null) {
  const files = new Map((await ctx.store.getCustomers(items.map((i) => i.customerId))).map((c) => [c.customerId, c]));
  const errors: ErrorItem[] = [];
  const seen = new Set<string>();
  items.forEach((i, n) => {
    const at = (f: string) => `/items/${n}/${f}`;
    const file = files.get(i.customerId);
    if (!file) errors.push({ pointer: at('customerId'), detail: `no customer file "${i.customerId}" (create it first)`, in: 'body' });
    else if (file.identity.currency !== i.currency) errors.push({ pointer: at('currency'), detail: `is not the customer's currency ${file.identity.currency}`, in: 'body' });
    if (seen.has(i.id)) errors.push({ pointer: at('id'), detail: `"${i.id}" appears twice in the batch`, in: 'body' });
    seen.add(i.id);
    if (CREDIT_KINDS.has(i.kind) && i.amount > 0) errors.push({ pointer: at('amount'), detail: `a ${i.kind} reduces what is owed: send it negative`, in: 'body' });
    if (!CREDIT_KINDS.has(i.kind) && i.amount < 0) errors.push({ pointer: at('amount'), detail: `an ${i.kind} is owed: send it positive (a credit is a creditNote)`, in: 'body' });
    if (day(i.dueDate) < day(i.issueDate)) errors.push({ pointer: at('dueDate'), detail: 'is before issueDate', in: 'body' });
  });
  if (errors.length) throw new DomainError('INVALID_REQUEST', 'Some open items cannot be taken.', { errors: errors.slice(0, 100) });
  const records: OpenItemRecord[] = items.map((i) => ({
    itemId: i.id,
    customerId: i.customerId,
    kind: i.kind,
    amount: i.amount,
    currency: i.currency,
    issueDate: i.issueDate,
    dueDate: i.dueDate,
    status: i.status,
    ...(i.originalAmount !== undefined ? { originalAmount: i.originalAmount } : {}),
  }));
  const refs = await customerRefs(ctx.store, [...files.keys()]);
  const changed = await ctx.store.saveOpenItems({ items: records, audit: (c) => openItemsReceived(c, { actor: actor.id, ...(comment ? { comment } : {}) }, refs) });
  const touched = [...new Set(changed.map((i) => i.customerId))];
  const { alerts } = touched.length ? await refreshExposure(ctx, touched, 'open items received') : { alerts: [] };
  return { received: items.length, changed: changed.length, unchanged: items.length - changed.length, customers: touched.length, alerts };
}

/** GET …/exposure: the figures now (computed on read) beside the last snapshot's watch state. */
export async function customerExposure(ctx: Ctx, customer: CustomerRecord) {
  const now = ctx.clock.now();
  const items = await ctx.store.listOpenItems([customer.customerId], { all: true });
  const figures = computeExposure(items, isoDay(now), customer.identity.currency);
  const limit = limitAmount(customer, now);
  const cover = coverAmount(customer, now);
  return {
    customerId: customer.customerId,
    ...figures,
    limit,
    headroom: limit === null ? null : cents(limit - figures.outstanding),
    cover,
    uncovered: cover === null ? null : cents(Math.max(0, figures.outstanding - cover)),
    dsoMethod: 'countback' as const,
    watch: (await ctx.store.getExposure(customer.customerId))?.watch ?? NO_WATCH,
  };
}

/** A customer's items (open only, or all), after checking the file exists. */
export async function customerOpenItems(ctx: Ctx, customerId: string, all: boolean): Promise<OpenItemRecord[]> {
  if (!(await ctx.store.getCustomer(customerId))) throw new DomainError('NOT_FOUND', `No customer "${customerId}".`);
  return ctx.store.listOpenItems([customerId], { all });
}

/** The group the customer heads or belongs to. */
export async function customerGroup(ctx: Ctx, customerId: string) {
  const c = await ctx.store.getCustomer(customerId);
  if (!c) throw new DomainError('NOT_FOUND', `No customer "${customerId}".`);
  const parent = c.parentId ? await ctx.store.getCustomer(c.parentId) : c;
  if (!parent) throw new DomainError('NOT_FOUND', `No customer "${c.parentId}" (the group's parent).`);
  return groupExposure(ctx, parent, ctx.clock.now());
}
