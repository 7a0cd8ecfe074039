/**
 * The Impact view in a real browser (Debian's Chromium through playwright-core) against the real
 * server (api/server.ts in a child process, temp DATA_DIR, free port): an author's submitted draft
 * of b2b-standard (class D from 40 instead of 35, class C's turnover share 2.5 % instead of 3 %)
 * is simulated on the 10,000-customer sample; the charts draw, a most-changed customer opens with
 * its two decisions; an uploaded file with a bad row reports it; the approver's review shows the
 * latest impact. Screenshots go to tests/e2e/screenshots/impact-*.png.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { canvasPixels, launchBrowser, ROOT, SCREENSHOTS, skipBrowserTests, startEditorServer, waitForStillness, watchPageErrors, type EditorServer, newPage } from './support/browser-harness.js';
import { runAxe } from './support/axe.js';

/** Coloured pixels on a chart's canvas: 0 means the chart stayed blank. */
const drawnPixels = (page: Page, testId: string) =>
  page.locator(`[data-testid="${testId}"] canvas`).first().evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && (data[i]! < 240 || data[i + 1]! < 240 || data[i + 2]! < 240)) n++;
    return n;
  });

const AUTHOR = 'cg_demo_author';
const APPROVER = 'cg_demo_approver';

describe.skipIf(skipBrowserTests)('the Impact view in the browser (issue 5)', () => {
  let server: EditorServer;
  let browser: Browser;
  let page: Page;
  let base: string;
  const consoleErrors: string[] = [];

  const api = async (key: string, method: string, p: string, body?: unknown, headers: Record<string, string> = {}) => {
    const r = await fetch(`${base}/api/v1${p}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: r.status, body: (await r.json().catch(() => null)) as any };
  };

  beforeAll(async () => {
    server = await startEditorServer({ dataDirPrefix: 'creditgraph-e2e-impact-' });
    base = server.base;
    // The author's change, submitted for review (its golden tests still pass).
    const doc = JSON.parse(readFileSync(path.join(ROOT, 'rulesets/b2b-standard.json'), 'utf8'));
    doc.nodes.find((n: any) => n.kind === 'riskClass').config.classes.find((c: any) => c.id === 'D').minScore = 40;
    doc.nodes.find((n: any) => n.kind === 'creditLimit').config.classParameters.C.turnoverShare = 0.025;
    const current = await api(AUTHOR, 'GET', '/policies/b2b-standard/draft');
    const saved = await api(AUTHOR, 'PUT', '/policies/b2b-standard/draft', { document: doc }, { 'if-match': current.body.etag });
    expect(saved.status, JSON.stringify(saved.body)).toBeLessThan(300);
    const submitted = await api(AUTHOR, 'POST', '/policies/b2b-standard/draft/submit', { comment: 'Stricter class D, smaller C turnover share' });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);

    browser = await launchBrowser();
    page = await newPage(browser, { viewport: { width: 1600, height: 1100 } });
    watchPageErrors(page, consoleErrors);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const shot = (name: string, fullPage = false) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });

  async function signIn(key: string) {
    await page.goto(`${base}/`);
    await page.evaluate(() => sessionStorage.clear()); // sign the previous person out
    await page.reload();
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('current-user').waitFor();
  }

  it('reports a bad row of an upload, then simulates the draft on the sample, draws the charts and opens a changed customer', async () => {
    await signIn(AUTHOR);
    await page.getByTestId('open-b2b-standard').click();
    await page.getByTestId('open-impact-view').click();
    await page.getByTestId('impact-screen').waitFor();
    // An uploaded file with one bad row: reported, the rest simulated.
    const sample = readFileSync(path.join(ROOT, 'rulesets/portfolios/b2b-standard-10k.csv'), 'utf8').split('\n');
    const bad = sample[3]!.split(',');
    bad[sample[0]!.split(',').indexOf('bureauScore')] = 'excellent'; // bureauScore is a number
    const csv = [sample[0], sample[1], sample[2], bad.join(','), ''].join('\n');
    await page.getByTestId('source-file').check();
    await page.getByTestId('portfolio-file').setInputFiles({ name: 'three.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('run-impact').click();
    await expect.poll(() => page.getByTestId('card-customers').locator('.impact-card-value').textContent(), { timeout: 30_000 }).toBe('2');
    const errors = page.getByTestId('impact-errors');
    await errors.locator('summary').click();
    await expect.poll(() => errors.textContent()).toContain('Row 3 (line 4), column bureauScore');
    await shot('impact-01-upload-errors');
    await page.getByTestId('source-sample').check();

    // Then the synthetic sample, active → draft (the default targets).
    expect(await page.getByTestId('target-from').inputValue()).toBe('active');
    expect(await page.getByTestId('target-to').inputValue()).toBe('draft');
    await page.getByTestId('run-impact').click();
    await expect.poll(() => page.getByTestId('card-customers').locator('.impact-card-value').textContent()).toBe('10,000');
    // The charts arrive in their own chunk, then draw on canvases.
    for (const chart of ['chart-outcome', 'chart-class', 'chart-limit-by-class', 'chart-scores']) await page.locator(`[data-testid="${chart}"] canvas`).first().waitFor();
    const changed = Number((await page.getByTestId('card-class').locator('.impact-card-value').textContent())!.replace(/,/g, ''));
    expect(changed).toBeGreaterThan(0); // class D from 40: some D customers become E
    await expect.poll(() => page.locator('[data-testid="top-changes"] tbody tr').count()).toBe(50);
    for (const chart of ['chart-outcome', 'chart-class', 'chart-limit-by-class', 'chart-scores']) await expect.poll(() => drawnPixels(page, chart)).toBeGreaterThan(500);
    const axe = await runAxe(page);
    console.log(`axe (impact): ${axe.blocking.length} serious/critical, ${axe.other.length} other: ${axe.other.map((v) => v.id).join(', ')}`);
    expect(axe.blocking).toEqual([]);
    await waitForStillness(page, '[data-testid^="chart-"] canvas'); // chart animations settle before the screenshot
    await shot('impact-02-results', true);

    // The most-changed customer, both decisions side by side.
    await page.locator('[data-testid="top-changes"] tbody tr').first().getByRole('button').click();
    const dialog = page.getByTestId('side-by-side');
    await dialog.waitFor();
    await expect.poll(() => dialog.getByTestId('decision-card').count()).toBe(2);
    await shot('impact-03-side-by-side');
    // a dialog keeps the focus inside and closes on Escape
    for (let i = 0; i < 5; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('[data-testid="side-by-side"]'))).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);

    // French.
    const englishCharts = await canvasPixels(page, '[data-testid^="chart-"] canvas');
    await page.locator('#lang').selectOption('fr');
    await expect.poll(() => page.locator('.impact-head h1').textContent()).toContain('Impact d’un changement');
    await expect.poll(() => page.getByTestId('card-customers').textContent()).toContain('clients simulés');
    // The charts redraw with French labels: wait for new pixels, then for the animation to end.
    await expect.poll(() => canvasPixels(page, '[data-testid^="chart-"] canvas')).not.toBe(englishCharts);
    await waitForStillness(page, '[data-testid^="chart-"] canvas');
    await shot('impact-04-french');
  });

  it('the approver sees the latest impact of the draft on the review screen', async () => {
    await page.locator('#lang').selectOption('en');
    await signIn(APPROVER);
    await page.getByTestId('open-b2b-standard').click();
    const latest = page.getByTestId('latest-impact');
    await latest.waitFor();
    // The latest run of the draft is the sample; nothing of the draft changed since.
    await expect.poll(() => latest.locator('h4').textContent()).toContain('10,000 customers');
    expect(await latest.getByTestId('latest-changed').textContent()).toMatch(/^[1-9][\d,]* customers change/);
    expect(await latest.locator('.warning-text').count()).toBe(0);
    await shot('impact-05-approve-screen');
    await page.getByTestId('open-impact').click();
    await page.getByTestId('impact-screen').waitFor();
    expect(consoleErrors).toEqual([]);
  }, 120_000);

  it('the charts draw in a development build too (StrictMode creates each chart twice)', async () => {
    const outDir = mkdtempSync(path.join(tmpdir(), 'creditgraph-dev-editor-'));
    const build = spawnSync('npx', ['vite', 'build', '--config', 'editor/vite.config.ts', '--mode', 'development', '--outDir', outDir, '--emptyOutDir'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'development' },
    });
    expect(build.status, build.stderr).toBe(0);
    const dev = await startEditorServer({ dataDirPrefix: 'creditgraph-e2e-impact-dev-', env: { EDITOR_DIR: outDir } });
    try {
      const devPage = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const devErrors: string[] = [];
      watchPageErrors(devPage, devErrors);
      await devPage.goto(`${dev.base}/`);
      await devPage.getByLabel('API key').fill(AUTHOR);
      await devPage.getByRole('button', { name: 'Sign in' }).click();
      await devPage.goto(`${dev.base}/#/policies/b2b-standard/impact`);
      await devPage.getByTestId('impact-screen').waitFor();
      const sample = readFileSync(path.join(ROOT, 'rulesets/portfolios/b2b-standard-10k.csv'), 'utf8').split('\n');
      await devPage.getByTestId('source-file').check();
      await devPage.getByTestId('portfolio-file').setInputFiles({ name: 'forty.csv', mimeType: 'text/csv', buffer: Buffer.from(sample.slice(0, 41).join('\n') + '\n') });
      await devPage.getByTestId('run-impact').click();
      await expect.poll(() => devPage.getByTestId('card-customers').locator('.impact-card-value').textContent(), { timeout: 30_000 }).toBe('40');
      for (const chart of ['chart-outcome', 'chart-class', 'chart-limit-by-class']) await expect.poll(() => drawnPixels(devPage, chart), { timeout: 15_000 }).toBeGreaterThan(500);
      await devPage.screenshot({ path: path.join(SCREENSHOTS, 'impact-06-dev-build.png'), fullPage: true });
      expect(devErrors.filter((e) => !/Download the React DevTools/.test(e))).toEqual([]);
      await devPage.close();
    } finally {
      await dev.stop();
      rmSync(outDir, { recursive: true, force: true });
    }
  }, 180_000);
});
