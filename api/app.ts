/**
 * createApp builds the Express app from injected parts (store, clock, logger, metrics…) and reads
 * no environment: api/server.ts does that, tests call this directly.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import pino, { type Logger } from 'pino';
import type { CreditgraphStore } from './store/store.js';
import { ApiError, problemOf, toProblem, type ProblemDetails } from './http/problems.js';
import { jsonBody } from './http/json-body.js';
import { mountRoutes, type AnyRouteDef } from './http/route.js';
import { authenticate, challenge, Unauthenticated } from './auth/authenticate.js';
import { KeyUsage } from './auth/api-keys.js';
import type { OidcVerifier } from './auth/oidc.js';
import { compressResponses, editorCacheHeaders, fileETag, revalidateFromFetch } from './http/wire.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { requestIdOf, requestLog } from './observability/request-log.js';
import { CompiledCache } from './compiled-cache.js';
import { VersionResolver } from './version-resolver.js';
import { systemClock, type Clock, type Limits, type Services } from './services.js';
import { apiReference } from './openapi/api-reference.js';
import { operationalPaths } from './openapi/operational-paths.js';
import { policyRoutes } from './routes/policies.js';
import { draftRoutes } from './routes/drafts.js';
import { versionRoutes } from './routes/versions.js';
import { decisionRoutes } from './routes/decisions.js';
import { auditRoutes } from './routes/audit.js';
import { userRoutes } from './routes/users.js';
import { schemaRoutes } from './routes/schemas.js';
import { approvalRoutes } from './routes/approvals.js';
import { alertRoutes } from './routes/alerts.js';
import { webhookRoutes } from './routes/webhooks.js';
import { simulationRoutes } from './routes/simulations.js';
import { policyDocumentRoutes } from './routes/policy-documents.js';
import { workbookUpload } from './policy-documents/workbook-upload.js';
import { portfolioUpload } from './impact/portfolio-upload.js';
import { Workflow, type WorkflowOptions } from './workflow/workflow.js';
import { MonitoringPass, type MonitoringPassOptions } from './workflow/monitoring-pass.js';
import { responseLanguage } from './http/response-language.js';
import { isLocalizedError } from './domain/errors.js';
import { IntegrityMonitor } from './integrity/integrity-monitor.js';
import type { ServerKeys } from './integrity/server-keys.js';
import type { RetentionPolicy } from './domain/erasure.js';
import { privacyRoutes } from './routes/privacy.js';
import { integrityRoutes } from './routes/integrity.js';
import { auditEvidenceRoutes } from './routes/audit-evidence.js';
import { evidenceExportRoutes } from './routes/evidence-exports.js';
import { accessLogRoutes } from './routes/access-log.js';
import { customerRoutes } from './routes/customers.js';
import { exposureSweep } from './domain/customer-exposure.js';
import { experimentRoutes } from './routes/experiments.js';
import { outcomeRoutes } from './routes/outcomes.js';
import { monitoringRoutes } from './routes/monitoring.js';
import { campaignRoutes } from './routes/campaigns.js';
import { customerDecisionRoutes } from './routes/customer-decisions.js';
import { scheduledCampaign } from './domain/review-campaigns.js';

/** Every route under /api/v1, in the order the reference lists them. */
export const API_ROUTES: AnyRouteDef[] = [
  ...policyRoutes,
  ...draftRoutes,
  ...versionRoutes,
  ...decisionRoutes,
  ...auditRoutes,
  ...userRoutes,
  ...schemaRoutes,
  ...approvalRoutes,
  ...alertRoutes,
  ...webhookRoutes,
  ...simulationRoutes,
  ...policyDocumentRoutes,
  ...integrityRoutes,
  ...auditEvidenceRoutes,
  ...evidenceExportRoutes,
  ...accessLogRoutes,
  ...privacyRoutes,
  ...customerRoutes,
  ...experimentRoutes,
  ...outcomeRoutes,
  ...monitoringRoutes,
  ...campaignRoutes,
  ...customerDecisionRoutes,
];

export const API_VERSION = '0.1.0';

export interface AppOptions {
  store: CreditgraphStore;
  clock?: Clock;
  logger?: Logger;
  metrics?: Metrics;
  /** Built editor (index.html + assets) served at /; absent → / explains how to build it. */
  editorDir?: string | null;
  limits?: Partial<Limits>;
  compiledCacheSize?: number;
  /** Single sign-on: JWT access tokens from this issuer are accepted beside API keys. */
  oidc?: OidcVerifier | null;
  /** The integrity keys (audit MACs, signed checkpoints); the store must have been given the same audit key. */
  keys?: ServerKeys | null;
  /** Days each kind of record keeps its personal data; a daily sweep applies it when timers run. */
  retention?: RetentionPolicy;
  /** Alert sweep interval and webhook delivery settings; timers are unref'd. */
  workflow?: WorkflowOptions & { /** false: no timers (tests drive sweep() and drain() themselves). */ timers?: boolean };
  /** The monitoring pass (interval; hourly by default; runs when workflow timers run). */
  monitoring?: MonitoringPassOptions;
}

