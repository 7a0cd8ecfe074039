/**
 * Decision-log records become monitored decisions: automatic ones carry the engine's answer, the
 * approver's later (manual) decision becomes their final outcome and granted amount.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compilePolicy, type PolicyDocument } from '../../engine/index.js';
import { monitoredFromLog, type LoggedDecision } from '../../engine/monitoring/index.js';
import { generateCustomers } from '../../rulesets/portfolios/synthetic-customers.js';

const document = JSON.parse(readFileSync(new URL('../../rulesets/b2b-standard.json', import.meta.url), 'utf8')) as PolicyDocument;
const policy = compilePolicy(document);
const customers = generateCustomers(document, { rows: 200, seed: 3 });
const decided = customers.map((c) => ({ customer: c, decision: policy.evaluate(c.facts) }));
const escalated = decided.find((d) => d.decision.outcome === 'escalate')!;
const accepted = decided.find((d) => d.decision.outcome === 'accept')!;

const automatic = (id: string, customerId: string | null, decision: LoggedDecision['decision']): LoggedDecision => ({
  decisionId: id,
  customerId,
  policyId: 'b2b-standard',
  version: 3,
  evaluatedAt: '2025-04-01T09:00:00.000Z',
  source: 'automatic',
  relatesTo: null,
  decision,
});

describe('monitoredFromLog', () => {
  const log: LoggedDecision[] = [
    automatic('dec_1', escalated.customer.customerId, escalated.decision),
    automatic('dec_2', accepted.customer.customerId, accepted.decision),
    automatic('dec_3', null, accepted.decision),
    // The approver first refused, then (a later manual decision) granted 12,000.
    { ...automatic('man_1', escalated.customer.customerId, { ...escalated.decision, outcome: 'refuse' }), source: 'manual', relatesTo: 'dec_1', evaluatedAt: '2025-04-02T10:00:00.000Z' },
    {
      ...automatic('man_2', escalated.customer.customerId, { ...escalated.decision, outcome: 'accept', variables: { approvedAmount: 12000 } }),
      source: 'manual',
      relatesTo: 'dec_1',
      evaluatedAt: '2025-04-03T10:00:00.000Z',
    },
  ];
  const { decisions, withoutCustomer } = monitoredFromLog(log);

  it('keeps the automatic decisions with a customer, with the final outcome of the latest manual decision', () => {
    expect(withoutCustomer).toBe(1);
    expect(decisions.map((d) => [d.decisionId, d.outcome, d.finalOutcome, d.grantedLimit])).toEqual([
      ['dec_1', 'escalate', 'accept', 12000],
      ['dec_2', 'accept', undefined, accepted.decision.creditLimit!.gross],
    ]);
    expect(decisions[0]).toMatchObject({ customerId: escalated.customer.customerId, decidedAt: '2025-04-01T09:00:00.000Z', version: 3, score: escalated.decision.score, riskClass: escalated.decision.riskClass });
    expect(decisions[1]!.scorecard).toEqual(accepted.decision.scorecard.map((c) => ({ id: c.id, band: c.band, points: c.points })));
  });
});
