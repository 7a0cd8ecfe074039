/**
 * Request ids and one JSON log line per request, written when the response finishes.
 * Lighter than pino-http (no child logger and no request serialisation per request: that was a
 * visible share of the decision endpoint's CPU), and it logs only what we choose: never headers
 * (API keys), never bodies (facts, documents), never query strings (a key pasted as `?api_key=`,
 * customer ids in filters): the path is logged, the query only as the names of its parameters.
 */
import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;
const QUIET = new Set(['/healthz', '/readyz', '/metrics']);

/** The URL as logged: the path, and `?name=…&other=…` without values (they may be secrets or customer data). */
export function loggedUrl(originalUrl: string): string {
  const q = originalUrl.indexOf('?');
  if (q < 0) return originalUrl.slice(0, 500);
  const names = originalUrl
    .slice(q + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => pair.split('=')[0]!.replace(/[^A-Za-z0-9_.\[\]-]/g, '').slice(0, 40) + '=…');
  return `${originalUrl.slice(0, Math.min(q, 500))}?${names.slice(0, 20).join('&')}`;
}

export const requestIdOf = (res: Response): string => res.locals.requestId as string;

export function requestLog(logger: Logger): RequestHandler {
  return (req: Request, res: Response, next) => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    res.locals.requestId = id;
    res.setHeader('X-Request-Id', id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const status = res.statusCode;
      if (status < 500 && QUIET.has(req.originalUrl.split('?')[0]!)) return;
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const caller = res.locals.caller as { user: { id: string } } | undefined;
      logger[level](
        {
          req: { id, method: req.method, url: loggedUrl(req.originalUrl) },
          res: { statusCode: status },
          responseTime: Number(process.hrtime.bigint() - started) / 1e6,
          ...(caller ? { user: caller.user.id } : {}),
          ...(res.locals.problemCode ? { code: res.locals.problemCode } : {}),
        },
        'request completed',
      );
    });
    next();
  };
}
