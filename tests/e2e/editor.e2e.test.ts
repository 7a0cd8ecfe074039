/**
 * The editor in a real browser (Debian's Chromium through playwright-core) against the real
 * server (api/server.ts in a child process, temp DATA_DIR, free port), following issue 4's
 * scenario: author edits b2b-standard, validates, test-runs, saves, submits; approver compares
 * and approves; a decision through the API reports the new version. A screenshot per step goes
 * to tests/e2e/screenshots/.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, ROOT, SCREENSHOTS, skipBrowserTests, startEditorServer, waitForStillness, watchPageErrors, type EditorServer, newPage, readmeScreenshot } from './support/browser-harness.js';

const AUTHOR = 'cg_demo_author';
const APPROVER = 'cg_demo_approver';
const SYSTEM = 'cg_demo_system';

describe.skipIf(skipBrowserTests)('editor in the browser (issue 4 scenario)', () => {
  let server: EditorServer;
  let browser: Browser;
  let page: Page;
  let base: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    server = await startEditorServer({ dataDirPrefix: 'creditgraph-e2e-' });
    base = server.base;
    browser = await launchBrowser();
    page = await newPage(browser, { viewport: { width: 1600, height: 1000 } });
    watchPageErrors(page, consoleErrors);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });

  async function signIn(key: string) {
    await page.goto(`${base}/`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('current-user').waitFor();
  }

  const problemsSummary = () => page.getByTestId('problems-summary');

  it('author edits, validates, test-runs, saves and submits; approver compares and approves; the API uses the new version', async () => {
    // 1. sign in as the author → the policy list
    await signIn(AUTHOR);
    await expect.poll(() => page.getByTestId('current-user').textContent()).toContain('author');
    await page.getByTestId('open-b2b-standard').waitFor();
    await shot('01-policy-list');

    // 2. open b2b-standard → the graph, no problems
    await page.getByTestId('open-b2b-standard').click();
    await page.getByTestId('card-scorecard').waitFor();
    await expect.poll(() => page.locator('.policy-card').count()).toBe(9); // b2b-standard's nine nodes
    await expect.poll(() => problemsSummary().textContent()).toBe('No problems.');
    await shot('02-graph');

    // 3. change a scorecard weight: validation reports the weights no longer total 100
    await page.getByTestId('card-scorecard').locator('.card-glyph').click();
    const delayWeight = page.getByLabel('Weight of Average payment delay (%)');
    await delayWeight.fill('20');
    await expect.poll(() => problemsSummary().textContent(), { timeout: 5000 }).toContain('1 error');
    await expect(page.locator('.problem').first().textContent()).resolves.toContain('WEIGHTS_TOTAL');
    await expect.poll(() => page.getByTestId('card-scorecard').locator('.badge-error').textContent()).toBe('1');
    await shot('03-weight-changed-validation-error');
    // clicking the problem focuses the faulty field's node
    await page.locator('.problem').first().click();
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.closest('[data-path]')?.getAttribute('data-path') ?? '')).toMatch(/^\/nodes\/\d+\/config\/criteria/);
    await page.getByLabel('Weight of Equity ratio (%)').fill('10');
    await expect.poll(() => problemsSummary().textContent()).toBe('No problems.');

    // 4. change a delegation threshold
    await page.getByTestId('card-approval').locator('.card-glyph').click();
    await page.getByLabel('Maximum amount of Credit analyst').fill('30000');
    await expect.poll(() => page.getByTestId('card-approval').textContent()).toContain('30k');
    await expect.poll(() => problemsSummary().textContent()).toBe('No problems.');
    await shot('04-delegation-changed');

    // undo / redo through the keyboard (outside text fields) restores and re-applies the edit
    await page.locator('.react-flow__pane').click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('card-approval').textContent()).toContain('25k');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => page.getByTestId('card-approval').textContent()).toContain('30k');

    // the service time after which a pending escalation raises an alert
    await page.getByTestId('card-approval').locator('.card-glyph').click();
    const serviceHours = page.getByLabel('Service time of an escalation (hours)');
    await expect.poll(() => serviceHours.inputValue()).toBe('48');
    await serviceHours.fill('0');
    await expect.poll(() => problemsSummary().textContent()).not.toBe('No problems.'); // must be above 0
    await serviceHours.fill('24');
    await expect.poll(() => problemsSummary().textContent()).toBe('No problems.');

    // 5. test-run a golden case: decision card + highlighted path
    await page.getByTestId('tab-test').click();
    await page.getByLabel('Case', { exact: true }).selectOption({ label: 'domain.md worked example: class B, net worth 80,000, turnover 700,000 → 28,000' });
    await page.getByTestId('run-test').click();
    await page.getByTestId('decision-card').waitFor();
    await expect.poll(() => page.getByTestId('decision-class').textContent()).toBe('B');
    await expect.poll(() => page.getByTestId('decision-limit').textContent()).toMatch(/28[\s,.\u202f\u00a0]?000/);
    await expect.poll(() => page.locator('.policy-card.on-path').count()).toBeGreaterThanOrEqual(4);
    await expect.poll(() => page.locator('.react-flow__edge.edge-lit').count()).toBeGreaterThanOrEqual(3);
    await shot('05-test-run-highlighted-path');

    // golden tests all pass on the edited draft (checked live, no button to press)
    await page.getByTestId('tab-golden').click();
    await expect.poll(() => page.getByTestId('golden-summary').textContent()).toMatch(/^(\d+) of \1 passed$/);
    await shot('06-golden-tests');

    // 6. save, then submit with a comment
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Draft saved');
    await page.getByTestId('submit').click();
    await page.getByLabel('What changed and why').fill('Payment delay weighs more; analysts approve up to 30,000');
    await page.getByTestId('confirm-submit').click();
    await expect.poll(() => page.getByTestId('draft-status').textContent()).toBe('Awaiting approval');
    await shot('07-submitted');

    // 7. the approver sees it awaiting approval and compares: exactly those changes
    await page.getByTestId('sign-out').click();
    await signIn(APPROVER);
    await expect.poll(() => page.locator('.policies-table').textContent()).toContain('Awaiting approval');
    await page.getByTestId('open-b2b-standard').click();
    await page.getByTestId('card-scorecard').waitFor();
    await page.getByTestId('tab-review').click();
    await page.getByRole('button', { name: 'Show the changes against the active version' }).click();
    await page.getByTestId('change-list').waitFor();
    const changes = await page.getByTestId('change-message').allTextContents();
    expect(changes).toHaveLength(4);
    expect(changes.join('\n')).toMatch(/service hours 48 → 24/);
    expect(changes.join('\n')).toMatch(/payment delay.*15.*20/i);
    expect(changes.join('\n')).toMatch(/equity ratio.*15.*10/i);
    expect(changes.join('\n')).toMatch(/credit analyst.*25[\s,.\u202f\u00a0]?000.*30[\s,.\u202f\u00a0]?000/i);
    await expect.poll(() => page.locator('.policy-card.diff-changed').count()).toBe(2);
    // the impact on the sample portfolio, started when the author submitted, is on the review screen
    await expect.poll(() => page.getByTestId('latest-impact').locator('h4').textContent(), { timeout: 90_000 }).toContain('10,000 customers');
    await page.getByLabel('Your comment').fill('Reviewed with the credit committee');
    await shot('08-approver-compare');
    await readmeScreenshot(page, 'review.png');
    // in French the same changes read in French, with the policy's French labels and French digits
    // (the diff carries both languages: switching asks the server nothing)
    await page.getByLabel('Language').selectOption('fr');
    await expect
      .poll(async () => (await page.getByTestId('change-message').allTextContents()).join('\n'))
      .toMatch(/Approbation par niveau de délégation\u00a0», niveau «\u00a0Analyste crédit\u00a0»\u202f: montant maximum 25\u202f000 → 30\u202f000/);
    expect((await page.getByTestId('change-message').allTextContents()).join('\n')).toMatch(/critère «\u00a0Retard de paiement moyen\u00a0»\u202f: poids 15 → 20/);
    await shot('08b-approver-compare-fr');
    await page.getByLabel('Langue').selectOption('en');
    await expect.poll(async () => (await page.getByTestId('change-message').allTextContents()).join('\n')).toMatch(/service hours 48 → 24/);

    // 8. approve → version 2
    await page.getByLabel('Your comment').fill('Reviewed with the credit committee');
    await page.getByTestId('approve').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('version 2 published');
    await page.getByTestId('tab-history').click();
    await expect.poll(() => page.locator('.versions-table tbody tr').count()).toBe(2);
    await shot('09-approved-versions');
    // compare any two versions: v1 → v2 shows the same four changes
    await page.getByLabel('Compare', { exact: true }).selectOption('1');
    await page.getByLabel('with', { exact: true }).selectOption('2');
    await page.locator('.compare-form').getByRole('button', { name: 'Compare' }).click();
    await expect.poll(() => page.getByTestId('change-message').count()).toBe(4);
    await expect.poll(() => page.locator('.policy-card.diff-changed').count()).toBe(2);
    await page.getByRole('button', { name: 'Close the comparison' }).click();

    // an old version opens read-only
    await page.locator('.versions-table tbody tr').nth(1).getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => page.getByTestId('draft-status').textContent()).toBe('Version 1 · read-only');
    await page.getByTestId('card-approval').locator('.card-glyph').click();
    await expect(page.getByLabel('Maximum amount of Credit analyst').inputValue()).resolves.toBe('25,000'); // shown whole, with the thousands separator
    expect(await page.getByLabel('Maximum amount of Credit analyst').isDisabled()).toBe(true);

    // 9. a decision through the API now reports the new version
    const res = await fetch(`${base}/api/v1/policies/b2b-standard/decisions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SYSTEM}`, 'content-type': 'application/json' },
      body: JSON.stringify({ facts: await goldenFacts() }),
    });
    expect(res.ok).toBe(true);
    const decision = (await res.json()) as { version: number; riskClass: string };
    expect(decision.version).toBe(2);

    expect(consoleErrors).toEqual([]);
  });

  it('a stale save shows the conflict banner and Reload brings the other version', async () => {
    consoleErrors.length = 0;
    await page.getByTestId('sign-out').click();
    await signIn(AUTHOR);
    await page.goto(`${base}/#/policies/order-release`);
    await page.getByTestId('draft-status').waitFor();
    await page.getByRole('tab', { name: 'Policy' }).click();
    const name = page.getByLabel('Policy name');
    await name.fill('Order release (edited in the browser)');
    // someone else saves the same draft meanwhile
    const api = (p: string, init: RequestInit = {}) => fetch(`${base}/api/v1${p}`, { ...init, headers: { authorization: `Bearer ${AUTHOR}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
    const draft = await api('/policies/order-release/draft');
    const etag = draft.headers.get('etag')!;
    const body = (await draft.json()) as { document: { name: string } };
    const put = await api('/policies/order-release/draft', { method: 'PUT', headers: { 'if-match': etag }, body: JSON.stringify({ document: { ...body.document, name: 'Order release (edited elsewhere)' } }) });
    expect(put.ok).toBe(true);
    await page.getByTestId('save').click();
    await page.getByTestId('conflict-banner').waitFor();
    await shot('10-save-conflict');
    await page.getByTestId('conflict-banner').getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => page.locator('.ws-title').textContent()).toContain('edited elsewhere');
    // the only failed request is the expected 412 of the stale save
    expect(consoleErrors.filter((e) => !/412/.test(e))).toEqual([]);
    expect(consoleErrors.some((e) => /HTTP 412 PUT/.test(e))).toBe(true);
  });

  it('labels are rendered as text, every form control has a label, and the editor speaks French', async () => {
    consoleErrors.length = 0;
    const doc = blankWithLabel('<img src=x onerror="window.__pwned=1">Évaluation');
    const created = await fetch(`${base}/api/v1/policies`, { method: 'POST', headers: { authorization: `Bearer ${AUTHOR}`, 'content-type': 'application/json' }, body: JSON.stringify({ document: doc }) });
    expect(created.ok).toBe(true);
    await page.goto(`${base}/#/policies/${doc.id}`);
    await page.getByTestId('card-approval').waitFor();
    await expect.poll(() => page.getByTestId('card-approval').locator('.card-label').textContent()).toBe('<img src=x onerror="window.__pwned=1">Évaluation');
    expect(await page.getByTestId('card-approval').locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.getByTestId('card-approval').locator('.card-glyph').click();
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input, select, textarea')]
        .filter((el) => !(el as HTMLInputElement).labels?.length && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
        .map((el) => el.outerHTML.slice(0, 120)),
    );
    expect(unlabelled).toEqual([]);
    // add a node from the palette (nothing selected: it lands in view, unwired), connect it, and see a cycle refused with its reason
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.locator('.palette').getByRole('button', { name: 'Formula' }).click();
    await page.getByTestId('card-formula').waitFor();
    await page.locator('.ws-toolbar').getByRole('button', { name: /Auto-layout/ }).click();
    // Auto-layout moves the cards and fits the view at once (no timer): wait until the fit
    // animation has ended, i.e. the viewport and the cards have stopped moving.
    await waitForStillness(page, '.react-flow__viewport, .policy-card');
    await page.getByTestId('card-formula').locator('.react-flow__handle-right').dragTo(page.getByTestId('card-approval').locator('.react-flow__handle-left'));
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    await page.getByTestId('card-approval').locator('.react-flow__handle-right').dragTo(page.getByTestId('card-formula').locator('.react-flow__handle-left'));
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('would create a cycle');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    await shot('11-cycle-refused');
    // undo the connection and the added node (auto-layout in between is a step too)
    await page.locator('.react-flow__pane').click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1);
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.policy-card').count()).toBe(2);
    // copy / paste a node, then undo the paste
    await page.getByTestId('card-approval').locator('.card-glyph').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await expect.poll(() => page.locator('.policy-card').count()).toBe(3);
    await page.getByTestId('card-approval2').waitFor();
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.policy-card').count()).toBe(2);
    await page.getByTestId('card-approval').locator('.card-glyph').click();

    await page.getByLabel('Language').selectOption('fr');
    await expect.poll(() => page.getByTestId('tab-problems').textContent()).toMatch(/^Problèmes/);
    await expect.poll(() => page.locator('.inspector').textContent()).toContain('Niveaux de délégation');
    await shot('12-french');
    // a node that reaches no decision: its problem reads in French, and in English again on switching back
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.locator('.palette').getByRole('button', { name: 'Formule' }).click();
    await page.getByTestId('card-formula').waitFor();
    await page.getByTestId('tab-problems').click();
    await expect
      .poll(async () => (await page.locator('.problem-message').allTextContents()).join('\n'))
      .toMatch(/^Formule «\u00a0formula\u00a0»\u202f: n’est pas en amont du nœud de décision «\u00a0decision\u00a0»\u202f: il ne change jamais une décision$/m);
    await shot('12b-french-problem');
    await page.getByLabel('Langue').selectOption('en');
    await expect
      .poll(async () => (await page.locator('.problem-message').allTextContents()).join('\n'))
      .toMatch(/^Formula 'formula': is not upstream of the decision node 'decision', so it never affects a decision$/m);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.policy-card').count()).toBe(2);
    expect(consoleErrors).toEqual([]);
  });

  it('a 200-node policy opens and drags without lag; a drag is one undoable move', async () => {
    consoleErrors.length = 0;
    const doc = bigPolicy(200);
    const created = await fetch(`${base}/api/v1/policies`, { method: 'POST', headers: { authorization: `Bearer ${AUTHOR}`, 'content-type': 'application/json' }, body: JSON.stringify({ document: doc }) });
    expect(created.ok).toBe(true);
    const t0 = Date.now();
    await page.goto(`${base}/#/policies/${doc.id}`);
    await page.getByTestId('draft-status').waitFor();
    await page.locator('.policy-card').first().waitFor();
    const openMs = Date.now() - t0;
    await page.locator('.ws-toolbar').getByRole('button', { name: /Fit view/ }).click();
    await waitForStillness(page, '.react-flow__viewport, [data-testid="card-f0"]'); // the fit animation has ended
    const card = page.getByTestId('card-f0');
    const box = (await card.boundingBox())!;
    // measure frames during a 30-step drag
    await page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __raf: boolean };
      w.__frames = [];
      w.__raf = true;
      let last = performance.now();
      const tick = (t: number) => {
        w.__frames.push(t - last);
        last = t;
        if (w.__raf) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await page.mouse.move(box.x + 20, box.y + 10);
    await page.mouse.down();
    for (let i = 1; i <= 30; i++) await page.mouse.move(box.x + 20 + i * 4, box.y + 10 + i * 3);
    await page.mouse.up();
    const frames = await page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __raf: boolean };
      w.__raf = false;
      return w.__frames.slice(1);
    });
    const sorted = [...frames].sort((a, b) => a - b);
    const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? 0;
    await shot('13-200-nodes');
    console.log(`200 nodes: opened in ${openMs} ms; drag frames p95 ${p95.toFixed(1)} ms over ${frames.length} frames`);
    await expect.poll(() => page.getByRole('button', { name: /Undo/ }).isEnabled()).toBe(true);
    const moved = (await card.boundingBox())!;
    expect(moved.x).toBeGreaterThan(box.x + 20);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => Math.round((await card.boundingBox())!.x)).toBe(Math.round(box.x));
    expect(consoleErrors).toEqual([]);
  });

  async function goldenFacts(): Promise<Record<string, unknown>> {
    const res = await fetch(`${base}/api/v1/policies/b2b-standard/versions/2`, { headers: { authorization: `Bearer ${AUTHOR}` } });
    const v = (await res.json()) as { document: { tests: { facts: Record<string, unknown> }[] } };
    return v.document.tests[0]!.facts;
  }
});

function blankWithLabel(label: string) {
  return {
    schemaVersion: 1,
    id: 'label-check',
    name: 'Label check',
    currency: 'EUR',
    inputs: [{ name: 'requestedAmount', type: 'number', required: true, min: 0 }],
    nodes: [
      {
        id: 'approval',
        kind: 'approval',
        label,
        config: {
          amount: 'requestedAmount',
          levels: [{ id: 'analyst', maxAmount: 25000 }, { id: 'manager', maxAmount: null }],
          rules: [],
          default: { outcome: 'escalate', reason: { code: 'REVIEW', message: 'Review' } },
        },
      },
      { id: 'decision', kind: 'decision', config: {} },
    ],
    edges: [{ source: 'approval', target: 'decision' }],
    tests: [],
  };
}

/** n nodes: n-2 formula nodes in ten chains, an approval and the decision. */
function bigPolicy(n: number) {
  const nodes: Record<string, unknown>[] = [];
  const edges: { source: string; target: string }[] = [];
  const layout: Record<string, { x: number; y: number }> = {};
  const chains = 10;
  const per = Math.ceil((n - 2) / chains);
  let k = 0;
  for (let c = 0; c < chains && k < n - 2; c++) {
    for (let i = 0; i < per && k < n - 2; i++, k++) {
      nodes.push({ id: `f${k}`, kind: 'formula', label: `Formula ${k}`, config: { variables: [{ name: `v${k}`, expression: i === 0 ? 'requestedAmount * 1' : `v${k - 1} + 1` }] } });
      if (i > 0) edges.push({ source: `f${k - 1}`, target: `f${k}` });
      layout[`f${k}`] = { x: i * 300, y: c * 200 };
    }
    edges.push({ source: `f${k - 1}`, target: 'approval' });
  }
  nodes.push({
    id: 'approval',
    kind: 'approval',
    config: { amount: 'requestedAmount', levels: [{ id: 'analyst', maxAmount: 25000 }, { id: 'manager', maxAmount: null }], rules: [], default: { outcome: 'escalate', reason: { code: 'REVIEW', message: 'Review' } } },
  });
  nodes.push({ id: 'decision', kind: 'decision', config: {} });
  edges.push({ source: 'approval', target: 'decision' });
  layout.approval = { x: per * 300, y: 900 };
  layout.decision = { x: per * 300 + 300, y: 900 };
  return { schemaVersion: 1, id: 'big-policy', name: 'Two hundred nodes', currency: 'EUR', inputs: [{ name: 'requestedAmount', type: 'number', required: true, min: 0 }], nodes, edges, tests: [], layout: { nodes: layout } };
}
