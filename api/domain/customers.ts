/**
 * The customer credit file as people and systems use it: create, replace (PUT) or merge-patch
 * (PATCH) its parts under If-Match, record facts (each kept only if it is the freshest known for
 * its input), set the insurer cover and the flags, read one file, list them. Every change is one
 * audit entry naming the customer by its pseudonym and what changed (never the values); the
 * rules of the file live here, the store only compares etags.
 *
 * Rules: a customer's parent must exist and be a top-level customer (groups are one level: a
 * parent and its legal entities), and a parent cannot itself be given a parent. Facts are named
 * like policy inputs; a fact dated before the stored one for the same input is not kept (reported
 * as stale): the file holds the latest known value per input, whatever order the feeds arrive in.
 */
import { randomBytes } from 'node:crypto';
import type { Services } from '../services.js';
import {
  FACT_SOURCES,
  NO_FLAGS,
  type CurrentLimit,
  type CustomerFilter,
  type CustomerFlags,
  type CustomerIdentity,
  type CustomerRecord,
  type FactSource,
  type FactValue,
  type GroupLimit,
  type InsurerCover,
  type StoredFact,
} from '../store/customer-store.js';
import { StoreError, type AuditContext } from '../store/store.js';
import type { Actor } from './context.js';
import { customerEvent, type CustomerAction } from './customer-audit-events.js';
import { customerRefs } from './customer-salts.js';
import { DomainError, type ErrorItem } from './errors.js';
import { pageWithCursor } from './pagination.js';
import { refreshExposure } from './customer-exposure.js';

/** With the workflow, a change of limit, cover or flags re-checks the exposure at once (its alerts). */
type Ctx = Pick<Services, 'store' | 'clock'> & Partial<Pick<Services, 'workflow'>>;

async function recheck(ctx: Ctx, customerId: string, reason: string): Promise<void> {
  if (ctx.workflow) await refreshExposure({ store: ctx.store, clock: ctx.clock, workflow: ctx.workflow }, [customerId], reason);
}

export { FACT_SOURCES, OPEN_ITEM_KINDS } from '../store/customer-store.js';

export const newCustomerEtag = () => randomBytes(12).toString('base64url');

/** Fact names are policy input names (engine/model/policy-schema.ts NAME_PATTERN). */
export const FACT_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** The parts of a file a person or system writes (PUT replaces them, PATCH merges into them). */
export interface CustomerContent {
  identity: CustomerIdentity;
  parentId: string | null;
  cover: InsurerCover | null;
  limit: CurrentLimit | null;
  groupLimit: GroupLimit | null;
  flags: CustomerFlags;
}

/** Flags as a caller sends them: a promise to pay is {date, amount}; when it was recorded is the server's. */
export interface FlagsInput {
  dispute?: { since: string; amount?: number | null; note?: string | null } | null;
  promiseToPay?: { date: string; amount: number } | null;
  insolvency?: CustomerFlags['insolvency'];
}

/** Content as a caller sends it (optional parts absent = none). */
type Loose<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;
export interface ContentInput {
  identity: Loose<CustomerIdentity, 'nationalId' | 'country'>;
  parentId?: string | null;
  cover?: Loose<InsurerCover, 'insurer' | 'to'> | null;
  limit?: Loose<CurrentLimit, 'reviewDate' | 'expiresAt' | 'decisionId' | 'policyId' | 'riskClass'> | null;
  groupLimit?: Loose<GroupLimit, 'reviewDate'> | null;
  flags?: FlagsInput;
}

/** Merges sent flags into the current ones; a promise unchanged keeps when it was recorded and kept. */
export function flagsFrom(current: CustomerFlags, input: FlagsInput | undefined, at: string): CustomerFlags {
  const next = { ...current };
  if (!input) return next;
  if (input.dispute !== undefined) next.dispute = input.dispute === null ? null : { since: input.dispute.since, amount: input.dispute.amount ?? null, note: input.dispute.note ?? null };
  if (input.promiseToPay !== undefined) {
    const p = input.promiseToPay;
    const same = p && current.promiseToPay && current.promiseToPay.date === p.date && current.promiseToPay.amount === p.amount;
    next.promiseToPay = p === null ? null : same ? current.promiseToPay : { date: p.date, amount: p.amount, recordedAt: at, keptAt: null };
  }
  if (input.insolvency !== undefined) next.insolvency = input.insolvency;
  return next;
}

