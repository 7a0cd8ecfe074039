/**
 * Prometheus metrics on a registry of our own (not prom-client's global one), so several apps in
 * one test process do not collide and `/metrics` shows exactly what this app counts.
 */
import client from 'prom-client';

export interface Metrics {
  registry: client.Registry;
  decisionSeconds: client.Histogram<'policy' | 'outcome'>;
  httpRequests: client.Counter<'method' | 'route' | 'status'>;
  httpSeconds: client.Histogram<'method' | 'route'>;
  /** The text GET /metrics serves: this registry's, or the whole cluster's (cluster-metrics.ts). */
  text(): Promise<string>;
}

export function createMetrics(options: { defaultMetrics?: boolean; text?: (registry: client.Registry) => () => Promise<string> } = {}): Metrics {
  const registry = new client.Registry();
  if (options.defaultMetrics) client.collectDefaultMetrics({ register: registry });
  return {
    registry,
    text: options.text ? options.text(registry) : () => registry.metrics(),
    decisionSeconds: new client.Histogram({
      name: 'creditgraph_decision_duration_seconds',
      help: 'Time to evaluate a decision (facts check + compiled evaluation), by policy and outcome.',
      labelNames: ['policy', 'outcome'],
      // Compiled evaluation takes microseconds; the upper buckets catch trace-heavy calls.
      buckets: [0.00001, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05],
      registers: [registry],
    }),
    httpRequests: new client.Counter({
      name: 'creditgraph_http_requests_total',
      help: 'HTTP requests by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpSeconds: new client.Histogram({
      name: 'creditgraph_http_request_duration_seconds',
      help: 'HTTP request duration by method and route pattern.',
      labelNames: ['method', 'route'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers: [registry],
    }),
  };
}
