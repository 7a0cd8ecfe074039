/**
 * Sends outbox rows to their endpoints: signed POSTs with a timeout, retried with exponential
 * backoff (base × 2^(attempt-1), capped), then given up as `failed`; every attempt is kept in the
 * delivery's log. Runs on its own timer (unref'd) and when kicked after a change; never inside a
 * request, so decisions do not wait for it.
 */
import type { Logger } from 'pino';
import type { Clock } from '../domain/context.js';
import { StoreError, type CreditgraphStore, type DeliveryRecord } from '../store/store.js';
import { SIGNATURE_HEADER, signPayload } from './webhook-signature.js';
import { sendTimeRefusal, systemResolve, type Resolve } from './webhook-target.js';

export interface DeliveryOptions {
  /** Per attempt (ms). */
  timeoutMs: number;
  maxAttempts: number;
  /** Wait before the 2nd attempt (ms); doubles each time. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Random spread added to each wait, as a share of it (0 = none), so retries do not come in waves. */
  jitter: number;
  /** How often due retries are looked for (ms); 0 = only when kicked. */
  pollMs: number;
  /** Deliveries sent at the same time. */
  concurrency: number;
  fetch: typeof fetch;
  /** Deliver to private, loopback and link-local addresses too (WEBHOOK_ALLOW_PRIVATE_TARGETS=1). */
  allowPrivateTargets: boolean;
  /** Host name → addresses, checked before every send. */
  resolve: Resolve;
  /** This instance's name in the dispatch lease. */
  instanceId: string;
}

/** The lease a dispatch pass runs under (one instance sends at a time; deliveries are claimed too). */
export const DISPATCH_LEASE = 'webhooks.dispatch';
/** Deliveries claimed per round of a pass. */
const CLAIM_BATCH = 20;

export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = {
  timeoutMs: 5000,
  maxAttempts: 8,
  baseDelayMs: 30_000,
  maxDelayMs: 6 * 3_600_000,
  jitter: 0.1,
  pollMs: 5000,
  concurrency: 4,
  fetch: (...args) => fetch(...args),
  allowPrivateTargets: false,
  resolve: systemResolve,
  instanceId: 'local',
};

export const backoffMs = (attempts: number, o: Pick<DeliveryOptions, 'baseDelayMs' | 'maxDelayMs'>) => Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** (attempts - 1));

export class WebhookDelivery {
  private readonly options: DeliveryOptions;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private again = false;

  constructor(
    private readonly store: CreditgraphStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: Partial<DeliveryOptions> = {},
  ) {
    this.options = { ...DEFAULT_DELIVERY_OPTIONS, ...options };
  }

  /** Whether subscriptions may target private addresses (the route checks new URLs with it). */
  get allowsPrivateTargets(): boolean {
    return this.options.allowPrivateTargets;
  }

  start(): void {
    if (this.timer || this.options.pollMs <= 0) return;
    this.timer = setInterval(() => this.kick(), this.options.pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Ask for a drain soon; concurrent kicks coalesce into one more pass. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    setImmediate(() => void this.drain().catch((err) => this.logger.warn({ err }, 'webhook delivery pass failed')));
  }

  /** Resolves when no pass is running (shutdown waits on it before closing the store). */
  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }

  /**
   * Sends every due delivery (rounds until none is due, again if kicked meanwhile); resolves to how
   * many were tried. A pass runs under the dispatch lease (another instance's pass: this one skips)
   * and claims each round's deliveries before sending them (claimDueDeliveries moves their due time
   * past the round), so no delivery is POSTed by two processes; one whose sender died comes due
   * again when the claim lapses.
   */
  drain(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let tried = 0;
      const claimMs = this.options.timeoutMs * Math.ceil(CLAIM_BATCH / this.options.concurrency) + 30_000;
      const lease = { name: DISPATCH_LEASE, owner: this.options.instanceId };
      try {
        if (!(await this.store.acquireLease({ ...lease, at: this.clock.now().toISOString(), ttlMs: claimMs }))) return 0;
        try {
          let full: boolean;
          do {
            this.again = false;
            const now = this.clock.now();
            await this.store.acquireLease({ ...lease, at: now.toISOString(), ttlMs: claimMs }); // renewed each round
            const due = await this.store.claimDueDeliveries({ now: now.toISOString(), until: new Date(now.getTime() + claimMs).toISOString(), limit: CLAIM_BATCH });
            let next = 0;
            const worker = async () => {
              while (next < due.length) await this.attempt(due[next++]!);
            };
            await Promise.all(Array.from({ length: Math.min(this.options.concurrency, due.length) }, worker));
            tried += due.length;
            full = due.length === CLAIM_BATCH;
          } while (this.again || full);
        } finally {
          await this.store.releaseLease(lease.name, lease.owner).catch(() => undefined);
        }
      } finally {
        this.running = null;
      }
      return tried;
    })();
    return this.running;
  }

  private async attempt(delivery: DeliveryRecord): Promise<void> {
    const subscription = await this.store.getWebhook(delivery.subscriptionId);
    const started = this.clock.now();
    const body = JSON.stringify({ id: delivery.id, event: delivery.event, createdAt: delivery.createdAt, attempt: delivery.attempts + 1, data: delivery.payload });
    let statusCode: number | null = null;
    let error: string | null = null;
    const t0 = performance.now();
    const refused = subscription?.active ? await sendTimeRefusal(subscription.url, this.options.allowPrivateTargets, this.options.resolve) : null;
    if (!subscription || !subscription.active) error = 'the subscription was deleted';
    else if (refused) error = refused;
    else {
      try {
        const res = await this.options.fetch(subscription.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'creditgraph-webhooks',
            'creditgraph-event': delivery.event,
            'creditgraph-delivery': delivery.id,
            [SIGNATURE_HEADER.toLowerCase()]: signPayload(subscription.secret, Math.floor(started.getTime() / 1000), body),
          },
          body,
          redirect: 'manual', // a redirect could send the signed body elsewhere
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        statusCode = res.status;
        await res.body?.cancel().catch(() => undefined);
        if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
      } catch (err) {
        const e = err as Error & { cause?: { code?: string } };
        error = e.name === 'TimeoutError' ? `no answer within ${this.options.timeoutMs} ms` : (e.cause?.code ?? e.message);
      }
    }
    const attempts = delivery.attempts + 1;
    const at = started.toISOString();
    const ok = error === null;
    const gone = !subscription || !subscription.active;
    const last = ok || gone || attempts >= this.options.maxAttempts;
    const wait = backoffMs(attempts, this.options) * (1 + Math.random() * this.options.jitter);
    const next: DeliveryRecord = {
      ...delivery,
      attempts,
      status: ok ? 'delivered' : last ? 'failed' : 'pending',
      deliveredAt: ok ? at : null,
      nextAttemptAt: last ? null : new Date(started.getTime() + wait).toISOString(),
      log: [...delivery.log, { at, statusCode, error, durationMs: Math.round(performance.now() - t0) }],
    };
    try {
      await this.store.saveDeliveryAttempt(next, delivery.attempts);
    } catch (err) {
      // Another dispatcher (another worker process) tried it meanwhile: its record stands.
      if (err instanceof StoreError && err.code === 'PRECONDITION_FAILED') return;
      throw err;
    }
    if (!ok) this.logger.warn({ deliveryId: delivery.id, subscriptionId: delivery.subscriptionId, attempts, error, final: last }, 'webhook delivery failed');
  }
}
