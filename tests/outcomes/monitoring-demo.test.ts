/**
 * The monitoring demo on the sample policy: decisions logged through the decision path on their
 * days, outcomes reported; the monitoring view then has a working scorecard to show (Gini well
 * above 0 on the matured book, bads and goods in every class that has customers) and a population
 * that moved in the last months; seeding again changes nothing.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMonitoringDemo } from '../../api/domain/monitoring-demo.js';
import { ROLE_KEY, startTestApp, type TestApp } from '../api/support/test-app.js';

let t: TestApp;
const P = '/api/v1/policies/b2b-standard';
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
let seeded: Awaited<ReturnType<typeof seedMonitoringDemo>>;

beforeAll(async () => {
  t = await startTestApp({ rulesets: path.resolve('rulesets') });
  seeded = await seedMonitoringDemo(t.services, { rows: 2000, seed: 7 });
}, 300_000);
afterAll(() => t?.close());

describe('the monitoring demo (CREDITGRAPH_MONITORING_DEMO=1)', () => {
  it('logs decisions and reports their outcomes', () => {
    expect(seeded.skipped).toBe(false);
    expect(seeded.decisions).toBeGreaterThan(400);
    expect(seeded.outcomes).toBeGreaterThan(200);
  });

  it('shows a scorecard that separates payers from defaulters on the matured book', async () => {
    const r = await t.call('GET', `${P}/monitoring?from=${daysAgo(731)}&to=${daysAgo(366)}`, { key: ROLE_KEY.approver });
    expect(r.status, r.text).toBe(200);
    const all = r.body.report.overall;
    expect(all.labels.bad).toBeGreaterThanOrEqual(10);
    expect(all.labels.good).toBeGreaterThan(100);
    expect(all.discrimination.gini).toBeGreaterThan(0.1); // ≈ 0.43 on a large book; a few dozen bads leave it noisy
    expect(r.body.overTime.length).toBeGreaterThanOrEqual(10);
  });

  it('shows the recent population shifted against the one before', async () => {
    const r = await t.call('GET', `${P}/monitoring?from=${daysAgo(180)}&to=${daysAgo(0)}&baselineFrom=${daysAgo(545)}&baselineTo=${daysAgo(185)}`, { key: ROLE_KEY.approver });
    expect(r.body.report.overall.stability.index).toBeGreaterThan(0.05);
  });

  it('does nothing the second time', async () => {
    expect(await seedMonitoringDemo(t.services, { rows: 2000, seed: 7 })).toEqual({ decisions: 0, outcomes: 0, skipped: true });
  });
});
