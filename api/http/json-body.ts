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

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** JSON pointers of the string values (and property names) where `bad` matches, depth-first, at most 10. */
function pointersWhere(value: unknown, bad: (s: string) => boolean): string[] {
  const found: string[] = [];
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0 && found.length < 10) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (bad(v)) found.push(path || '/');
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}/${i}`]);
      continue;
    }
    for (const key of Object.keys(v).reverse()) {
      const p = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      if (bad(key)) found.push(p);
      stack.push([(v as Record<string, unknown>)[key], p]);
    }
  }
  return found;
}

/** NUL is never text in any field (it truncates strings in C libraries, logs and spreadsheets). */
const HAS_NUL = /\u0000/;
/**
 * Identifiers (customer ids, request ids) end up in logs, CSV exports, alerts and other systems'
 * screens: no control characters (CR/LF forge log lines), no bidirectional overrides (they show a
 * different id than the one stored).
 */
const BAD_IN_IDENTIFIER = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/;
const IDENTIFIER_FIELDS = ['customerId', 'requestId'];

/** 400 naming the fields whose text cannot be stored faithfully. */
function checkText(value: unknown, text: string): void {
  // JSON can only carry NUL as the escape \u0000: most bodies skip the walk.
  const nul = /\\u0000/i.test(text) ? pointersWhere(value, (s) => HAS_NUL.test(s)) : [];
  const ids: string[] = [];
  // Top-level identifiers, and those of batch items (`items/<n>/customerId`).
  const roots: [unknown, string][] = [[value, '']];
  const items = (value as { items?: unknown } | null)?.items;
  if (Array.isArray(items)) items.forEach((item, i) => roots.push([item, `/items/${i}`]));
  for (const [v, prefix] of roots) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) continue;
    for (const field of IDENTIFIER_FIELDS) {
      const text = (v as Record<string, unknown>)[field];
      if (typeof text === 'string' && BAD_IN_IDENTIFIER.test(text)) ids.push(`${prefix}/${field}`);
    }
  }
  const errors = [
    ...nul.map((pointer) => ({ pointer, in: 'body' as const, detail: 'contains a NUL character' })),
    ...ids.filter((p) => !nul.includes(p)).map((pointer) => ({ pointer, in: 'body' as const, detail: 'contains control or bidirectional-formatting characters' })),
  ];
  if (errors.length > 0)
    throw new ApiError('BAD_REQUEST', `The body holds characters that are not accepted at ${errors.map((e) => e.pointer).join(', ')}.`, { errors });
}

/**
 * Decodes a body as UTF-8. Invalid bytes are refused (400, naming the fields that hold them)
 * rather than silently stored as U+FFFD, which would change an id without anyone noticing.
 */
export function decodeUtf8Body(buf: Buffer): string {
  try {
    return UTF8.decode(buf);
  } catch {
    const lossy = buf.toString('utf8');
    let pointers: string[] = [];
    try {
      pointers = pointersWhere(JSON.parse(lossy), (s) => s.includes('\uFFFD'));
    } catch {
      // not JSON either: no field to name
    }
    throw new ApiError('BAD_REQUEST', `The body is not valid UTF-8${pointers.length ? ` at ${pointers.join(', ')}` : ''}.`, {
      errors: pointers.length ? pointers.map((pointer) => ({ pointer, in: 'body' as const, detail: 'contains bytes that are not valid UTF-8' })) : [{ pointer: '/', in: 'body' as const, detail: 'not valid UTF-8' }],
    });
  }
}

/**
 * JSON numbers beyond double range (1e309, a 400-digit integer) parse to ±Infinity, which no field
 * accepts and which would serialise back as null: 422 naming the field. The cheap text test keeps
 * ordinary bodies off the walk.
 */
const MAYBE_HUGE = /[eE]\+?\d{3,}|\d{300,}/;
function checkFinite(value: unknown, text: string): void {
  if (!MAYBE_HUGE.test(text)) return;
  const stack: [unknown, string][] = [[value, '']];
  const bad: string[] = [];
  while (stack.length > 0 && bad.length < 10) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'number' && !Number.isFinite(v)) bad.push(path || '/');
    else if (v !== null && typeof v === 'object')
      for (const [k, child] of Object.entries(v)) stack.push([child, `${path}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`]);
  }
  if (bad.length > 0)
    throw new ApiError(bad.every((p) => /^(\/items\/\d+)?\/facts\//.test(p)) ? 'INVALID_FACTS' : 'INVALID_REQUEST', `The number at ${bad.join(', ')} is too large to represent.`, {
      errors: bad.map((pointer) => ({ pointer, detail: 'number out of range (beyond ±1.8e308)' })),
    });
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
      const text = decodeUtf8Body(buf);
      const body = parseJsonStrict(text);
      checkText(body, text);
      checkFinite(body, text);
      req.body = body;
      next();
    } catch (err) {
      next(err);
    }
  };
  return [raw, parse];
}
