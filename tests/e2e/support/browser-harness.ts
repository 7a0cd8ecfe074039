/**
 * What the browser tests share: the real server (api/server.ts in a child process, temp DATA_DIR,
 * free loopback port, started by the shared test-server helper) serving the built editor, Debian's Chromium through playwright-core, and the
 * page errors a test expects to be none. Each test file keeps its own scenario, API helpers and
 * screenshots.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { startServer, type ServerProcess } from '../../reliability/support/server-process.js';
import { chromiumPath } from '../../support/run-settings.js';

export const ROOT = path.resolve(import.meta.dirname, '../../..');
/** Where the browser tests write their step-by-step screenshots. */
export const SCREENSHOTS = path.join(ROOT, 'tests/e2e/screenshots');
/**
 * Where the README's screenshots go: docs/images only when UPDATE_SCREENSHOTS=1 asks for it, so an
 * ordinary run leaves the committed images alone; otherwise tests/e2e/screenshots/readme (ignored by git).
 */
export const README_IMAGES = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(ROOT, 'docs/images') : path.join(SCREENSHOTS, 'readme');

/**
 * Takes one of the README's screenshots (a page or an element) into README_IMAGES and checks what
 * was written: a PNG whose size is the one Chromium reports for what was shot (a full page: the
 * viewport's width, at least its height), never an empty image.
 */
export async function readmeScreenshot(target: Page | Locator, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(README_IMAGES, { recursive: true });
  const file = path.join(README_IMAGES, name);
  await target.screenshot({ path: file, ...('viewportSize' in target && options.fullPage ? { fullPage: true } : {}) });
  const png = readFileSync(file);
  if (png.subarray(1, 4).toString('latin1') !== 'PNG') throw new Error(`${file} is not a PNG`);
  const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  const box = 'viewportSize' in target ? target.viewportSize() : await target.boundingBox();
  // A full page is as wide as the viewport and at least as tall.
  const heightOk = options.fullPage ? height >= Math.round(box?.height ?? 0) - 2 : Math.abs(height - Math.round(box?.height ?? 0)) <= 2;
  if (!box || width < 100 || height < 50 || Math.abs(width - Math.round(box.width)) > 2 || !heightOk)
    throw new Error(`${file} is ${width}×${height}, expected the ${box?.width}×${box?.height} of what was shot`);
  return file;
}

/** Debian's chromium package (installed by .ci/run), not a browser downloaded by playwright. */
export const CHROMIUM = chromiumPath();

// Decided once per run by tests/support/global-setup.ts, which prints why when the suites are skipped:
// without chromium they are skipped, unless CI is set (then they fail here with the install hint).
const mode = inject('browserTests');
export const skipBrowserTests = mode === 'skip-missing' || mode === 'skip-asked';
if (mode === 'required-missing') {
  throw new Error(`${CHROMIUM} is missing and CI requires the browser tests: install it with \`apt-get install -y chromium\`.`);
}

export interface EditorServer {
  /** e.g. http://127.0.0.1:41234 */
  base: string;
  dataDir: string;
  /** Everything the server printed so far (stdout + stderr). */
  log(): string;
  /** SIGTERM, wait for the exit, remove the data folder. */
  stop(): Promise<void>;
}

export interface EditorServerOptions {
  /** Prefix of the temp DATA_DIR, so a leftover folder tells which suite made it. */
  dataDirPrefix?: string;
  /** Extra environment for the server (e.g. RULESETS_DIR). */
  env?: Record<string, string>;
  /** A port chosen beforehand (e.g. registered as a redirect URI at an identity provider). */
  port?: number;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** The server serves editor/dist; build it once if a fresh checkout has none. */
function ensureEditorBuilt(): void {
  if (existsSync(path.join(ROOT, 'editor/dist/index.html'))) return;
  const build = spawnSync('npx', ['vite', 'build', '--config', 'editor/vite.config.ts'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`vite build failed:\n${build.stdout}\n${build.stderr}`);
}

/** Starts the real server (the shared test-server helper) on a fresh data folder, serving the built editor. */
export async function startEditorServer(options: EditorServerOptions = {}): Promise<EditorServer> {
  ensureEditorBuilt();
  mkdirSync(SCREENSHOTS, { recursive: true });
  const dataDir = mkdtempSync(path.join(tmpdir(), options.dataDirPrefix ?? 'creditgraph-e2e-'));
  let server: ServerProcess;
  try {
    server = await startServer(dataDir, { EDITOR_DIR: path.join(ROOT, 'editor/dist'), ...(options.port ? { PORT: String(options.port) } : {}), ...options.env });
  } catch (err) {
    // The caller never gets a handle to stop, so clean up here before failing.
    removeDataDirSync(dataDir);
    throw err;
  }
  return {
    base: server.url,
    dataDir,
    log: server.output,
    stop: async () => {
      await server.stop();
      removeDataDirSync(dataDir);
    },
  };
}

/** The data folder and the integrity-keys folder the server made beside it. */
function removeDataDirSync(dataDir: string): void {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(`${dataDir}.keys`, { recursive: true, force: true });
}

/** Headless Chromium with the flags a sandbox-less CI container and an offline machine need. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/**
 * A page in a fresh context. Playwright's waits (locator.waitFor, clicks) wait on the page's state;
 * their bound is raised from 30 s to 2 minutes so that a busy machine only makes them wait longer.
 */
export async function newPage(browser: Browser, options: Parameters<Browser['newContext']>[0]): Promise<Page> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(120_000);
  return context.newPage();
}

/**
 * Collects what a user would see as a fault into `sink`: console errors, uncaught page errors and,
 * unless `httpErrors` is false, every HTTP response of 400 or more (a test that expects one filters it).
 */
export function watchPageErrors(page: Page, sink: string[], { httpErrors = true }: { httpErrors?: boolean } = {}): void {
  page.on('console', (m) => m.type() === 'error' && sink.push(m.text()));
  page.on('pageerror', (e) => sink.push(e.message));
  if (httpErrors) page.on('response', (r) => r.status() >= 400 && sink.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`));
}

/**
 * Waits until what `selector` matches has stopped moving or redrawing: its boxes (and, for
 * canvases, its pixels) are the same for `frames` animation frames in a row. For layout and chart
 * animations, whose length a busy machine stretches: the test waits on the drawing, not on a time.
 */
export async function waitForStillness(page: Page, selector: string, frames = 5): Promise<void> {
  await page.evaluate(
    async ({ selector, frames }) => {
      const look = () =>
        [...document.querySelectorAll(selector)]
          .map((el) => `${JSON.stringify(el.getBoundingClientRect())}${el instanceof HTMLCanvasElement ? el.toDataURL() : ''}`)
          .join('|');
      let last = look();
      for (let still = 0; still < frames; ) {
        await new Promise((r) => requestAnimationFrame(() => r(undefined)));
        const now = look();
        still = now === last ? still + 1 : 0;
        last = now;
      }
    },
    { selector, frames },
  );
}

/** The pixels of the canvases `selector` matches, to wait for a redraw (see waitForRedraw). */
export function canvasPixels(page: Page, selector: string): Promise<string> {
  return page.evaluate((selector) => [...document.querySelectorAll(selector)].map((c) => (c as HTMLCanvasElement).toDataURL()).join('|'), selector);
}
