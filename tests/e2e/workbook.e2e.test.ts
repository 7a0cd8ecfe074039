/**
 * Issue 21 in a real browser: the author downloads b2b-standard's workbook from the Versions tab,
 * changes three band points and a delegation ceiling in it (exceljs, as a spreadsheet program
 * saves it), imports it into the draft — the four changes in words before anything is applied —,
 * applies it as ONE undoable command, saves; a bad workbook shows its problem (sheet!cell) and
 * changes nothing; the committee document opens as a print page and downloads as a PDF in French.
 * Screenshots: tests/e2e/screenshots/workbook-1-… to workbook-4-….
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, SCREENSHOTS, skipBrowserTests, startEditorServer, watchPageErrors, type EditorServer } from './support/browser-harness.js';
import { columnOf, editWorkbook, rowWhere } from '../policy-documents/workbook-support.js';

describe.skipIf(skipBrowserTests)('workbook import and committee document in the editor (issue 21)', () => {
  let server: EditorServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), 'creditgraph-e2e-workbook-'));

  beforeAll(async () => {
    server = await startEditorServer({ dataDirPrefix: 'creditgraph-e2e-workbook-' });
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1500, height: 900 }, locale: 'en-GB', acceptDownloads: true });
    page = await context.newPage();
    watchPageErrors(page, errors, { httpErrors: false });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const download = async (testId: string) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
    const file = path.join(dir, d.suggestedFilename());
    await d.saveAs(file);
    return { name: d.suggestedFilename(), bytes: readFileSync(file) };
  };
  const importFile = async (file: string) => {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('import-workbook').click()]);
    await chooser.setFiles(file);
    await page.getByTestId('workbook-preview').waitFor();
  };

  it('download, edit in a spreadsheet, preview the changes, apply as one undoable command, save; documents FR/EN', async () => {
    await page.goto(`${server.base}/`);
    await page.getByLabel('API key').fill('cg_demo_author');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('open-b2b-standard').click();
    await page.getByTestId('card-scorecard').waitFor();

    // 1. The Versions tab: the workbook of version 1
    await page.getByTestId('tab-history').click();
    await page.getByTestId('policy-documents').waitFor();
    const xlsx = await download('download-version-xlsx');
    expect(xlsx.name).toBe('b2b-standard-v1.xlsx');
    expect(xlsx.bytes.subarray(0, 2).toString()).toBe('PK');
    await shot('workbook-1-versions-tab');

    // 2. Edited as a credit manager would, then imported: the four changes before anything is applied
    const edited = path.join(dir, 'b2b-standard-edited.xlsx');
    writeFileSync(
      edited,
      await editWorkbook(xlsx.bytes, (wb) => {
        const bands = wb.getWorksheet('Bands')!;
        rowWhere(bands, (r) => r.getCell(2).value === 'equityRatio' && r.getCell(columnOf(bands, 'Label (English)')).value === '10% to 20%').getCell(columnOf(bands, 'Points')).value = 45;
        rowWhere(bands, (r) => r.getCell(2).value === 'paymentDelay' && r.getCell(columnOf(bands, 'Label (English)')).value === '5–14 days late').getCell(columnOf(bands, 'Points')).value = 35;
        rowWhere(bands, (r) => r.getCell(2).value === 'bureau' && r.getCell(columnOf(bands, 'Label (English)')).value === 'under 20').getCell(columnOf(bands, 'Points')).value = 5;
        rowWhere(wb.getWorksheet('Levels')!, (r) => r.getCell(2).value === 'creditAnalyst').getCell(columnOf(wb.getWorksheet('Levels')!, 'Ceiling')).value = 30000;
      }),
    );
    await importFile(edited);
    const changes = await page.getByTestId('workbook-changes').locator('li').allTextContents();
    expect(changes).toEqual([
      'Scorecard "Risk-point scorecard", criterion "Equity ratio", band 2: points 40 → 45',
      'Scorecard "Risk-point scorecard", criterion "Average payment delay", band 3: points 40 → 35',
      'Scorecard "Risk-point scorecard", criterion "External bureau score", band 1: points 0 → 5',
      'Approval "Approval by delegation level", level "Credit analyst": max amount 25,000 → 30,000',
    ]);
    await expect.poll(() => page.getByTestId('workbook-preview').textContent()).toContain('The draft stays valid.');
    await shot('workbook-2-import-preview');

    // 3. Applied as one command: one Ctrl+Z undoes all four changes, Ctrl+Shift+Z redoes them
    await page.getByTestId('apply-workbook').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Workbook applied: 4 change(s)');
    await expect.poll(() => page.getByTestId('card-approval').textContent()).toContain('30k');
    await page.getByTestId('card-scorecard').click();
    await page.keyboard.press('Escape');
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('card-approval').textContent()).toContain('25k');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => page.getByTestId('card-approval').textContent()).toContain('30k');
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Draft saved');
    const draft = await (await fetch(`${server.base}/api/v1/policies/b2b-standard/draft`, { headers: { authorization: 'Bearer cg_demo_author' } })).json();
    expect(draft.document.nodes.find((n: { id: string }) => n.id === 'approval').config.levels[1].maxAmount).toBe(30000);

    // 4. A bad workbook: the problem names its cell, nothing can be applied
    const bad = path.join(dir, 'bad.xlsx');
    writeFileSync(bad, await editWorkbook(xlsx.bytes, (wb) => void (wb.getWorksheet('Bands')!.getCell('H7').value = 'abc')));
    await importFile(bad);
    expect(await page.getByTestId('workbook-problems').textContent()).toContain("Bands!H7: 'abc' is not a number");
    expect(await page.getByTestId('apply-workbook').count()).toBe(0);
    await shot('workbook-3-import-problems');
    // the preview is a modal dialog: the focus is inside it, Escape closes it
    expect(await page.evaluate(() => !!document.activeElement?.closest('[data-testid="workbook-preview"]'))).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('workbook-preview').count()).toBe(0);

    // 5. The committee document: the print page (EN) and the PDF (FR); the draft's workbook too
    await page.getByTestId('tab-history').click();
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('open-committee-html').click()]);
    await popup.waitForLoadState();
    await expect.poll(() => popup.locator('h1').textContent()).toBe('Credit policy — committee document');
    await popup.screenshot({ path: path.join(SCREENSHOTS, 'workbook-4-committee-page.png'), fullPage: false });
    await popup.close();
    await page.locator('#doc-lang').selectOption('fr');
    const pdf = await download('download-committee-pdf');
    expect(pdf.name).toBe('b2b-standard-v1-fr.pdf');
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const draftXlsx = await download('download-draft-xlsx');
    expect(draftXlsx.name).toBe('b2b-standard-draft.xlsx');
    expect(errors).toEqual([]);
  }, 180_000);
});
