/**
 * At start, outside production and tests: the customer-file demo (api/domain/demo-customers.ts) is
 * loaded in the background into a store with no customer yet, when the example policies are there
 * (b2b-standard active) and the demo users are on. CREDITGRAPH_DEMO_CUSTOMERS = how many rows of the
 * sample portfolio (default 300; 0 = none; at most 10,000). One instance loads it (a store lease);
 * the server answers meanwhile.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Services } from './services.js';
import { seedDemoCustomers } from './domain/demo-customers.js';

export const DEMO_CUSTOMERS_LEASE = 'bootstrap.demo-customers';

export function demoCustomerRows(env: NodeJS.ProcessEnv, demoUsers: boolean): number {
  if (!demoUsers || env.NODE_ENV === 'test' || env.NODE_ENV === 'production') return 0;
  const n = env.CREDITGRAPH_DEMO_CUSTOMERS === undefined || env.CREDITGRAPH_DEMO_CUSTOMERS === '' ? 300 : Number(env.CREDITGRAPH_DEMO_CUSTOMERS);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 10_000) : 0;
}

export async function loadDemoCustomers(services: Services, options: { env: NodeJS.ProcessEnv; demoUsers: boolean; root: string; instanceId: string }): Promise<void> {
  const rows = demoCustomerRows(options.env, options.demoUsers);
  if (!rows) return;
  const { store, logger, clock } = services;
  try {
    const policy = await store.getPolicy('b2b-standard');
    if (!policy || policy.activeVersion === null) return; // not the example policies
    if ((await store.listCustomers({ limit: 1 })).items.length) return;
    if (!(await store.acquireLease({ name: DEMO_CUSTOMERS_LEASE, owner: options.instanceId, at: clock.now().toISOString(), ttlMs: 30 * 60_000 }))) return;
    try {
      const started = performance.now();
      const loaded = await seedDemoCustomers(services, { csvPath: path.join(options.root, 'rulesets/portfolios/b2b-standard-10k.csv'), rows });
      if (loaded.customers) {
        logger.info({ ...loaded, ms: Math.round(performance.now() - started) }, 'demo customer files loaded (CREDITGRAPH_DEMO_CUSTOMERS=0 turns this off)');
        await services.workflow.sweep(); // the day's review campaign now, not at the next sweep
      }
    } finally {
      await store.releaseLease(DEMO_CUSTOMERS_LEASE, options.instanceId).catch(() => undefined);
    }
  } catch (err) {
    logger.warn({ err }, 'the demo customer files could not be loaded');
  }
}
