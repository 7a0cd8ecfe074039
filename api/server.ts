/**
 * The process: reads the environment, opens the store, loads the reference policies and users on
 * a first start, listens, and shuts down gracefully. Everything else is createApp's.
 *
 *   PORT (3000) · HOST (127.0.0.1 outside production) · DATA_DIR (./data) · STORE (sqlite | file) · MONGODB_URI
 *   LOG_LEVEL (info) · NODE_ENV · CREDITGRAPH_ADMIN_KEY · CREDITGRAPH_DEMO_USERS (1 outside production) · WORKERS (1)
 *   RULESETS_DIR (./rulesets) · EDITOR_DIR (./editor/dist)
 *   WEBHOOK_ALLOW_PRIVATE_TARGETS (0: webhooks to private/loopback/metadata addresses refused)
 *   ALERT_SWEEP_INTERVAL_MS (60000: how often overdue requests and reviews past due are looked for; one instance per pass)
 *   OIDC_ISSUER · OIDC_AUDIENCE · OIDC_CLIENT_ID · OIDC_ROLES_CLAIM · OIDC_ROLE_MAP · OIDC_DELEGATION_CLAIM (see auth/oidc.ts)
 *   CREDITGRAPH_GC_SIGNAL (diagnostics, with --expose-gc: SIGUSR2 runs a full GC)
 *   CREDITGRAPH_RETENTION_DAYS (decisions=<days>,approvals=<days>,alerts=<days>: personal data anonymised after that; decisionLog=<days>: decisions deleted)
 *   CREDITGRAPH_MONITORING_DEMO (1 with the demo users outside production and tests, else 0: synthetic decisions and outcomes for b2b-standard at start, for the monitoring view)
 *   CREDITGRAPH_KEY_FILE (<DATA_DIR>.keys/integrity-keys.json) · CREDITGRAPH_AUDIT_KEY · CREDITGRAPH_SIGNING_KEY · CREDITGRAPH_AUDIT_KEYED_FROM (integrity/server-keys.ts)
 */
import cluster from 'node:cluster';
import type { Server } from 'node:http';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { createStore, embeddedStoreKind } from './store/create-store.js';
import type { CreditgraphStore } from './store/store.js';
import { createApp } from './app.js';
import { createMetrics } from './observability/metrics.js';
import { aggregateWorkerMetrics, clusterMetricsText } from './observability/cluster-metrics.js';
import { ensureUsers, revokeDemoKeys, seedPolicies, type IssuedKey } from './bootstrap.js';
import { OidcVerifier, oidcSettingsFromEnv } from './auth/oidc.js';
import { isLoopbackHost } from './http/listen-address.js';
import { systemClock } from './services.js';
import { projectRoot } from './project-root.js';
import { verifyAuditTrail, verifyVersions } from './domain/integrity.js';
import { checkpointDecisionChain } from './domain/decision-chain.js';
import { loadServerKeys, recordKeyedFrom, type ServerKeys } from './integrity/server-keys.js';
import { applyRetention, parseRetention, type RetentionPolicy } from './domain/erasure.js';
import { seedMonitoringDemo } from './domain/monitoring-demo.js';
import { underLease } from './bootstrap-lease.js';
import { RestartBackoff } from './restart-backoff.js';
import { loadDemoCustomers } from './demo-customers-at-start.js';
import { newInstanceId } from './instance-id.js';

const ROOT = projectRoot(import.meta.url);
const env = process.env;
const PORT = env.PORT === '0' ? 0 : Number(env.PORT || 3000);
const WORKERS = Number(env.WORKERS || 1);
const SWEEP_INTERVAL_MS = Number(env.ALERT_SWEEP_INTERVAL_MS || 60_000);
const PRODUCTION = env.NODE_ENV === 'production';
const DEMO = !PRODUCTION && env.CREDITGRAPH_DEMO_USERS !== '0';
// Outside production the server answers only this machine unless told otherwise: the demo keys
// are public and /metrics needs no key. In production (containers) every interface, as before.
const HOST = env.HOST || (PRODUCTION ? undefined : '127.0.0.1');
const SHUTDOWN_GRACE_MS = 10_000;

