/** Webhook subscriptions (admin) and their delivery log. */
import { Type } from '@sinclair/typebox';
import { defineRoute } from '../http/route.js';
import type { WebhookEvent } from '../store/store.js';
import { listWebhooks, subscribeWebhook, unsubscribeWebhook, webhookDeliveries } from '../domain/webhooks.js';
import { actorOf } from './common.js';

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
const WebhookParams = Type.Object({ webhookId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}$' }) });

const list = defineRoute({
  method: 'get',
  path: '/webhooks',
  operationId: 'listWebhooks',
  summary: 'Webhook subscriptions (secrets are never shown again)',
  tag: TAG,
  access: 'webhooks:admin',
  responses: { 200: { description: 'Active subscriptions.', schema: Type.Object({ items: Type.Array(Webhook) }) } },
  handler: async ({ services }) => ({ body: { items: await listWebhooks(services) } }),
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
  handler: async ({ body, caller, services }) => ({ status: 201, headers: { 'Cache-Control': 'no-store' }, body: await subscribeWebhook(services, actorOf(caller), body) }),
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
  handler: async ({ params, caller, services }) => ({ body: await unsubscribeWebhook(services, actorOf(caller), params.webhookId) }),
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
  handler: async ({ params, query, services }) => ({ body: { items: await webhookDeliveries(services, params.webhookId, query) } }),
});

export const webhookRoutes = [list, create, remove, deliveries];
