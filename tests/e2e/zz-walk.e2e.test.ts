import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, SCREENSHOTS, skipBrowserTests, startEditorServer, watchPageErrors, type EditorServer } from './support/browser-harness.js';

describe.skipIf(skipBrowserTests)('walk', () => {
  let server: EditorServer; let browser: Browser; let page: Page; const errors: string[] = [];
  beforeAll(async () => {
    server = await startEditorServer({ dataDirPrefix: 'creditgraph-e2e-walk-' });
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB' })).newPage();
    watchPageErrors(page, errors);
  });
  afterAll(async () => { await browser?.close(); await server?.stop(); });
  const shot = (n: string) => page.screenshot({ path: path.join(SCREENSHOTS, `walk-${n}.png`) });
  it('blank policy', async () => {
    await page.goto(`${server.base}/`);
    await page.getByLabel('API key').fill('cg_demo_author');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('current-user').waitFor();
    await page.getByRole('button', { name: /New policy/ }).click();
    await page.getByLabel('Name').fill('Walk blank');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.locator('.policy-card').first().waitFor();
    await shot('01-blank');
    for (const kind of ['Formula', 'Scorecard', 'Risk class', 'Credit limit', 'Collection']) {
      await page.locator('.palette').getByRole('button', { name: kind }).click();
      await page.waitForFunction((n) => document.querySelectorAll('.policy-card').length >= n, 0);
    }
    await page.getByTestId('tab-problems').click();
    await expect.poll(() => page.getByTestId('problems-summary').textContent()).not.toBe('Validating…');
    await shot('02-nodes-added');
    await page.getByLabel('Language').selectOption('fr');
    await expect.poll(() => page.getByTestId('problems-summary').textContent()).not.toBe('Validation…');
    await shot('03-french');
    await page.getByLabel('Langue').selectOption('en');
    console.log(errors);
  }, 120_000);
});
