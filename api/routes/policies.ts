/** Policies: list, create (as a draft), read, activate a version, diff two states. */
import { Type } from '@sinclair/typebox';
import type { PolicyDocument } from '../../engine/index.js';
import { defineRoute } from '../http/route.js';
import { createPolicy as create } from '../domain/draft-lifecycle.js';
import { activateVersion } from '../domain/publish-activate.js';
import { Comment, Diagnostic, DraftDocument, DraftRecord, DraftSummary, PolicyListItem, PolicyRecord } from '../schemas.js';
import { diffPolicy, listPolicies as policiesOf, readPolicy } from '../domain/policies.js';
import { actorOf, comment, draftView, PolicyParams } from './common.js';
import { ACCEPT_LANGUAGE, CONTENT_LANGUAGE, answerIn } from '../http/response-language.js';
import { diagnosticsIn } from '../domain/reader-language.js';

const TAG = 'Policies';

const listPolicies = defineRoute({
  method: 'get',
  path: '/policies',
  operationId: 'listPolicies',
  summary: 'List policies with their active version and draft status',
  tag: TAG,
  access: 'policies:read',
  responses: { 200: { description: 'Every policy.', schema: Type.Object({ items: Type.Array(Type.Ref(PolicyListItem)) }) } },
  handler: async ({ services }) => ({ body: { items: await policiesOf(services) } }),
});

const createPolicy = defineRoute({
  method: 'post',
  path: '/policies',
  operationId: 'createPolicy',
  summary: 'Create a policy; it starts as a draft (nothing is published)',
  description: 'The document may be work in progress: it is stored with its diagnostics. Its `id` becomes the policy id.',
  tag: TAG,
  access: 'drafts:write',
  headers: [ACCEPT_LANGUAGE],
  body: Type.Object({ document: DraftDocument }),
  responses: {
    201: {
      description: 'Created.',
      headers: { ETag: 'The draft\'s entity tag.', Location: 'The new policy.', ...CONTENT_LANGUAGE },
      schema: Type.Object({
        policy: Type.Ref(PolicyRecord),
        draft: Type.Ref(DraftRecord),
        valid: Type.Boolean(),
        diagnostics: Type.Array(Type.Ref(Diagnostic)),
      }),
    },
    409: { description: 'A policy with this id exists.' },
  },
  handler: async ({ body, caller, req, res, services }) => {
    const language = answerIn(req, res);
    const { policy, draft, check } = await create(services, actorOf(caller), body.document as unknown as PolicyDocument);
    return {
      status: 201,
      headers: { ETag: `"${draft.etag}"`, Location: `/api/v1/policies/${policy.id}` },
      body: { policy, draft: draftView(draft), valid: check.valid, diagnostics: diagnosticsIn(check.diagnostics, language) },
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
  handler: async ({ params, services }) => ({ body: await readPolicy(services, params.policyId) }),
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
  handler: async ({ params, body, caller, services }) => {
    const policy = await activateVersion(services, actorOf(caller), { policyId: params.policyId, version: body.version, comment: comment(body.comment) });
    return { body: policy };
  },
});

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
  headers: [ACCEPT_LANGUAGE],
  responses: {
    200: {
      description: 'What changed from `from` to `to`: the engine\'s semantic changes plus the JSON Patch that turns one document into the other.',
      headers: CONTENT_LANGUAGE,
      schema: Type.Object({
        from: Type.Union([Type.Integer(), Type.Literal('draft')]),
        to: Type.Union([Type.Integer(), Type.Literal('draft')]),
        changes: Type.Array(Type.Object({}, { additionalProperties: true }), {
          description: 'Field-level changes in words, matched by identity: `message` in the Accept-Language language, `messages` in English and French (`{en, fr}`), with `kind`, `area`, `nodeId`, `path`, `before`, `after`.',
        }),
        patch: Type.Array(Type.Object({ op: Type.String(), path: Type.String() }, { additionalProperties: true }), { description: 'RFC 6902 JSON Patch from `from` to `to`.' }),
        nodes: Type.Object({ added: Type.Array(Type.String()), removed: Type.Array(Type.String()), changed: Type.Array(Type.String()) }),
        semanticChange: Type.Boolean({ description: 'False when only layout, labels or descriptions changed.' }),
      }),
    },
    404: { description: 'No such policy, version or draft.' },
  },
  handler: async ({ params, query, services, req, res }) => {
    const language = answerIn(req, res);
    return { body: await diffPolicy(services, params.policyId, query.from ?? 'active', query.to ?? 'draft', language) };
  },
});

export const policyRoutes = [listPolicies, createPolicy, getPolicy, activate, diffRoute];
