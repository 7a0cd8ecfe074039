/**
 * The one route with a large, non-JSON body: POST /policies/{id}/simulations takes a portfolio file
 * (CSV, JSON or NDJSON, optionally gzip-compressed) of up to 50 MB as the raw request body, with its
 * content type. This middleware runs after authentication and before the API's 1 MB JSON reader:
 * it reads that route's body with the larger limit (only for a caller allowed to simulate) and
 * leaves the bytes in res.locals.upload, so the JSON reader finds nothing left to read.
 */
import express, { type RequestHandler } from 'express';
import type { PortfolioFormat } from '../../engine/impact/index.js';
import type { Caller } from '../auth/api-keys.js';
import { allows } from '../auth/permissions.js';
import { ApiError } from '../http/problems.js';

export const UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;
const UPLOAD_PATH = /^\/policies\/[^/]+\/simulations\/?$/;

export function portfolioUpload(): RequestHandler {
  const raw = express.raw({ type: () => true, limit: UPLOAD_LIMIT_BYTES, inflate: true });
  return (req, res, next) => {
    if (req.method !== 'POST' || !UPLOAD_PATH.test(req.path)) return next();
    const caller = res.locals.caller as Caller;
    // Never read 50 MB for someone who may not simulate.
    if (!allows(caller.user.roles, 'simulations:run')) return next(new ApiError('FORBIDDEN', `This needs the permission simulations:run; your roles are ${caller.user.roles.join(', ') || 'none'}.`));
    raw(req, res, (err?: unknown) => {
      if (err) {
        const type = (err as { type?: string }).type;
        if (type === 'entity.too.large') return next(new ApiError('BODY_TOO_LARGE', 'A portfolio upload is at most 50 MB (gzip it: Content-Encoding: gzip counts the unpacked size).'));
        return next(err);
      }
      res.locals.upload = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      req.body = undefined;
      next();
    });
  };
}

/**
 * What the body is, from its content type: a portfolio format, or `request` for a small JSON object
 * (the replay-window request). A JSON body starting with `[` is a portfolio; with `{`, a request.
 */
export function uploadKind(contentType: string | undefined, bytes: Uint8Array): PortfolioFormat | 'request' {
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (media === 'text/csv' || media === 'application/csv' || media === 'text/plain' || media === 'text/tab-separated-values') return 'csv';
  if (media === 'application/x-ndjson' || media === 'application/ndjson' || media === 'application/jsonl' || media === 'application/x-jsonlines') return 'ndjson';
  if (media === 'application/json') {
    for (const c of bytes) {
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xef || c === 0xbb || c === 0xbf) continue;
      return c === 0x5b ? 'json' : 'request';
    }
    return 'request';
  }
  throw new ApiError(
    'UNSUPPORTED_MEDIA_TYPE',
    `Send the portfolio as the raw body with Content-Type text/csv, application/json (an array of customers) or application/x-ndjson, or a replay request as application/json (got ${contentType ? JSON.stringify(contentType.slice(0, 100)) : 'no Content-Type'}).`,
  );
}
