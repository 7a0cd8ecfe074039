/**
 * The customer credit file over HTTP: create, read, list, replace (PUT) and merge-patch (PATCH) under
 * If-Match, facts batches, insurer cover, flags; the open-items feed and the exposure figures.
 * Shapes and rules: docs/customers.md.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { defineRoute } from '../http/route.js';
import { notModified } from '../http/conditional.js';
import { createCustomer, customerView, listCustomers, patchCustomer, readCustomer, recordFacts, replaceCustomer, setCover, setFlags } from '../domain/customers.js';
import { actorOf, etagHeader, ifMatchOf } from './common.js';
import { ApiError } from '../http/problems.js';
import type { Request } from 'express';
import { FACT_SOURCES, OPEN_ITEM_KINDS } from '../domain/customers.js';
import { customerExposure, customerGroup, customerOpenItems, feedOpenItems } from '../domain/customer-exposure.js';
import { Alert } from './alerts.js';
import { redecideOnFacts } from '../domain/review-campaigns.js';
import { CampaignEntrySchema } from './campaign-schemas.js';

const TAG = 'Customers';
const ETAG = { ETag: 'The file\'s entity tag: send it back in If-Match.' };
const nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);

/** Customer ids travel in URLs: letters, digits and . _ ~ : @ - (at most 200). */
export const CUSTOMER_ID_PATTERN = '^[A-Za-z0-9._~:@-]{1,200}$';
export const CustomerParams = Type.Object({ customerId: Type.String({ pattern: CUSTOMER_ID_PATTERN }) });

const IsoDate = (description?: string) => Type.String({ format: 'date', ...(description ? { description } : {}) });
const IsoDateTime = (description?: string) => Type.String({ format: 'date-time', ...(description ? { description } : {}) });
const DateOrTime = (description: string) => Type.Union([Type.String({ format: 'date' }), Type.String({ format: 'date-time' })], { description });
const Amount = (description?: string) => Type.Number({ minimum: 0, maximum: 1e13, ...(description ? { description } : {}) });
const Comment = Type.Optional(Type.String({ maxLength: 2000, description: 'Why (kept in the audit trail).' }));

export const Identity = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 300 }),
    nationalId: Type.Optional(nullable(Type.String({ minLength: 1, maxLength: 50, description: 'SIREN/SIRET, VAT number, company register number.' }))),
    country: Type.Optional(nullable(Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2.' }))),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217: the currency of the limit, the cover and the open items.' }),
  },
  { additionalProperties: false },
);

export const Cover = Type.Object(
  {
    insurer: Type.Optional(nullable(Type.String({ maxLength: 200 }))),
    amount: Amount('The named agreement (0 = the insurer refused the buyer).'),
    insuredShare: Type.Number({ minimum: 0, maximum: 1, description: 'Share of a loss the insurer pays (quotité garantie), 0–1.' }),
    from: IsoDate('In force from.'),
    to: Type.Optional(nullable(IsoDate('In force until (null: open-ended).'))),
  },
  { additionalProperties: false },
);

export const Limit = Type.Object(
  {
    amount: Amount(),
    grantedAt: IsoDateTime(),
    reviewDate: Type.Optional(nullable(DateOrTime('When the limit must be reviewed.'))),
    expiresAt: Type.Optional(nullable(DateOrTime('When it stops applying.'))),
    decisionId: Type.Optional(nullable(Type.String({ maxLength: 200 }))),
    policyId: Type.Optional(nullable(Type.String({ maxLength: 100 }))),
    riskClass: Type.Optional(nullable(Type.String({ maxLength: 20 }))),
  },
  { additionalProperties: false },
);

export const GroupLimitSchema = Type.Object(
  { amount: Amount(), grantedAt: IsoDateTime(), reviewDate: Type.Optional(nullable(DateOrTime('When the group limit must be reviewed.'))) },
  { additionalProperties: false, description: 'On a group\'s parent: the limit over the parent and all its entities.' },
);

const INSOLVENCY = ['safeguard', 'receivership', 'liquidation', 'other'] as const;

