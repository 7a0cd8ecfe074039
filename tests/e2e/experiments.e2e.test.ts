/**
 * Champion/challenger in a real browser: Paul proposes version 2 of b2b-standard (stricter
 * classes) as a 20 % challenger; the screen will not let him start it himself; Pia, a second
 * approver, starts it; 400 decisions arrive over the API; the comparison shows each arm's
 * figures (as the API computes them), the agreement matrix and the daily chart, in English and
 * French. Screenshots: tests/e2e/screenshots/experiments-*.png.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { canvasPixels, launchBrowser, newPage, SCREENSHOTS, skipBrowserTests, startEditorServer, waitForStillness, watchPageErrors, type EditorServer } from './support/browser-harness.js';
import { generateCustomers } from '../../rulesets/portfolios/synthetic-customers.js';
import { referencePolicy } from '../support/reference-policies.js';
import { stricterClasses } from '../api/support/challenger-version.js';
import { runAxe } from './support/axe.js';

const AUTHOR = 'cg_demo_author';
const APPROVER = 'cg_demo_approver';
const SYSTEM = 'cg_demo_system';
const ADMIN = 'cg_e2e_admin_key_experiments_000';
const P = '/policies/b2b-standard';

describe.skipIf(skipBrowserTests)('champion/challenger in the editor', () => {
  let server: EditorServer;
  let browser: Browser;
  let page: Page;
  let base: string;
  let secondApprover = '';
  const errors: string[] = [];

  const api = async (key: string, method: string, p: string, body?: unknown, headers: Record<string, string> = {}) => {
    const r = await fetch(`${base}/api/v1${p}`, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, body: body ? JSON.stringify(body) : undefined });
    return { status: r.status, body: (await r.json().catch(() => null)) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const signIn = async (key: string) => {
    if (await page.getByTestId('sign-out').isVisible()) await page.getByTestId('sign-out').click();
    await page.getByLabel(/API key|Clé d/).fill(key);
    await page.getByRole('button', { name: /Sign in|Se connecter/ }).click();
    await page.getByTestId('current-user').waitFor();
  };

  beforeAll(async () => {
    server = await startEditorServer({ dataDirPrefix: 'creditgraph-e2e-experiments-', env: { CREDITGRAPH_ADMIN_KEY: ADMIN } });
    base = server.base;
    // A second approver (the demo has one).
    expect((await api(ADMIN, 'POST', '/users', { id: 'pia', name: 'Pia (approver)', roles: ['approver'] })).status).toBe(201);
    const key = await api(ADMIN, 'POST', '/users/pia/keys');
    expect(key.status).toBe(201);
    secondApprover = key.body.key;
    // Version 2: stricter classes, published, not active.
    const draft = await api(AUTHOR, 'GET', `${P}/draft`);
    const saved = await api(AUTHOR, 'PUT', `${P}/draft`, { document: stricterClasses(), comment: 'Stricter classes B and C' }, { 'if-match': draft.body.etag });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect((await api(AUTHOR, 'POST', `${P}/draft/submit`, { comment: 'Challenger: stricter classes' })).status).toBe(200);
    expect((await api(APPROVER, 'POST', `${P}/draft/approve`, { comment: 'Publish, try it as a challenger first' })).status).toBe(201);

    browser = await launchBrowser();
    page = await newPage(browser, { viewport: { width: 1500, height: 1000 } });
    watchPageErrors(page, errors);
    await page.goto(`${base}/`);
    await page.evaluate(() => localStorage.setItem('creditgraph.locale', 'en'));
    await page.reload();
    await signIn(APPROVER);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('Paul proposes version 2 at 20 %; he may not start it himself', async () => {
    await page.getByTestId('nav-experiments').click();
    await page.getByTestId('experiments-policy').selectOption('b2b-standard');
    await page.getByTestId('experiment-propose-form').waitFor();
    await page.getByTestId('experiment-version').selectOption('2');
    await page.getByTestId('experiment-share-input').fill('20');
    await page.getByTestId('experiment-propose-comment').fill('Stricter classes on a fifth of the customers');
    await page.getByTestId('experiment-propose').click();
    await page.getByTestId('experiment-proposed').waitFor();
    expect(await page.getByTestId('experiment-share').textContent()).toBe('20 % of customers');
    await page.getByTestId('experiment-comment').fill('I start it myself');
    expect(await page.getByTestId('experiment-approve').isDisabled()).toBe(true); // four eyes
    expect(await page.getByTestId('experiment-current').textContent()).toContain('another approver must approve');
    await shot('experiments-1-proposed');
  });

  it('Pia starts it as the second approver', async () => {
    await signIn(secondApprover);
    await page.goto(`${base}/#/experiments/b2b-standard`);
    await page.getByTestId('experiment-proposed').waitFor();
    await page.getByTestId('experiment-comment').fill('Agreed at the credit committee');
    await page.getByTestId('experiment-approve').click();
    await page.getByTestId('experiment-running').waitFor();
    expect(await page.getByTestId('experiment-status').textContent()).toBe('running');
  });

  it('decisions sent over the API show up in the comparison, as the API computes it', async () => {
    const customers = generateCustomers(referencePolicy('b2b-standard'), { rows: 400, seed: 7 });
    const r = await api(SYSTEM, 'POST', `${P}/decisions/batch`, { items: customers.map((c) => ({ facts: c.facts, customerId: c.customerId })) });
    expect(r.status).toBe(200);
    expect(r.body.failed).toBe(0);
    const experiment = (await api(APPROVER, 'GET', `${P}/experiments`)).body.items[0];
    const expected = (await api(APPROVER, 'GET', `/experiments/${experiment.id}/comparison`)).body;
    expect(expected.decisions).toBe(400);
    expect(expected.answered.challenger).toBeGreaterThan(40);

    await page.reload();
    const summary = page.getByTestId('comparison-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain(`challenger answered ${expected.answered.challenger}`);
    const accept = page.getByTestId('comparison-outcomes').getByTestId('outcome-accept').locator('td');
    expect(await accept.allTextContents()).toEqual([expected.arms.champion.byOutcome.accept, expected.arms.challenger.byOutcome.accept, expected.answeredBy.champion.byOutcome.accept, expected.answeredBy.challenger.byOutcome.accept].map((n: number) => n.toLocaleString('en-GB')));
    const diagonal = (['accept', 'refuse', 'escalate'] as const).map((o) => expected.agreement[o][o]).reduce((a: number, b: number) => a + b, 0);
    expect(diagonal).toBeLessThan(400); // stricter classes: the arms disagree somewhere
    expect(await page.getByTestId('comparison-agreement').locator('td.differs').count()).toBeGreaterThan(0);
    await waitForStillness(page, '[data-testid="experiment-daily-chart"] canvas');
    expect((await canvasPixels(page, '[data-testid="experiment-daily-chart"] canvas')).length).toBeGreaterThan(0);
    await shot('experiments-2-comparison');
    const axe = await runAxe(page);
    expect(axe.blocking.map((v) => `${v.id}: ${v.targets.join(', ')}`)).toEqual([]);
  });

  it('reads in French, numbers formatted the French way', async () => {
    await page.locator('#lang').selectOption('fr');
    await page.getByText('Comparaison', { exact: false }).first().waitFor();
    expect(await page.getByTestId('experiment-status').textContent()).toBe('en cours');
    expect(await page.getByTestId('comparison-summary').textContent()).toMatch(/décisions — le champion a répondu à/);
    await shot('experiments-3-fr');
    await page.locator('#lang').selectOption('en');
    expect(errors).toEqual([]);
  });
});
