/** What routes get to work with: injected by createApp, never imported as globals. */
import type { Logger } from 'pino';
import type { CreditgraphStore } from './store/store.js';
import type { Metrics } from './observability/metrics.js';
import type { VersionResolver } from './version-resolver.js';
import type { Workflow } from './workflow/workflow.js';
import type { MonitoringPass } from './workflow/monitoring-pass.js';
import type { CompiledCache } from './compiled-cache.js';
import type { IntegrityMonitor } from './integrity/integrity-monitor.js';
import type { ServerKeys } from './integrity/server-keys.js';
import type { RetentionPolicy } from './domain/erasure.js';

import type { Clock } from './domain/context.js';

export { systemClock, type Clock } from './domain/context.js';

export interface Limits {
  /** Items per decision batch. */
  batchItems: number;
}

export interface Services {
  store: CreditgraphStore;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  versions: VersionResolver;
  /**
   * Compiled drafts, apart from the versions' cache: every save makes a new draft, so they would
   * fill that cache with entries nobody asks for again (each a compiled function plus its facts
   * validator — the soak measured ≈ 1 KB of heap per decision until it was split).
   */
  draftsCompiled: CompiledCache;
  limits: Limits;
  /** Approval requests, alerts, webhooks (issue 8). */
  workflow: Workflow;
  /** The monitoring pass: population stability and class bad-rate alerts (issue 22). */
  monitoring: MonitoringPass;
  /** Tampered evidence this process has found (versions, audit chain, decisions): alerts and readiness. */
  integrity: IntegrityMonitor;
  /** The integrity keys (null: an unkeyed chain, as in tests that build the app without them). */
  keys: ServerKeys | null;
  /** Days each kind of record keeps its personal data (CREDITGRAPH_RETENTION_DAYS). */
  retention: RetentionPolicy;
}