export const FlagsInputSchema = Type.Object(
  {
    dispute: Type.Optional(
      nullable(Type.Object({ since: IsoDate(), amount: Type.Optional(nullable(Amount())), note: Type.Optional(nullable(Type.String({ maxLength: 1000 }))) }, { additionalProperties: false })),
    ),
    promiseToPay: Type.Optional(nullable(Type.Object({ date: IsoDate('Pay by.'), amount: Type.Number({ exclusiveMinimum: 0, maximum: 1e13 }) }, { additionalProperties: false }))),
    insolvency: Type.Optional(nullable(Type.Object({ procedure: Type.Union(INSOLVENCY.map((p) => Type.Literal(p))), since: IsoDate() }, { additionalProperties: false }))),
  },
  { additionalProperties: false, description: 'Each flag: an object sets it, null clears it, absent leaves it.' },
);

const FactValue = Type.Union([Type.Number(), Type.String({ maxLength: 1000 }), Type.Boolean(), Type.Null()]);

export const FactUpdateSchema = Type.Object(
  {
    input: Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$', description: 'The policy input this fact is for.' }),
    value: FactValue,
    source: Type.Union(FACT_SOURCES.map((s) => Type.Literal(s))),
    asOf: DateOrTime('The date the value describes (balance-sheet date, score date…); not in the future.'),
  },
  { additionalProperties: false },
);

const StoredFact = Type.Object({
  value: FactValue,
  source: Type.Union(FACT_SOURCES.map((s) => Type.Literal(s))),
  asOf: Type.String(),
  recordedAt: IsoDateTime(),
  recordedBy: Type.String(),
});

export const Customer = Type.Object(
  {
    customerId: Type.String(),
    identity: Type.Object({ name: Type.String(), nationalId: nullable(Type.String()), country: nullable(Type.String()), currency: Type.String() }),
    parentId: nullable(Type.String()),
    facts: Type.Record(Type.String(), StoredFact, { description: 'Input name → the latest known value, its source and date.' }),
    cover: nullable(Type.Object({ insurer: nullable(Type.String()), amount: Type.Number(), insuredShare: Type.Number(), from: Type.String(), to: nullable(Type.String()) })),
    limit: nullable(
      Type.Object({
        amount: Type.Number(),
        grantedAt: Type.String(),
        reviewDate: nullable(Type.String()),
        expiresAt: nullable(Type.String()),
        decisionId: nullable(Type.String()),
        policyId: nullable(Type.String()),
        riskClass: nullable(Type.String()),
      }),
    ),
    groupLimit: nullable(Type.Object({ amount: Type.Number(), grantedAt: Type.String(), reviewDate: nullable(Type.String()) })),
    flags: Type.Object({
      dispute: nullable(Type.Object({ since: Type.String(), amount: nullable(Type.Number()), note: nullable(Type.String()) })),
      promiseToPay: nullable(Type.Object({ date: Type.String(), amount: Type.Number(), recordedAt: Type.String(), keptAt: nullable(Type.String()) })),
      insolvency: nullable(Type.Object({ procedure: Type.Union(INSOLVENCY.map((p) => Type.Literal(p))), since: Type.String() })),
    }),
    etag: Type.String({ description: 'The same quoted value as the ETag header.' }),
    createdAt: IsoDateTime(),
    updatedAt: IsoDateTime(),
    updatedBy: Type.String(),
  },
  { description: 'A customer credit file.' },
);

const ContentBody = {
  identity: Identity,
  parentId: Type.Optional(nullable(Type.String({ pattern: CUSTOMER_ID_PATTERN, description: 'The group\'s parent (a top-level customer).' }))),
  cover: Type.Optional(nullable(Cover)),
  limit: Type.Optional(nullable(Limit)),
  groupLimit: Type.Optional(nullable(GroupLimitSchema)),
  flags: Type.Optional(FlagsInputSchema),
  comment: Comment,
};

function requireIfMatch(req: Request): string {
  const tag = ifMatchOf(req);
  if (tag === null) throw new ApiError('PRECONDITION_REQUIRED', 'Send the customer file\'s ETag in If-Match (GET the file to read it), so concurrent changes are not lost.');
  return tag;
}