const logger: Logger = pino(
  {
    level: env.LOG_LEVEL ?? 'info',
    redact: { paths: ['req.headers.authorization', 'headers.authorization', 'key', '*.key'], censor: '[redacted]' },
  },
  // Asynchronous: a slow log pipe never blocks a request (pino flushes what is left on exit).
  pino.destination({ dest: 1, sync: false }),
);

// Diagnostics (the soak test): under `node --expose-gc` with CREDITGRAPH_GC_SIGNAL=1, SIGUSR2 runs a
// full collection, so a heap sample taken right after measures live memory rather than GC timing.
const collectGarbage = (globalThis as { gc?: () => void }).gc;
// It prints one line when done, so the sampler waits for the collection instead of guessing its length.
if (env.CREDITGRAPH_GC_SIGNAL === '1' && collectGarbage)
  process.on('SIGUSR2', () => {
    collectGarbage();
    process.stderr.write('creditgraph: full GC done\n');
  });

function fail(message: string): never {
  process.stderr.write(`creditgraph: ${message}\n`);
  process.exit(1);
}

const DATA_DIR = env.DATA_DIR ?? path.join(process.cwd(), 'data');
let RETENTION: RetentionPolicy = {};
const DAY_MS = 86_400_000;
const CHAIN_CHECKPOINT_MS = 5 * 60_000;
let keys: ServerKeys;

async function openStore(): Promise<CreditgraphStore> {
  // The integrity keys live outside DATA_DIR (generated on a first start outside production).
  try {
    keys = loadServerKeys({ env, dataDir: DATA_DIR, production: PRODUCTION, log: (m) => logger.warn(m) });
  } catch (err) {
    fail((err as Error).message);
  }
  const store = await createStore({ ...env, DATA_DIR }, { auditKey: keys.auditKey });
  try {
    await store.init();
    keys = recordKeyedFrom(keys, (await store.listAudit({ limit: 1 })).items[0]?.seq ?? 0, (m) => logger.warn(m));
  } catch (err) {
    fail(`cannot open the ${store.kind} store: ${(err as Error).message}`);
  }
  return store;
}

function printBanner(url: string, storeKind: string, keys: IssuedKey[], workers: number): void {
  const reach = HOST === undefined ? 'listening on every interface' : isLoopbackHost(HOST) ? `listening on ${HOST} only (this machine; set HOST to serve others)` : `listening on ${HOST}`;
  const lines = [
    '',
    `  creditgraph is running at ${url}   (store: ${storeKind}${workers > 1 ? `, ${workers} workers` : ''}; ${reach})`,
    `  API reference: ${url}/docs   OpenAPI: ${url}/openapi.json`,
  ];
  const secret = keys.filter((k) => k.secret);
  if (secret.length) {
    lines.push('', '  Admin API key (shown ONCE, only its hash is stored — keep it now):');
    for (const k of secret) lines.push(`    ${k.userId.padEnd(6)} ${k.key}`);
  }
  const demo = keys.filter((k) => !k.secret);
  if (demo.length) {
    lines.push('', '  Demo users (NODE_ENV is not production; CREDITGRAPH_DEMO_USERS=0 turns them off):');
    for (const k of demo) lines.push(`    ${k.userId.padEnd(6)} ${k.roles.join(',').padEnd(9)} ${k.key}`);
  }
  process.stdout.write(lines.join('\n') + '\n\n');
}

/** First-start work, done once (by the primary when clustered). */
async function prepare(store: CreditgraphStore): Promise<IssuedKey[]> {
  // Several instances starting on an empty store: one seeds, the others wait for it, then find it done.
  return underLease(store, 'bootstrap.first-start', newInstanceId(), () => prepareOnce(store));
}

