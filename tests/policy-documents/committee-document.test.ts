/**
 * The credit-committee document over the API: version 2 of b2b-standard (one delegation ceiling
 * changed from version 1) as a PDF in English and French — pdftoppm (poppler-utils) renders every
 * page to PNG (kept in tests/policy-documents/screenshots/ to look at) and pdftotext finds the
 * cover, the tables, the golden tests and the change in words — and as a print-ready HTML page.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyOf, ROLE_KEY, useTestApp } from '../api/support/test-app.js';
import { download } from './workbook-support.js';
import { eventually } from '../support/eventually.js';

const run = promisify(execFile);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const RULESETS = path.join(HERE, '..', '..', 'rulesets');
const SHOTS = path.join(HERE, 'screenshots');
const P = '/api/v1/policies/b2b-standard';
const POPPLER = existsSync('/usr/bin/pdftoppm') && existsSync('/usr/bin/pdftotext');
if (!POPPLER) console.log('PDF page checks skipped: poppler-utils (pdftoppm, pdftotext) is not installed');

const t = useTestApp({ rulesets: RULESETS });
let hash = '';

beforeAll(async () => {
  const v1 = await t.call('GET', `${P}/versions/1`, { key: ROLE_KEY.author });
  const doc = structuredClone(v1.body.document);
  doc.nodes.find((n: { id: string }) => n.id === 'approval').config.levels[1].maxAmount = 30000;
  const draft = await t.call('GET', `${P}/draft`, { key: ROLE_KEY.author });
  const saved = await t.call('PUT', `${P}/draft`, { key: ROLE_KEY.author, body: { document: doc }, headers: { 'if-match': draft.status === 200 ? draft.headers.get('etag')! : '*' } });
  expect(saved.status, saved.text).toBe(200);
  expect((await t.call('POST', `${P}/draft/submit`, { key: ROLE_KEY.author, body: { comment: 'Analyst ceiling to 30,000' } })).status).toBe(200);
  const approved = await t.call('POST', `${P}/draft/approve`, { key: keyOf('paul'), body: { comment: 'Approved by the credit committee' } });
  expect(approved.status, approved.text).toBe(201);
  hash = approved.body.contentHash;
  // An impact simulation of v2 against v1 on the first 300 customers of the sample portfolio.
  const csv = readFileSync(path.join(RULESETS, 'portfolios', 'b2b-standard-10k.csv'), 'utf8').split('\n').slice(0, 301).join('\n');
  const sim = await t.call('POST', `${P}/simulations?from=1&to=2`, { key: ROLE_KEY.author, rawBody: csv, headers: { 'content-type': 'text/csv' } });
  expect(sim.status, sim.text).toBe(202);
  const finished = await eventually(async () => {
    const status = (await t.call('GET', `${P}/simulations/${sim.body.jobId}`, { key: ROLE_KEY.author })).body.status;
    return status !== 'queued' && status !== 'running' && status;
  });
  expect(finished).toBe('done');
  mkdirSync(SHOTS, { recursive: true });
});

async function pdfOf(lang: 'en' | 'fr') {
  const d = await download(t, `/policies/b2b-standard/versions/2/document.pdf?lang=${lang}`, ROLE_KEY.auditor);
  expect(d.status).toBe(200);
  expect(d.type).toBe('application/pdf');
  expect(d.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const file = path.join(SHOTS, `b2b-standard-v2-${lang}.pdf`);
  writeFileSync(file, d.bytes);
  return file;
}

describe.skipIf(!POPPLER)('the committee PDF', () => {
  it('English: every page renders to PNG; the text has the cover, the tables, the tests and the change', async () => {
    const file = await pdfOf('en');
    for (const f of readdirSync(SHOTS).filter((f) => f.startsWith('page-en'))) rmSync(path.join(SHOTS, f));
    await run('pdftoppm', ['-png', '-r', '60', file, path.join(SHOTS, 'page-en')]);
    const pages = readdirSync(SHOTS).filter((f) => f.startsWith('page-en') && f.endsWith('.png'));
    const { stdout: info } = await run('pdfinfo', [file]);
    const count = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(count).toBeGreaterThanOrEqual(5);
    expect(pages).toHaveLength(count);

    const { stdout: text } = await run('pdftotext', ['-layout', file, '-']);
    for (const expected of [
      'Credit policy — committee document',
      'B2B credit-limit request (standard)',
      hash,
      'Approved by the credit committee',
      'Analyst ceiling to 30,000',
      'Risk classes (best first)',
      'Moderate risk',
      'netWorthShare',
      '35%',
      'Credit analyst',
      '30,000',
      'no ceiling',
      'Formal notice',
      'Golden tests and their results',
      'domain.md worked example',
      'passed',
      'level "Credit analyst": max amount 25,000 -> 30,000',
      'Latest impact summary',
      'compared with v1 — 300 customers',
      'Total granted limit (EUR)',
      `Page 1 of ${count}`,
      `Page ${count} of ${count}`,
    ])
      expect(text, expected).toContain(expected);
    expect(text).not.toContain('FAILED');
    // The running header names the hash on every page but the cover.
    expect(text.split('\f').filter((page) => page.includes(`sha-256 ${hash}`)).length).toBe(count - 1);
  }, 120_000);

  it('French: the same document in French, numbers formatted the French way', async () => {
    const file = await pdfOf('fr');
    await run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, path.join(SHOTS, 'page-fr')]);
    const { stdout: text } = await run('pdftotext', ['-layout', file, '-']);
    for (const expected of ['Politique de crédit — dossier du comité', 'Classes de risque', 'Risque modéré', 'Niveau', 'Analyste crédit', 'sans plafond', 'Mise en demeure', 'Tests de référence', 'réussi', 'Page 1 sur'])
      expect(text, expected).toContain(expected);
    expect(text).toMatch(/30\s000/u);
  }, 120_000);
});

describe('the committee HTML page', () => {
  it('is print-ready: page breaks, running header with the hash, page numbers; FR and EN', async () => {
    const en = await t.call('GET', `${P}/versions/2/document.html`, { key: ROLE_KEY.viewer });
    expect(en.status).toBe(200);
    expect(en.headers.get('content-type')).toContain('text/html');
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('@page');
    expect(en.text).toMatch(/counter\(page\).*counter\(pages\)/);
    expect(en.text).toContain(hash);
    expect(en.text).toContain('break-before: page');
    expect(en.text).toContain('<svg class="timeline"');
    expect(en.text).toContain('max amount 25,000 → 30,000');
    const fr = await t.call('GET', `${P}/versions/2/document.html?lang=fr`, { key: ROLE_KEY.viewer });
    expect(fr.text).toContain('<html lang="fr">');
    expect(fr.text).toContain('Changements depuis la version précédente');
    // Labels, test names and reason messages ({en, fr} in the policy) in the language asked for.
    for (const [page, shown, hidden] of [
      [en.text, ['Moderate risk', 'is open against the customer: no credit', 'domain.md worked example'], ['Risque modéré', 'Une liquidation (ou une procédure de nature inconnue)']],
      [fr.text, ['Risque modéré', 'Analyste crédit', 'est ouverte contre le client : pas de crédit', 'Exemple chiffré de domain.md'], ['Moderate risk', 'Insolvency proceedings']],
    ] as const) {
      for (const text of shown) expect(page).toContain(text);
      for (const text of hidden) expect(page).not.toContain(text);
      expect(page).not.toContain('[object Object]');
    }
    const bad = await t.call('GET', `${P}/versions/2/document.html?lang=de`, { key: ROLE_KEY.viewer });
    expect(bad.status).toBe(422);
    expect((await t.call('GET', `${P}/versions/9/document.pdf`, { key: ROLE_KEY.viewer })).status).toBe(404);
  });
});
