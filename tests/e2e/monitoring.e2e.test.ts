/**
 * The monitoring view in a real browser, on a server started with the monitoring demo
 * (CREDITGRAPH_MONITORING_DEMO=1: synthetic decisions and outcomes for b2b-standard): an approver
 * opens Monitoring from the top bar and reads the figures the API gives (Gini, bads, PSI, bad
 * rates by class with counts, in both languages); the ERP posts a default for a class-A customer
 * of the matured book and the view, shown again, counts one more bad.
 * Screenshots: tests/e2e/screenshots/monitoring-*.png, and the README's monitoring.png (docs/images only with UPDATE_SCREENSHOTS=1).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, SCREENSHOTS, skipBrowserTests, startEditorServer, watchPageErrors, readmeScreenshot, type EditorServer } from './support/browser-harness.js';
import { eventually } from '../support/eventually.js';
import { runAxe } from './support/axe.js';

const APPROVER = 'cg_demo_approver';
const AUDITOR = 'cg_demo_auditor';
const SYSTEM = 'cg_demo_system';
const P = '/policies/b2b-standard';
const DAY = 86_400_000;
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

describe.skipIf(skipBrowserTests)('the monitoring view', () => {
  let server: EditorServer;
  let browser: Browser;
  let page: Page;
  let base: string;
  const errors: string[] = [];
  const now = Date.now();
  // The view's default windows: performance = two years ending a year ago; stability = the last six months against the year before.
  const perf = `from=${day(now - 730 * DAY)}T00:00:00Z&to=${day(now - 365 * DAY)}T00:00:00Z&baselineFrom=${day(now - 1095 * DAY)}T00:00:00Z&baselineTo=${day(now - 730 * DAY)}T00:00:00Z`;
  const stab = `from=${day(now - 180 * DAY)}T00:00:00Z&to=${day(now + DAY)}T00:00:00Z&baselineFrom=${day(now - 545 * DAY)}T00:00:00Z&baselineTo=${day(now - 180 * DAY)}T00:00:00Z`;

  const api = async (key: string, method: string, p: string, body?: unknown) => {
    const r = await fetch(`${base}/api/v1${p}`, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return { status: r.status, body: (await r.json().catch(() => null)) as any };
  };
  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const text = async (testId: string) => (await page.getByTestId(testId).locator('.value').textContent())!.trim();

  beforeAll(async () => {
    server = await startEditorServer({ dataDirPrefix: 'creditgraph-e2e-monitoring-', env: { CREDITGRAPH_MONITORING_DEMO: '1', LOG_LEVEL: 'info' } }); // info: the seeding's end is a log line
    base = server.base;
    await eventually(async () => server.log().includes('monitoring demo: decisions and outcomes seeded'), 200);
    browser = await launchBrowser();
    page = await newPage(browser, { viewport: { width: 1400, height: 1000 } });
    watchPageErrors(page, errors);
    await page.goto(`${base}/`);
    await page.evaluate(() => localStorage.setItem('creditgraph.locale', 'en'));
    await page.reload();
    await page.getByLabel('API key').fill(APPROVER);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('current-user').waitFor();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the figures of the API: Gini and bads on the matured book, PSI of the recent population, bad rates with counts', async () => {
    const performance = (await api(APPROVER, 'GET', `${P}/monitoring?${perf}`)).body;
    const stability = (await api(APPROVER, 'GET', `${P}/monitoring?${stab}`)).body;
    expect(performance.report.overall.discrimination.gini).toBeGreaterThan(0.2);
    expect(stability.report.overall.stability.index).not.toBeNull();

    await page.getByTestId('nav-monitoring').click();
    await page.getByTestId('monitoring').waitFor();
    await page.getByTestId('kpi-gini').waitFor();
    await page.getByTestId('kpi-psi').waitFor();
    const fmt = (x: number) => new Intl.NumberFormat('en-GB', { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(x);
    expect(await text('kpi-gini')).toBe(fmt(performance.report.overall.discrimination.gini));
    expect(await text('kpi-ks')).toBe(fmt(performance.report.overall.discrimination.ks));
    expect(await text('kpi-bads')).toBe(String(performance.report.overall.discrimination.bads));
    expect(await text('kpi-psi')).toBe(fmt(stability.report.overall.stability.index));
    // Bad rate by class: every class with its observed count.
    const rows = await page.getByTestId('table-bad-rate-class').locator('tbody tr').allTextContents();
    expect(rows.length).toBe(performance.report.overall.badRatesByClass.length);
    const first = performance.report.overall.badRatesByClass[0];
    expect(rows[0]).toContain(first.key);
    expect(rows[0]).toContain(new Intl.NumberFormat('en-GB').format(first.count));
    // The charts are drawn: score distribution (window and baseline bars), bad rates, Gini by month, ROC.
    expect(await page.getByTestId('chart-score-distribution').locator('rect.baseline').count()).toBe(10);
    expect(await page.getByTestId('chart-bad-rate-class').locator('rect.bad').count()).toBe(performance.report.overall.badRatesByClass.length);
    expect(await page.getByTestId('chart-gini-time').locator('circle').count()).toBe(performance.overTime.filter((p: { bads: number }) => p.bads >= 3).length);
    expect(performance.overTime.filter((p: { bads: number }) => p.bads >= 3).length).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('chart-roc').locator('path.line').getAttribute('d')).toMatch(/^M/);
    await shot('monitoring-en');
    await readmeScreenshot(page, 'monitoring.png', { fullPage: true });
    const axe = await runAxe(page);
    expect(axe.blocking.map((v) => v.id)).toEqual([]);
  });

  it('counts one more bad once the ERP reports a default for a class-A customer of that book', async () => {
    const before = Number(await text('kpi-bads'));
    const log = await api(AUDITOR, 'GET', `/decisions?policyId=b2b-standard&outcome=accept&from=${day(now - 700 * DAY)}T00:00:00Z&to=${day(now - 400 * DAY)}T00:00:00Z&limit=200`);
    const decision = log.body.items.find((d: any) => d.decision.riskClass === 'A' && d.customerId);
    expect(decision, 'a class-A accepted decision in the matured book').toBeTruthy();
    const r = await api(SYSTEM, 'POST', '/outcomes', {
      items: [{ outcomeId: 'e2e-default-1', customerId: decision.customerId, decisionId: decision.decisionId, event: 'default', date: day(Date.parse(decision.evaluatedAt) + 40 * DAY), amount: 25000 }],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.created).toBe(1);
    await page.getByTestId('perf-apply').click();
    await eventually(async () => (await page.getByTestId('kpi-bads').count()) > 0 && Number(await text('kpi-bads')) === before + 1, 100);
  });

  it('reads in French, numbers the French way', async () => {
    await page.locator('#lang').selectOption('fr');
    await page.getByText('Suivi des résultats').waitFor();
    await page.getByTestId('perf-apply').click();
    await page.getByTestId('kpi-gini').waitFor();
    const performance = (await api(APPROVER, 'GET', `${P}/monitoring?${perf}`)).body;
    const fmt = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(performance.report.overall.discrimination.gini);
    await eventually(async () => (await text('kpi-gini')) === fmt, 100);
    expect(await page.getByTestId('monitoring-stability').textContent()).toContain('La population a-t-elle bougé');
    await shot('monitoring-fr');
    expect(errors).toEqual([]);
  });
});