export interface CreditgraphApp {
  app: Express;
  services: Services;
  /** Built on first use (the first GET /openapi.json or /docs), not at start. */
  openapi: Record<string, unknown>;
  /** Readiness goes false while the server drains before shutdown. */
  setDraining(draining: boolean): void;
}

function sendProblem(res: express.Response, problem: ProblemDetails, wwwAuthenticate?: string): void {
  if (problem.status === 401) res.setHeader('WWW-Authenticate', wwwAuthenticate ?? challenge());
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}

export function createApp(options: AppOptions): CreditgraphApp {
  const logger = options.logger ?? pino({ level: 'silent' });
  const metrics = options.metrics ?? createMetrics();
  const store = options.store;
  const clock = options.clock ?? systemClock;
  const integrity = new IntegrityMonitor(logger, () => clock.now());
  const workflow = new Workflow(store, options.clock ?? systemClock, logger, options.workflow);
  const services: Services = {
    store,
    clock: options.clock ?? systemClock,
    logger,
    metrics,
    versions: new VersionResolver(store, new CompiledCache(options.compiledCacheSize ?? 256), undefined, (policyId, version, detail) =>
      integrity.found('version', `${policyId}@${version}`, detail, policyId),
    ),
    draftsCompiled: new CompiledCache(8),
    limits: { batchItems: 1000, ...options.limits },
    workflow,
    monitoring: new MonitoringPass(store, options.clock ?? systemClock, logger, workflow, options.monitoring),
    integrity,
    keys: options.keys ?? null,
    retention: options.retention ?? {},
  };
  integrity.raise = (alerts) => services.workflow.raise(alerts, { actor: 'system', comment: 'integrity check' });
  services.workflow.addSweep(() => exposureSweep(services)); // customer files: re-age exposure once a day
  services.workflow.addSweep(async () => (await scheduledCampaign(services), [])); // limits due for review: re-decided once a day
  if (options.workflow?.timers !== false) services.workflow.start();
  if (options.workflow?.timers !== false) services.monitoring.start();
  let draining = false;

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // our ETags mean draft revisions; no automatic body-hash ETags
  app.set('query parser', 'simple');

  // Helmet's defaults, except upgrade-insecure-requests: the server is often reached over plain
  // http on a LAN or localhost, where upgrading the editor's asset requests would break it.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.use(requestLog(logger));
  app.use(compressResponses(), revalidateFromFetch); // see http/wire.ts

  // Request counts and durations by route pattern (never the raw URL: ids would explode cardinality).
  const countRequests: RequestHandler = (req, res, next) => {
    const end = metrics.httpSeconds.startTimer();
    res.on('finish', () => {
      const route = (res.locals.route as string | undefined) ?? 'unmatched';
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      end({ method: req.method, route });
    });
    next();
  };
  app.use(countRequests);

  const labelled =
    (route: string, handler: RequestHandler): RequestHandler =>
    (req, res, next) => {
      res.locals.route = route;
      return handler(req, res, next);
    };

  // Operational routes: no key needed (probes, scrapers, docs).
  app.get('/healthz', labelled('/healthz', (_req, res) => void res.json({ status: 'ok' })));
  app.get(
    '/readyz',
    labelled('/readyz', async (_req, res) => {
      const ok = !draining && (await Promise.race([store.ping().catch(() => false), new Promise<boolean>((r) => setTimeout(() => r(false), 2000).unref())]));
      // Tampered evidence does not stop the server (other policies still decide) but readiness says so.
      if (ok) res.json({ status: 'ready', store: store.kind, integrity: integrity.summary() });
      else sendProblem(res, problemOf('UNAVAILABLE', draining ? 'The server is shutting down.' : `The ${store.kind} store is not reachable.`));
    }),
  );
  app.get(
    '/metrics',
    labelled('/metrics', async (_req, res) => {
      res.type(metrics.registry.contentType).send(await metrics.text());
    }),
  );
  const reference = apiReference(API_ROUTES, { version: API_VERSION, extraPaths: operationalPaths });
  app.get('/openapi.json', labelled('/openapi.json', (_req, res) => void res.json(reference.document())));
  // How the editor signs in: through the identity provider (code + PKCE) when SSO is configured.
  app.get(
    '/auth/config',
    labelled('/auth/config', async (_req, res) => {
      const oidc = options.oidc;
      if (!oidc?.settings.clientId) return void res.json({ oidc: null });
      const meta = await oidc.metadata().catch(() => null);
      if (!meta?.authorization_endpoint || !meta.token_endpoint) throw new ApiError('UNAVAILABLE', 'The identity provider cannot be reached.');
      const { issuer, clientId, scope, audience } = oidc.settings;
      res.setHeader('Cache-Control', 'no-cache');
      res.json({ oidc: { issuer, clientId, scope, audience, authorizationEndpoint: meta.authorization_endpoint, tokenEndpoint: meta.token_endpoint } });
    }),
  );
  app.get('/docs', labelled('/docs', (_req, res) => void res.type('html').send(reference.page())));

  const keyUsage = new KeyUsage(store, (err) => logger.warn({ err }, 'recording a key\'s last use failed'));
  // The API: authenticate first (no body is read for an anonymous caller), then parse, then route.
  const api = express.Router();
  api.use(async (req, res, next) => {
    res.locals.route = '/api/v1 (unmatched)';
    res.locals.caller = await authenticate(req, { store, oidc: options.oidc ?? null, usage: keyUsage, now: () => services.clock.now() });
    next();
  });
  // The simulations route takes a portfolio file of up to 50 MB: read before the 1 MB JSON reader.
  api.use(portfolioUpload());
  api.use(workbookUpload()); // .xlsx imports: raw bytes, read before the JSON reader
  api.use(...jsonBody());
  const routed = express.Router();
  mountRoutes(routed, API_ROUTES, services);
  api.use(routed);
  api.use((req) => {
    throw new ApiError('ROUTE_NOT_FOUND', `No route ${req.method} /api/v1${req.path}.`);
  });
  app.use('/api/v1', api);

  mountEditor(app, options.editorDir ?? null, options.oidc?.settings.clientId ? new URL(options.oidc.settings.issuer).origin : null);

  app.use((req) => {
    throw new ApiError('ROUTE_NOT_FOUND', `No route ${req.method} ${req.path}.`);
  });

  const handleError: ErrorRequestHandler = (err, req, res, _next) => {
    const language = responseLanguage(req);
    const { problem, unexpected } = toProblem(err, language);
    // A problem worded in the caller's language says so (policy problems: their diagnostics and detail).
    if (isLocalizedError(err) && !res.headersSent) {
      res.setHeader('Content-Language', language);
      res.vary('Accept-Language');
    }
    const requestId = requestIdOf(res);
    if (unexpected) logger.error({ err, requestId }, 'unexpected error');
    else if (problem.status >= 500) logger.error({ requestId, code: problem.code, detail: problem.detail }, 'request failed');
    res.locals.problemCode = problem.code;
    if (res.headersSent) return void res.end();
    sendProblem(res, { ...problem, instance: req.originalUrl.split('?')[0], requestId }, err instanceof Unauthenticated ? err.challenge : undefined);
  };
  app.use(handleError);

  return {
    app,
    services,
    get openapi() {
      return reference.document();
    },
    setDraining: (d) => {
      draining = d;
    },
  };
}

