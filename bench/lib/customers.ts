/**
 * The benchmark's customers: the impact engineer's deterministic synthetic b2b portfolio
 * (rulesets/portfolios/synthetic-customers.ts), as the decision API hands them to the engine:
 * checked by checkFacts, so missing facts are absent keys (many object shapes, as in production).
 */
import { checkFacts, type Facts, type PolicyDocument } from '../../engine/index.js';
import { generateCustomers } from '../../rulesets/portfolios/synthetic-customers.js';

export const BENCH_SEED = 42;

export function benchFacts(policy: PolicyDocument, rows: number, seed = BENCH_SEED): Facts[] {
  return generateCustomers(policy, { rows, seed }).map((customer) => {
    const checked = checkFacts(policy, JSON.parse(JSON.stringify(customer.facts)));
    if (!checked.ok) throw new Error(`synthetic customer ${customer.customerId} is refused: ${checked.errors.map((e) => e.message).join('; ')}`);
    return checked.facts;
  });
}