const IF_MATCH = { name: 'If-Match', required: true, description: 'The ETag of the file you read (428 if missing, 412 if stale).' };
const CHANGE_RESPONSES = {
  200: { description: 'The file as saved (unchanged when nothing differed: no audit entry).', schema: Customer, headers: ETAG },
  404: { description: 'No such customer.' },
  412: { description: 'The file changed since you read it.' },
  422: { description: 'A field is invalid (named in `errors`).' },
  428: { description: 'No If-Match header.' },
} as const;

const create = defineRoute({
  method: 'post',
  path: '/customers',
  operationId: 'createCustomer',
  summary: 'Create a customer credit file (identity, group, facts, cover, limit, flags)',
  tag: TAG,
  access: 'customers:write',
  body: Type.Object({ customerId: Type.String({ pattern: CUSTOMER_ID_PATTERN }), ...ContentBody, facts: Type.Optional(Type.Array(FactUpdateSchema, { maxItems: 200 })) }, { additionalProperties: false }),
  responses: {
    201: { description: 'Created.', schema: Customer, headers: { ...ETAG, Location: 'The file.' } },
    409: { description: 'A file with this customerId exists.' },
    422: { description: 'A field is invalid (named in `errors`).' },
  },
  handler: async ({ body, caller, services }) => {
    const c = await createCustomer(services, actorOf(caller), body);
    return { status: 201, headers: { ETag: etagHeader(c.etag), Location: `/api/v1/customers/${encodeURIComponent(c.customerId)}` }, body: customerView(c) };
  },
});

