/**
 * A route is one object: method, path, who may call it, the TypeBox schemas of its parameters,
 * body and responses, and a handler. The same object mounts the Express route, validates the
 * request, and becomes an OpenAPI operation, so the three cannot drift apart.
 */
import type { Request, Response, Router } from 'express';
import type { Static, TSchema } from '@sinclair/typebox';
import type { Access } from '../auth/permissions.js';
import { allows } from '../auth/permissions.js';
import type { Caller } from '../auth/api-keys.js';
import { ApiError } from './problems.js';
import { check } from './validator.js';
import type { Services } from '../services.js';

export interface ResponseSpec {
  description: string;
  schema?: TSchema;
  /** Response headers worth documenting, name → description. */
  headers?: Record<string, string>;
  contentType?: string;
}

export interface HeaderSpec {
  name: string;
  required: boolean;
  description: string;
}

export interface Reply<Body = unknown> {
  status?: number;
  body?: Body;
  headers?: Record<string, string>;
}

type Maybe<S> = S extends TSchema ? Static<S> : undefined;

type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 206;
/** What a handler may answer: the body of one of its route's 2xx responses, as its schema says. */
export type SuccessBody<R> = {
  [K in keyof R]: K extends SuccessStatus ? (R[K] extends { schema: infer S extends TSchema } ? Static<S> : undefined) : never;
}[keyof R];

export interface RouteInput<P, Q, B> {
  params: Maybe<P>;
  query: Maybe<Q>;
  body: Maybe<B>;
  caller: Caller;
  services: Services;
  req: Request;
  res: Response;
}

export interface RouteDef<
  P extends TSchema | undefined = undefined,
  Q extends TSchema | undefined = undefined,
  B extends TSchema | undefined = undefined,
  R extends Record<number, ResponseSpec> = Record<number, ResponseSpec>,
> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express path relative to /api/v1, e.g. '/policies/:policyId'. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** Default true when a body schema is given. */
  bodyRequired?: boolean;
  headers?: HeaderSpec[];
  /** A non-JSON body read by its own middleware (e.g. an .xlsx upload): documented, not validated here. */
  rawBody?: { contentTypes: string[]; description: string };
  responses: R;
  handler: (input: RouteInput<P, Q, B>) => Promise<Reply<SuccessBody<R>>> | Reply<SuccessBody<R>>;
}

// Type-erased form for the registry (handlers are checked where they are defined).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRouteDef = Omit<RouteDef<any, any, any>, 'handler'> & { handler: (input: RouteInput<any, any, any>) => Promise<Reply> | Reply };

/** Identity function that keeps each route's schema types tied to its handler. */
export function defineRoute<
  P extends TSchema | undefined = undefined,
  Q extends TSchema | undefined = undefined,
  B extends TSchema | undefined = undefined,
  const R extends Record<number, ResponseSpec> = Record<number, ResponseSpec>,
>(def: RouteDef<P, Q, B, R>): AnyRouteDef {
  return def as unknown as AnyRouteDef;
}

/** Mounts routes on a router that already authenticated the caller into res.locals.caller. */
export function mountRoutes(router: Router, routes: AnyRouteDef[], services: Services): void {
  for (const def of routes) {
    router[def.method](def.path, async (req, res) => {
      res.locals.route = '/api/v1' + def.path; // metrics label: the pattern, never the raw URL
      const caller = res.locals.caller as Caller | undefined;
      if (def.access !== 'public') {
        if (!caller) throw new ApiError('UNAUTHENTICATED', 'Send an API key as "Authorization: Bearer cg_…".');
        if (!allows(caller.user.roles, def.access))
          throw new ApiError('FORBIDDEN', `This needs the permission ${def.access}; your roles are ${caller.user.roles.join(', ') || 'none'}.`);
      }
      // Express 5 makes req.query a getter: copy it so coercion/defaults apply to what we pass on.
      const params = { ...req.params };
      const query = { ...(req.query as Record<string, unknown>) };
      if (def.params) {
        // A path id that cannot exist (bad pattern, `../../etc/passwd`) is simply not found.
        try {
          check(def.params, params, 'path', 'path');
        } catch {
          throw new ApiError('NOT_FOUND', `Nothing at ${req.originalUrl.split('?')[0]!.slice(0, 200)}: ${Object.keys(params).join(', ')} not valid.`);
        }
      }
      if (def.query) {
        refuseUnknownParameters(def.query, query);
        check(def.query, query, 'query', 'query string');
      }
      if (def.body) {
        if (req.body === undefined) {
          if (def.bodyRequired !== false) throw new ApiError('EMPTY_BODY', 'This request needs a JSON body.');
        } else check(def.body, req.body, 'body', 'body');
      }
      const reply = await def.handler({ params, query, body: req.body, caller: caller!, services, req, res } as never);
      if (res.headersSent) return;
      for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
      res.status(reply.status ?? 200);
      if (reply.body === undefined) res.end();
      else res.json(reply.body);
    });
  }
}

/**
 * A query schema closed with `additionalProperties: false` refuses parameters it does not list
 * (400 naming them), so a misspelt filter (`?actor=`, `?version=`) never silently returns everything.
 */
function refuseUnknownParameters(schema: TSchema, query: Record<string, unknown>): void {
  if ((schema as { additionalProperties?: unknown }).additionalProperties !== false) return;
  const known = Object.keys((schema as { properties?: Record<string, unknown> }).properties ?? {});
  const unknown = Object.keys(query).filter((name) => !known.includes(name));
  if (unknown.length === 0) return;
  const names = unknown.slice(0, 20).map((n) => n.slice(0, 40));
  throw new ApiError('BAD_REQUEST', `Unknown query parameter${names.length > 1 ? 's' : ''}: ${names.join(', ')}. This route takes ${known.length ? known.join(', ') : 'none'}.`, {
    errors: names.map((name) => ({ pointer: `/${name}`, in: 'query' as const, detail: 'is not a parameter of this route' })),
  });
}
