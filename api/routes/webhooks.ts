/** Webhook subscriptions (admin) and their delivery log. */
import { randomBytes, randomUUID } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { defineRoute } from '../http/route.js';
import { ApiError } from '../http/problems.js';
import type { WebhookEvent, WebhookRecord } from '../store/store.js';
import { auditOf } from './common.js';
import { checkWebhookUrl } from '../workflow/webhook-target.js';

const TAG = 'Webhooks';
const EVENTS: WebhookEvent[] = ['approval.opened', 'approval.decided', 'alert.raised'];

export const Webhook = Type.Object(
  {
    id: Type.String(),
    url: Type.String(),
    events: Type.Array(Type.Union(EVENTS.map((e) => Type.Literal(e)))),
    description: Type.Union([Type.String(), Type.Null()]),
    active: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time' }),
    createdBy: Type.String(),
  },
  { description: 'A webhook subscription.' },
);

const Delivery = Type.Object(
  {
    id: Type.String(),
    subscriptionId: Type.String(),
    event: Type.Union(EVENTS.map((e) => Type.Literal(e))),
    eventId: Type.String({ description: 'The approval or alert the event is about.' }),
    payload: Type.Record(Type.String(), Type.Unknown(), { description: 'The `data` of the POSTed body.' }),
    status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
    attempts: Type.Integer({ minimum: 0 }),
    nextAttemptAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    deliveredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    log: Type.Array(
      Type.Object({
        at: Type.String({ format: 'date-time' }),
        statusCode: Type.Union([Type.Integer(), Type.Null()]),
        error: Type.Union([Type.String(), Type.Null()]),
        durationMs: Type.Number(),
      }),
    ),
  },
  { description: 'One event for one subscription, with every attempt.' },
);

/** Never the secret, except in the creation answer. */
const view = ({ secret: _secret, ...rest }: WebhookRecord) => rest;
const WebhookParams = Type.Object({ webhookId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}$' }) });

const list = defineRoute({
  method: 'get',
  path: '/webhooks',
  operationId: 'listWebhooks',
  summary: 'Webhook subscriptions (secrets are never shown again)',
  tag: TAG,
  access: 'webhooks:admin',
  responses: { 200: { description: 'Active subscriptions.', schema: Type.Object({ items: Type.Array(Webhook) }) } },
  handler: async ({ services }) => ({ body: { items: (await services.store.listWebhooks()).map(view) } }),
});

const create = defineRoute({
  method: 'post',
  path: '/webhooks',
  operationId: 'createWebhook',
  summary: 'Subscribe a URL to events; the answer holds the signing secret, once',
  description:
    'Each event is POSTed as JSON `{id, event, createdAt, attempt, data}` with `Creditgraph-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, `Creditgraph-Event` and `Creditgraph-Delivery` headers. A non-2xx answer or no answer within 5 s is retried with exponential backoff (30 s, 1 min, 2 min… up to 8 attempts); deliveries come from a durable outbox, so decisions never wait for an endpoint.',
  tag: TAG,
  access: 'webhooks:admin',
  body: Type.Object(
    {
      url: Type.String({ pattern: '^[Hh][Tt][Tt][Pp][Ss]?://', maxLength: 2000, description: 'http(s) URL that receives the POSTs. Private, loopback, link-local and metadata addresses are refused (unless the server sets WEBHOOK_ALLOW_PRIVATE_TARGETS=1), and so are credentials in the URL.' }),
      events: Type.Array(Type.Union(EVENTS.map((e) => Type.Literal(e))), { minItems: 1, uniqueItems: true }),
      description: Type.Optional(Type.String({ maxLength: 500 })),
    },
    { additionalProperties: false },
  ),
  responses: {
    201: { description: 'The subscription, with its secret (store it now).', schema: Type.Composite([Type.Omit(Webhook, []), Type.Object({ secret: Type.String() })]) },
    422: { description: 'Not an http(s) URL, credentials in it, or an internal target.' },
  },
  handler: async ({ body, caller, services }) => {
    const { store, clock } = services;
    const target = checkWebhookUrl(body.url, services.workflow.webhooks.allowsPrivateTargets);
    // Never echo the URL back: it may hold credentials.
    if ('detail' in target) throw new ApiError('INVALID_REQUEST', `The url ${target.detail}.`, { errors: [{ pointer: '/url', in: 'body', detail: target.detail }] });
    const record: WebhookRecord = {
      id: `whk_${randomUUID()}`,
      url: target.url,
      events: body.events as WebhookEvent[],
      secret: `whsec_${randomBytes(24).toString('base64url')}`,
      description: body.description ?? null,
      active: true,
      createdAt: clock.now().toISOString(),
      createdBy: caller.user.id,
    };
    const saved = await store.createWebhook(record, auditOf(caller));
    return { status: 201, headers: { 'Cache-Control': 'no-store' }, body: { ...view(saved), secret: saved.secret } };
  },
});

const remove = defineRoute({
  method: 'delete',
  path: '/webhooks/:webhookId',
  operationId: 'deleteWebhook',
  summary: 'Unsubscribe: nothing more is sent; queued deliveries end as failed',
  tag: TAG,
  access: 'webhooks:admin',
  params: WebhookParams,
  responses: { 200: { description: 'The subscription, now inactive.', schema: Webhook }, 404: { description: 'No such subscription.' } },
  handler: async ({ params, caller, services: { store } }) => ({ body: view(await store.deleteWebhook(params.webhookId, auditOf(caller))) }),
});

const deliveries = defineRoute({
  method: 'get',
  path: '/webhooks/:webhookId/deliveries',
  operationId: 'listWebhookDeliveries',
  summary: 'The delivery log of a subscription, newest first: status, attempts, every attempt\'s answer',
  tag: TAG,
  access: 'webhooks:admin',
  params: WebhookParams,
  query: Type.Object({
    status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  }),
  responses: { 200: { description: 'Deliveries.', schema: Type.Object({ items: Type.Array(Delivery) }) }, 404: { description: 'No such subscription.' } },
  handler: async ({ params, query, services: { store } }) => {
    if (!(await store.getWebhook(params.webhookId))) throw new ApiError('NOT_FOUND', `No webhook "${params.webhookId}".`);
    return { body: { items: await store.listDeliveries({ subscriptionId: params.webhookId, status: query.status, limit: query.limit }) } };
  },
});

export const webhookRoutes = [list, create, remove, deliveries];
