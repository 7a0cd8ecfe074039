/**
 * The draft lifecycle: read, save (optimistic concurrency with ETag / If-Match), validate,
 * test-run, submit, approve (four eyes, checks, publish), reject.
 */
import { Type } from '@sinclair/typebox';
import type { PolicyDocument } from '../../engine/index.js';
import { defineRoute } from '../http/route.js';
import { ApiError } from '../http/problems.js';
import { checkDraft, checkFactsOrThrow, compileDraft, contentHashOf, evaluate, policyProblem } from '../policy-engine.js';
import { Comment, Diagnostic, DecisionRef, DraftDocument, DraftRecord, DraftWithDiagnostics, Facts, GoldenResult, VersionRecord } from '../schemas.js';
import { notModified } from '../http/conditional.js';
import { auditOf, comment, draftView, etagHeader, ifMatchOf, PolicyParams, requireIfMatch } from './common.js';
import type { Services } from '../services.js';

const TAG = 'Drafts';
const ETAG = { ETag: 'The draft\'s entity tag: send it back in If-Match.' };

async function draftOf(services: Services, policyId: string) {
  const draft = await services.store.getDraft(policyId);
  if (!draft) {
    const policy = await services.store.getPolicy(policyId);
    throw new ApiError('NOT_FOUND', policy ? `Policy "${policyId}" has no draft.` : `No policy "${policyId}".`);
  }
  return draft;
}

const getDraft = defineRoute({
  method: 'get',
  path: '/policies/:policyId/draft',
  operationId: 'getDraft',
  summary: 'Read the draft (its ETag comes in the ETag header)',
  tag: TAG,
  access: 'policies:read',
  params: PolicyParams,
  headers: [{ name: 'If-None-Match', required: false, description: 'The ETag you hold: 304 without a body when the draft has not changed.' }],
  responses: {
    200: { description: 'The draft.', schema: Type.Ref(DraftRecord), headers: ETAG },
    304: { description: 'Not modified: the ETag you sent is still the draft\'s.', headers: ETAG },
    404: { description: 'No such policy or draft.' },
  },
  handler: async ({ params, services, req }) => {
    const draft = await draftOf(services, params.policyId);
    if (notModified(req, draft.etag)) return { status: 304, headers: { ETag: etagHeader(draft.etag) } };
    return { headers: { ETag: etagHeader(draft.etag) }, body: draftView(draft) };
  },
});

const saveDraft = defineRoute({
  method: 'put',
  path: '/policies/:policyId/draft',
  operationId: 'saveDraft',
  summary: 'Save the draft (If-Match required); answers with its diagnostics',
  description:
    'A draft may be work in progress: it is saved even when validation reports errors, and the diagnostics come back with it. ' +
    'If-Match is compared strongly (RFC 9110): send the ETag header or the JSON `etag` exactly as received; `*`, weak (`W/`) or unquoted tags answer 412.',
  tag: TAG,
  access: 'drafts:write',
  params: PolicyParams,
  headers: [{ name: 'If-Match', required: true, description: 'The ETag of the draft you edited (428 if missing, 412 if stale).' }],
  body: Type.Object({ document: DraftDocument, comment: Type.Optional(Type.String({ maxLength: 2000 })) }),
  responses: {
    200: { description: 'Saved.', schema: Type.Ref(DraftWithDiagnostics), headers: ETAG },
    409: { description: 'The draft is awaiting approval: reject it first to edit.' },
    412: { description: 'The draft changed since you read it.' },
    428: { description: 'No If-Match header.' },
  },
  handler: async ({ params, body, caller, req, services: { store } }) => {
    const ifMatch = requireIfMatch(req);
    if (body.document.id !== params.policyId)
      throw new ApiError('INVALID_REQUEST', `The document's id "${String(body.document.id)}" is not the policy's id "${params.policyId}".`, {
        errors: [{ pointer: '/document/id', detail: `must be "${params.policyId}"` }],
      });
    const check = checkDraft(body.document);
    const errors = check.diagnostics.filter((d) => d.severity === 'error').length;
    const draft = await store.saveDraft(params.policyId, {
      document: body.document as unknown as PolicyDocument,
      ifMatch,
      audit: auditOf(caller, body.comment?.trim() || null, { errors, warnings: check.diagnostics.length - errors }),
    });
    return { headers: { ETag: etagHeader(draft.etag) }, body: { ...draftView(draft), valid: check.valid, diagnostics: check.diagnostics } };
  },
});

const CheckResult = Type.Object({
  valid: Type.Boolean({ description: 'No diagnostic of severity error and every golden test passes.' }),
  diagnostics: Type.Array(Type.Ref(Diagnostic)),
  golden: Type.Array(Type.Ref(GoldenResult)),
});

const validateDraft = defineRoute({
  method: 'post',
  path: '/policies/:policyId/draft/validate',
  operationId: 'validateDraft',
  summary: 'Validate the saved draft, or the document sent (unsaved edits), and run its golden tests',
  tag: TAG,
  access: 'drafts:check',
  params: PolicyParams,
  body: Type.Object({ document: Type.Optional(DraftDocument) }),
  bodyRequired: false,
  responses: { 200: { description: 'Diagnostics and golden-test results.', schema: CheckResult } },
  handler: async ({ params, body, services }) => {
    const document = body?.document ?? (await draftOf(services, params.policyId)).document;
    const check = checkDraft(document);
    return { body: { valid: check.valid && check.goldenPassed, diagnostics: check.diagnostics, golden: check.golden } };
  },
});