/**
 * The editor page's own CSP: the engine compiles a policy into a JavaScript function in the
 * browser too (the same compiled path the server runs, so a test-run in the editor is the real
 * decision), which needs 'unsafe-eval'. Only the HTML page (and the editor's validation worker)
 * gets it; API answers keep helmet's.
 */
const editorPageCsp = (identityProvider: string | null) => [
  "default-src 'self'",
  // Single sign-on: the editor trades its authorization code at the provider's token endpoint.
  `connect-src 'self'${identityProvider ? ` ${identityProvider}` : ''}`,
  "base-uri 'self'",
  "font-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self' 'unsafe-eval'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
].join(';');

function mountEditor(app: Express, editorDir: string | null, identityProvider: string | null): void {
  const csp = editorPageCsp(identityProvider);
  const index = editorDir ? path.join(editorDir, 'index.html') : null;
  if (editorDir && index && existsSync(index)) {
    const sendEditorPage = (res: express.Response) => {
      res.locals.route = '/ (editor)';
      res.setHeader('Cache-Control', 'no-cache');
      res.setHeader('Content-Security-Policy', csp);
      res.setHeader('ETag', fileETag(index)); // the app's ETags are off (drafts): the page gets its own, for 304s
      res.sendFile(index);
    };
    // The editor's live-validation worker runs under its own script's CSP: it compiles too, so it gets the page's.
    const setHeaders = (res: express.Response, file: string) => {
      editorCacheHeaders(res, file);
      if (/[\\/]assets[\\/]validation-worker-[^\\/]+\.js$/.test(file)) res.setHeader('Content-Security-Policy', csp);
    };
    app.use(express.static(editorDir, { index: false, maxAge: '1h', setHeaders }));
    // SPA fallback: any other GET that wants HTML gets the editor, which routes on the client.
    app.get('/*splat', (req, res, next) => {
      // Only page routes: /api/… stays JSON, and a missing /assets/x.js must stay a 404.
      if (!req.accepts('html') || req.path.startsWith('/api/') || path.extname(req.path) !== '') return next();
      sendEditorPage(res);
    });
    app.get('/', (_req, res) => sendEditorPage(res));
    return;
  }
  app.get('/', (_req, res) => {
    res.locals.route = '/ (editor)';
    res
      .type('html')
      .send(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>creditgraph</title></head><body>' +
          '<h1>creditgraph</h1><p>The API runs (see <a href="/docs">the API reference</a>), but the editor is not built.</p>' +
          '<p>Build it with <code>npm run build</code>, then restart the server.</p></body></html>',
      );
  });
}
