/**
 * The customer page in a real browser (issue 24): a credit manager opens a customer whose open
 * items pass its limit, reads the overrun and the aged balance, runs a review campaign and sees who
 * moved; the escalated customer's request in the inbox links back to its file, where the credit
 * manager reads the request's level, the facts and the country in words (English and French) and
 * the customer's own decision history; an auditor sees the decision changes side by side. Customers, facts and open items are made over the API first.
 * Screenshots: tests/e2e/screenshots/customer-*.png.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, SCREENSHOTS, skipBrowserTests, startEditorServer, watchPageErrors, type EditorServer } from './support/browser-harness.js';

const APPROVER = 'cg_demo_approver';
const AUDITOR = 'cg_demo_auditor';
const SYSTEM = 'cg_demo_system';

const daysFromToday = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const fact = (input: string, value: unknown, source: string, asOf: string) => ({ input, value, source, asOf });
// The worked example of b2b-standard as stored facts: class B, limit 28,000.
const FACTS = [
  ...Object.entries({ yearsInBusiness: 12, equity: 80000, intangibleAssets: 0, totalAssets: 250000, currentAssets: 180000, currentLiabilities: 100000, financialDebt: 90000, netIncome: 42000, annualTurnover: 700000 }).map(
    ([k, v]) => fact(k, v, 'erp', '2025-12-31'),
  ),
  fact('avgPaymentDelayDays', 3, 'erp', daysFromToday(-20)),
  fact('paymentIncidents12m', 0, 'bureau', daysFromToday(-20)),
  fact('sectorRisk', 'medium', 'analyst', daysFromToday(-60)),
  fact('bureauScore', 72, 'bureau', daysFromToday(-20)),
];
const limit = (amount: number, riskClass: string) => ({ amount, grantedAt: `${daysFromToday(-400)}T09:00:00Z`, reviewDate: daysFromToday(-5), policyId: 'b2b-standard', riskClass });

describe.skipIf(skipBrowserTests)('the customer page: overrun, aged balance, a review campaign', () => {
  let server: EditorServer;
  let browser: Browser;
  let page: Page;
  let base: string;
  const errors: string[] = [];

  const api = async (key: string, method: string, p: string, body?: unknown) => {
    const r = await fetch(`${base}/api/v1${p}`, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return { status: r.status, body: (await r.json().catch(() => null)) as any };
  };
  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const signIn = async (key: string) => {
    await page.goto(`${base}/`);
    await page.evaluate(() => sessionStorage.clear());
    await page.evaluate(() => localStorage.setItem('creditgraph.locale', 'en'));
    await page.reload();
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('current-user').waitFor();
  };

  beforeAll(async () => {
    server = await startEditorServer({ dataDirPrefix: 'creditgraph-e2e-customers-' });
    base = server.base;
    const identity = (name: string) => ({ name, currency: 'EUR', country: 'FR', nationalId: '552100554' });
    const created = [
      await api(SYSTEM, 'POST', '/customers', { customerId: 'G-DUPONT', identity: identity('Dupont Holding'), groupLimit: { amount: 50000, grantedAt: `${daysFromToday(-30)}T09:00:00Z` } }),
      // Class C at 10,000, due for review; the facts now say class B.
      await api(SYSTEM, 'POST', '/customers', { customerId: 'C-OVER', parentId: 'G-DUPONT', identity: identity('Dupont Logistique'), facts: FACTS, limit: limit(10000, 'C'), cover: { insurer: 'Allianz Trade', amount: 0, insuredShare: 0.9, from: daysFromToday(-100) } }),
      // 45,000 held, 28,000 computed: a credit manager decides.
      await api(SYSTEM, 'POST', '/customers', { customerId: 'C-ESC', parentId: 'G-DUPONT', identity: identity('Dupont Négoce'), facts: FACTS, limit: limit(45000, 'B'), cover: { insurer: 'Allianz Trade', amount: 0, insuredShare: 0.9, from: daysFromToday(-100) } }),
    ];
    for (const c of created) expect(c.status, JSON.stringify(c.body)).toBe(201);
    const inv = (id: string, customerId: string, amount: number, dueInDays: number) => ({ id, customerId, kind: 'invoice', amount, currency: 'EUR', issueDate: daysFromToday(dueInDays - 30), dueDate: daysFromToday(dueInDays), status: 'open' });
    const feed = await api(SYSTEM, 'POST', '/open-items', { items: [inv('F-1', 'C-OVER', 8000, -45), inv('F-2', 'C-OVER', 6000, 10), inv('F-3', 'C-ESC', 3000, -5)] });
    expect(feed.status, JSON.stringify(feed.body)).toBe(200);
    expect(feed.body.alerts.map((a: { type: string }) => a.type)).toContain('exposure.overLimit'); // no decision call

    browser = await launchBrowser();
    page = await newPage(browser, { viewport: { width: 1500, height: 1100 } });
    watchPageErrors(page, errors);
    await signIn(APPROVER);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens a customer with an overrun and shows its aged balance and group', async () => {
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('cust-list').waitFor();
    await page.getByTestId('cust-list').getByRole('link', { name: 'C-OVER' }).click();
    await page.getByTestId('cust-title').waitFor();
    expect(await page.getByTestId('cust-outstanding').textContent()).toMatch(/14,000/);
    expect(await page.getByTestId('cust-overrun').textContent()).toMatch(/Over the limit by €4,000/);
    expect(await page.getByTestId('aged-notDue').textContent()).toMatch(/6,000/);
    expect(await page.getByTestId('aged-d31to60').textContent()).toMatch(/8,000/);
    expect(await page.getByTestId('aged-d1to30').textContent()).toMatch(/€0/);
    expect(await page.getByTestId('cust-review').textContent()).toContain('review due');
    expect(await page.getByTestId('cust-group-exposure').textContent()).toMatch(/17,000/); // 14,000 + 3,000 across the group
    await page.getByTestId('cust-alert-list').getByText('Limit overrun').waitFor();
    await shot('customer-1-overrun');
  });

  it('runs a review campaign and reads who moved', async () => {
    await page.getByTestId('cust-tab-campaigns').click();
    await page.getByTestId('run-campaign').click();
    const report = page.getByTestId('campaign-report');
    await report.waitFor();
    const moved = page.getByTestId('report-row-C-OVER');
    expect(await moved.textContent()).toMatch(/moved.*Accept.*C → B.*€10,000.*€28,000/s);
    expect(await page.getByTestId('report-row-C-ESC').textContent()).toMatch(/Escalate.*B → B.*€45,000.*€28,000.*approval request/s);
    expect(await page.getByTestId('campaign-counts').textContent()).toMatch(/Due\s*2.*Moved\s*2.*Escalated\s*1/s);
    await shot('customer-2-campaign');

    // The file now holds the new limit, reviewed in a year (class B: 12 months).
    await moved.getByRole('link', { name: 'C-OVER' }).click();
    await page.getByTestId('cust-title').waitFor();
    await expect.poll(async () => page.getByTestId('cust-limit').textContent()).toMatch(/€28,000 · Class B/);
    expect(await page.getByTestId('cust-overrun').count()).toBe(0);
  });

  it('the inbox links the escalated request to the customer page, in French too', async () => {
    await page.goto(`${base}/#/approvals`);
    await page.getByTestId('inbox-row-C-ESC').click();
    await page.getByTestId('customer-file-link').click();
    await page.getByTestId('cust-title').waitFor();
    expect(await page.getByTestId('cust-title').textContent()).toContain('Dupont Négoce');
    // The request's level, the facts and the country in words, never their codes.
    const level = page.getByTestId('cust-approval-level').first();
    await expect.poll(async () => level.textContent()).toBe('Credit manager');
    expect(await level.getAttribute('title')).toBe('creditManager');
    const facts = page.getByTestId('cust-facts');
    await facts.getByText("Shareholders' equity").waitFor();
    expect(await facts.textContent()).not.toContain('bureauScore');
    expect(await facts.textContent()).toContain('credit bureau');
    expect(await page.getByTestId('cust-file').textContent()).toContain('France');
    expect(await facts.textContent()).toContain('Sector risk'); // sorted by their words: 'Annual turnover' first
    expect(await facts.locator('tbody tr').first().textContent()).toContain('Annual turnover');
    // The credit manager reads the customer's own decisions (the campaign's escalation).
    const history = page.getByTestId('cust-changes');
    await history.waitFor();
    expect(await history.locator('tbody tr').first().textContent()).toMatch(/Escalate · Class B · €28,000/);
    await shot('customer-3-approver');
    await page.locator('#lang').selectOption('fr');
    await page.getByText('Balance âgée (jours de retard)').waitFor();
    expect(await page.getByTestId('cust-outstanding').textContent()).toMatch(/^3\s000\s€$/);
    await expect.poll(async () => level.textContent()).toBe('Responsable crédit');
    await facts.getByText('Capitaux propres').waitFor();
    expect(await facts.textContent()).toContain('agence de notation');
    await page.getByTestId('cust-alert-list').getByText(/dépasse la couverture de l’assureur/).waitFor(); // the server's message, asked again in French
    await shot('customer-3-fr');
    await page.locator('#lang').selectOption('en');
  });

  it('an auditor sees each change of decision side by side', async () => {
    await signIn(AUDITOR);
    await page.goto(`${base}/#/customers/C-OVER`);
    const changes = page.getByTestId('cust-changes');
    await changes.waitFor();
    const row = changes.locator('tbody tr').first();
    const [, before, after] = await row.locator('td').allTextContents();
    expect(before).toContain('first decision');
    expect(after).toMatch(/Accept · Class B · €28,000 · score 70.25/);
    await shot('customer-4-auditor');
    expect(errors).toEqual([]);
  });
});
