/**
 * Section 6: Lighthouse on the b2b-standard editor, as a signed-in author opens it. The built
 * server (what `npm start` runs) serves the built editor from a temp data folder; Debian's Chromium
 * runs headless; Lighthouse 12 (lighthouse@13 needs Node ≥ 22.19, the project supports Node 20)
 * drives a page of its own through puppeteer-core, so the API key can be put in the tab's
 * sessionStorage before the editor's scripts run (the editor keeps the key there, per tab).
 *
 * Both presets (mobile: Lighthouse's default, Moto G Power with simulated slow 4G and 4× CPU
 * slowdown; desktop: its desktop config), `runs` runs each, a fresh page and an emptied cache per
 * run; the figures are medians. The last run's report of each preset is written to
 * bench/results/lighthouse-<preset>.json (open it in the Lighthouse viewer). Simulated throttling scales what the trace observed, so a busy
 * machine lowers the scores: the load average is printed with them.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PolicyDocument } from '../engine/index.js';
import { buildProductionServer, DECISION_PATH, ROOT, startServer, tempDataDir } from './lib/server-process.js';
import { spread, type Spread } from './lib/stats.js';

const CHROMIUM = '/usr/bin/chromium';
// The flags of tests/e2e/support/browser-harness.ts: no sandbox in a CI container, an offline machine.
const CHROMIUM_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'];
const KEY_STORAGE = 'creditgraph.apiKey'; // editor/src/api/client.ts
const AUTHOR_KEY = 'cg_demo_author'; // api/bootstrap.ts: the demo author

export type Preset = 'mobile' | 'desktop';

export interface LighthouseRun {
  score: number;
  /** Milliseconds. */
  totalBlockingTime: number;
  largestContentfulPaint: number;
  firstContentfulPaint: number;
  /** Bytes over the wire (Lighthouse's total-byte-weight: transfer sizes of every request). */
  bytes: number;
  /** The three heaviest "main-thread work by script" / bootup entries, for the note. */
  bootup: { url: string; scriptMs: number }[];
}

export interface LighthousePresetResult {
  preset: Preset;
  runs: LighthouseRun[];
  score: Spread;
  totalBlockingTime: Spread;
  largestContentfulPaint: Spread;
  firstContentfulPaint: Spread;
  bytes: Spread;
}

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

export function editorDistBuilt(): boolean {
  return existsSync(path.join(ROOT, 'editor', 'dist', 'index.html'));
}

interface LighthouseResult {
  categories: { performance: { score: number | null } };
  audits: Record<string, { numericValue?: number; details?: { items?: { url: string; scripting?: number }[] } }>;
}

export async function runLighthouseBench(policy: PolicyDocument, options: { runs: number; presets?: Preset[]; log: (line: string) => void }): Promise<LighthousePresetResult[]> {
  const { default: lighthouse } = await import('lighthouse');
  const { default: desktopConfig } = await import('lighthouse/core/config/desktop-config.js');
  const chromeLauncher = await import('chrome-launcher');
  const puppeteer = await import('puppeteer-core');

  const script = await buildProductionServer();
  const data = tempDataDir();
  const server = await startServer({
    script,
    env: { DATA_DIR: data.dir, EDITOR_DIR: path.join(ROOT, 'editor', 'dist') },
    route: DECISION_PATH,
    body: JSON.stringify({ facts: policy.tests?.[0]?.facts ?? {} }),
    expectStatus: 201,
  });
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROMIUM_FLAGS, logLevel: 'silent' });
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}`, defaultViewport: null });
  const url = `http://127.0.0.1:${server.port}/#/policies/${policy.id}`;
  const results: LighthousePresetResult[] = [];
  try {
    for (const preset of options.presets ?? (['desktop', 'mobile'] as const)) {
      const runs: LighthouseRun[] = [];
      // One warm-up run per preset (the server's first compile, Chromium's first start), not counted.
      for (let i = 0; i <= options.runs; i++) {
        const page = await browser.newPage();
        // Signed in as the demo author: the key in this tab's sessionStorage before the editor reads it.
        await page.evaluateOnNewDocument(
          (k: string, v: string) => {
            try {
              sessionStorage.setItem(k, v);
            } catch {
              // about:blank (Lighthouse's first stop) has no storage of its own
            }
          },
          KEY_STORAGE,
          AUTHOR_KEY,
        );
        const flags = { port: chrome.port, output: 'json' as const, logLevel: 'error' as const, onlyCategories: ['performance'] };
        const config = preset === 'desktop' ? desktopConfig : undefined;
        const runner = await lighthouse(url, flags, config, page);
        await page.close();
        const lhr = runner?.lhr as unknown as LighthouseResult | undefined;
        if (!lhr) throw new Error('Lighthouse returned no result');
        const runtimeError = (lhr as unknown as { runtimeError?: { message: string } }).runtimeError;
        if (runtimeError) throw new Error(`Lighthouse: ${runtimeError.message}`);
        const bootup = (lhr.audits['bootup-time']?.details?.items ?? [])
          .map((item) => ({ url: item.url.replace(/^https?:\/\/[^/]+/, ''), scriptMs: Math.round(item.scripting ?? 0) }))
          .sort((a, b) => b.scriptMs - a.scriptMs)
          .slice(0, 3);
        const run: LighthouseRun = {
          score: lhr.categories.performance.score ?? 0,
          totalBlockingTime: lhr.audits['total-blocking-time']?.numericValue ?? NaN,
          largestContentfulPaint: lhr.audits['largest-contentful-paint']?.numericValue ?? NaN,
          firstContentfulPaint: lhr.audits['first-contentful-paint']?.numericValue ?? NaN,
          bytes: lhr.audits['total-byte-weight']?.numericValue ?? NaN,
          bootup,
        };
        options.log(
          `lighthouse ${preset} run ${i}${i === 0 ? ' (warm-up)' : ''}: score ${run.score.toFixed(2)}, TBT ${Math.round(run.totalBlockingTime)} ms, LCP ${Math.round(run.largestContentfulPaint)} ms, ${Math.round(run.bytes / 1024)} KB; script: ${bootup.map((b) => `${b.url} ${b.scriptMs} ms`).join(', ')}`,
        );
        if (i > 0) runs.push(run);
        // The last run's full report, to read what dominates (bench/results is ignored by git).
        if (i === options.runs) {
          mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
          writeFileSync(path.join(ROOT, 'bench', 'results', `lighthouse-${preset}.json`), JSON.stringify(lhr));
        }
      }
      results.push({
        preset,
        runs,
        score: spread(runs.map((r) => r.score)),
        totalBlockingTime: spread(runs.map((r) => r.totalBlockingTime)),
        largestContentfulPaint: spread(runs.map((r) => r.largestContentfulPaint)),
        firstContentfulPaint: spread(runs.map((r) => r.firstContentfulPaint)),
        bytes: spread(runs.map((r) => r.bytes)),
      });
    }
    return results;
  } finally {
    await browser.disconnect();
    chrome.kill();
    await server.stop();
    data.remove();
  }
}
