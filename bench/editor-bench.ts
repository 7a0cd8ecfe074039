/**
 * Section 5: the editor. Initial-load size = what index.html loads before any lazy import (its
 * module script, stylesheets and modulepreloads), as the real server sends it over HTTP
 * (compressed), and for reference the offline gzip -9 of the same files. Time to interactive = navigation start
 * to the b2b-standard graph drawn (all its cards) in headless Chromium, a fresh profile per run,
 * served by the real server.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { PolicyDocument } from '../engine/index.js';
import { DECISION_PATH, ROOT, startServer, tempDataDir } from './lib/server-process.js';
import { spread, type Spread } from './lib/stats.js';

export const EDITOR_DIST = path.join(ROOT, 'editor', 'dist');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const KEY_STORAGE = 'creditgraph.apiKey'; // editor/src/api/client.ts
const AUTHOR_KEY = 'cg_demo_author';

export interface BundleResult {
  files: { file: string; bytes: number; gzipBytes: number }[];
  gzipBytes: number;
}

export function editorBuilt(): boolean {
  return existsSync(path.join(EDITOR_DIST, 'index.html'));
}

export function measureInitialBundle(): BundleResult {
  const html = readFileSync(path.join(EDITOR_DIST, 'index.html'), 'utf8');
  const refs = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)) refs.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*\brel="(?:stylesheet|modulepreload)"[^>]*\bhref="([^"]+)"|<link[^>]*\bhref="([^"]+)"[^>]*\brel="(?:stylesheet|modulepreload)"/g)) refs.add(m[1] ?? m[2]);
  const files = [{ file: 'index.html', text: html }, ...[...refs].filter((r) => r.startsWith('/')).map((r) => ({ file: r.slice(1), text: readFileSync(path.join(EDITOR_DIST, r.slice(1))) }))];
  const measured = files.map(({ file, text }) => {
    const bytes = Buffer.byteLength(text);
    return { file, bytes, gzipBytes: gzipSync(text, { level: 9 }).length };
  });
  return { files: measured, gzipBytes: measured.reduce((n, f) => n + f.gzipBytes, 0) };
}

export interface WireLoad {
  /** Accept-Encoding sent, as Chromium sends it. */
  acceptEncoding: string;
  files: { file: string; bytes: number; wireBytes: number; encoding: string; cacheControl: string }[];
  /** Response bodies as sent (compressed), all files of the first load. */
  wireBytes: number;
  bytes: number;
}

/** One GET over real HTTP: the body as it crossed the wire (not decoded) and the headers. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function decode(body: Buffer, encoding: string): Buffer {
  return encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body;
}

/**
 * The editor's first load as the server sends it: the page, then what it names before any lazy
 * import (module script, stylesheets, modulepreloads), each fetched over HTTP with the browser's
 * Accept-Encoding; the figure is the bytes of the bodies as sent.
 */
export async function measureInitialLoadOverHttp(policy: PolicyDocument): Promise<WireLoad> {
  const data = tempDataDir();
  const server = await startServer({
    script: 'api/server.ts',
    env: { DATA_DIR: data.dir, EDITOR_DIR: EDITOR_DIST },
    route: DECISION_PATH,
    body: JSON.stringify({ facts: policy.tests?.[0]?.facts ?? {} }),
    expectStatus: 201,
  });
  const acceptEncoding = 'gzip, deflate, br, zstd';
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const files: WireLoad['files'] = [];
    const fetchFile = async (file: string, accept: string) => {
      const r = await rawGet(`${base}${file}`, { 'accept-encoding': acceptEncoding, accept });
      if (r.status !== 200) throw new Error(`GET ${file}: ${r.status}`);
      const encoding = String(r.headers['content-encoding'] ?? 'identity');
      const body = decode(r.body, encoding);
      files.push({ file, bytes: body.length, wireBytes: r.body.length, encoding, cacheControl: String(r.headers['cache-control'] ?? '') });
      return body;
    };
    const html = (await fetchFile('/', 'text/html')).toString('utf8');
    for (const ref of initialRefs(html)) if (ref.startsWith('/')) await fetchFile(ref, '*/*');
    return { acceptEncoding, files, wireBytes: files.reduce((n, f) => n + f.wireBytes, 0), bytes: files.reduce((n, f) => n + f.bytes, 0) };
  } finally {
    await server.stop();
    data.remove();
  }
}

function initialRefs(html: string): string[] {
  const refs = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)) refs.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*\brel="(?:stylesheet|modulepreload)"[^>]*\bhref="([^"]+)"|<link[^>]*\bhref="([^"]+)"[^>]*\brel="(?:stylesheet|modulepreload)"/g)) refs.add(m[1] ?? m[2]);
  return [...refs];
}

export async function measureTimeToInteractive(policy: PolicyDocument, rounds: number): Promise<Spread> {
  const { chromium } = await import('playwright-core');
  const data = tempDataDir();
  const server = await startServer({
    script: 'api/server.ts',
    env: { DATA_DIR: data.dir, EDITOR_DIR: EDITOR_DIST },
    route: DECISION_PATH,
    body: JSON.stringify({ facts: policy.tests?.[0]?.facts ?? {} }),
    expectStatus: 201,
  });
  const cards = policy.nodes.length;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const times: number[] = [];
    for (let i = 0; i < rounds + 1; i++) {
      const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
      await context.addInitScript(([k, v]) => sessionStorage.setItem(k, v), [KEY_STORAGE, AUTHOR_KEY]);
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${server.port}/#/policies/${policy.id}`);
      // Interactive: every node card of the graph drawn and the palette usable.
      await page.waitForFunction((n) => document.querySelectorAll('.policy-card').length >= n, cards, { timeout: 30_000, polling: 'raf' });
      const ms = await page.evaluate(() => performance.now());
      await context.close();
      if (i > 0) times.push(ms); // the first run warms the server's caches
    }
    return spread(times);
  } finally {
    await browser.close();
    await server.stop();
    data.remove();
  }
}