const contentFrom = (input: ContentInput, currentFlags: CustomerFlags, at: string): CustomerContent => ({
  identity: { name: input.identity.name, nationalId: input.identity.nationalId ?? null, country: input.identity.country ?? null, currency: input.identity.currency },
  parentId: input.parentId ?? null,
  cover: input.cover ? { insurer: input.cover.insurer ?? null, amount: input.cover.amount, insuredShare: input.cover.insuredShare, from: input.cover.from, to: input.cover.to ?? null } : null,
  limit: input.limit ? limitFrom(input.limit) : null,
  groupLimit: input.groupLimit ? { amount: input.groupLimit.amount, grantedAt: input.groupLimit.grantedAt, reviewDate: input.groupLimit.reviewDate ?? null } : null,
  flags: flagsFrom(currentFlags, { dispute: null, promiseToPay: null, insolvency: null, ...input.flags }, at),
});

const limitFrom = (l: Partial<CurrentLimit> & { amount: number; grantedAt: string }): CurrentLimit => ({
  amount: l.amount,
  grantedAt: l.grantedAt,
  reviewDate: l.reviewDate ?? null,
  expiresAt: l.expiresAt ?? null,
  decisionId: l.decisionId ?? null,
  policyId: l.policyId ?? null,
  riskClass: l.riskClass ?? null,
});

export interface FactUpdate {
  input: string;
  value: FactValue;
  source: FactSource;
  asOf: string;
}

const invalid = (detail: string, errors: ErrorItem[]) => new DomainError('INVALID_REQUEST', detail, { errors });
const item = (pointer: string, detail: string): ErrorItem => ({ pointer, detail, in: 'body' });

/** The file as the API shows it: the etag quoted as in the ETag header. */
export const customerView = (c: CustomerRecord) => ({ ...c, etag: `"${c.etag}"` });

export async function readCustomer(ctx: Ctx, customerId: string): Promise<CustomerRecord> {
  const c = await ctx.store.getCustomer(customerId);
  if (!c) throw new DomainError('NOT_FOUND', `No customer "${customerId}".`);
  return c;
}

export const listCustomers = (ctx: Ctx, filter: CustomerFilter) => pageWithCursor(filter.cursor, () => ctx.store.listCustomers(filter));

// Checks ----------------------------------------------------------------------------------------

const dayOf = (iso: string) => Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);

function checkContent(c: CustomerContent, base = ''): ErrorItem[] {
  const errors: ErrorItem[] = [];
  if (c.cover) {
    if (c.cover.to !== null && dayOf(c.cover.to) < dayOf(c.cover.from)) errors.push(item(`${base}/cover/to`, 'is before cover.from'));
  }
  if (c.limit) {
    if (c.limit.reviewDate !== null && dayOf(c.limit.reviewDate) < dayOf(c.limit.grantedAt)) errors.push(item(`${base}/limit/reviewDate`, 'is before limit.grantedAt'));
    if (c.limit.expiresAt !== null && dayOf(c.limit.expiresAt) < dayOf(c.limit.grantedAt)) errors.push(item(`${base}/limit/expiresAt`, 'is before limit.grantedAt'));
  }
  if (c.groupLimit && c.parentId !== null) errors.push(item(`${base}/groupLimit`, 'only a group\'s parent (a customer without parentId) holds a group limit'));
  const promise = c.flags.promiseToPay;
  if (promise && dayOf(promise.date) < dayOf(promise.recordedAt.slice(0, 10))) errors.push(item(`${base}/flags/promiseToPay/date`, 'is before the day the promise was recorded'));
  return errors;
}

/** The parent must exist, be top level, and the customer must not be a parent itself. */
async function checkParent(ctx: Ctx, customerId: string, parentId: string | null, pointer: string): Promise<void> {
  if (parentId === null) return;
  if (parentId === customerId) throw invalid('A customer cannot be its own parent.', [item(pointer, 'is the customer itself')]);
  const parent = await ctx.store.getCustomer(parentId);
  if (!parent) throw invalid(`No customer "${parentId}" to be the parent.`, [item(pointer, `no customer "${parentId}"`)]);
  if (parent.parentId !== null) throw invalid(`Customer "${parentId}" belongs to group "${parent.parentId}": groups are one level (a parent and its entities).`, [item(pointer, 'is itself an entity of a group')]);
  const children = await ctx.store.listCustomers({ parentId: customerId, limit: 1 });
  if (children.items.length) throw invalid(`Customer "${customerId}" is the parent of a group: it cannot join another group.`, [item(pointer, 'the customer heads a group')]);
}