const list = defineRoute({
  method: 'get',
  path: '/customers',
  operationId: 'listCustomers',
  summary: 'Customer files by id, with filters (group, country, name prefix, limits due for review)',
  tag: TAG,
  access: 'customers:read',
  query: Type.Object(
    {
      parentId: Type.Optional(Type.String({ pattern: CUSTOMER_ID_PATTERN, description: 'The entities of this group.' })),
      country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
      name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Name starts with (case-insensitive).' })),
      reviewDueBy: Type.Optional(Type.String({ format: 'date-time', description: 'Current limit\'s review date at or before.' })),
      cursor: Type.Optional(Type.String({ maxLength: 500 })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    },
    { additionalProperties: false },
  ),
  responses: { 200: { description: 'A page of files.', schema: Type.Object({ items: Type.Array(Customer), nextCursor: nullable(Type.String()) }) } },
  handler: async ({ query, services }) => {
    const page = await listCustomers(services, { parentId: query.parentId, country: query.country, namePrefix: query.name, reviewDueBy: query.reviewDueBy, cursor: query.cursor, limit: query.limit });
    return { body: { items: page.items.map(customerView), nextCursor: page.nextCursor } };
  },
});

const get = defineRoute({
  method: 'get',
  path: '/customers/:customerId',
  operationId: 'getCustomer',
  summary: 'One customer file (its ETag in the ETag header)',
  tag: TAG,
  access: 'customers:read',
  params: CustomerParams,
  headers: [{ name: 'If-None-Match', required: false, description: 'The ETag you hold: 304 without a body when the file has not changed.' }],
  responses: { 200: { description: 'The file.', schema: Customer, headers: ETAG }, 304: { description: 'Not modified.', headers: ETAG }, 404: { description: 'No such customer.' } },
  handler: async ({ params, services, req }) => {
    const c = await readCustomer(services, params.customerId);
    if (notModified(req, c.etag)) return { status: 304, headers: { ETag: etagHeader(c.etag) } };
    return { headers: { ETag: etagHeader(c.etag) }, body: customerView(c) };
  },
});

const replace = defineRoute({
  method: 'put',
  path: '/customers/:customerId',
  operationId: 'replaceCustomer',
  summary: 'Replace the file\'s identity, group, cover, limit, group limit and flags (facts are kept: POST …/facts)',
  tag: TAG,
  access: 'customers:write',
  params: CustomerParams,
  headers: [IF_MATCH],
  body: Type.Object(ContentBody, { additionalProperties: false }),
  responses: CHANGE_RESPONSES,
  handler: async ({ params, body, caller, services, req }) => {
    const c = await replaceCustomer(services, actorOf(caller), params.customerId, requireIfMatch(req), body);
    return { headers: { ETag: etagHeader(c.etag) }, body: customerView(c) };
  },
});

const partial = <T extends TSchema>(s: T) => Type.Partial(s, { additionalProperties: false });

const patch = defineRoute({
  method: 'patch',
  path: '/customers/:customerId',
  operationId: 'patchCustomer',
  summary: 'Change parts of the file: a JSON merge patch (RFC 7396) — null removes, objects merge',
  tag: TAG,
  access: 'customers:write',
  params: CustomerParams,
  headers: [IF_MATCH],
  body: Type.Object(
    {
      identity: Type.Optional(partial(Identity)),
      parentId: ContentBody.parentId,
      cover: Type.Optional(nullable(partial(Cover))),
      limit: Type.Optional(nullable(partial(Limit))),
      groupLimit: Type.Optional(nullable(partial(GroupLimitSchema))),
      flags: Type.Optional(FlagsInputSchema),
      comment: Comment,
    },
    { additionalProperties: false },
  ),
  responses: CHANGE_RESPONSES,
  handler: async ({ params, body, caller, services, req }) => {
    const c = await patchCustomer(services, actorOf(caller), params.customerId, requireIfMatch(req), body);
    return { headers: { ETag: etagHeader(c.etag) }, body: customerView(c) };
  },
});

const facts = defineRoute({
  method: 'post',
  path: '/customers/:customerId/facts',
  operationId: 'recordCustomerFacts',
  summary: 'Record facts (each kept if it is the freshest known for its input; older ones come back as stale)',
  description:
    'If-Match is optional here: facts merge by date (the freshest `asOf` per input wins; on the same date the later record wins), so concurrent feeds lose nothing. With If-Match, a moved file answers 412.',
  tag: TAG,
  access: 'customers:write',
  params: CustomerParams,
  headers: [{ name: 'If-Match', required: false, description: 'Optional: the ETag you read (412 if the file changed).' }],
  body: Type.Object({ facts: Type.Array(FactUpdateSchema, { minItems: 1, maxItems: 200 }), comment: Comment }, { additionalProperties: false }),
  responses: {
    200: {
      description: 'The file, the facts kept, and those older than what the file knows.',
      headers: ETAG,
      schema: Type.Object({
        customer: Customer,
        applied: Type.Array(Type.Object({ input: Type.String(), source: Type.String(), asOf: Type.String() })),
        stale: Type.Array(Type.Object({ input: Type.String(), asOf: Type.String(), storedAsOf: Type.String(), storedSource: Type.String() })),
        redecision: Type.Optional(
          Type.Object(
            { campaignId: Type.String(), entry: CampaignEntrySchema },
            { description: 'When the policy that granted the limit reads a fact that changed: the customer re-decided now (synchronously), as a one-customer campaign (GET /campaigns/{id}).' },
          ),
        ),
      }),
    },
    404: { description: 'No such customer.' },
    412: { description: 'If-Match was sent and the file changed since.' },
    422: { description: 'A fact is invalid (named in `errors`).' },
  },
  handler: async ({ params, body, caller, services, req }) => {
    const r = await recordFacts(services, actorOf(caller), params.customerId, ifMatchOf(req), body.facts, body.comment);
    // A changed fact the limit's policy reads: re-decided now (review-campaigns.ts), the file read again.
    const after = r.applied.length ? await redecideOnFacts(services, caller, r.customer, r.applied.map((a) => a.input)) : null;
    const customer = after?.customer ?? r.customer;
    const redecision = after?.run.entries[0] ? { redecision: { campaignId: after.run.campaignId, entry: after.run.entries[0] } } : {};
    return { headers: { ETag: etagHeader(customer.etag) }, body: { customer: customerView(customer), applied: r.applied, stale: r.stale, ...redecision } };
  },
});

const cover = defineRoute({
  method: 'put',
  path: '/customers/:customerId/cover',
  operationId: 'setCustomerCover',
  summary: 'Set the credit insurer\'s cover on this buyer (null: none)',
  tag: TAG,
  access: 'customers:write',
  params: CustomerParams,
  headers: [IF_MATCH],
  body: Type.Object({ cover: nullable(Cover), comment: Comment }, { additionalProperties: false }),
  responses: CHANGE_RESPONSES,
  handler: async ({ params, body, caller, services, req }) => {
    const c = await setCover(services, actorOf(caller), params.customerId, requireIfMatch(req), body.cover, body.comment);
    return { headers: { ETag: etagHeader(c.etag) }, body: customerView(c) };
  },
});

const flags = defineRoute({
  method: 'put',
  path: '/customers/:customerId/flags',
  operationId: 'setCustomerFlags',
  summary: 'Set or clear flags: dispute, promise to pay, insolvency procedure',
  tag: TAG,
  access: 'customers:write',
  params: CustomerParams,
  headers: [IF_MATCH],
  body: Type.Object({ flags: FlagsInputSchema, comment: Comment }, { additionalProperties: false }),
  responses: CHANGE_RESPONSES,
  handler: async ({ params, body, caller, services, req }) => {
    const c = await setFlags(services, actorOf(caller), params.customerId, requireIfMatch(req), body.flags, body.comment);
    return { headers: { ETag: etagHeader(c.etag) }, body: customerView(c) };
  },
});

const OpenItem = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 200, description: 'The ERP\'s id of the item (invoice number…): the key of the upsert.' }),
    customerId: Type.String({ pattern: CUSTOMER_ID_PATTERN }),
    kind: Type.Union(OPEN_ITEM_KINDS.map((k) => Type.Literal(k)), { description: 'invoice, creditNote, unappliedCash, unmaturedBill (an accepted bill of exchange not yet at maturity).' }),
    amount: Type.Number({ minimum: -1e13, maximum: 1e13, description: 'What remains open: positive for invoices and bills, negative for credit notes and unapplied cash (0 once settled).' }),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'The customer file\'s currency.' }),
    issueDate: IsoDate(),
    dueDate: IsoDate(),
    status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
    originalAmount: Type.Optional(Type.Number({ minimum: -1e13, maximum: 1e13, description: 'What was invoiced, when it differs from what remains open (DSO counts sales).' })),
  },
  { additionalProperties: false },
);

