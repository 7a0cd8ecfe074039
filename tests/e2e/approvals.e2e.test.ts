/**
 * Issue 8 in a real browser: the ERP's escalations land in the approver's inbox (oldest first,
 * with the decision's reasons and the customer's history); Paul (creditManager) decides one with
 * a counter-proposal from the dialog; the caller system reads the outcome of its approvalId in the list; the
 * alerts list and the risk report show what needs attention, in English and French.
 * Screenshots go to tests/e2e/screenshots/ (approvals-1-… to approvals-6-…).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, ROOT, SCREENSHOTS, skipBrowserTests, startEditorServer, watchPageErrors, type EditorServer, newPage, readmeScreenshot } from './support/browser-harness.js';
import { runAxe } from './support/axe.js';

const APPROVER = 'cg_demo_approver'; // Paul, delegation level creditManager
const SYSTEM = 'cg_demo_system';

const FACTS = {
  requestedAmount: 45000, insolvencyProceedings: false, yearsInBusiness: 12, equity: 80000, intangibleAssets: 0, totalAssets: 250000,
  currentAssets: 180000, currentLiabilities: 100000, financialDebt: 90000, netIncome: 42000, annualTurnover: 700000,
  avgPaymentDelayDays: 3, paymentIncidents12m: 0, sectorRisk: 'medium', bureauScore: 72, insurerCover: 0,
};

describe.skipIf(skipBrowserTests)('approvals in the browser (issue 8)', () => {
  let server: EditorServer;
  let browser: Browser;
  let page: Page;
  let base: string;
  const consoleErrors: string[] = [];

  const api = async (method: string, p: string, body?: unknown) => {
    const r = await fetch(`${base}/api/v1${p}`, { method, headers: { authorization: `Bearer ${SYSTEM}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    return { status: r.status, body: await r.json() };
  };

  beforeAll(async () => {
    // The reference policies of rulesets/ (b2b-standard: serviceHours 48).
    server = await startEditorServer({ dataDirPrefix: 'creditgraph-e2e-approvals-' });
    base = server.base;
    browser = await launchBrowser();
    page = await newPage(browser, { viewport: { width: 1500, height: 900 }, locale: 'en-GB' });
    // Console and page errors only: this suite has never counted HTTP responses of 400 or more.
    watchPageErrors(page, consoleErrors, { httpErrors: false });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

  it('an approver decides from the inbox; the system reads the outcome; alerts and report show the rest', async () => {
    // The ERP asks: ACME was accepted before, now asks 45,000 above its 28,000 limit (→ creditManager);
    // BOLT asks 20,000 as a class C customer (→ creditAnalyst, which a manager may decide too);
    // CORE is accepted but owes more than its limit (overrun alert).
    const P = '/policies/b2b-standard/decisions';
    expect((await api('POST', P, { customerId: 'ACME', facts: { ...FACTS, requestedAmount: 20000 } })).body.outcome).toBe('accept');
    const acme = (await api('POST', P, { customerId: 'ACME', facts: FACTS, exposure: 18000 })).body;
    expect(acme).toMatchObject({ outcome: 'escalate', approvalLevel: 'creditManager' });
    const bolt = (await api('POST', P, { customerId: 'BOLT', facts: { ...FACTS, requestedAmount: 20000, bureauScore: 30, paymentIncidents12m: 2 } })).body;
    expect(bolt).toMatchObject({ outcome: 'escalate', approvalLevel: 'creditAnalyst', riskClass: 'C' });
    await api('POST', P, { customerId: 'CORE', facts: { ...FACTS, requestedAmount: 20000 }, exposure: 31000 });

    // 1. Paul signs in and opens his inbox: both requests, oldest first
    await page.goto(`${base}/`);
    await page.getByLabel('API key').fill(APPROVER);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('current-user').waitFor();
    expect(await page.getByTestId('current-user').textContent()).toBe('Paul (approver)'); // the role once, not twice
    await page.getByTestId('nav-inbox').click();
    await page.getByTestId('inbox').waitFor();
    await expect.poll(() => page.locator('[data-testid^="inbox-row-"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')))).toEqual(['inbox-row-ACME', 'inbox-row-BOLT']);
    await shot('approvals-1-inbox');

    // rows are chosen from the keyboard: focus the first, arrow down, Enter opens BOLT
    await page.getByTestId('inbox-row-ACME').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('approval-detail').locator('h2').textContent()).toMatch(/^BOLT/);
    // filters and sorting: by customer, by level (business labels, ids in the tooltip), by amount
    await page.getByTestId('filter-customer').fill('acm');
    await expect.poll(() => page.locator('[data-testid^="inbox-row-"]').count()).toBe(1);
    await page.getByTestId('filter-customer').fill('');
    await expect.poll(() => page.getByTestId('filter-level').locator('option').allTextContents()).toEqual(['All levels', 'Credit manager', 'Credit analyst']);
    await page.getByTestId('filter-level').selectOption({ label: 'Credit analyst' });
    await expect.poll(() => page.locator('[data-testid^="inbox-row-"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')))).toEqual(['inbox-row-BOLT']);
    await page.getByTestId('filter-level').selectOption('');
    await page.getByTestId('sort-requested').click();
    await expect.poll(() => page.locator('[data-testid^="inbox-row-"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')))).toEqual(['inbox-row-BOLT', 'inbox-row-ACME']);
    await page.getByTestId('sort-requested').click();
    await expect.poll(() => page.locator('[data-testid^="inbox-row-"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')))).toEqual(['inbox-row-ACME', 'inbox-row-BOLT']);
    // the due time of the service level is shown (48 h for an escalation)
    await expect.poll(() => page.getByTestId('inbox-row-ACME').textContent()).toMatch(/in (47|48) h|in 1 d/);

    // 2. the ACME request: the customer context, the decision's reasons and the customer's history
    await page.getByTestId('inbox-row-ACME').click();
    await expect.poll(() => page.getByTestId('approval-reasons').textContent()).toContain('ABOVE_LIMIT');
    await expect.poll(() => page.getByTestId('customer-history').locator('tr').count()).toBe(1); // the earlier accept
    const context = await page.getByTestId('customer-context').textContent();
    expect(context).toContain('Outstanding18,000');
    expect(context).toContain('Average payment delay3 days');
    expect(context).toContain('Annual turnover700,000');
    expect(context).toMatch(/Limits before\d/);
    await expect.poll(() => page.getByTestId('approval-detail').textContent()).toContain('(Credit manager)');
    const inboxAxe = await runAxe(page);
    console.log(`axe (inbox): ${inboxAxe.blocking.length} serious/critical, ${inboxAxe.other.length} other: ${inboxAxe.other.map((v) => v.id).join(', ')}`);
    expect(inboxAxe.blocking).toEqual([]);
    await shot('approvals-2-detail');
    await readmeScreenshot(page, 'inbox.png');

    // the decide dialog: Escape closes it and gives the focus back; Tab stays inside it
    await page.getByTestId('open-decide').click();
    await page.getByTestId('decide-dialog').waitFor();
    const dialogAxe = await runAxe(page);
    expect(dialogAxe.blocking).toEqual([]);
    for (let i = 0; i < 12; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('[data-testid="decide-dialog"]'))).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('decide-dialog').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('open-decide');

    // 3. decide: a counter-proposal of 35,000, with a comment
    await page.getByTestId('open-decide').click();
    await page.getByTestId('choice-counter').check();
    await page.getByTestId('decide-amount').fill('35000');
    await expect(page.getByTestId('decide-submit').isDisabled()).resolves.toBe(true); // comment required
    await page.getByTestId('decide-comment').fill('35k now; more once the insurer covers them');
    await shot('approvals-3-decide-dialog');
    await page.getByTestId('decide-submit').click();
    await page.getByTestId('decide-notice').waitFor();
    await expect.poll(() => page.locator('[data-testid^="inbox-row-"]').count()).toBe(1); // ACME left the pending inbox
    await expect.poll(() => page.getByTestId('approval-detail').textContent()).toContain('Approved');
    // the approved amount, not the requested one, after a counter-proposal
    await expect.poll(() => page.getByTestId('requested-approved').textContent()).toBe('Requested 45,000 → approved 35,000counter-proposal');
    await page.getByRole('tab', { name: 'Approved' }).click();
    await expect.poll(() => page.getByTestId('inbox-row-ACME').getByTestId('approved-amount').textContent()).toBe('35,000counter-proposal');
    await shot('approvals-4-decided');
    await page.getByRole('tab', { name: 'Pending' }).click();

    // 4. the caller system reads the outcome of its approvalId in the list (a request's facts are not a system key's to read: 403);
    //    the log has the manual record beside the automatic one
    expect((await api('GET', `/approvals/${acme.approvalId}`)).status).toBe(403);
    const outcomes = await api('GET', '/approvals?status=approved');
    const outcome = outcomes.body.items.find((a: { id: string }) => a.id === acme.approvalId);
    expect(outcome).toMatchObject({ status: 'approved', outcome: { amount: 35000, counterProposal: true, decidedBy: 'paul' } });
    expect(outcome.outcome.reviewDate).toBeTruthy();

    // 5. alerts: the overrun of CORE
    await page.getByTestId('nav-alerts').click();
    await page.getByTestId('alerts').waitFor();
    await expect.poll(() => page.getByTestId('alerts').textContent()).toContain('CORE');
    await shot('approvals-5-alerts');

    // 6. the risk report, in French
    await page.locator('#lang').selectOption('fr');
    await page.getByTestId('nav-report').click();
    await page.getByTestId('report-pending').waitFor();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Rapport risque');
    await expect.poll(() => page.getByTestId('report-overruns').textContent()).toContain('CORE');
    await expect.poll(() => page.getByTestId('report-pending').textContent()).toContain('creditAnalyst'); // BOLT still waits
    await shot('approvals-6-risk-report-fr');
    // the alerts, now written in French by the server (numbers with French digits)
    await page.getByTestId('nav-alerts').click();
    await expect.poll(() => page.getByTestId('alerts').textContent()).toMatch(/L’encours de [\d\u202f]+ dépasse la limite accordée de [\d\u202f]+/);
    await shot('approvals-7-alerts-fr');

    expect(consoleErrors).toEqual([]);
  });
});