function checkFacts(updates: FactUpdate[], now: Date, base: string): ErrorItem[] {
  const errors: ErrorItem[] = [];
  const tomorrow = now.getTime() + 86_400_000;
  updates.forEach((u, i) => {
    if (!FACT_NAME.test(u.input)) errors.push(item(`${base}/${i}/input`, 'is not a policy input name (a letter or _, then letters, digits or _; at most 64)'));
    if (!(FACT_SOURCES as readonly string[]).includes(u.source)) errors.push(item(`${base}/${i}/source`, `must be one of ${FACT_SOURCES.join(', ')}`));
    if (typeof u.value === 'number' && !Number.isFinite(u.value)) errors.push(item(`${base}/${i}/value`, 'is not a finite number'));
    const t = dayOf(u.asOf);
    if (!Number.isFinite(t)) errors.push(item(`${base}/${i}/asOf`, 'is not an ISO date'));
    else if (t > tomorrow) errors.push(item(`${base}/${i}/asOf`, 'is in the future'));
  });
  const seen = new Set<string>();
  updates.forEach((u, i) => {
    if (seen.has(u.input)) errors.push(item(`${base}/${i}/input`, `"${u.input}" appears twice in the batch`));
    seen.add(u.input);
  });
  return errors;
}

/**
 * Merges fact updates into a file's facts: an update replaces the stored fact unless the stored one
 * is dated later (same date: the update wins, as the later word on that date). Returns what was
 * kept and what was stale.
 */
export function mergeFacts(facts: Record<string, StoredFact>, updates: FactUpdate[], recordedAt: string, recordedBy: string) {
  const next = { ...facts };
  const applied: { input: string; source: FactSource; asOf: string }[] = [];
  const stale: { input: string; asOf: string; storedAsOf: string; storedSource: FactSource }[] = [];
  for (const u of updates) {
    const stored = next[u.input];
    if (stored && dayOf(stored.asOf) > dayOf(u.asOf)) {
      stale.push({ input: u.input, asOf: u.asOf, storedAsOf: stored.asOf, storedSource: stored.source });
      continue;
    }
    next[u.input] = { value: u.value, source: u.source, asOf: u.asOf, recordedAt, recordedBy };
    applied.push({ input: u.input, source: u.source, asOf: u.asOf });
  }
  return { facts: next, applied, stale };
}

// Changes ---------------------------------------------------------------------------------------

const auditOf = (actor: Actor, comment: string | null | undefined): AuditContext => ({ actor: actor.id, ...(comment ? { comment } : {}) });

/** Which parts of the content differ (for the audit entry: names, never values). */
function changedParts(before: CustomerContent | null, after: CustomerContent): string[] {
  const parts: string[] = [];
  for (const key of ['identity', 'parentId', 'cover', 'limit', 'groupLimit'] as const)
    if (!before || JSON.stringify(before[key]) !== JSON.stringify(after[key])) parts.push(key);
  for (const flag of ['dispute', 'promiseToPay', 'insolvency'] as const)
    if (!before || JSON.stringify(before.flags[flag]) !== JSON.stringify(after.flags[flag])) parts.push(`flags.${flag}`);
  return parts;
}

export async function createCustomer(ctx: Ctx, actor: Actor, input: ContentInput & { customerId: string; facts?: FactUpdate[]; comment?: string | null }) {
  const now = ctx.clock.now();
  const at = now.toISOString();
  const content = contentFrom(input, NO_FLAGS, at);
  const errors = [...checkContent(content), ...checkFacts(input.facts ?? [], now, '/facts')];
  if (errors.length) throw invalid('The customer file is not consistent.', errors);
  await checkParent(ctx, input.customerId, content.parentId, '/parentId');
  const { facts, applied } = mergeFacts({}, input.facts ?? [], at, actor.id);
  const record: CustomerRecord = { customerId: input.customerId, ...content, facts, etag: newCustomerEtag(), createdAt: at, updatedAt: at, updatedBy: actor.id };
  const refs = await customerRefs(ctx.store, [record.customerId]);
  try {
    const saved = await ctx.store.insertCustomer(record, customerEvent('customer.created', record.customerId, { changed: changedParts(null, content), facts: applied }, auditOf(actor, input.comment), refs));
    if (content.limit || content.cover || content.groupLimit || content.parentId) await recheck(ctx, saved.customerId, 'customer file created');
    return saved;
  } catch (err) {
    if (err instanceof StoreError && err.code === 'CONFLICT') throw new DomainError('CONFLICT', `Customer "${record.customerId}" exists already: read it and PUT or PATCH it with its ETag.`);
    throw err;
  }
}

