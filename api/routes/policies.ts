/** Policies: list, create (as a draft), read, activate a version, diff two states. */
import { Type } from '@sinclair/typebox';
import type { PolicyDocument } from '../../engine/index.js';
import { defineRoute } from '../http/route.js';
import { ApiError } from '../http/problems.js';
import { checkDraft, diff } from '../policy-engine.js';
import { Comment, Diagnostic, DraftDocument, DraftRecord, DraftSummary, PolicyListItem, PolicyRecord } from '../schemas.js';
import { auditOf, comment, draftSummary, draftView, PolicyParams } from './common.js';
import type { Services } from '../services.js';

const TAG = 'Policies';

const listPolicies = defineRoute({
  method: 'get',
  path: '/policies',
  operationId: 'listPolicies',
  summary: 'List policies with their active version and draft status',
  tag: TAG,
  access: 'policies:read',
  responses: { 200: { description: 'Every policy.', schema: Type.Object({ items: Type.Array(Type.Ref(PolicyListItem)) }) } },
  handler: async ({ services: { store } }) => {
    const policies = await store.listPolicies();
    const drafts = await Promise.all(policies.map((p) => store.getDraft(p.id)));
    return {
      body: {
        items: policies.map((p, i) => ({
          id: p.id,
          name: p.name,
          activeVersion: p.activeVersion,
          latestVersion: p.latestVersion,
          updatedAt: p.updatedAt,
          draft: draftSummary(drafts[i] ?? null),
        })),
      },
    };
  },
});

const createPolicy = defineRoute({
  method: 'post',
  path: '/policies',
  operationId: 'createPolicy',
  summary: 'Create a policy; it starts as a draft (nothing is published)',
  description: 'The document may be work in progress: it is stored with its diagnostics. Its `id` becomes the policy id.',
  tag: TAG,
  access: 'drafts:write',
  body: Type.Object({ document: DraftDocument }),
  responses: {
    201: {
      description: 'Created.',
      headers: { ETag: 'The draft\'s entity tag.', Location: 'The new policy.' },
      schema: Type.Object({
        policy: Type.Ref(PolicyRecord),
        draft: Type.Ref(DraftRecord),
        valid: Type.Boolean(),
        diagnostics: Type.Array(Type.Ref(Diagnostic)),
      }),
    },
    409: { description: 'A policy with this id exists.' },
  },
  handler: async ({ body, caller, services: { store } }) => {
    const document = body.document as unknown as PolicyDocument;
    const check = checkDraft(document);
    const { policy, draft } = await store.createPolicy({ document, audit: auditOf(caller, null, { valid: check.valid }) });
    return {
      status: 201,
      headers: { ETag: `"${draft.etag}"`, Location: `/api/v1/policies/${policy.id}` },
      body: { policy, draft: draftView(draft), valid: check.valid, diagnostics: check.diagnostics },
    };
  },
});

const getPolicy = defineRoute({
  method: 'get',
  path: '/policies/:policyId',
  operationId: 'getPolicy',
  summary: 'Read a policy record and its draft status',
  tag: TAG,
  access: 'policies:read',
  params: PolicyParams,
  responses: {
    200: { description: 'The policy.', schema: Type.Object({ policy: Type.Ref(PolicyRecord), draft: Type.Union([Type.Ref(DraftSummary), Type.Null()]) }) },
    404: { description: 'No such policy.' },
  },
  handler: async ({ params, services: { store } }) => {
    const policy = await store.getPolicy(params.policyId);
    if (!policy) throw new ApiError('NOT_FOUND', `No policy "${params.policyId}".`);
    const draft = await store.getDraft(params.policyId);
    return { body: { policy, draft: draftSummary(draft) } };
  },
});

const activate = defineRoute({
  method: 'post',
  path: '/policies/:policyId/activate',
  operationId: 'activateVersion',
  summary: 'Make a published version the one decisions use (rollback = activate an older one)',
  tag: TAG,
  access: 'drafts:review',
  params: PolicyParams,
  body: Type.Object({ version: Type.Integer({ minimum: 1 }), comment: Comment }),
  responses: { 200: { description: 'The policy, with its new active version.', schema: Type.Ref(PolicyRecord) }, 404: { description: 'No such policy or version.' } },
  handler: async ({ params, body, caller, services: { store, versions } }) => {
    const version = await store.getVersion(params.policyId, body.version);
    if (!version) throw new ApiError('NOT_FOUND', `Policy "${params.policyId}" has no version ${body.version}.`);
    const policy = await store.activateVersion(params.policyId, { version: body.version, audit: auditOf(caller, comment(body.comment)) });
    versions.forget(params.policyId);
    return { body: policy };
  },
});

/** 'draft', 'active' or a version number → the document and a label for the answer. */
async function documentAt(services: Services, policyId: string, which: string): Promise<{ ref: string | number; document: PolicyDocument }> {
  if (which === 'draft') {
    const draft = await services.store.getDraft(policyId);
    if (!draft) throw new ApiError('NOT_FOUND', `Policy "${policyId}" has no draft.`);
    return { ref: 'draft', document: draft.document };
  }
  let version: number;
  if (which === 'active') {
    const policy = await services.store.getPolicy(policyId);
    if (!policy) throw new ApiError('NOT_FOUND', `No policy "${policyId}".`);
    if (policy.activeVersion === null) throw new ApiError('NO_ACTIVE_VERSION', `Policy "${policyId}" has no active version to compare with; name one with ?from=.`);
    version = policy.activeVersion;
  } else version = Number(which);
  const content = await services.versions.content(policyId, version);
  return { ref: version, document: content.document };
}

const versionRef = (fallback: string) =>
  Type.String({ pattern: '^(draft|active|[1-9][0-9]{0,8})$', default: fallback, description: `A version number, \`active\` or \`draft\` (default \`${fallback}\`).` });

const diffRoute = defineRoute({
  method: 'get',
  path: '/policies/:policyId/diff',
  operationId: 'diffPolicy',
  summary: 'Semantic diff and RFC 6902 JSON Patch between two versions or the draft',
  tag: TAG,
  access: 'policies:read',
  params: PolicyParams,
  query: Type.Object({
    from: Type.Optional(versionRef('active')),
    to: Type.Optional(versionRef('draft')),
  }),
  responses: {
    200: {
      description: 'What changed from `from` to `to`: the engine\'s semantic changes plus the JSON Patch that turns one document into the other.',
      schema: Type.Object({
        from: Type.Union([Type.Integer(), Type.Literal('draft')]),
        to: Type.Union([Type.Integer(), Type.Literal('draft')]),
        changes: Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'Field-level changes in words, matched by identity.' }),
        patch: Type.Array(Type.Object({ op: Type.String(), path: Type.String() }, { additionalProperties: true }), { description: 'RFC 6902 JSON Patch from `from` to `to`.' }),
        nodes: Type.Object({ added: Type.Array(Type.String()), removed: Type.Array(Type.String()), changed: Type.Array(Type.String()) }),
        semanticChange: Type.Boolean({ description: 'False when only layout, labels or descriptions changed.' }),
      }),
    },
    404: { description: 'No such policy, version or draft.' },
  },
  handler: async ({ params, query, services }) => {
    const from = await documentAt(services, params.policyId, query.from ?? 'active');
    const to = await documentAt(services, params.policyId, query.to ?? 'draft');
    return { body: { from: from.ref, to: to.ref, ...diff(from.document, to.document) } };
  },
});

export const policyRoutes = [listPolicies, createPolicy, getPolicy, activate, diffRoute];
