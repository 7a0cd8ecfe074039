/**
 * Over HTTP: decisions logged through the decision API with the scores of an independent fixture
 * dataset, outcomes posted through the outcomes API, and the monitoring report read back: its
 * Gini, KS and PSI are those scikit-learn, SciPy and numpy computed (tolerance 1e-9, as in
 * tests/monitoring/independent-metrics.test.ts), its bad rates count what was posted. Also: the
 * settings (default thresholds, audited change), FR/EN text, windows and bad parameters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_KEY, type TestApp } from '../api/support/test-app.js';
import { decideScores, fixtureDatasets, movableClock, reportGoodBad, SCORE_POLICY, startScoreApp } from './support/score-policy.js';

const TOLERANCE = 1e-9;
const dataset = fixtureDatasets().find((d) => d.name === 'integer scores with many ties, mild shift')!;
const clock = movableClock('2025-01-10T10:00:00.000Z');
let t: TestApp;
const P = `/api/v1/policies/${SCORE_POLICY}`;
const WINDOW = 'from=2025-03-01T00:00:00Z&to=2025-04-01T00:00:00Z&baselineFrom=2025-01-01T00:00:00Z&baselineTo=2025-02-01T00:00:00Z';

beforeAll(async () => {
  t = await startScoreApp(clock);
  await decideScores(t, dataset.baselineScores, 'B'); // the baseline window: January
  clock.set('2025-03-10T10:00:00.000Z');
  const ids = await decideScores(t, dataset.scores, 'C'); // the monitored window: March
  clock.set('2026-04-15T10:00:00.000Z'); // every 12-month window is over
  await reportGoodBad(t, ids, dataset.bad, 'C', { bad: '2025-09-01', good: '2025-06-01' });
}, 240_000);
afterAll(() => t?.close());

describe('GET /policies/{id}/monitoring over HTTP', () => {
  it(`gives the Gini, KS and PSI of the independent fixture "${dataset.name}"`, async () => {
    const r = await t.call('GET', `${P}/monitoring?${WINDOW}`, { key: ROLE_KEY.approver });
    expect(r.status, r.text).toBe(200);
    const all = r.body.report.overall;
    const close = (ours: number, theirs: number, what: string) => expect(Math.abs(ours - theirs), `${what}: ours ${ours}, theirs ${theirs}`).toBeLessThanOrEqual(TOLERANCE);
    close(all.discrimination.auc, dataset.expected.auc, 'AUC');
    close(all.discrimination.gini, dataset.expected.gini, 'Gini');
    close(all.discrimination.ks, dataset.expected.ks, 'KS');
    close(all.stability.index, dataset.expected.psi, 'PSI');
    expect(all.stability.bins.map((b: { baselineCount: number }) => b.baselineCount)).toEqual(dataset.expected.baselineCounts);
    expect(all.stability.bins.map((b: { currentCount: number }) => b.currentCount)).toEqual(dataset.expected.currentCounts);
    // Bad rates with their counts: every posted outcome counted once.
    const bads = dataset.bad.filter((b) => b === 1).length;
    expect(all.labels).toMatchObject({ bad: bads, good: dataset.scores.length - bads, open: 0, unreported: 0 });
    const bands = all.badRatesByBand as { count: number; bads: number }[];
    expect(bands.reduce((a, c) => a + c.count, 0)).toBe(dataset.scores.length);
    expect(bands.reduce((a, c) => a + c.bads, 0)).toBe(bads);
    expect((all.badRatesByClass as { key: string }[]).map((c) => c.key)).toEqual(['A', 'B', 'C']);
    expect(all.rates).toMatchObject({ decisions: dataset.scores.length, accepted: dataset.scores.length, approvalRate: 1 });
    expect(r.body.report.baselineDecisions).toBe(dataset.baselineScores.length);
    expect(r.body.overTime).toEqual([expect.objectContaining({ period: '2025-03', decisions: dataset.scores.length })]);
    expect(r.body.overTime[0].gini).toBeCloseTo(dataset.expected.gini, 9);
  });

  it('answers in the reader’s language, numbers formatted per language', async () => {
    const fr = await t.call('GET', `${P}/monitoring?${WINDOW}`, { key: ROLE_KEY.auditor, headers: { 'accept-language': 'fr-FR,fr;q=0.9' } });
    expect(fr.headers.get('content-language')).toBe('fr');
    const gini = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(dataset.expected.gini);
    expect(fr.body.text).toContain(gini);
    expect(fr.body.text).toMatch(/Gini/);
    const en = await t.call('GET', `${P}/monitoring?${WINDOW}`, { key: ROLE_KEY.auditor });
    expect(en.headers.get('content-language')).toBe('en');
    expect(en.body.text).toContain(dataset.expected.gini.toFixed(3));
  });

  it('an empty window, a version filter, the challenger arm (no experiment: no decision)', async () => {
    const empty = await t.call('GET', `${P}/monitoring?from=2024-01-01T00:00:00Z&to=2024-02-01T00:00:00Z`, { key: ROLE_KEY.approver });
    expect(empty.status, empty.text).toBe(200);
    expect(empty.body.report.overall.rates.decisions).toBe(0);
    expect(empty.body.report.overall.discrimination.gini).toBeNull();
    const v1 = await t.call('GET', `${P}/monitoring?${WINDOW}&version=1`, { key: ROLE_KEY.approver });
    expect(v1.body.report.overall.rates.decisions).toBe(dataset.scores.length);
    const champion = await t.call('GET', `${P}/monitoring?${WINDOW}&arm=champion`, { key: ROLE_KEY.approver });
    expect(champion.body.report.overall.rates.decisions).toBe(dataset.scores.length);
    const challenger = await t.call('GET', `${P}/monitoring?${WINDOW}&arm=challenger`, { key: ROLE_KEY.approver });
    expect(challenger.body.report.overall.rates.decisions).toBe(0);
  });

  it('names the bad parameter (problem+json), 404 for an unknown policy or version', async () => {
    const reversed = await t.call('GET', `${P}/monitoring?from=2025-04-01T00:00:00Z&to=2025-03-01T00:00:00Z`, { key: ROLE_KEY.approver });
    expect(reversed.status).toBe(422);
    expect(reversed.headers.get('content-type')).toContain('application/problem+json');
    expect(reversed.body.errors[0]).toMatchObject({ pointer: '/from', in: 'query' });
    const badArm = await t.call('GET', `${P}/monitoring?arm=both`, { key: ROLE_KEY.approver });
    expect(badArm.status).toBe(422);
    expect(JSON.stringify(badArm.body.errors)).toContain('arm');
    expect((await t.call('GET', '/api/v1/policies/nope/monitoring', { key: ROLE_KEY.approver })).status).toBe(404);
    expect((await t.call('GET', `${P}/monitoring?version=9`, { key: ROLE_KEY.approver })).status).toBe(404);
    expect((await t.call('GET', `${P}/monitoring`, { key: ROLE_KEY.viewer })).status).toBe(403);
  });

  it('settings: the conventional defaults, then an audited change by the policy owner (approver only)', async () => {
    const defaults = await t.call('GET', `${P}/monitoring/settings`, { key: ROLE_KEY.auditor });
    expect(defaults.body).toMatchObject({ psiWarn: 0.1, psiAlert: 0.25, classBadRates: {}, defaultDefinition: { daysPastDue: 90, withinMonths: 12 }, updatedAt: '' });
    const bad = await t.call('PUT', `${P}/monitoring/settings`, { key: ROLE_KEY.approver, body: { psiWarn: 0.3, psiAlert: 0.2, comment: 'x' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].pointer).toBe('/psiWarn');
    expect((await t.call('PUT', `${P}/monitoring/settings`, { key: ROLE_KEY.author, body: { psiWarn: 0.1, psiAlert: 0.2, comment: 'x' } })).status).toBe(403);
    const saved = await t.call('PUT', `${P}/monitoring/settings`, {
      key: ROLE_KEY.approver,
      body: { psiWarn: 0.05, psiAlert: 0.2, classBadRates: { C: 0.3 }, defaultDefinition: { daysPastDue: 60, withinMonths: 5 }, comment: 'tighter after the audit' },
    });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body).toMatchObject({ psiWarn: 0.05, psiAlert: 0.2, classBadRates: { C: 0.3 }, updatedBy: 'paul', windowDays: 90, minCount: 30 });
    const entries = (await t.call('GET', `/api/v1/audit?policyId=${SCORE_POLICY}`, { key: ROLE_KEY.auditor })).body.items;
    expect(entries[0]).toMatchObject({ action: 'monitoring.settings.changed', actor: 'paul', comment: 'tighter after the audit' });
    // The default definition now reads 5 months from 10 March: the 1 September defaults fall outside it.
    const r = await t.call('GET', `${P}/monitoring?${WINDOW}`, { key: ROLE_KEY.approver });
    expect(r.body.report.defaultDefinition).toEqual({ daysPastDue: 60, withinMonths: 5 });
    expect(r.body.report.overall.labels.bad).toBe(0);
    expect(r.body.thresholds).toMatchObject({ psiWarn: 0.05, psiAlert: 0.2 });
  });
});