/**
 * One change of a file: read, apply `change`, compare-and-set. With an If-Match etag a moved file
 * is a 412; without one (machine feeds whose merge does not depend on what they read: facts), a
 * moved file is read again and the change re-applied.
 */
export async function changeCustomer<X>(
  ctx: Ctx,
  actor: Actor,
  customerId: string,
  ifMatch: string | null,
  action: CustomerAction,
  comment: string | null | undefined,
  change: (current: CustomerRecord, at: string) => Promise<{ next: CustomerRecord; details: Record<string, unknown>; extra: X } | null> | { next: CustomerRecord; details: Record<string, unknown>; extra: X } | null,
): Promise<{ customer: CustomerRecord; extra: X | null; changed: boolean }> {
  for (let attempt = 1; ; attempt++) {
    const current = await readCustomer(ctx, customerId);
    if (ifMatch !== null && ifMatch !== current.etag) throw new DomainError('PRECONDITION_FAILED', `Customer "${customerId}" has changed since you read it: GET it again for its ETag.`);
    const at = ctx.clock.now().toISOString();
    const outcome = await change(current, at);
    if (!outcome) return { customer: current, extra: null, changed: false }; // nothing to write, no entry
    const next: CustomerRecord = { ...outcome.next, customerId, etag: newCustomerEtag(), createdAt: current.createdAt, updatedAt: at, updatedBy: actor.id };
    try {
      const refs = await customerRefs(ctx.store, [customerId]);
      const saved = await ctx.store.putCustomer({ customer: next, expectEtag: current.etag, audit: customerEvent(action, customerId, outcome.details, auditOf(actor, comment), refs) });
      return { customer: saved, extra: outcome.extra, changed: true };
    } catch (err) {
      if (err instanceof StoreError && err.code === 'PRECONDITION_FAILED') {
        if (ifMatch === null && attempt < 5) continue;
        throw new DomainError('PRECONDITION_FAILED', `Customer "${customerId}" has changed since you read it: GET it again for its ETag.`);
      }
      throw err;
    }
  }
}

const contentOf = (c: CustomerRecord): CustomerContent => ({ identity: c.identity, parentId: c.parentId, cover: c.cover, limit: c.limit, groupLimit: c.groupLimit, flags: c.flags });

async function replaceContent(ctx: Ctx, actor: Actor, customerId: string, ifMatch: string, comment: string | null | undefined, build: (current: CustomerRecord, at: string) => CustomerContent, action: CustomerAction = 'customer.updated') {
  const { customer, changed } = await changeCustomer(ctx, actor, customerId, ifMatch, action, comment, async (current, at) => {
    const content = build(current, at);
    const errors = checkContent(content);
    if (errors.length) throw invalid('The customer file is not consistent.', errors);
    if (content.parentId !== current.parentId) await checkParent(ctx, customerId, content.parentId, '/parentId');
    const changed = changedParts(contentOf(current), content);
    if (!changed.length) return null;
    return { next: { ...current, ...content }, details: { changed }, extra: null };
  });
  if (changed) await recheck(ctx, customerId, 'customer file changed');
  return customer;
}

/** PUT: the writable parts replaced whole (facts are kept: they change through recordFacts). */
export const replaceCustomer = (ctx: Ctx, actor: Actor, customerId: string, ifMatch: string, input: ContentInput & { comment?: string | null }) =>
  replaceContent(ctx, actor, customerId, ifMatch, input.comment, (c, at) => contentFrom(input, c.flags, at));

export type CustomerPatch = Partial<{ identity: Partial<CustomerIdentity>; parentId: string | null; cover: Partial<InsurerCover> | null; limit: Partial<CurrentLimit> | null; groupLimit: Partial<GroupLimit> | null; flags: FlagsInput }>;

