/** OpenAPI entries for the routes outside /api/v1 (no key needed), written by hand: they are few. */
const text = (description: string, type = 'text/plain') => ({ description, content: { [type]: { schema: { type: 'string' } } } });

export const operationalPaths: Record<string, Record<string, unknown>> = {
  '/healthz': {
    get: {
      operationId: 'healthz',
      summary: 'Liveness: the process answers',
      tags: ['Operations'],
      security: [],
      'x-creditgraph-access': 'public',
      responses: { 200: { description: 'Alive.', content: { 'application/json': { schema: { type: 'object', properties: { status: { const: 'ok' } }, required: ['status'] } } } } },
    },
  },
  '/readyz': {
    get: {
      operationId: 'readyz',
      summary: 'Readiness: the store is reachable and the server is not draining',
      tags: ['Operations'],
      security: [],
      'x-creditgraph-access': 'public',
      responses: {
        200: {
          description: 'Ready. `integrity` lists the tampered evidence this process has found (a version out of service, a broken audit chain, an altered decision); the server stays ready for everything else.',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  status: { const: 'ready' },
                  store: { enum: ['sqlite', 'mongodb'] },
                  integrity: {
                    type: 'object',
                    properties: {
                      intact: { type: 'boolean' },
                      findings: {
                        type: 'array',
                        items: {
                          type: 'object',
                          properties: {
                            kind: { enum: ['version', 'audit', 'decision', 'chain'] },
                            subject: { type: 'string' },
                            policyId: { type: ['string', 'null'] },
                            detail: { type: 'string' },
                            detectedAt: { type: 'string', format: 'date-time' },
                          },
                          required: ['kind', 'subject', 'policyId', 'detail', 'detectedAt'],
                        },
                      },
                      checkedAtStart: {
                        type: ['string', 'null'],
                        format: 'date-time',
                        description: 'When the verification this process runs at start (published versions against their hashes, the whole audit trail) ended; null while it runs — seconds with a trail of hundreds of thousands of entries.',
                      },
                    },
                    required: ['intact', 'findings', 'checkedAtStart'],
                  },
                },
                required: ['status', 'store', 'integrity'],
              },
            },
          },
        },
        503: { description: 'Not ready.', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } } },
      },
    },
  },
  '/metrics': {
    get: {
      operationId: 'metrics',
      summary: 'Prometheus metrics: decision latency by policy and outcome, requests by route and status',
      tags: ['Operations'],
      security: [],
      'x-creditgraph-access': 'public',
      responses: { 200: text('Prometheus text exposition format.') },
    },
  },
  '/openapi.json': {
    get: {
      operationId: 'openapi',
      summary: 'This document',
      tags: ['Operations'],
      security: [],
      'x-creditgraph-access': 'public',
      responses: { 200: { description: 'OpenAPI 3.1.', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
  },
  '/auth/config': {
    get: {
      operationId: 'authConfig',
      summary: 'How people sign in: the identity provider the editor uses (authorization code + PKCE), or null',
      tags: ['Operations'],
      security: [],
      'x-creditgraph-access': 'public',
      responses: {
        200: {
          description: 'Sign-in settings (no secrets: the editor is a public client).',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['oidc'],
                properties: {
                  oidc: {
                    oneOf: [
                      { type: 'null' },
                      {
                        type: 'object',
                        required: ['issuer', 'clientId', 'scope', 'audience', 'authorizationEndpoint', 'tokenEndpoint'],
                        properties: {
                          issuer: { type: 'string' },
                          clientId: { type: 'string' },
                          scope: { type: 'string' },
                          audience: { type: 'string' },
                          authorizationEndpoint: { type: 'string' },
                          tokenEndpoint: { type: 'string' },
                        },
                      },
                    ],
                  },
                },
              },
            },
          },
        },
        503: { description: 'The identity provider cannot be reached.', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } } },
      },
    },
  },
  '/docs': {
    get: {
      operationId: 'docs',
      summary: 'The API reference, as a page',
      tags: ['Operations'],
      security: [],
      'x-creditgraph-access': 'public',
      responses: { 200: text('HTML.', 'text/html') },
    },
  },
};
