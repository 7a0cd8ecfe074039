/**
 * Reads JSON bodies ourselves instead of express.json(): we want each failure as a coded problem
 * (415 / 400 / 413), a depth limit checked before JSON.parse can recurse on hostile input, and no
 * key that could reach an object's prototype later (`__proto__`, `constructor`, `prototype`).
 */
import express, { type RequestHandler } from 'express';
import { ApiError } from './problems.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;
/** Far deeper than any valid request (policy conditions are capped at 12 levels). */
export const MAX_JSON_DEPTH = 64;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const isJsonType = (contentType: string) => {
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  return mediaType === 'application/json' || (mediaType.startsWith('application/') && mediaType.endsWith('+json'));
};

/** Depth of the deepest array/object, scanning the text (strings skipped) without recursion. */
export function jsonDepth(text: string, stopAbove: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) {
        max = depth;
        if (max > stopAbove) return max;
      }
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/** Whether any key is forbidden: the check every body gets, without building pointers. */
function hasForbiddenKey(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
      continue;
    }
    for (const key of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(key)) return true;
      stack.push((v as Record<string, unknown>)[key]);
    }
  }
  return false;
}

/** JSON pointer of the first forbidden key, or null. Iterative: the depth is bounded anyway. */
export function findForbiddenKey(value: unknown): string | null {
  if (!hasForbiddenKey(value)) return null; // nearly every body: no pointer strings built
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push([item, `${path}/${i}`]));
      continue;
    }
    for (const key of Object.keys(v)) {
      const p = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      if (FORBIDDEN_KEYS.has(key)) return p;
      stack.push([(v as Record<string, unknown>)[key], p]);
    }
  }
  return null;
}

/** Parses a JSON text with the same checks as request bodies (used by tests and the seeder too). */
export function parseJsonStrict(text: string): unknown {
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
    throw new ApiError('NESTING_TOO_DEEP', `The body nests arrays/objects deeper than ${MAX_JSON_DEPTH} levels.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ApiError('MALFORMED_JSON', `The body is not valid JSON: ${(err as Error).message}`);
  }
  const bad = findForbiddenKey(value);
  if (bad !== null)
    throw new ApiError('FORBIDDEN_KEY', `The property name at ${bad} is not accepted (__proto__, constructor and prototype are reserved).`, {
      errors: [{ pointer: bad, detail: 'reserved property name' }],
    });
  return value;
}

/**
 * Middleware pair: read the raw bytes (size-limited), then parse. `req.body` is undefined when the
 * request has no body; routes that need one say so through their schema.
 */
export function jsonBody(): RequestHandler[] {
  const raw = express.raw({ type: () => true, limit: BODY_LIMIT_BYTES, inflate: true });
  const parse: RequestHandler = (req, _res, next) => {
    const buf = req.body as Buffer | undefined;
    if (!Buffer.isBuffer(buf) || buf.length === 0) {
      req.body = undefined;
      return next();
    }
    const contentType = req.headers['content-type'];
    if (!contentType || !isJsonType(contentType))
      return next(new ApiError('UNSUPPORTED_MEDIA_TYPE', `Send the body as application/json (got ${contentType ? JSON.stringify(contentType.slice(0, 100)) : 'no Content-Type'}).`));
    const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1]?.toLowerCase();
    if (charset && charset !== 'utf-8' && charset !== 'utf8')
      return next(new ApiError('UNSUPPORTED_MEDIA_TYPE', `Only UTF-8 JSON is accepted (got charset ${charset.slice(0, 40)}).`));
    try {
      req.body = parseJsonStrict(buf.toString('utf8'));
      next();
    } catch (err) {
      next(err);
    }
  };
  return [raw, parse];
}
