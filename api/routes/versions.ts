/** Published versions: immutable, listed and read by number. */
import { Type } from '@sinclair/typebox';
import { defineRoute } from '../http/route.js';
import { ApiError } from '../http/problems.js';
import { VersionRecord, VersionSummary } from '../schemas.js';
import { PolicyParams, VersionParams } from './common.js';

const TAG = 'Versions';

const listVersions = defineRoute({
  method: 'get',
  path: '/policies/:policyId/versions',
  operationId: 'listVersions',
  summary: 'List the published versions of a policy (without their documents)',
  tag: TAG,
  access: 'policies:read',
  params: PolicyParams,
  responses: { 200: { description: 'Versions, oldest first.', schema: Type.Object({ items: Type.Array(Type.Ref(VersionSummary)) }) }, 404: { description: 'No such policy.' } },
  handler: async ({ params, services: { store } }) => {
    if (!(await store.getPolicy(params.policyId))) throw new ApiError('NOT_FOUND', `No policy "${params.policyId}".`);
    return { body: { items: await store.listVersions(params.policyId) } };
  },
});

const getVersion = defineRoute({
  method: 'get',
  path: '/policies/:policyId/versions/:version',
  operationId: 'getVersion',
  summary: 'Read one published version with its document and content hash',
  tag: TAG,
  access: 'policies:read',
  params: VersionParams,
  responses: { 200: { description: 'The version.', schema: Type.Ref(VersionRecord) }, 404: { description: 'No such policy or version.' } },
  handler: async ({ params, services: { store } }) => {
    const version = await store.getVersion(params.policyId, params.version);
    if (!version) throw new ApiError('NOT_FOUND', `Policy "${params.policyId}" has no version ${params.version}.`);
    // Versions never change: let clients and proxies keep them.
    return { headers: { ETag: `"${version.contentHash}"`, 'Cache-Control': 'private, max-age=31536000, immutable' }, body: version };
  },
});

export const versionRoutes = [listVersions, getVersion];
