/**
 * What the server does on the wire, whatever the route: compressed bodies, and conditional GETs
 * that work from a browser's `fetch`.
 *
 * - `compressResponses`: brotli or gzip (the `compression` package, which adds `Vary:
 *   Accept-Encoding`), for bodies of 1 KB or more. A 500-row decision-log page is ≈ 1 MB of JSON and
 *   ≈ 20 KB compressed.
 * - `revalidateFromFetch`: `fetch` sends `Cache-Control: no-cache` with every `If-None-Match`. RFC
 *   9111 §5.2.1.4 makes that request directive about caches (do not answer from a store without
 *   asking the origin); the origin itself may still answer 304. Express's freshness check
 *   (the `fresh` package, used by `express.static` and `res.sendFile`) answers 200 instead, so
 *   the directive is dropped here: this process is the origin and keeps no response store.
 * - `EDITOR_ASSET_CACHE`: Vite names built assets after their content hash (`assets/index-3f2a….js`),
 *   so one can be cached for a year and never revalidated; the page that names them is `no-cache`.
 */
import { statSync } from 'node:fs';
import compression from 'compression';
import type { RequestHandler, Response } from 'express';

export function compressResponses(): RequestHandler {
  return compression({ threshold: 1024 });
}

export const revalidateFromFetch: RequestHandler = (req, _res, next) => {
  const cacheControl = req.headers['cache-control'];
  if (cacheControl !== undefined && (req.headers['if-none-match'] !== undefined || req.headers['if-modified-since'] !== undefined) && /(?:^|,)\s*no-cache\s*(?:,|$)/i.test(cacheControl)) {
    delete req.headers['cache-control'];
  }
  next();
};

export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** `setHeaders` for the editor's static files: hashed assets immutable, pages `no-cache`, the rest an hour. */
export function editorCacheHeaders(res: Response, file: string): void {
  if (file.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
  else if (/[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/.test(file)) res.setHeader('Cache-Control', IMMUTABLE);
}

/** A weak ETag from a file's size and modification time, like express.static's. */
export function fileETag(file: string): string {
  const stat = statSync(file);
  return `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
}
