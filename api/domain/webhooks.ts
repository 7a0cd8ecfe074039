/**
 * Webhook subscriptions: subscribe a URL to events (the signing secret is in the answer, once),
 * unsubscribe (queued deliveries end as failed), read a subscription's delivery log. Delivery
 * itself is workflow/webhook-delivery.ts, fed by the outbox rows written with each change.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Services } from '../services.js';
import type { WebhookEvent, WebhookRecord } from '../store/store.js';
import type { Actor } from './context.js';
import { webhookCreated, webhookDeleted } from './audit-events.js';
import { auditContext } from './draft-lifecycle.js';
import { DomainError } from './errors.js';
import { checkWebhookUrl } from '../workflow/webhook-target.js';

type Ctx = Pick<Services, 'store' | 'clock'>;

/** Never the secret, except in the creation answer. */
export const webhookView = ({ secret: _secret, ...rest }: WebhookRecord) => rest;

export const listWebhooks = async ({ store }: Ctx) => (await store.listWebhooks()).map(webhookView);

export async function subscribeWebhook({ store, clock, workflow }: Ctx & Pick<Services, 'workflow'>, actor: Actor, input: { url: string; events: WebhookEvent[]; description?: string }) {
  const target = checkWebhookUrl(input.url, workflow.webhooks.allowsPrivateTargets);
  // Never echo the URL back: it may hold credentials.
  if ('detail' in target) throw new DomainError('INVALID_REQUEST', `The url ${target.detail}.`, { errors: [{ pointer: '/url', in: 'body', detail: target.detail }] });
  const record: WebhookRecord = {
    id: `whk_${randomUUID()}`,
    url: target.url,
    events: input.events,
    secret: `whsec_${randomBytes(24).toString('base64url')}`,
    description: input.description ?? null,
    active: true,
    createdAt: clock.now().toISOString(),
    createdBy: actor.id,
  };
  const saved = await store.createWebhook(record, webhookCreated(record, auditContext(actor)));
  return { ...webhookView(saved), secret: saved.secret };
}

export async function unsubscribeWebhook({ store }: Ctx, actor: Actor, webhookId: string) {
  const current = await store.getWebhook(webhookId);
  if (!current?.active) throw new DomainError('NOT_FOUND', `webhook ${webhookId} does not exist`);
  return webhookView(await store.deleteWebhook(webhookId, webhookDeleted(current, auditContext(actor))));
}

export async function webhookDeliveries({ store }: Ctx, webhookId: string, filter: { status?: 'pending' | 'delivered' | 'failed'; limit?: number }) {
  if (!(await store.getWebhook(webhookId))) throw new DomainError('NOT_FOUND', `No webhook "${webhookId}".`);
  return store.listDeliveries({ subscriptionId: webhookId, status: filter.status, limit: filter.limit });
}