/** A JSON merge patch (RFC 7396) of a nested part: null removes, objects merge. */
function mergePart<T extends object>(current: T | null, patch: Partial<T> | null | undefined, pointer: string, required: (keyof T)[]): T | null {
  if (patch === undefined) return current;
  if (patch === null) return null;
  const merged = { ...(current ?? {}), ...patch } as T;
  const missing = required.filter((k) => (merged as Record<keyof T, unknown>)[k] === undefined);
  if (missing.length) throw invalid(`${pointer.slice(1)} is not set yet: send it whole.`, missing.map((k) => item(`${pointer}/${String(k)}`, 'is required')));
  return merged;
}

/** PATCH: a JSON merge patch of the writable parts (RFC 7396). */
export const patchCustomer = (ctx: Ctx, actor: Actor, customerId: string, ifMatch: string, patch: CustomerPatch & { comment?: string | null }) =>
  replaceContent(ctx, actor, customerId, ifMatch, patch.comment, (c, at) => ({
    identity: { ...c.identity, ...patch.identity },
    parentId: patch.parentId === undefined ? c.parentId : patch.parentId,
    cover: mergePart(c.cover, patch.cover === undefined || patch.cover === null ? patch.cover : { insurer: null, to: null, ...patch.cover }, '/cover', ['amount', 'insuredShare', 'from']),
    limit: ((l) => (l ? limitFrom(l) : null))(mergePart(c.limit, patch.limit, '/limit', ['amount', 'grantedAt'])),
    groupLimit: mergePart(c.groupLimit, patch.groupLimit === undefined || patch.groupLimit === null ? patch.groupLimit : { reviewDate: null, ...patch.groupLimit }, '/groupLimit', ['amount', 'grantedAt']),
    flags: flagsFrom(c.flags, patch.flags, at),
  }));

/** PUT …/cover: the insurer's agreement (null: none). */
export const setCover = (ctx: Ctx, actor: Actor, customerId: string, ifMatch: string, cover: (Omit<InsurerCover, 'insurer' | 'to'> & { insurer?: string | null; to?: string | null }) | null, comment?: string | null) =>
  replaceContent(ctx, actor, customerId, ifMatch, comment, (c) => ({ ...contentOf(c), cover: cover && { insurer: cover.insurer ?? null, amount: cover.amount, insuredShare: cover.insuredShare, from: cover.from, to: cover.to ?? null } }), 'customer.coverSet');

/** PUT …/flags: dispute, promise to pay, insolvency procedure (each null: none). */
export const setFlags = (ctx: Ctx, actor: Actor, customerId: string, ifMatch: string, flags: FlagsInput, comment?: string | null) =>
  replaceContent(ctx, actor, customerId, ifMatch, comment, (c, at) => ({ ...contentOf(c), flags: flagsFrom(c.flags, flags, at) }), 'customer.flagsSet');

/** The current limit, as a decision or a person set it (no If-Match: the caller decided it on the latest file). */
export async function recordLimit(ctx: Ctx, actor: Actor, customerId: string, limit: CurrentLimit | null, comment?: string | null) {
  const { customer, changed } = await changeCustomer(ctx, actor, customerId, null, 'customer.limitSet', comment, (current) =>
    JSON.stringify(current.limit) === JSON.stringify(limit) ? null : { next: { ...current, limit }, details: { changed: ['limit'] }, extra: null },
  );
  if (changed) await recheck(ctx, customerId, 'limit changed');
  return customer;
}

/**
 * POST …/facts: a batch of facts for one file. If-Match is optional: the merge keeps the freshest
 * fact per input whatever the file held, so concurrent feeds lose nothing. Returns the file, the
 * facts kept and the stale ones (dated before what the file knows).
 */
export async function recordFacts(ctx: Ctx, actor: Actor, customerId: string, ifMatch: string | null, updates: FactUpdate[], comment?: string | null) {
  const now = ctx.clock.now();
  const errors = checkFacts(updates, now, '/facts');
  if (errors.length) throw invalid('Some facts cannot be recorded.', errors);
  const result = await changeCustomer(ctx, actor, customerId, ifMatch, 'customer.factsUpdated', comment, (current, at) => {
    const merged = mergeFacts(current.facts, updates, at, actor.id);
    if (!merged.applied.length) return null;
    return { next: { ...current, facts: merged.facts }, details: { facts: merged.applied, ...(merged.stale.length ? { stale: merged.stale.map((s) => s.input) } : {}) }, extra: merged };
  });
  const stale = result.extra?.stale ?? mergeFacts(result.customer.facts, updates, '', actor.id).stale;
  return { customer: result.customer, applied: result.extra?.applied ?? [], stale };
}
