/**
 * The monitoring pass over HTTP: a population shift (the fixture dataset whose PSI numpy puts at
 * 0.47) raises one critical PSI alert, announced to webhooks, and a class whose bad rate is above
 * the owner's threshold raises a bad-rate alert; the next pass, on the same situation, raises
 * nothing (once per situation, not once per pass); alerts read in French or English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_KEY, type TestApp } from '../api/support/test-app.js';
import { decideScores, fixtureDatasets, movableClock, reportGoodBad, SCORE_POLICY, startScoreApp } from './support/score-policy.js';

const dataset = fixtureDatasets().find((d) => d.name === 'integer scores, population shifted towards risk')!;
const NOW = '2026-06-30T12:00:00.000Z';
const daysBefore = (n: number) => new Date(Date.parse(NOW) - n * 86_400_000).toISOString();
const clock = movableClock(daysBefore(150));
let t: TestApp;
let hookId = '';
const P = `/api/v1/policies/${SCORE_POLICY}`;

beforeAll(async () => {
  t = await startScoreApp(clock, { workflow: { timers: false } });
  const hook = await t.call('POST', '/api/v1/webhooks', { key: ROLE_KEY.admin, body: { url: 'https://hooks.example.com/creditgraph', events: ['alert.raised'] } });
  expect(hook.status, hook.text).toBe(201);
  hookId = hook.body.id;
  await decideScores(t, dataset.baselineScores, 'B'); // 150 days ago: the baseline window of a 90-day pass
  clock.set(daysBefore(40));
  const ids = await decideScores(t, dataset.scores, 'C'); // 40 days ago: the current window
  clock.set(NOW);
  await reportGoodBad(t, ids, dataset.bad, 'C', { bad: daysBefore(20).slice(0, 10), good: daysBefore(25).slice(0, 10) });
  // One-month default definition: the current window's cohort is observed by now.
  const s = await t.call('PUT', `${P}/monitoring/settings`, {
    key: ROLE_KEY.approver,
    body: { psiWarn: 0.1, psiAlert: 0.25, classBadRates: { A: 0.99, C: 0.01 }, defaultDefinition: { daysPastDue: 90, withinMonths: 1 }, minCount: 20, comment: 'watch class C' },
  });
  expect(s.status, s.text).toBe(200);
}, 240_000);
afterAll(() => t?.close());

describe('the monitoring pass', () => {
  it('raises one PSI alert for a population shift and a bad-rate alert for class C, with their webhook events; the next pass raises nothing', async () => {
    const first = await t.call('POST', '/api/v1/monitoring/run', { key: ROLE_KEY.approver });
    expect(first.status, first.text).toBe(200);
    const raised = first.body.raised as { type: string; severity: string; message: string }[];
    expect(raised.filter((a) => a.type === 'monitoring.psi')).toEqual([expect.objectContaining({ severity: 'critical' })]);
    expect(raised.filter((a) => a.type === 'monitoring.badRate').map((a) => a.message)).toEqual([expect.stringMatching(/^Class C of score-check has a bad rate/)]);

    const alerts = (await t.call('GET', `/api/v1/alerts?policyId=${SCORE_POLICY}`, { key: ROLE_KEY.auditor })).body.items as { id: string; type: string; details: Record<string, number> }[];
    const psi = alerts.find((a) => a.type === 'monitoring.psi')!;
    expect(Math.abs(psi.details.psi! - dataset.expected.psi)).toBeLessThanOrEqual(1e-9); // numpy's figure
    expect(psi.details).toMatchObject({ decisions: dataset.scores.length, baselineDecisions: dataset.baselineScores.length, threshold: 0.25 });
    const deliveries = await t.store.listDeliveries({ subscriptionId: hookId, limit: 100 });
    expect(deliveries.map((d) => d.eventId).sort()).toEqual(alerts.map((a) => a.id).sort());

    const second = await t.call('POST', '/api/v1/monitoring/run', { key: ROLE_KEY.approver });
    expect(second.body.raised).toEqual([]);
    expect((await t.call('GET', `/api/v1/alerts?policyId=${SCORE_POLICY}`, { key: ROLE_KEY.auditor })).body.items).toHaveLength(alerts.length);
    expect(await t.store.listDeliveries({ subscriptionId: hookId, limit: 100 })).toHaveLength(deliveries.length);
  });

  it('reads the alerts in French, numbers formatted the French way', async () => {
    const fr = await t.call('GET', `/api/v1/alerts?type=monitoring.psi&policyId=${SCORE_POLICY}`, { key: ROLE_KEY.auditor, headers: { 'accept-language': 'fr' } });
    const psi = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format(dataset.expected.psi);
    expect(fr.body.items[0].message).toBe(`La distribution des scores de score-check a bougé : PSI ${psi} ≥ 0,25 sur les 90 derniers jours par rapport aux 90 jours précédents.`);
    const badRate = await t.call('GET', `/api/v1/alerts?type=monitoring.badRate&policyId=${SCORE_POLICY}`, { key: ROLE_KEY.auditor, headers: { 'accept-language': 'fr' } });
    expect(badRate.body.items[0].message).toMatch(/^La classe C de score-check a un taux de défaut de \d+,\d\s%/);
  });
});
