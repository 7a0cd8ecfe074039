/**
 * The wire: bodies compressed with brotli or gzip (and `Vary: Accept-Encoding`), the editor's
 * hashed assets cached for a year, its page revalidated every time, and conditional GETs answered
 * 304 even with the `Cache-Control: no-cache` that `fetch` adds to every If-None-Match.
 * Real HTTP through node:http, so the bytes are seen as sent.
 */
import { request } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(base: string, p: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${p}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const ASSET = 'assets/index-B4x_9kQz.js';
const WORKER = 'assets/validation-worker-Cq3mR_x1.js';
// Compressible and above the 1 KB threshold, like a real chunk.
const SCRIPT = Array.from({ length: 400 }, (_, i) => `export const rule${i} = (x) => x * ${i} + 1;`).join('\n');

let t: TestApp;
let editorDir: string;

beforeAll(async () => {
  editorDir = await mkdtemp(path.join(tmpdir(), 'creditgraph-editor-'));
  await mkdir(path.join(editorDir, 'assets'));
  await writeFile(path.join(editorDir, 'index.html'), `<!doctype html><html><head><script type="module" src="/${ASSET}"></script></head><body></body></html>`);
  await writeFile(path.join(editorDir, ASSET), SCRIPT);
  await writeFile(path.join(editorDir, WORKER), 'addEventListener("message", () => postMessage(new Function("return 1")()));');
  await writeFile(path.join(editorDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  t = await startTestApp({ app: { editorDir } });
});

afterAll(async () => {
  await t?.close();
  await rm(editorDir, { recursive: true, force: true });
});

describe('compression', () => {
  it('sends brotli when asked, and says the body varies with Accept-Encoding', async () => {
    const plain = await get(t.url, '/openapi.json', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await get(t.url, '/openapi.json', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(br.body.length).toBeLessThan(plain.body.length / 4);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
  });

  it('sends gzip to a client without brotli', async () => {
    const plain = await get(t.url, '/openapi.json');
    const gz = await get(t.url, '/openapi.json', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toMatch(/Accept-Encoding/i);
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
  });

  it('compresses the editor assets too, and leaves tiny bodies alone', async () => {
    const asset = await get(t.url, `/${ASSET}`, { 'accept-encoding': 'br' });
    expect(asset.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(asset.body).toString()).toBe(SCRIPT);
    const icon = await get(t.url, '/favicon.svg', { 'accept-encoding': 'br' });
    expect(icon.headers['content-encoding']).toBeUndefined();
  });
});

describe('caching the editor', () => {
  it('gives hashed assets a year-long immutable cache', async () => {
    const asset = await get(t.url, `/${ASSET}`);
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('has the page revalidated every time, and unhashed files cached an hour', async () => {
    for (const p of ['/', '/index.html', '/policies/b2b-standard']) {
      const page = await get(t.url, p, { accept: 'text/html' });
      expect(page.status, p).toBe(200);
      expect(page.headers['cache-control'], p).toBe('no-cache');
    }
    expect((await get(t.url, '/favicon.svg')).headers['cache-control']).toBe('public, max-age=3600');
  });
});

describe("the editor's validation worker", () => {
  it("runs under the editor page's CSP (it compiles policies: 'unsafe-eval'); the other assets keep the API's", async () => {
    const page = await get(t.url, '/', { accept: 'text/html' });
    const worker = await get(t.url, `/${WORKER}`);
    expect(worker.status).toBe(200);
    expect(worker.headers['content-security-policy']).toBe(page.headers['content-security-policy']);
    expect(String(worker.headers['content-security-policy'])).toMatch(/script-src 'self' 'unsafe-eval'/);
    expect(worker.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const asset = await get(t.url, `/${ASSET}`);
    expect(String(asset.headers['content-security-policy'])).not.toMatch(/unsafe-eval/);
  });
});

describe('conditional GETs from fetch', () => {
  it('answers 304 to If-None-Match even with Cache-Control: no-cache (RFC 9111 §5.2.1.4)', async () => {
    for (const p of ['/', `/${ASSET}`]) {
      const first = await fetch(`${t.url}${p}`, { headers: { accept: 'text/html,*/*' } });
      const etag = first.headers.get('etag');
      expect(etag, p).toBeTruthy();
      await first.arrayBuffer();
      // What a browser's fetch sends when the page revalidates: both headers.
      const again = await get(t.url, p, { accept: 'text/html,*/*', 'if-none-match': etag!, 'cache-control': 'no-cache' });
      expect(again.status, p).toBe(304);
      expect(again.body.length).toBe(0);
      // fetch itself, with the cache mode that adds the header.
      const viaFetch = await fetch(`${t.url}${p}`, { headers: { accept: 'text/html,*/*', 'if-none-match': etag! }, cache: 'no-cache' });
      expect(viaFetch.status, p).toBe(304);
    }
  });

  it('still sends the body when the ETag does not match', async () => {
    const r = await get(t.url, `/${ASSET}`, { 'if-none-match': '"stale"', 'cache-control': 'no-cache' });
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe(SCRIPT);
  });
});
