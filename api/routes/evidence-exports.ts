/** Exports an audit report can attach (signed bundles), and a version's history (who edited, submitted, approved). */
import { Type } from '@sinclair/typebox';
import { defineRoute } from '../http/route.js';
import { AuditEntry } from '../schemas.js';
import { decisionsBundle, versionBundle, versionHistory } from '../domain/evidence-exports.js';
import { VersionParams } from './common.js';
import { readFilter, recordRead } from '../domain/read-access.js';
import { BUNDLE_RESPONSE, NO_KEYS, sendBundle } from './audit-evidence.js';

const UNKNOWN_PARAMETER = { description: 'An unknown query parameter (named).' };

const exportDecisions = defineRoute({
  method: 'get',
  path: '/exports/decisions',
  operationId: 'exportDecisions',
  summary: 'A period of the decision log as a signed evidence bundle (decisions.json with each record and its seal, decisions.csv)',
  tag: 'Decisions',
  access: 'decisions:read',
  query: Type.Object(
    {
      from: Type.String({ format: 'date-time', description: 'Inclusive.' }),
      to: Type.String({ format: 'date-time', description: 'Exclusive.' }),
      policyId: Type.Optional(Type.String({ maxLength: 64 })),
    },
    { additionalProperties: false },
  ),
  responses: { 200: BUNDLE_RESPONSE, 400: UNKNOWN_PARAMETER, 409: { description: 'The audit chain does not verify: nothing is signed.' }, 422: { description: 'A bad or too long period.' }, 503: NO_KEYS },
  handler: async ({ query, services, res, caller }) => {
    const bundle = await decisionsBundle(services, query);
    await recordRead(services, caller.user.id, 'export.decisions', { count: bundle.count, filter: readFilter(query) });
    return sendBundle(res, bundle);
  },
});

const exportVersion = defineRoute({
  method: 'get',
  path: '/policies/:policyId/versions/:version/export',
  operationId: 'exportVersion',
  summary: 'A version as a signed evidence bundle: document and content hash, its history (editors, submitter, approver, comments), the diff from the previous version',
  tag: 'Policies',
  access: 'audit:read',
  params: VersionParams,
  query: Type.Object({}, { additionalProperties: false }),
  responses: { 200: BUNDLE_RESPONSE, 400: UNKNOWN_PARAMETER, 404: { description: 'No such policy or version.' }, 409: { description: 'The audit chain does not verify: nothing is signed.' }, 503: NO_KEYS },
  handler: async ({ params, services, res, caller }) => {
    const bundle = await versionBundle(services, params.policyId, params.version);
    await recordRead(services, caller.user.id, 'export.version', { policyId: params.policyId, version: params.version });
    return sendBundle(res, bundle);
  },
});

const Step = Type.Object({ at: Type.String({ format: 'date-time' }), actor: Type.String(), comment: Type.Union([Type.String(), Type.Null()]), seq: Type.Integer() });

const getVersionHistory = defineRoute({
  method: 'get',
  path: '/policies/:policyId/versions/:version/history',
  operationId: 'getVersionHistory',
  summary: 'Who made a version: every editor of its draft, the submitter, rejections, the approver and activations, with their comments (from the audit trail)',
  tag: 'Policies',
  access: 'audit:read',
  params: VersionParams,
  query: Type.Object({}, { additionalProperties: false }),
  responses: {
    200: {
      description: 'The history, oldest first.',
      schema: Type.Object({
        policyId: Type.String(),
        version: Type.Integer(),
        contentHash: Type.String(),
        publishedAt: Type.String({ format: 'date-time' }),
        edits: Type.Array(Step),
        editors: Type.Array(Type.String()),
        submitted: Type.Union([Step, Type.Null()]),
        rejected: Type.Array(Step),
        approved: Type.Union([Step, Type.Null()]),
        activations: Type.Array(Step),
        entries: Type.Array(Type.Ref(AuditEntry)),
      }),
    },
    400: UNKNOWN_PARAMETER,
    404: { description: 'No such policy or version.' },
  },
  handler: async ({ params, services, caller }) => {
    const history = await versionHistory(services, params.policyId, params.version);
    await recordRead(services, caller.user.id, 'version.history', { policyId: params.policyId, version: params.version });
    return { body: history };
  },
});

export const evidenceExportRoutes = [exportDecisions, exportVersion, getVersionHistory];
