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

const getActiveVersion = defineRoute({
  method: 'get',
  path: '/policies/:policyId/versions/active',
  operationId: 'getActiveVersion',
  summary: 'Read the active version (the one decisions use) with its document and content hash',
  tag: TAG,
  access: 'policies:read',
  params: PolicyParams,
  responses: {
    200: { description: 'The active version.', schema: Type.Ref(VersionRecord), headers: { 'Content-Location': 'The numbered version this is.' } },
    404: { description: 'No such policy.' },
    409: { description: 'The policy has no active version yet.' },
  },
  handler: async ({ params, services: { store } }) => {
    const policy = await store.getPolicy(params.policyId);
    if (!policy) throw new ApiError('NOT_FOUND', `No policy "${params.policyId}".`);
    if (policy.activeVersion === null) throw new ApiError('NO_ACTIVE_VERSION', `Policy "${params.policyId}" has no active version yet.`);
    const version = await store.getVersion(params.policyId, policy.activeVersion);
    if (!version) throw new ApiError('NOT_FOUND', `Policy "${params.policyId}" has no version ${policy.activeVersion}.`);
    // Which version is active changes (activation, rollback): no long caching, unlike /versions/{n}.
    return { headers: { 'Content-Location': `/api/v1/policies/${params.policyId}/versions/${version.version}`, 'Cache-Control': 'no-cache' }, body: version };
  },
});

// "active" before ":version": the literal segment must win.
export const versionRoutes = [listVersions, getActiveVersion, getVersion];
