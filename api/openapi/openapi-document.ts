/**
 * The OpenAPI 3.1 document, generated from the route definitions and their TypeBox schemas (the
 * same objects that validate requests), plus the engine's policy and decision schemas.
 */
import type { TSchema } from '@sinclair/typebox';
import { Decision, PolicyDocument } from '../../engine/index.js';
import type { AnyRouteDef } from '../http/route.js';
import { PROBLEMS } from '../http/problems.js';
import { NAMED_SCHEMAS } from '../schemas.js';

type Json = Record<string, unknown>;

const ENGINE_COMPONENTS: Record<string, { name: string; schema: TSchema }> = {
  'https://creditgraph.dev/schemas/policy.json': { name: 'PolicyDocument', schema: PolicyDocument },
  'https://creditgraph.dev/schemas/decision.json': { name: 'Decision', schema: Decision },
};

const componentRef = (name: string) => `#/components/schemas/${name}`;

/** Plain JSON (TypeBox's symbol keys dropped) with $refs to known schemas pointed at components. */
function toOpenApiSchema(schema: unknown, refMap: Map<string, string>, stripId: boolean): Json {
  const plain = JSON.parse(JSON.stringify(schema)) as Json;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const o = node as Json;
    if (typeof o.$ref === 'string' && refMap.has(o.$ref)) o.$ref = refMap.get(o.$ref);
    for (const v of Object.values(o)) walk(v);
  };
  if (stripId) delete plain.$id;
  walk(plain);
  return plain;
}

const toPath = (expressPath: string) => '/api/v1' + expressPath.replace(/:([A-Za-z]+)/g, '{$1}');

const REQUEST_ID_HEADER = { 'X-Request-Id': { $ref: '#/components/headers/XRequestId' } };

const problemResponse = (description: string) => ({
  description,
  headers: REQUEST_ID_HEADER,
  content: { 'application/problem+json': { schema: { $ref: componentRef('ProblemDetails') } } },
});

/** Headers every answer (or every answer of a kind) carries, declared once under components. */
const COMPONENT_HEADERS = {
  XRequestId: { description: 'The request id (yours when you sent a valid X-Request-Id, else generated): in every log line of the request.', schema: { type: 'string' } },
  WWWAuthenticate: {
    description: 'RFC 6750 challenge: `Bearer realm="creditgraph"`, with `error="invalid_token"` or `error="invalid_request"` and an error_description when credentials were sent but refused.',
    schema: { type: 'string' },
  },
};

export interface OpenApiOptions {
  version: string;
  /** Operations outside /api/v1 (health, metrics) documented by hand. */
  extraPaths?: Record<string, Json>;
}

