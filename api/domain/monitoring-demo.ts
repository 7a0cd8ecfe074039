/**
 * Synthetic decisions and outcomes for the sample portfolio, so the monitoring view has something
 * to show on a fresh install (CREDITGRAPH_MONITORING_DEMO=1). The customers and their defaults
 * come from the seeded generators of rulesets/portfolios (synthetic-customers.ts,
 * synthetic-outcomes.ts): a granted customer defaults with probability
 *
 *   logit(PD) = logit(class bad rate) − 0.06 · (score − centre of its class's score range)
 *
 * class bad rates A 0.5 %, B 1.5 %, C 4 %, D 10 %, E 25 % (best class first). Two books are
 * decided through the real decision path (sealed, logged, dated by a clock set to each decision's
 * day): three quarters spread over the two years before the last six months, a quarter over the
 * last six months drawn with drift 0.5 (better customers thinned out: the population shifts).
 * Escalated requests are left out (they would fill the approvers' inbox). Outcomes dated after
 * today are not reported yet. Idempotent: decisions carry request ids, outcomes their ids.
 */
import type { Caller } from '../auth/caller.js';
import type { Services } from '../services.js';
import { generateCustomers } from '../../rulesets/portfolios/synthetic-customers.js';
import { addDays, generateMonitoringFile } from '../../rulesets/portfolios/synthetic-outcomes.js';
import { decide } from './decide.js';
import { reportOutcomes } from './outcomes.js';
import type { OutcomeRecord } from '../monitoring-engine.js';

export const DEMO_ACTOR = 'monitoring-demo';

export interface MonitoringDemoOptions {
  policyId?: string;
  /** Customers in the two books together. */
  rows?: number;
  seed?: number;
}

export async function seedMonitoringDemo(services: Services, options: MonitoringDemoOptions = {}): Promise<{ decisions: number; outcomes: number; skipped: boolean }> {
  const policyId = options.policyId ?? 'b2b-standard';
  const rows = options.rows ?? 2000;
  const seed = options.seed ?? 42;
  const stored = await services.store.getPolicy(policyId);
  if (!stored || stored.activeVersion === null) return { decisions: 0, outcomes: 0, skipped: true }; // not the example policies
  const resolved = await services.versions.resolve(policyId);
  const requestId = (customerId: string) => `${DEMO_ACTOR}-${customerId}`;
  const today = services.clock.now().toISOString().slice(0, 10);
  const policy = { document: resolved.document, evaluate: (facts: Parameters<typeof resolved.compiled.evaluate>[0]) => resolved.compiled.evaluate(facts) };

  // Ids apart from the customer-file demo's (C000001…), whose files these past decisions must not touch.
  const olderCustomers = generateCustomers(resolved.document, { rows: Math.round(rows * 0.75), seed }).map((c) => ({ ...c, customerId: `M${c.customerId}` }));
  const recentCustomers = generateCustomers(resolved.document, { rows: rows - olderCustomers.length, seed: seed + 1 }).map((c) => ({ ...c, customerId: `R${c.customerId}` }));
  if (olderCustomers.length && (await services.store.findDecisionByRequestId(policyId, requestId(olderCustomers[0]!.customerId)))) return { decisions: 0, outcomes: 0, skipped: true };
  const books = [
    generateMonitoringFile(policy, olderCustomers, { seed, firstDate: addDays(today, -730), days: 545 }),
    generateMonitoringFile(policy, recentCustomers, { seed: seed + 1, firstDate: addDays(today, -180), days: 180, drift: 0.5 }),
  ];

  const facts = new Map([...olderCustomers, ...recentCustomers].map((c) => [c.customerId, Object.fromEntries(Object.entries(c.facts).filter(([, v]) => v !== undefined))]));
  const caller: Caller = { user: { id: DEMO_ACTOR, name: 'Monitoring demo', roles: ['system'], delegationLevel: null, createdAt: '', disabled: false }, keyId: DEMO_ACTOR };
  const decided = new Set<string>();
  let decisions = 0;
  for (const book of books)
    for (const d of book.decisions) {
      if (d.outcome === 'escalate') continue;
      const at = new Date(`${d.decidedAt.slice(0, 10)}T10:00:00.000Z`);
      const r = await decide({ ...services, clock: { now: () => at } }, caller, policyId, { facts: facts.get(d.customerId)!, customerId: d.customerId, requestId: requestId(d.customerId) }, false);
      if (!r.replayed) decisions++;
      if (r.body.outcome === 'accept') decided.add(d.customerId);
    }

  const outcomes: OutcomeRecord[] = books
    .flatMap((b) => b.outcomes ?? [])
    .filter((o) => decided.has(o.customerId) && o.date <= today)
    .map((o) => ({ ...o, outcomeId: `${DEMO_ACTOR}-${o.customerId}-${o.event}-${o.date}` }));
  let created = 0;
  for (let i = 0; i < outcomes.length; i += 1000) created += (await reportOutcomes(services, DEMO_ACTOR, outcomes.slice(i, i + 1000))).created;
  return { decisions, outcomes: created, skipped: false };
}