const StoredOpenItem = Type.Object({
  itemId: Type.String(),
  customerId: Type.String(),
  kind: Type.Union(OPEN_ITEM_KINDS.map((k) => Type.Literal(k))),
  amount: Type.Number(),
  currency: Type.String(),
  issueDate: Type.String(),
  dueDate: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  originalAmount: Type.Optional(Type.Number()),
});

const Aged = Type.Object(
  { notDue: Type.Number(), d1to30: Type.Number(), d31to60: Type.Number(), d61to90: Type.Number(), over90: Type.Number() },
  { description: 'Open invoices and bills by days past their due date.' },
);

const feed = defineRoute({
  method: 'post',
  path: '/open-items',
  operationId: 'feedOpenItems',
  summary: 'Feed open items (invoices, credit notes, unapplied cash, unmatured bills): idempotent upsert by id',
  description:
    'Items are upserted by `id`; an item identical to the stored one changes nothing, so sending the same batch twice writes nothing and raises nothing. Settle an item by sending it with status `closed`. The exposure of every customer whose items changed is recomputed at once, and its alerts (limit or cover overrun, a growing overdue bucket, a group over its limit) are raised without any decision call.',
  tag: TAG,
  access: 'customers:write',
  body: Type.Object({ items: Type.Array(OpenItem, { minItems: 1, maxItems: 5000 }), comment: Comment }, { additionalProperties: false }),
  responses: {
    200: {
      description: 'What changed, and the alerts raised.',
      schema: Type.Object({ received: Type.Integer(), changed: Type.Integer(), unchanged: Type.Integer(), customers: Type.Integer({ description: 'Customers whose items changed.' }), alerts: Type.Array(Alert) }),
    },
    422: { description: 'An item is invalid: unknown customer, another currency, a sign that does not fit its kind (named in `errors`).' },
  },
  handler: async ({ body, caller, services }) => ({ body: await feedOpenItems(services, actorOf(caller), body.items, body.comment) }),
});