export function buildOpenApiDocument(routes: AnyRouteDef[], options: OpenApiOptions): Json {
  const refMap = new Map<string, string>();
  for (const [id, { name }] of Object.entries(ENGINE_COMPONENTS)) refMap.set(id, componentRef(name));
  for (const s of NAMED_SCHEMAS) refMap.set(String(s.$id), componentRef(String(s.$id)));

  const schemas: Json = {};
  // The engine's schemas name their recursive parts by an embedded $id (`$ref: "Condition"`),
  // which generators and linters do not resolve: each $defs entry becomes a component of its own
  // and every reference to it a plain `#/components/schemas/…` pointer; no $id is left behind.
  const engineRefs = new Map<string, string>();
  const hoisted: Record<string, Json> = {};
  for (const { name, schema } of Object.values(ENGINE_COMPONENTS)) {
    const plain = JSON.parse(JSON.stringify(schema)) as Json & { $defs?: Record<string, Json> };
    for (const [key, def] of Object.entries(plain.$defs ?? {})) {
      const id = typeof def.$id === 'string' ? def.$id : key;
      engineRefs.set(id, componentRef(id));
      engineRefs.set(`#/$defs/${key}`, componentRef(id));
      engineRefs.set(`${String(plain.$id)}#/$defs/${key}`, componentRef(id));
      delete def.$id;
      hoisted[id] = def;
    }
    delete plain.$defs;
    schemas[name] = plain;
  }
  Object.assign(schemas, hoisted);
  for (const name of [...Object.values(ENGINE_COMPONENTS).map((c) => c.name), ...Object.keys(hoisted)]) schemas[name] = toOpenApiSchema(schemas[name], engineRefs, true);
  for (const s of NAMED_SCHEMAS) schemas[String(s.$id)] = toOpenApiSchema(s, refMap, true);

  const paths: Record<string, Json> = {};
  for (const r of routes) {
    const parameters: Json[] = [];
    const addParams = (schema: TSchema | undefined, where: 'path' | 'query') => {
      if (!schema) return;
      const plain = toOpenApiSchema(schema, refMap, true);
      const required = new Set((plain.required as string[] | undefined) ?? []);
      for (const [name, s] of Object.entries((plain.properties ?? {}) as Record<string, Json>)) {
        const { description, ...rest } = s;
        parameters.push({ name, in: where, required: where === 'path' || required.has(name), ...(description ? { description } : {}), schema: rest });
      }
    };
    addParams(r.params, 'path');
    addParams(r.query, 'query');
    for (const h of r.headers ?? []) parameters.push({ name: h.name, in: 'header', required: h.required, description: h.description, schema: { type: 'string' } });

    const responses: Json = {};
    for (const [status, spec] of Object.entries(r.responses)) {
      const isError = Number(status) >= 400;
      const headers = {
        ...REQUEST_ID_HEADER,
        ...(spec.headers ? Object.fromEntries(Object.entries(spec.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }])) : {}),
      };
      responses[status] = isError
        ? { ...problemResponse(spec.description), headers: { ...headers } }
        : {
            description: spec.description,
            headers,
            ...(spec.schema ? { content: { [spec.contentType ?? 'application/json']: { schema: toOpenApiSchema(spec.schema, refMap, true) } } } : {}),
          };
    }
    // Errors every route of a kind can give, listed once here rather than in every route.
    if (r.access !== 'public') {
      responses['401'] ??= {
        ...problemResponse('No credentials, or an unknown, expired or revoked API key, or a token that does not verify.'),
        headers: { ...REQUEST_ID_HEADER, 'WWW-Authenticate': { $ref: '#/components/headers/WWWAuthenticate' } },
      };
      if (r.access !== 'authenticated') responses['403'] ??= problemResponse(`Your roles do not grant ${r.access}.`);
    }
    if (r.params) responses['404'] ??= problemResponse('Not found.');
    if (r.body || r.query) responses['422'] ??= problemResponse('The request does not match its schema (errors[] has one entry per problem).');
    if (r.rawBody) responses['400'] ??= problemResponse('An empty body.');
    if (r.body) {
      responses['400'] ??= problemResponse('Malformed JSON, invalid UTF-8, NUL or control characters in an identifier, forbidden keys (__proto__…), nesting too deep, or an empty body.');
      responses['413'] ??= problemResponse('Body above 1 MB.');
      responses['415'] ??= problemResponse('Body not sent as application/json.');
    }
    if (r.access !== 'public') responses['400'] ??= problemResponse('More than one Authorization header.');
    responses['503'] ??= problemResponse('The store is unavailable.');

    const operation: Json = {
      operationId: r.operationId,
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      tags: [r.tag],
      'x-creditgraph-access': r.access,
      ...(r.access === 'public' ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(r.body
        ? {
            requestBody: {
              required: r.bodyRequired !== false,
              content: { 'application/json': { schema: toOpenApiSchema(r.body, refMap, true) } },
            },
          }
        : r.rawBody
          ? {
              requestBody: {
                required: true,
                description: r.rawBody.description,
                content: Object.fromEntries(r.rawBody.contentTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
              },
            }
          : {}),
      responses,
    };
    (paths[toPath(r.path)] ??= {})[r.method] = operation;
  }
  Object.assign(paths, options.extraPaths ?? {});

  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'creditgraph decision API',
      version: options.version,
      summary: 'Versioned credit policies, compiled decisions, the decision log and the audit trail.',
      description:
        'Every route under /api/v1 needs one `Authorization: Bearer …` header: an API key (`cg_…`), or an access token from the company\'s identity provider when single sign-on is configured. Errors are RFC 9457 problem details ' +
        '(`application/problem+json`) with a stable `code`; the codes are: ' +
        Object.entries(PROBLEMS)
          .map(([code, p]) => `${code} (${p.status})`)
          .join(', ') +
        '.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    tags: [...new Set([...routes.map((r) => r.tag), 'Operations'])].map((name) => ({ name })),
    paths,
    components: {
      schemas,
      headers: COMPONENT_HEADERS,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'cg_… API key, or a JWT access token from the identity provider when single sign-on is configured' },
      },
    },
  };
}
