/**
 * Issue 18's "the editor edits both languages side by side" and issue 20's keyboard edge removal, in
 * a real browser (1440×900): a class label and a criterion label typed in French beside their
 * English, seen when the editor speaks French, undone and redone, saved, reloaded; a missing
 * translation shown where it is edited and in Problems; a one-language policy whose plain label
 * becomes {en, fr}; an edge reached by Tab after the nodes, removed with Delete, announced, undone.
 * axe-core finds nothing serious on the new fields. Screenshots: tests/e2e/screenshots/bi-*.png,
 * docs/images/missing-translation.png and edge-keyboard.png (README; rewritten only with UPDATE_SCREENSHOTS=1).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, ROOT, SCREENSHOTS, skipBrowserTests, startEditorServer, watchPageErrors, type EditorServer, readmeScreenshot } from './support/browser-harness.js';
import { runAxe } from './support/axe.js';

const AUTHOR = 'cg_demo_author';

describe.skipIf(skipBrowserTests)('labels in English and French side by side; edges removed by keyboard', () => {
  let server: EditorServer;
  let browser: Browser;
  let page: Page;
  let base: string;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startEditorServer({ dataDirPrefix: 'creditgraph-e2e-bilingual-' });
    base = server.base;
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
    page = await context.newPage();
    watchPageErrors(page, errors);
    await page.goto(`${base}/`);
    await page.getByLabel('API key').fill(AUTHOR);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('current-user').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
  const problems = () => page.getByTestId('problems-summary');
  const api = (method: string, p: string, body?: unknown) =>
    fetch(`${base}/api/v1${p}`, { method, headers: { authorization: `Bearer ${AUTHOR}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  const draftDoc = async (id: string) => ((await (await api('GET', `/policies/${id}/draft`)).json()) as { document: Record<string, any> }).document;

  async function openPolicy(id: string, name: string) {
    await page.goto(`${base}/#/policies/${id}`);
    // the hash changes, the page stays: wait for this policy's graph, not the one shown before
    await expect.poll(() => page.locator('.ws-title').textContent()).toContain(name);
    await page.locator('.policy-card').first().waitFor();
  }

  /** Selects a node from the Problems-free way a keyboard user would: focus its card, Enter. */
  const pick = async (id: string) => {
    await page.locator(`.react-flow__node[data-id="${id}"]`).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.node-inspector input[data-path$="/id"]').first().inputValue()).toBe(id);
  };
  /** Undo / redo from the canvas (fields keep their own undo while they have the focus). */
  const fromCanvas = async (keys: string) => {
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press(keys);
  };

  it('a class and a criterion get their French label beside the English one; French shows it; undo; save; reload', async () => {
    await openPolicy('b2b-standard', 'B2B');
    await expect.poll(() => problems().textContent()).toBe('No problems.');

    // the class table: an English and a French column; typing French keeps the English
    await pick('riskClass');
    await page.getByTestId('inspector-wide').click();
    const classes = page.getByTestId('classes-table');
    expect(await classes.locator('thead th').allTextContents()).toEqual(expect.arrayContaining(['Label · EN', 'Label · FR']));
    const classA = { en: classes.getByLabel('Label of class 1 (English)'), fr: classes.getByLabel('Label of class 1 (French)') };
    expect(await classA.fr.getAttribute('lang')).toBe('fr');
    await expect.poll(() => classA.fr.inputValue()).toBe('Risque faible');
    await classA.fr.fill('Risque minime');
    await expect.poll(() => classA.en.inputValue()).toBe('Low risk');

    // the criterion's label: two fields side by side in its section
    await pick('scorecard');
    const delay = page.locator('section.criterion[aria-label="Average payment delay"]');
    const crit = { en: delay.getByLabel('Label (English)'), fr: delay.getByLabel('Label (French)') };
    await crit.fr.fill('Retard moyen de règlement');
    await expect.poll(() => crit.en.inputValue()).toBe('Average payment delay');
    await shot('bi-01-side-by-side');
    const axe = await runAxe(page);
    console.log(`axe (bilingual fields): ${axe.blocking.length} serious/critical, ${axe.other.length} other: ${axe.other.map((v) => v.id).join(', ')}`);
    expect(axe.blocking).toEqual([]);

    // the editor in French shows the new French labels where a person reads them
    await page.getByLabel('Language').selectOption('fr');
    await expect.poll(() => page.getByTestId('card-scorecard').textContent()).toContain('Retard moyen de règlement');
    await pick('approval');
    const value = page.locator('section.rule-box').filter({ has: page.getByRole('combobox', { name: 'Valeur' }) }).first().getByRole('combobox', { name: 'Valeur' });
    await expect.poll(() => value.locator('option').allTextContents()).toContain('A · Risque minime');
    await shot('bi-02-french');
    await page.getByLabel('Langue').selectOption('en');

    // each edit is one undo step: the criterion first, then the class; redo brings both back
    await fromCanvas('Control+z');
    await expect.poll(() => page.getByTestId('card-scorecard').textContent()).toContain('Average payment delay');
    await fromCanvas('Control+z');
    await pick('riskClass');
    await expect.poll(() => page.getByTestId('classes-table').getByLabel('Label of class 1 (French)').inputValue()).toBe('Risque faible');
    await fromCanvas('Control+Shift+z');
    await fromCanvas('Control+Shift+z');
    await pick('riskClass');
    await expect.poll(() => page.getByTestId('classes-table').getByLabel('Label of class 1 (French)').inputValue()).toBe('Risque minime');

    // saved, and still there after a reload
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Draft saved');
    const doc = await draftDoc('b2b-standard');
    const rc = doc.nodes.find((n: { id: string }) => n.id === 'riskClass');
    expect(rc.config.classes[0].label).toEqual({ en: 'Low risk', fr: 'Risque minime' });
    const sc = doc.nodes.find((n: { id: string }) => n.id === 'scorecard');
    expect(sc.config.criteria.find((c: { id: string }) => c.id === 'paymentDelay').label).toEqual({ en: 'Average payment delay', fr: 'Retard moyen de règlement' });
    await page.reload();
    await page.locator('.policy-card').first().waitFor();
    await pick('riskClass');
    await expect.poll(() => page.getByTestId('classes-table').getByLabel('Label of class 1 (French)').inputValue()).toBe('Risque minime');
    expect(errors).toEqual([]);
  }, 180_000);

  it('a missing translation shows the other language in its place and a warning in Problems', async () => {
    await pick('riskClass');
    const fr = page.getByTestId('classes-table').getByLabel('Label of class 2 (French)');
    await fr.fill('');
    await expect.poll(() => fr.getAttribute('data-missing')).toBe('true');
    expect(await fr.getAttribute('placeholder')).toBe('Moderate risk');
    await page.getByTestId('tab-problems').click();
    await expect.poll(() => page.locator('.problem code').allTextContents()).toEqual(['TRANSLATION_MISSING']);
    expect(await page.locator('.problem-message').first().textContent()).toBe('1 text(s) without a French version, e.g. “Moderate risk”');
    // the problem leads to the field
    await page.locator('.problem').first().click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Label of class 2 (French)');
    await shot('bi-03-missing-translation');
    await page.getByTestId('inspector-wide').click();
    await page.getByTestId('classes-table').scrollIntoViewIfNeeded();
    await readmeScreenshot(page, 'missing-translation.png');
    await page.getByTestId('inspector-wide').click();
    await fromCanvas('Control+z');
    await expect.poll(() => problems().textContent()).toBe('No problems.');
  }, 120_000);

  it('in a one-language policy, typing the French label turns the plain string into {en, fr}', async () => {
    const doc = {
      schemaVersion: 2, id: 'plain-labels', name: 'Plain labels', currency: 'EUR',
      inputs: [{ name: 'requestedAmount', label: 'Requested amount', type: 'number', required: true, min: 0 }],
      nodes: [
        { id: 'approval', kind: 'approval', label: 'Who approves', config: { amount: 'requestedAmount', levels: [{ id: 'analyst', label: 'Analyst', maxAmount: 25000 }, { id: 'manager', label: 'Manager', maxAmount: null }], rules: [], default: { outcome: 'escalate', reason: { code: 'REVIEW', message: 'Review' } } } },
        { id: 'decision', kind: 'decision', label: 'Decision', config: {} },
      ],
      edges: [{ source: 'approval', target: 'decision' }],
      tests: [],
    };
    expect((await api('POST', '/policies', { document: doc })).ok).toBe(true);
    await openPolicy('plain-labels', 'Plain labels');
    await expect.poll(() => problems().textContent()).toBe('No problems.');
    await pick('approval');
    const levels = page.getByTestId('levels-table');
    const fr = levels.getByLabel('Label of level 1 (French)');
    expect(await fr.inputValue()).toBe('');
    expect(await fr.getAttribute('placeholder')).toBe('Analyst');
    await fr.fill('Analyste');
    // now bilingual: the other texts without French are pointed out
    await page.getByTestId('tab-problems').click();
    await expect.poll(() => page.locator('.problem code').allTextContents()).toContain('TRANSLATION_MISSING');
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Draft saved');
    const saved = await draftDoc('plain-labels');
    expect(saved.nodes[0].config.levels[0].label).toEqual({ en: 'Analyst', fr: 'Analyste' });
    expect(saved.nodes[0].config.levels[1].label).toBe('Manager');
    expect(errors).toEqual([]);
  }, 120_000);

  it('the scorecard offers the scoring modes of the format and shows the arithmetic of each', async () => {
    await openPolicy('b2b-standard', 'B2B');
    await pick('scorecard');
    const arithmetic = page.getByTestId('score-arithmetic');
    await expect.poll(() => arithmetic.textContent()).toMatch(/^Score = Σ \(weight × band points\) ÷ Σ weights/);
    const bands = page.getByTestId('bands-paymentDelay');
    // weighted: band 1 of the payment delay (15 %, 100 points) adds 15
    await expect.poll(() => bands.getByTestId('band-contribution').first().textContent()).toBe('15');
    await page.getByLabel('Scoring').selectOption('sum');
    await expect.poll(() => arithmetic.textContent()).toMatch(/^Score = Σ band points of every criterion/);
    await expect.poll(() => bands.getByTestId('band-contribution').first().textContent()).toBe('100');
    expect(await page.getByLabel('Weight of Average payment delay (%)').isDisabled()).toBe(true);
    // the card says so too: the most points of each criterion, no weights
    await expect.poll(() => page.getByTestId('card-scorecard').locator('.card-foot').textContent()).toBe('Sum of the points (risk-point grid)');
    // the switch brings what a sum needs (fixed points for a missing value, no weights): left are
    // golden cases whose score a sum changes, and criteria whose points for a missing value to set
    await expect.poll(() => page.getByLabel('When a value is missing').inputValue()).toBe('points');
    await page.getByTestId('tab-problems').click();
    await expect.poll(() => problems().textContent()).toMatch(/^\d+ error/);
    const codes = new Set(await page.locator('.problem code').allTextContents());
    expect([...codes].filter((c) => c !== 'GOLDEN_TEST_FAILED' && c !== 'MISSING_POINTS_UNSET')).toEqual([]);
    await shot('bi-05-scoring-sum');
    await fromCanvas('Control+z');
    await pick('scorecard');
    await expect.poll(() => page.getByLabel('Scoring').inputValue()).toBe('weightedAverage');
  }, 120_000);

  it('an edge is reached by Tab after the nodes, removed with Delete (announced), and undo puts it back', async () => {
    await openPolicy('b2b-standard', 'B2B');
    const edges = () => page.locator('.react-flow__edge').count();
    const count = await edges();
    // tab order: every node, then the edges' focus points
    const order = await page.evaluate(() => {
      const stops = [...document.querySelectorAll<HTMLElement>('.react-flow .react-flow__node, .react-flow [data-edge-handle]')];
      return stops.map((el) => (el.hasAttribute('data-edge-handle') ? 'edge' : 'node'));
    });
    expect(order.indexOf('edge')).toBe(order.lastIndexOf('node') + 1);
    await page.locator('.react-flow__node').last().focus();
    await page.keyboard.press('Tab');
    const focused = () => page.evaluate(() => ({ edge: document.activeElement?.getAttribute('data-edge-handle') ?? null, label: document.activeElement?.getAttribute('aria-label') ?? '' }));
    const first = await focused();
    expect(first.edge).not.toBeNull();
    expect(first.label).toMatch(/^Connection .+ → .+: Delete removes it$/);
    await expect.poll(() => page.locator(`.react-flow__edge.selected`).count()).toBe(1);
    // and it is in view: the canvas pans to a focused edge outside it
    const inView = () =>
      page.evaluate(() => {
        const el = document.activeElement!.getBoundingClientRect();
        const pane = document.querySelector('.react-flow')!.getBoundingClientRect();
        return el.left >= pane.left && el.right <= pane.right && el.top >= pane.top && el.bottom <= pane.bottom;
      });
    await expect.poll(inView).toBe(true);
    await shot('bi-04-edge-focused');
    await readmeScreenshot(page.locator('.canvas-box'), 'edge-keyboard.png');
    await page.keyboard.press('Delete');
    await expect.poll(edges).toBe(count - 1);
    await expect.poll(() => page.getByTestId('canvas-announcement').textContent()).toMatch(/^Connection .+ → .+ removed\. Ctrl\+Z puts it back\.$/);
    // the focus stays in the graph: on the next edge
    await expect.poll(async () => (await focused()).edge).not.toBeNull();
    expect((await focused()).edge).not.toBe(first.edge);
    await page.keyboard.press('Control+z');
    await expect.poll(edges).toBe(count);
    // a node too: focused, Enter selects it, Delete removes it (said aloud), Ctrl+Z brings it back
    const cards = () => page.locator('.policy-card').count();
    const nodes = await cards();
    await page.locator('.react-flow__node[data-id="knockouts"]').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Delete');
    await expect.poll(cards).toBe(nodes - 1);
    await expect.poll(() => page.getByTestId('canvas-announcement').textContent()).toBe('Removed: Knock-outs and concentration. Ctrl+Z puts it back.');
    // the focus goes on to the next node, still in the graph
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('react-flow__node') ?? false)).toBe(true);
    await page.keyboard.press('Control+z');
    await expect.poll(cards).toBe(nodes);
    expect(errors).toEqual([]);
  }, 120_000);
});
