/**
 * The workbook import routes take an .xlsx file as the raw request body (not JSON): this
 * middleware reads it (up to 5 MB) before the API's JSON reader, for a caller allowed to import,
 * and leaves the bytes in res.locals.workbook.
 */
import express, { type RequestHandler } from 'express';
import type { Caller } from '../auth/api-keys.js';
import { allows } from '../auth/permissions.js';
import { ApiError } from '../http/problems.js';

export const WORKBOOK_LIMIT_BYTES = 5 * 1024 * 1024;
const WORKBOOK_PATH = /^\/policies\/[^/]+\/draft\/workbook(\/preview)?\/?$/;

export function workbookUpload(): RequestHandler {
  const raw = express.raw({ type: () => true, limit: WORKBOOK_LIMIT_BYTES, inflate: true });
  return (req, res, next) => {
    if (req.method !== 'POST' || !WORKBOOK_PATH.test(req.path)) return next();
    const caller = res.locals.caller as Caller;
    const needs = req.path.replace(/\/$/, '').endsWith('/preview') ? 'drafts:check' : 'drafts:write';
    if (!allows(caller.user.roles, needs)) return next(new ApiError('FORBIDDEN', `This needs the permission ${needs}; your roles are ${caller.user.roles.join(', ') || 'none'}.`));
    raw(req, res, (err?: unknown) => {
      if (err) {
        if ((err as { type?: string }).type === 'entity.too.large') return next(new ApiError('BODY_TOO_LARGE', 'A policy workbook is at most 5 MB.'));
        return next(err);
      }
      res.locals.workbook = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      req.body = undefined;
      next();
    });
  };
}