const openItems = defineRoute({
  method: 'get',
  path: '/customers/:customerId/open-items',
  operationId: 'listCustomerOpenItems',
  summary: 'A customer\'s open items (closed ones too with status=all), by due date',
  tag: TAG,
  access: 'customers:read',
  params: CustomerParams,
  query: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('all')], { default: 'open' })) }, { additionalProperties: false }),
  responses: { 200: { description: 'The items.', schema: Type.Object({ items: Type.Array(StoredOpenItem) }) }, 404: { description: 'No such customer.' } },
  handler: async ({ params, query, services }) => ({ body: { items: await customerOpenItems(services, params.customerId, query.status === 'all') } }),
});

const exposure = defineRoute({
  method: 'get',
  path: '/customers/:customerId/exposure',
  operationId: 'getCustomerExposure',
  summary: 'Exposure now: outstanding, aged balance, DSO (countback), against the limit and the insurer cover',
  tag: TAG,
  access: 'customers:read',
  params: CustomerParams,
  responses: {
    200: {
      description: 'Figures computed from the open items on today\'s date, and the alert episodes open.',
      schema: Type.Object({
        customerId: Type.String(),
        asOfDate: Type.String(),
        currency: Type.String(),
        outstanding: Type.Number(),
        aged: Aged,
        credits: Type.Number({ description: 'Open credit notes and unapplied cash (negative).' }),
        overdue: Type.Number(),
        dso: nullable(Type.Number()),
        dsoMethod: Type.Literal('countback'),
        openItems: Type.Integer(),
        limit: nullable(Type.Number()),
        headroom: nullable(Type.Number()),
        cover: nullable(Type.Number()),
        uncovered: nullable(Type.Number()),
        watch: Type.Object({
          overLimitSince: nullable(Type.String()),
          overCoverSince: nullable(Type.String()),
          groupOverLimitSince: nullable(Type.String()),
          promise: nullable(Type.Object({ date: Type.String(), recordedAt: Type.String(), amount: Type.Number(), baseline: Type.Number() })),
          promiseMissed: nullable(Type.String()),
        }),
      }),
    },
    404: { description: 'No such customer.' },
  },
  handler: async ({ params, services }) => ({ body: await customerExposure(services, await readCustomer(services, params.customerId)) }),
});

const group = defineRoute({
  method: 'get',
  path: '/customers/:customerId/group',
  operationId: 'getCustomerGroup',
  summary: 'The customer\'s group: its parent and entities, exposure summed against the group limit',
  tag: TAG,
  access: 'customers:read',
  params: CustomerParams,
  responses: {
    200: {
      description: 'The group of which the customer is the parent or an entity.',
      schema: Type.Object({
        parentId: Type.String(),
        currency: Type.String(),
        asOfDate: Type.String(),
        exposure: Type.Number({ description: 'Outstanding summed over the parent and its entities (in the parent\'s currency).' }),
        overdue: Type.Number(),
        groupLimit: nullable(Type.Number()),
        headroom: nullable(Type.Number()),
        notSummed: Type.Array(Type.String(), { description: 'Entities in another currency: listed, not summed.' }),
        entities: Type.Array(
          Type.Object({
            customerId: Type.String(),
            name: Type.String(),
            currency: Type.String(),
            limit: nullable(Type.Number()),
            outstanding: Type.Number(),
            overdue: Type.Number(),
            aged: Aged,
            credits: Type.Number(),
            dso: nullable(Type.Number()),
            openItems: Type.Integer(),
            asOfDate: Type.String(),
          }),
        ),
      }),
    },
    404: { description: 'No such customer.' },
  },
  handler: async ({ params, services }) => ({ body: await customerGroup(services, params.customerId) }),
});

export const customerRoutes = [create, list, get, replace, patch, facts, cover, flags, feed, openItems, exposure, group];