async function prepareOnce(store: CreditgraphStore): Promise<IssuedKey[]> {
  await seedPolicies(store, env.RULESETS_DIR ?? path.join(ROOT, 'rulesets'), logger);
  if (!DEMO) {
    const reason = PRODUCTION ? 'NODE_ENV=production' : 'CREDITGRAPH_DEMO_USERS=0';
    for (const k of await revokeDemoKeys(store, reason))
      logger.warn({ userId: k.userId, keyId: k.keyId, reason }, 'demo user key revoked: demo users are off (their keys are public)');
  }
  return ensureUsers(store, { adminKey: env.CREDITGRAPH_ADMIN_KEY ?? null, demo: DEMO }, systemClock);
}

async function serve(store: CreditgraphStore): Promise<Server> {
  let oidc: OidcVerifier | null = null;
  try {
    const settings = oidcSettingsFromEnv(env);
    if (settings) oidc = new OidcVerifier(settings);
  } catch (err) {
    fail((err as Error).message);
  }
  const { app, setDraining, services } = createApp({
    oidc,
    keys,
    retention: RETENTION,
    store,
    logger,
    metrics: createMetrics({ defaultMetrics: true, ...(cluster.isWorker ? { text: clusterMetricsText } : {}) }),
    editorDir: env.EDITOR_DIR ?? path.join(ROOT, 'editor', 'dist'),
    workflow: { sweepIntervalMs: SWEEP_INTERVAL_MS, webhooks: { allowPrivateTargets: env.WEBHOOK_ALLOW_PRIVATE_TARGETS === '1' } },
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const done = (err?: Error) => (err ? reject(err) : resolve(s));
    const s = HOST ? app.listen(PORT, HOST, done) : app.listen(PORT, done);
  }).catch((err: NodeJS.ErrnoException) => fail(err.code === 'EADDRINUSE' ? `port ${PORT} is already in use (set PORT)` : err.message));
  server.keepAliveTimeout = 65_000; // longer than typical load-balancer idle timeouts
  // Evidence checked at start, in the background (a tampered version is refused at load anyway):
  // findings are logged, alerted and shown by /readyz. The decision log is checked by GET /integrity.
  // With a long trail this takes seconds (it yields to requests page by page): /readyz says when it ended.
  void Promise.all([verifyVersions(services), verifyAuditTrail(services)])
    .then(() => services.integrity.startCheckDone())
    .catch((err) => logger.error({ err }, 'integrity check at start failed'));
  // The decision log's head is checkpointed in the audit trail every few minutes and at shutdown:
  // decisions deleted from the end of the log up to a checkpoint are then detected.
  const checkpointChain = () => checkpointDecisionChain(services).catch((err: unknown) => logger.error({ err }, 'checkpointing the decision log failed'));
  setInterval(() => void checkpointChain(), CHAIN_CHECKPOINT_MS).unref();
  // The monitoring demo: synthetic decisions and outcomes on the sample policy (once; one instance seeds).
  // On by default where the demo users are (a fresh install shows something), never in production or tests.
  const monitoringDemo = env.CREDITGRAPH_MONITORING_DEMO ?? (DEMO && env.NODE_ENV !== 'test' ? '1' : '0');
  if (monitoringDemo === '1')
    void underLease(store, 'monitoring.demo', newInstanceId(), () => seedMonitoringDemo(services))
      .then((r) => logger.info({ monitoringDemo: r }, r.skipped ? 'monitoring demo: seeded before' : 'monitoring demo: decisions and outcomes seeded'))
      .catch((err) => logger.error({ err }, 'monitoring demo failed'));
  // The seeded customer-file demo (docs/customers.md): in the background, so start-up stays as fast.
  void loadDemoCustomers(services, { env, demoUsers: DEMO, root: ROOT, instanceId: services.workflow.instanceId });
  // Retention: personal data past its period is anonymised at start, then daily.
  if (Object.keys(RETENTION).length > 0) {
    const sweep = () =>
      void applyRetention(services, 'system', RETENTION)
        .then((r) => r.decisions + r.approvals + r.alerts + r.decisionsDeleted > 0 && logger.info({ retention: r }, 'retention: personal data past its period anonymised'))
        .catch((err) => logger.error({ err }, 'retention sweep failed'));
    sweep();
    setInterval(sweep, DAY_MS).unref();
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    setDraining(true);
    const force = setTimeout(() => {
      logger.warn('grace period over: closing remaining connections');
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(async () => {
      clearTimeout(force);
      // The workflow first: a webhook POST under way is recorded before the store closes (else sent again).
      await services.monitoring.stop().catch((err) => logger.error({ err }, 'stopping the monitoring pass failed'));
      await services.workflow.stop().catch((err) => logger.error({ err }, 'stopping the workflow failed'));
      await checkpointChain();
      await store.close().catch((err) => logger.error({ err }, 'closing the store failed'));
      logger.info('stopped');
      logger.flush(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  return server;
}

async function main(): Promise<void> {
  if (!Number.isInteger(PORT) || PORT < 0 || PORT > 65535) fail(`PORT must be a port number (got ${env.PORT})`);
  if (!Number.isInteger(WORKERS) || WORKERS < 1) fail(`WORKERS must be a positive integer (got ${env.WORKERS})`);
  if (!Number.isInteger(SWEEP_INTERVAL_MS) || SWEEP_INTERVAL_MS < 100) fail(`ALERT_SWEEP_INTERVAL_MS must be a whole number of milliseconds ≥ 100 (got ${env.ALERT_SWEEP_INTERVAL_MS})`);
  if (DEMO && !isLoopbackHost(HOST))
    fail(
      `refusing to listen on HOST=${HOST ?? '(every interface)'} while the demo users are on: their keys are public. ` +
        'Set CREDITGRAPH_DEMO_USERS=0 (or NODE_ENV=production) to serve other machines, or HOST=127.0.0.1.',
    );
  try {
    oidcSettingsFromEnv(env);
    RETENTION = parseRetention(env.CREDITGRAPH_RETENTION_DAYS);
  } catch (err) {
    fail((err as Error).message);
  }
  if (env.ACTIVE_VERSION_TTL_MS && env.ACTIVE_VERSION_TTL_MS !== '0')
    logger.warn('ACTIVE_VERSION_TTL_MS is no longer used: the active version is read from the store on every request, so an activation through any instance applies at once on all');
  try {
    embeddedStoreKind(env); // STORE=file (removed) or any unknown value: one message, exit 1
  } catch (err) {
    fail((err as Error).message);
  }

  if (WORKERS > 1 && cluster.isPrimary) {
    const store = await openStore(); // a file-store folder is imported here, once, before the workers start
    const keys = await prepare(store);
    const kind = store.kind;
    await store.close();
    let stopping = false;
    aggregateWorkerMetrics(); // GET /metrics on any worker answers for all of them
    for (let i = 0; i < WORKERS; i++) cluster.fork();
    let listening = 0;
    cluster.on('listening', (_worker, address) => {
      // With PORT=0 the workers share the one port the primary picked: print that one.
      if (++listening === WORKERS) printBanner(`http://localhost:${address.port || PORT}`, kind, keys, WORKERS);
    });
    const restarts = new RestartBackoff();
    const bornAt = new Map<number, number>();
    cluster.on('fork', (worker) => bornAt.set(worker.id, Date.now()));
    cluster.on('exit', (worker, code, signal) => {
      if (stopping) return;
      // Workers dying at start (store down, a bad setting) must not be re-forked in a tight loop.
      const delay = restarts.next(Date.now() - (bornAt.get(worker.id) ?? Date.now()));
      bornAt.delete(worker.id);
      logger.error({ pid: worker.process.pid, code, signal, restartInMs: delay }, 'worker died: starting another');
      setTimeout(() => !stopping && cluster.fork(), delay).unref();
    });
    const stop = () => {
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
      cluster.on('exit', () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(0));
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    return;
  }

  const store = await openStore();
  const keys = cluster.isWorker ? [] : await prepare(store);
  const server = await serve(store);
  if (cluster.isPrimary) {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : PORT;
    printBanner(`http://localhost:${port}`, store.kind, keys, 1);
  }
}

main().catch((err) => fail((err as Error).stack ?? String(err)));
