/**
 * Issue 22's "Done when", over HTTP: a 20 % challenger on b2b-standard, 10,000 decisions sent
 * through the batch endpoint (5,000 synthetic customers, each decided twice), ≈ 20 % answered by
 * the challenger, the same customer in the same arm every time, both arms logged.
 *
 * Tolerance: customers are the unit assigned (a customer's two decisions share an arm), so the
 * challenger's customer count is Binomial(5,000, 0.2): mean 1,000, sd √(5,000·0.2·0.8) ≈ 28.3.
 * The test accepts ± 4 sd (≈ ± 113 customers, ± 2.3 points of share): a correct split fails it
 * about 6 times in 100,000 runs. The salt is the experiment's own random one; the assignment is
 * re-derived from it (SHA-256 of [policy, customer, salt]) to check every customer's arm.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignArm } from '../../engine/monitoring/champion-challenger.js';
import { generateCustomers } from '../../rulesets/portfolios/synthetic-customers.js';
import { referencePolicy, RULESETS_DIR } from '../support/reference-policies.js';
import { keyOf, startTestApp, type TestApp } from './support/test-app.js';
import { publishChallenger } from './support/challenger-version.js';

const CUSTOMERS = 5_000;
const ROUNDS = 2;
const SHARE = 20;
const P = '/api/v1/policies/b2b-standard';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ rulesets: RULESETS_DIR, app: { limits: { batchItems: 1000 } } });
}, 60_000);
afterAll(async () => t?.close());

describe('done when: a 20 % challenger on b2b-standard over HTTP', () => {
  it('answers ≈ 20 % of 10,000 decisions with the challenger, keeps each customer in one arm, and logs both arms', async () => {
    const [paul, pia, ana, erp, aude] = ['paul', 'pia', 'ana', 'erp', 'aude'].map(keyOf) as [string, string, string, string, string];
    const challenger = await publishChallenger(t.call, { author: ana, approver: paul });
    const proposed = await t.call('POST', `${P}/experiments`, { key: paul, body: { challengerVersion: challenger, share: SHARE, comment: 'stricter classes on 20 %' } });
    expect(proposed.status).toBe(201);
    const started = await t.call('POST', `/api/v1/experiments/${proposed.body.id}/approve`, { key: pia, body: { comment: 'start' } });
    expect(started.body.status).toBe('running');
    const experimentId = proposed.body.id as string;

    const customers = generateCustomers(referencePolicy('b2b-standard'), { rows: CUSTOMERS, seed: 22 });
    const armOf = new Map<string, string>();
    let answeredByChallenger = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (let from = 0; from < customers.length; from += 1000) {
        const items = customers.slice(from, from + 1000).map((c) => ({ facts: c.facts, customerId: c.customerId, requestId: `r${round}-${c.customerId}` }));
        const r = await t.call('POST', `${P}/decisions/batch`, { key: erp, body: { items } });
        expect(r.status).toBe(200);
        expect(r.body.failed).toBe(0);
        for (const item of r.body.items as { decision: { customerId: string; version: number; experiment: { experimentId: string; arm: string } } }[]) {
          const { customerId, experiment, version } = item.decision;
          expect(experiment.experimentId).toBe(experimentId);
          expect(version).toBe(experiment.arm === 'challenger' ? challenger : 1);
          if (experiment.arm === 'challenger') answeredByChallenger++;
          // Same customer, same arm, every time.
          if (armOf.has(customerId)) expect(experiment.arm, customerId).toBe(armOf.get(customerId));
          else armOf.set(customerId, experiment.arm);
        }
      }
    }
    const decisions = CUSTOMERS * ROUNDS;
    const challengerCustomers = [...armOf.values()].filter((a) => a === 'challenger').length;
    const sd = Math.sqrt(CUSTOMERS * (SHARE / 100) * (1 - SHARE / 100));
    console.log(`challenger answered ${answeredByChallenger} of ${decisions} decisions (${challengerCustomers} of ${CUSTOMERS} customers; expected ${CUSTOMERS * SHARE / 100} ± ${(4 * sd).toFixed(0)})`);
    expect(Math.abs(challengerCustomers - CUSTOMERS * (SHARE / 100))).toBeLessThanOrEqual(4 * sd);
    expect(answeredByChallenger).toBe(challengerCustomers * ROUNDS);
    // Every customer's arm is the documented hash of (policy, customer, the experiment's salt).
    const salt = (await t.store.getExperiment(experimentId))!.salt;
    for (const [customerId, arm] of armOf) expect(assignArm({ policyId: 'b2b-standard', customerId, salt, challengerPercent: SHARE }).arm).toBe(arm);

    // Both arms logged: every logged decision names its arm and holds the other arm's shadow answer.
    let logged = 0;
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: { version: number; experiment?: { arm: string; shadow: { arm: string; version: number; outcome: string | null } } }[]; nextCursor: string | null } } = await t.call(
        'GET',
        `/api/v1/decisions?policyId=b2b-standard&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { key: aude },
      );
      expect(page.status).toBe(200);
      for (const d of page.body.items) {
        expect(d.experiment).toBeDefined();
        expect(d.experiment!.shadow.arm).not.toBe(d.experiment!.arm);
        expect(d.experiment!.shadow.version).toBe(d.experiment!.arm === 'champion' ? challenger : 1);
        expect(d.experiment!.shadow.outcome).toMatch(/^(accept|refuse|escalate)$/);
        logged++;
      }
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(logged).toBe(decisions);

    // The comparison reads the same: both versions on all 10,000 requests, answered counts per arm.
    const c = (await t.call('GET', `/api/v1/experiments/${experimentId}/comparison`, { key: paul })).body;
    expect(c.decisions).toBe(decisions);
    expect(c.answered).toEqual({ champion: decisions - answeredByChallenger, challenger: answeredByChallenger });
    expect(c.arms.champion.decisions).toBe(decisions);
    expect(c.arms.challenger.decisions).toBe(decisions);
    const matrixTotal = Object.values(c.agreement as Record<string, Record<string, number>>).reduce((n, row) => n + Object.values(row).reduce((a, b) => a + b, 0), 0);
    expect(matrixTotal).toBe(decisions);
    // Stricter classes: the challenger never puts a customer in a better class, so it disagrees somewhere.
    expect(c.agreementRate).toBeLessThan(1);
    expect(c.arms.challenger.byClass.A).toBe(c.arms.champion.byClass.A); // class A's threshold did not move
  }, 180_000);
});