const evaluateDraft = defineRoute({
  method: 'post',
  path: '/policies/:policyId/draft/evaluate',
  operationId: 'evaluateDraft',
  summary: 'Test-run the saved draft on facts (not logged)',
  tag: TAG,
  access: 'drafts:check',
  params: PolicyParams,
  body: Type.Object({ facts: Facts, trace: Type.Optional(Type.Boolean()) }),
  responses: {
    200: { description: 'The decision the draft gives.', schema: DecisionRef },
    422: { description: 'The draft does not compile, or the facts do not match its inputs.' },
  },
  handler: async ({ params, body, services }) => {
    const draft = await draftOf(services, params.policyId);
    // Keyed by etag: every save changes it, so a cached compile is never the wrong content.
    const compiled = services.draftsCompiled.getOrCompile(params.policyId, draft.etag, () => compileDraft(draft.document));
    const facts = checkFactsOrThrow(compiled, body.facts);
    return { body: evaluate(compiled, facts, body.trace === true) };
  },
});

const CommentBody = Type.Object({ comment: Comment });

const submitDraft = defineRoute({
  method: 'post',
  path: '/policies/:policyId/draft/submit',
  operationId: 'submitDraft',
  summary: 'Submit the draft for approval (it must validate)',
  tag: TAG,
  access: 'drafts:write',
  params: PolicyParams,
  headers: [{ name: 'If-Match', required: false, description: 'Optional: submit only if the draft is still the one you saw.' }],
  body: CommentBody,
  responses: {
    200: { description: 'Awaiting approval.', schema: Type.Ref(DraftRecord), headers: ETAG },
    409: { description: 'Already submitted.' },
    422: { description: 'The draft has validation errors (diagnostics attached).' },
  },
  handler: async ({ params, body, caller, req, services }) => {
    const draft = await draftOf(services, params.policyId);
    // Nobody should be asked to approve what cannot be published.
    const check = checkDraft(draft.document);
    if (!check.valid) throw policyProblem(check, 'The draft');
    const ifMatch = ifMatchOf(req);
    const submitted = await services.store.submitDraft(params.policyId, {
      ...(ifMatch ? { ifMatch } : {}),
      audit: auditOf(caller, comment(body.comment)),
    });
    return { headers: { ETag: etagHeader(submitted.etag) }, body: draftView(submitted) };
  },
});

const approveDraft = defineRoute({
  method: 'post',
  path: '/policies/:policyId/draft/approve',
  operationId: 'approveDraft',
  summary: 'Approve the submitted draft: validation and golden tests run, then version N+1 is published',
  description: 'Only a different person than the one who submitted the draft may approve it. The first published version is also activated; later ones are activated explicitly.',
  tag: TAG,
  access: 'drafts:review',
  params: PolicyParams,
  body: CommentBody,
  responses: {
    201: { description: 'The published version.', schema: Type.Ref(VersionRecord), headers: { Location: 'The new version.' } },
    403: { description: 'You submitted this draft (four-eyes rule).' },
    409: { description: 'The draft is not awaiting approval.' },
    422: { description: 'Validation or golden tests fail (diagnostics and golden results attached).' },
  },
  handler: async ({ params, body, caller, services }) => {
    const draft = await draftOf(services, params.policyId);
    if (draft.status !== 'submitted') throw new ApiError('CONFLICT', `The draft of "${params.policyId}" is not awaiting approval (status ${draft.status}).`);
    const me = caller.user.id;
    if (draft.submittedBy === me) throw new ApiError('FOUR_EYES', 'You submitted this draft: another approver must approve it.');
    const check = checkDraft(draft.document);
    if (!check.valid) throw policyProblem(check, 'The draft cannot be published');
    const contentHash = contentHashOf(draft.document);
    const version = await services.store.publishDraft(params.policyId, {
      ifMatch: draft.etag,
      contentHash,
      approvedBy: me,
      approveComment: comment(body.comment),
      audit: auditOf(caller, comment(body.comment)),
    });
    services.versions.forget(params.policyId);
    return { status: 201, headers: { Location: `/api/v1/policies/${params.policyId}/versions/${version.version}` }, body: version };
  },
});

const rejectDraft = defineRoute({
  method: 'post',
  path: '/policies/:policyId/draft/reject',
  operationId: 'rejectDraft',
  summary: 'Send the submitted draft back to editing',
  tag: TAG,
  access: 'drafts:review',
  params: PolicyParams,
  body: CommentBody,
  responses: { 200: { description: 'Back to editing.', schema: Type.Ref(DraftRecord), headers: ETAG }, 409: { description: 'The draft is not awaiting approval.' } },
  handler: async ({ params, body, caller, services }) => {
    await draftOf(services, params.policyId);
    const draft = await services.store.rejectDraft(params.policyId, { audit: auditOf(caller, comment(body.comment)) });
    return { headers: { ETag: etagHeader(draft.etag) }, body: draftView(draft) };
  },
});

export const draftRoutes = [getDraft, saveDraft, validateDraft, evaluateDraft, submitDraft, approveDraft, rejectDraft];
