/**
 * The monitoring pass: every policy with an active version is checked (population stability,
 * class bad rates: api/domain/monitoring-alerts.ts) and the new alerts are raised through the
 * workflow (stored, audited, announced to webhooks). It runs under a lease, like the alert sweep:
 * of several instances sharing a store, one does each pass.
 */
import type { Logger } from 'pino';
import type { Clock } from '../domain/context.js';
import { monitoringAlerts } from '../domain/monitoring-alerts.js';
import type { AlertRecord, CreditgraphStore } from '../store/store.js';
import { newInstanceId } from '../instance-id.js';
import { WORKFLOW_ACTOR, type Workflow } from './workflow.js';

export const MONITORING_LEASE = 'monitoring.pass';

export interface MonitoringPassOptions {
  /** ms between passes; 0 = never on a timer (call run()). Default: hourly. */
  intervalMs?: number;
  instanceId?: string;
}

export class MonitoringPass {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private readonly instanceId: string;

  constructor(
    private readonly store: CreditgraphStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly workflow: Workflow,
    private readonly options: MonitoringPassOptions = {},
  ) {
    this.instanceId = options.instanceId ?? newInstanceId();
  }

  start(): void {
    const every = this.options.intervalMs ?? 3_600_000;
    if (every > 0 && !this.timer) {
      this.timer = setInterval(() => void this.run().catch((err) => this.logger.warn({ err }, 'monitoring pass failed')), every);
      this.timer.unref();
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One pass; the alerts it raised (none when another instance holds the lease). */
  run(): Promise<AlertRecord[]> {
    const pass = this.pass();
    this.running = pass;
    return pass;
  }

  private async pass(): Promise<AlertRecord[]> {
    const now = this.clock.now().toISOString();
    const lease = await this.store.acquireLease({ name: MONITORING_LEASE, owner: this.instanceId, at: now, ttlMs: this.options.intervalMs || 3_600_000 });
    if (!lease) return [];
    const ctx = { store: this.store, clock: this.clock };
    const alerts: AlertRecord[] = [];
    for (const policy of await this.store.listPolicies()) {
      if (policy.activeVersion === null) continue;
      try {
        alerts.push(...(await monitoringAlerts(ctx, policy.id)));
      } catch (err) {
        this.logger.warn({ err, policyId: policy.id }, 'monitoring a policy failed');
      }
    }
    if (!alerts.length) return [];
    return this.workflow.raise(alerts, { actor: WORKFLOW_ACTOR, comment: 'monitoring pass' });
  }
}
