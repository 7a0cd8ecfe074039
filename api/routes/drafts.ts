/**
 * The draft lifecycle: read, save (optimistic concurrency with ETag / If-Match), validate,
 * test-run, submit, approve (four eyes, checks, publish), reject.
 */
import { Type } from '@sinclair/typebox';
import type { PolicyDocument } from '../../engine/index.js';
import { defineRoute } from '../http/route.js';
import { testRunDraft, rejectDraft as reject, readDraft, saveDraft as save, submitDraft as submit, validateDraft as validate } from '../domain/draft-lifecycle.js';
import { approveDraft as approve } from '../domain/publish-activate.js';
import { Comment, Diagnostic, DecisionRef, DraftDocument, DraftRecord, DraftWithDiagnostics, Facts, GoldenResult, VersionRecord } from '../schemas.js';
import { notModified } from '../http/conditional.js';
import { actorOf, comment, draftView, etagHeader, ifMatchOf, PolicyParams, requireIfMatch } from './common.js';
import { ACCEPT_LANGUAGE, CONTENT_LANGUAGE, answerIn } from '../http/response-language.js';
import { diagnosticsIn } from '../domain/reader-language.js';

const TAG = 'Drafts';
const ETAG = { ETag: 'The draft\'s entity tag: send it back in If-Match.' };

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
    const draft = await readDraft(services, params.policyId);
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
  headers: [{ name: 'If-Match', required: true, description: 'The ETag of the draft you edited (428 if missing, 412 if stale).' }, ACCEPT_LANGUAGE],
  body: Type.Object({ document: DraftDocument, comment: Type.Optional(Type.String({ maxLength: 2000 })) }),
  responses: {
    200: { description: 'Saved.', schema: Type.Ref(DraftWithDiagnostics), headers: { ...ETAG, ...CONTENT_LANGUAGE } },
    409: { description: 'The draft is awaiting approval: reject it first to edit.' },
    412: { description: 'The draft changed since you read it.' },
    428: { description: 'No If-Match header.' },
  },
  handler: async ({ params, body, caller, req, res, services }) => {
    const language = answerIn(req, res);
    const ifMatch = requireIfMatch(req);
    const { draft, check } = await save(services, actorOf(caller), {
      policyId: params.policyId,
      document: body.document as unknown as PolicyDocument,
      ifMatch,
      comment: body.comment?.trim() || null,
    });
    return { headers: { ETag: etagHeader(draft.etag) }, body: { ...draftView(draft), valid: check.valid, diagnostics: diagnosticsIn(check.diagnostics, language) } };
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
  headers: [ACCEPT_LANGUAGE],
  body: Type.Object({ document: Type.Optional(DraftDocument) }),
  bodyRequired: false,
  responses: { 200: { description: 'Diagnostics (messages in the Accept-Language language) and golden-test results.', schema: CheckResult, headers: CONTENT_LANGUAGE } },
  handler: async ({ params, body, req, res, services }) => {
    const language = answerIn(req, res);
    const check = await validate(services, params.policyId, body?.document);
    return { body: { valid: check.valid && check.goldenPassed, diagnostics: diagnosticsIn(check.diagnostics, language), golden: check.golden } };
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
    return { body: await testRunDraft(services, params.policyId, body.facts, body.trace === true) };
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
  headers: [{ name: 'If-Match', required: false, description: 'Optional: submit only if the draft is still the one you saw.' }, ACCEPT_LANGUAGE],
  body: CommentBody,
  responses: {
    200: { description: 'Awaiting approval.', schema: Type.Ref(DraftRecord), headers: ETAG },
    409: { description: 'Already submitted.' },
    422: { description: 'The draft has validation errors (diagnostics attached).' },
  },
  handler: async ({ params, body, caller, req, services }) => {
    const submitted = await submit(services, actorOf(caller), { policyId: params.policyId, ifMatch: ifMatchOf(req), comment: comment(body.comment) });
    return { headers: { ETag: etagHeader(submitted.etag) }, body: draftView(submitted) };
  },
});

const approveDraft = defineRoute({
  method: 'post',
  path: '/policies/:policyId/draft/approve',
  operationId: 'approveDraft',
  summary: 'Approve the submitted draft: validation and golden tests run, then version N+1 is published',
  description:
    'Only a different person than the one who submitted the draft, and than everyone who changed its content since the last published version, may approve it. ' +
    'Send the ETag of the draft you reviewed in If-Match: if it changed since, nothing is published (412). ' +
    'The first published version is also activated; later ones are activated explicitly.',
  tag: TAG,
  access: 'drafts:review',
  params: PolicyParams,
  headers: [{ name: 'If-Match', required: false, description: 'The ETag of the draft you reviewed: 412 if the draft changed since.' }, ACCEPT_LANGUAGE],
  body: CommentBody,
  responses: {
    201: { description: 'The published version.', schema: Type.Ref(VersionRecord), headers: { Location: 'The new version.' } },
    403: { description: 'You submitted or changed this draft (four-eyes rule).' },
    409: { description: 'The draft is not awaiting approval.' },
    412: { description: 'The draft changed since you reviewed it (If-Match).' },
    422: { description: 'Validation or golden tests fail (diagnostics and golden results attached).' },
  },
  handler: async ({ params, body, caller, req, services }) => {
    const version = await approve(services, actorOf(caller), { policyId: params.policyId, ifMatch: ifMatchOf(req), comment: comment(body.comment) });
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
  headers: [{ name: 'If-Match', required: false, description: 'The ETag of the draft you reviewed: 412 if the draft changed since.' }, ACCEPT_LANGUAGE],
  body: CommentBody,
  responses: {
    200: { description: 'Back to editing.', schema: Type.Ref(DraftRecord), headers: ETAG },
    409: { description: 'The draft is not awaiting approval.' },
    412: { description: 'The draft changed since you reviewed it (If-Match).' },
  },
  handler: async ({ params, body, caller, req, services }) => {
    const draft = await reject(services, actorOf(caller), { policyId: params.policyId, ifMatch: ifMatchOf(req), comment: comment(body.comment) });
    return { headers: { ETag: etagHeader(draft.etag) }, body: draftView(draft) };
  },
});

export const draftRoutes = [getDraft, saveDraft, validateDraft, evaluateDraft, submitDraft, approveDraft, rejectDraft];
