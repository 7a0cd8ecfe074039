/**
 * Live validation runs in a Web Worker (editor/src/engine/validation-worker.ts) so the first load
 * is not blocked by the schema compile; where a browser has no workers the page validates on its
 * own thread. Both paths must report the same problem for the same edit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, skipBrowserTests, startEditorServer, watchPageErrors, type EditorServer } from './support/browser-harness.js';

const AUTHOR = 'cg_demo_author';
const KEY_STORAGE = 'creditgraph.apiKey'; // editor/src/api/client.ts

describe.skipIf(skipBrowserTests)('live validation in a worker, and without one', () => {
  let server: EditorServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startEditorServer({ dataDirPrefix: 'creditgraph-e2e-worker-' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function openSignedIn(withoutWorkers: boolean): Promise<{ page: Page; errors: string[]; workers: string[] }> {
    const page = await newPage(browser, { viewport: { width: 1600, height: 1000 } });
    const errors: string[] = [];
    const workers: string[] = [];
    watchPageErrors(page, errors);
    page.on('worker', (w) => workers.push(w.url()));
    await page.addInitScript(
      ([k, v, noWorkers]) => {
        sessionStorage.setItem(k as string, v as string);
        if (noWorkers) Object.defineProperty(window, 'Worker', { value: undefined });
      },
      [KEY_STORAGE, AUTHOR, withoutWorkers],
    );
    await page.goto(`${server.base}/#/policies/b2b-standard`);
    await page.getByTestId('card-scorecard').waitFor();
    return { page, errors, workers };
  }

  async function breakTheWeights(page: Page): Promise<void> {
    const summary = page.getByTestId('problems-summary');
    await expect.poll(() => summary.textContent(), { timeout: 60_000 }).toBe('No problems.');
    await page.getByTestId('card-scorecard').locator('.card-glyph').click();
    await page.getByLabel('Weight of Average payment delay (%)').fill('20');
    await expect.poll(() => summary.textContent(), { timeout: 60_000 }).toContain('1 error');
    await expect(page.locator('.problem').first().textContent()).resolves.toContain('WEIGHTS_TOTAL');
  }

  it('validates in a worker: the problem of an edit is reported, no page error', async () => {
    const { page, errors, workers } = await openSignedIn(false);
    await breakTheWeights(page);
    expect(workers.some((u) => /\/assets\/validation-worker-[^/]+\.js$/.test(u))).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('validates on the page itself where there are no workers: the same problem', async () => {
    const { page, errors, workers } = await openSignedIn(true);
    await breakTheWeights(page);
    expect(workers).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
