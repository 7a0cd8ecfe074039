/**
 * The outbox side of webhooks: for an event, one pending delivery per active subscription to it.
 * The rows are handed to the store with the change that caused the event (same commit), and the
 * dispatcher sends them later: a slow or dead endpoint never holds up the change.
 */
import { randomUUID } from 'node:crypto';
import type { CreditgraphStore, DeliveryRecord, WebhookEvent } from '../store/store.js';

export async function deliveriesFor(store: CreditgraphStore, event: WebhookEvent, eventId: string, payload: Record<string, unknown>, at: string): Promise<DeliveryRecord[]> {
  const subscriptions = (await store.listWebhooks()).filter((w) => w.active && w.events.includes(event));
  return subscriptions.map((w) => ({
    id: `dlv_${randomUUID()}`,
    subscriptionId: w.id,
    event,
    eventId,
    payload,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: at,
    createdAt: at,
    deliveredAt: null,
    log: [],
  }));
}
