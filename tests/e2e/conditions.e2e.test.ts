/**
 * Issue 19, accept with conditions, in a real browser: Paul (creditManager) sees the conditions the
 * policy attached to a class-D request (30 days, 30 % prepayment, a guarantee), changes them in the
 * decide dialog (15 days, 50 %, no guarantee) and approves; the ERP reads what was granted. Ana (a
 * policy owner) finds the conditions in the decision node's inspector, removes and adds one (each an
 * undoable edit), and the test panel shows the conditions and the legal-cap warning of 90-day terms,
 * in English and French. Screenshots: tests/e2e/screenshots/conditions-*.png.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, SCREENSHOTS, skipBrowserTests, startEditorServer, watchPageErrors, type EditorServer, newPage } from './support/browser-harness.js';
import { runAxe } from './support/axe.js';

const AUTHOR = 'cg_demo_author';
const APPROVER = 'cg_demo_approver'; // Paul, delegation level creditManager
const SYSTEM = 'cg_demo_system';

// domain.md's worked example (class B, score 70.25, limit 28,000) with three payment incidents:
// 60.25 → C, and ≥ 3 incidents → no better than D; limit D = min(10 % × 80,000, 1.5 % × 700,000)
// = 8,000; 45,000 above it → credit manager; conditions of class D: 30 days, 30 % prepayment and,
// the request being above the limit, a guarantee.
const CLASS_D = {
  requestedAmount: 45000, insolvencyProceedings: false, yearsInBusiness: 12, equity: 80000, intangibleAssets: 0, totalAssets: 250000,
  currentAssets: 180000, currentLiabilities: 100000, financialDebt: 90000, netIncome: 42000, annualTurnover: 700000,
  avgPaymentDelayDays: 3, paymentIncidents12m: 3, sectorRisk: 'medium', bureauScore: 72, insurerCover: 0,
};

describe.skipIf(skipBrowserTests)('accept with conditions in the browser (issue 19)', () => {
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
    server = await startEditorServer({ dataDirPrefix: 'creditgraph-e2e-conditions-' });
    base = server.base;
    browser = await launchBrowser();
    page = await newPage(browser, { viewport: { width: 1500, height: 1000 }, locale: 'en-GB' });
    watchPageErrors(page, consoleErrors, { httpErrors: false });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  // The bottom panel scrolls: bring the conditions and warnings into its view, then shoot the panel.
  const resultShot = async (name: string) => {
    await page.getByTestId('decision-warnings').scrollIntoViewIfNeeded();
    await page.getByTestId('bottom-panel').screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
  };
  const items = (testId: string) => page.getByTestId(testId).locator('li').allTextContents();

  async function signIn(key: string) {
    await page.goto(`${base}/`);
    await page.getByTestId('sign-out').or(page.getByLabel('API key')).first().waitFor();
    if (await page.getByTestId('sign-out').isVisible()) {
      await page.getByTestId('sign-out').click();
    }
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('current-user').waitFor();
  }

  it('an approver sees the conditions, changes them and approves; the ERP reads what was granted', async () => {
    // asked on 90-day terms: above the legal cap, a warning of the decision (class D's 30 days stand)
    const asked = (await api('POST', '/policies/b2b-standard/decisions', { customerId: 'DELTA', facts: { ...CLASS_D, paymentTermDays: 90 } })).body;
    expect(asked.warnings.map((w: { code: string }) => w.code)).toEqual(['legal_cap']);
    expect(asked).toMatchObject({ outcome: 'escalate', approvalLevel: 'creditManager', riskClass: 'D' });
    expect(asked.conditions).toEqual({ paymentTermDays: 30, prepaymentShare: 0.3, guaranteeRequired: true, cashOnDelivery: null });

    await signIn(APPROVER);
    await page.getByTestId('nav-inbox').click();
    await page.getByTestId('inbox-row-DELTA').click();
    await page.getByTestId('approval-conditions').waitFor();
    expect(await items('approval-conditions')).toEqual(['Payment terms of 30 days at most', '30% of each order paid in advance', 'A bank or parent guarantee is required']);
    expect(await items('approval-warnings')).toEqual(['⚠ paymentTermDays: 90 days exceed the legal cap of 60 days (Code de commerce L441-10)']);
    await shot('conditions-1-inbox-request');

    // the dialog starts from the policy's conditions
    await page.getByTestId('open-decide').click();
    const dialog = page.getByTestId('decide-dialog');
    await dialog.waitFor();
    expect(await page.getByTestId('condition-paymentTermDays').inputValue()).toBe('30');
    expect(await page.getByTestId('condition-prepaymentShare').inputValue()).toBe('30');
    expect(await page.getByTestId('condition-guaranteeRequired').isChecked()).toBe(true);
    expect(await page.getByTestId('condition-cashOnDelivery').isChecked()).toBe(false);
    // a refusal carries no conditions: the fields go away
    await page.getByTestId('choice-refuse').check();
    expect(await page.getByTestId('decide-conditions').count()).toBe(0);
    await page.getByTestId('choice-approve').check();
    // Paul asks half up front on 15 days, and drops the guarantee
    await page.getByTestId('condition-paymentTermDays').fill('15');
    await page.getByTestId('condition-prepaymentShare').fill('50');
    await page.getByTestId('condition-guaranteeRequired').uncheck();
    await page.getByTestId('decide-comment').fill('Half up front on 15 days instead of a guarantee: long-standing customer.');
    const { blocking } = await runAxe(page);
    expect(blocking, JSON.stringify(blocking, null, 1)).toEqual([]);
    await shot('conditions-2-decide-dialog');
    await page.getByTestId('decide-submit').click();
    await page.getByTestId('decide-notice').waitFor();

    // the request shows what was granted; the ERP reads the same
    await page.getByTestId('granted-conditions').waitFor();
    expect(await items('granted-conditions')).toEqual(['Payment terms of 15 days at most', '50% of each order paid in advance']);
    await shot('conditions-3-granted');
    const outcome = (await api('GET', `/approvals?status=approved&customerId=DELTA`)).body.items[0].outcome;
    expect(outcome.conditions).toEqual({ paymentTermDays: 15, prepaymentShare: 0.5, guaranteeRequired: null, cashOnDelivery: null });
  });

  it('a policy owner removes and adds a condition of the decision node (undoable); the test panel shows conditions and the legal-cap warning', async () => {
    await signIn(AUTHOR);
    await page.getByTestId('open-b2b-standard').click();
    await page.getByTestId('card-decision').waitFor();
    await expect.poll(() => page.getByTestId('decision-card-conditions').textContent()).toBe('Attaches 4 condition(s)');
    await page.getByTestId('card-decision').locator('.card-glyph').click();
    const guarantee = page.getByLabel('Guarantee required: read from');
    await expect.poll(() => guarantee.inputValue()).toBe('guaranteeRequired');

    // remove the guarantee condition: the card counts 3; run the class-D case: no guarantee
    await guarantee.selectOption({ label: '(no such condition)' });
    await expect.poll(() => page.getByTestId('decision-card-conditions').textContent()).toBe('Attaches 3 condition(s)');
    await page.getByTestId('tab-test').click();
    for (const [name, value] of Object.entries(CLASS_D)) {
      const field = page.locator(`#fact-${name}`);
      if (typeof value === 'boolean' || name === 'sectorRisk') await field.selectOption(String(value));
      else await field.fill(String(value));
    }
    await page.getByTestId('run-test').click();
    await expect.poll(() => page.getByTestId('decision-class').textContent()).toBe('D');
    expect(await items('decision-conditions')).toEqual(['Payment terms of 30 days at most', '30% of each order paid in advance']);

    // add it again: the test panel shows it
    await page.getByTestId('card-decision').locator('.card-glyph').click();
    await guarantee.selectOption('guaranteeRequired');
    await expect.poll(() => page.getByTestId('decision-card-conditions').textContent()).toBe('Attaches 4 condition(s)');
    await page.getByTestId('run-test').click();
    await expect.poll(() => items('decision-conditions')).toEqual(['Payment terms of 30 days at most', '30% of each order paid in advance', 'A bank or parent guarantee is required']);

    // every edit is one undoable command: undo takes the condition away again, redo brings it back
    await page.locator('.react-flow__pane').click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('decision-card-conditions').textContent()).toBe('Attaches 3 condition(s)');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => page.getByTestId('decision-card-conditions').textContent()).toBe('Attaches 4 condition(s)');

    // 90-day terms: granted on 60 days (the condition), and the legal cap is a warning of the decision
    await page.locator('#fact-paymentTermDays').fill('90');
    await page.getByTestId('run-test').click();
    await page.getByTestId('decision-warnings').waitFor();
    expect(await items('decision-warnings')).toEqual(['⚠ paymentTermDays: 90 days exceed the legal cap of 60 days (Code de commerce L441-10)']);
    await expect.poll(() => items('decision-conditions')).toContain('Payment terms of 30 days at most'); // class D's 30 days is the stricter
    await shot('conditions-4-test-panel');
    await resultShot('conditions-4b-test-panel-decision');
    // the approval card names the level by its label (it once read "[object Object]")
    await expect.poll(() => page.getByTestId('card-approval').textContent()).toContain('Escalate → Credit manager');

    // in French
    await page.getByLabel('Language').selectOption('fr');
    await page.getByTestId('run-test').click();
    await expect.poll(() => items('decision-conditions')).toEqual(['Délai de paiement de 30 jours au plus', "30\u00a0% de chaque commande payés d'avance", 'Une garantie bancaire ou de la société mère est exigée']);
    expect((await items('decision-warnings'))[0]).toContain('dépassent le plafond légal de 60 jours');
    await page.getByTestId('card-decision').locator('.card-glyph').click();
    await expect.poll(() => page.getByTestId('decision-conditions-editor').locator('legend').textContent()).toBe('Conditions attachées à la décision');
    await shot('conditions-5-french');
    await resultShot('conditions-5b-french-decision');
    expect(consoleErrors).toEqual([]);
  });

  it('a policy owner sees the ECB rate is out of date and updates its date in one place (issue 19)', async () => {
    // The browser's date decides the half-year, as the server's does in the API.
    const now = new Date();
    const since = `${now.getUTCFullYear()}-${now.getUTCMonth() < 6 ? '01' : '07'}-01`;
    // A fresh browser context: the previous test left unsaved edits (the editor guards leaving them).
    await page.context().close();
    page = await newPage(browser, { viewport: { width: 1500, height: 1000 }, locale: 'en-GB' });
    watchPageErrors(page, consoleErrors, { httpErrors: false });
    await signIn(AUTHOR);
    await page.goto(`${base}/#/policies/payment-plan`);
    await page.getByTestId('card-plan').waitFor();
    const summary = page.getByTestId('problems-summary');
    await page.getByTestId('tab-problems').click();
    if (since > '2025-07-01') {
      await expect.poll(() => summary.textContent()).toContain('1 warning');
      expect(await page.locator('.problem').first().textContent()).toContain('REFERENCE_OUT_OF_DATE');
      expect(await page.locator('.problem').first().textContent()).toContain(`'ecbReferenceRate' dates from 2025-07-01, before the current half-year (from ${since})`);
      await shot('conditions-6-ecb-rate-out-of-date');
    }
    await page.getByTestId('card-plan').locator('.card-glyph').click();
    const asOf = page.getByLabel('Applies from (YYYY-MM-DD)');
    await expect.poll(() => asOf.inputValue()).toBe('2025-07-01');
    expect(await page.getByLabel('Source (publisher, page, text)').inputValue()).toContain('ECB');
    await asOf.fill(since);
    await expect.poll(() => summary.textContent()).toBe('No problems.');
    await shot('conditions-7-ecb-rate-updated');
    expect(consoleErrors).toEqual([]);
  });
});
