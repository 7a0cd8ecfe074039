/** One verification of all stored evidence: the audit chain, the published versions, the decision log. */
import { Type } from '@sinclair/typebox';
import { defineRoute } from '../http/route.js';
import { verifyIntegrity } from '../domain/integrity.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const integrity = defineRoute({
  method: 'get',
  path: '/integrity',
  operationId: 'verifyIntegrity',
  summary: 'Verify the audit chain, every published version against its content hash and every logged decision against its seal',
  tag: 'Audit',
  access: 'audit:read',
  query: Type.Object({}, { additionalProperties: false }),
  responses: {
    400: { description: 'An unknown query parameter (named).' },
    200: {
      description: 'The verdict (200 either way: tampering is a finding, not a failed request). Findings also raise `integrity.mismatch` alerts and show in `/readyz`.',
      schema: Type.Object({
        intact: Type.Boolean(),
        checkedAt: Type.String({ format: 'date-time' }),
        audit: Type.Object({ intact: Type.Boolean(), count: Type.Integer(), firstBrokenSeq: Nullable(Type.Integer()), problem: Nullable(Type.String()) }),
        versions: Type.Object({
          intact: Type.Boolean(),
          checked: Type.Integer(),
          mismatches: Type.Array(Type.Object({ policyId: Type.String(), version: Type.Integer(), contentHash: Type.String() })),
        }),
        decisions: Type.Object({
          intact: Type.Boolean(),
          checked: Type.Integer(),
          unsealed: Type.Integer({ description: 'Decisions logged before seals existed (no recordHash): not checkable.' }),
          altered: Type.Array(Type.Object({ decisionId: Type.String(), policyId: Type.String() })),
        }),
      }),
    },
  },
  handler: async ({ services }) => ({ body: await verifyIntegrity(services) }),
});

export const integrityRoutes = [integrity];
