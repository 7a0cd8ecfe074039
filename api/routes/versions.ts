/** Published versions: immutable, listed and read by number. */
import { Type } from '@sinclair/typebox';
import { defineRoute } from '../http/route.js';
import { listVersions as versionsOf, readActiveVersion, readVersion } from '../domain/policies.js';
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
  handler: async ({ params, services }) => ({ body: { items: await versionsOf(services, params.policyId) } }),
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
  handler: async ({ params, services }) => {
    const version = await readVersion(services, params.policyId, params.version);
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
  handler: async ({ params, services }) => {
    const version = await readActiveVersion(services, params.policyId);
    // Which version is active changes (activation, rollback): no long caching, unlike /versions/{n}.
    return { headers: { 'Content-Location': `/api/v1/policies/${params.policyId}/versions/${version.version}`, 'Cache-Control': 'no-cache' }, body: version };
  },
});

// "active" before ":version": the literal segment must win.
export const versionRoutes = [listVersions, getActiveVersion, getVersion];
