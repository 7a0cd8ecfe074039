/** One verification of all stored evidence: the audit chain, the published versions, the decision log. */
import { Type } from '@sinclair/typebox';
import { defineRoute } from '../http/route.js';
import { verifyIntegrity } from '../domain/integrity.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const integrity = defineRoute({
  method: 'get',
  path: '/integrity',
  operationId: 'verifyIntegrity',
  summary: "Verify the audit chain, every published version against its content hash, every logged decision against its seal, and the decision log's chain",
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
        decisionChain: Type.Object(
          {
            chained: Type.Boolean({ description: 'False on a store without the chain (both built-in stores have it).' }),
            intact: Type.Boolean(),
            checked: Type.Integer({ description: 'Links recomputed.' }),
            head: Type.Integer({ description: 'Seq of the last decision in the chain.' }),
            prunedUpTo: Type.Integer({ description: 'Decisions up to this seq were lawfully pruned (0: none).' }),
            unchained: Type.Integer({ description: 'Decisions logged before the chain existed: not checkable by it.' }),
            lastCheckpoint: Nullable(Type.Object({ seq: Type.Integer(), auditSeq: Type.Integer() })),
            firstBrokenSeq: Nullable(Type.Integer()),
            problem: Nullable(Type.String()),
            checkpoint: Nullable(
              Type.Object(
                { payload: Type.Object({}, { additionalProperties: true }), signature: Type.String(), publicKey: Type.String() },
                { description: 'The head signed with the server\'s Ed25519 key (payload.chain = "decision-log", payload.hash = the head link).' },
              ),
            ),
          },
          { description: 'The decision log chained in commit order (keyed links over each decision\'s seal): a deleted, inserted or reordered decision breaks it.' },
        ),
      }),
    },
  },
  handler: async ({ services }) => ({ body: await verifyIntegrity(services) }),
});

export const integrityRoutes = [integrity];
