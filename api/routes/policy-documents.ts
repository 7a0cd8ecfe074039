/**
 * Policy documents outside JSON: the workbook of a version or of the draft (.xlsx), a workbook
 * imported into the draft (a dry run that shows the changes in words and the problems, then one
 * audited draft save with If-Match), and the credit-committee document (print-ready HTML, PDF).
 */
import { Type } from '@sinclair/typebox';
import type { Response } from 'express';
import type { ImportPreview } from '../../engine/policy-tables/index.js';
import { defineRoute } from '../http/route.js';
import { ApiError } from '../http/problems.js';
import { Diagnostic, DraftWithDiagnostics } from '../schemas.js';
import { actorOf, etagHeader, PolicyParams, requireIfMatch, VersionParams } from './common.js';
import { committeeDocument, draftWorkbook as draftWorkbookOf, importWorkbook as importWorkbookInto, previewWorkbookImport, versionWorkbook as versionWorkbookOf, XLSX_TYPE } from '../domain/policy-documents.js';
import { LANGUAGES } from '../policy-documents/committee-document.js';
import { committeeHtml } from '../policy-documents/committee-html.js';
import { committeePdf } from '../policy-documents/committee-pdf.js';
import { ACCEPT_LANGUAGE, CONTENT_LANGUAGE, answerIn } from '../http/response-language.js';
import { diagnosticsIn, type Language } from '../domain/reader-language.js';

const TAG = 'Policy documents';

const LangQuery = Type.Object({
  lang: Type.Optional(Type.Union(LANGUAGES.map((l) => Type.Literal(l)), { default: 'en', description: 'Language of the document: `en` (default) or `fr`.' })),
});

function sendFile(res: Response, type: string, name: string, bytes: Buffer | string, immutable: boolean) {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
  if (immutable) res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
  res.send(bytes);
}

const XLSX_RESPONSE = { description: 'The workbook (.xlsx): a read-me sheet and one sheet per table.', schema: Type.String({ format: 'binary' }), contentType: XLSX_TYPE };

const versionWorkbook = defineRoute({
  method: 'get',
  path: '/policies/:policyId/versions/:version/workbook.xlsx',
  operationId: 'getVersionWorkbook',
  summary: 'Download a version as an Excel workbook (a sheet per table a credit manager maintains)',
  tag: TAG,
  access: 'policies:read',
  params: VersionParams,
  responses: { 200: XLSX_RESPONSE, 404: { description: 'No such policy or version.' } },
  handler: async ({ params, services, res }) => {
    const { bytes, fileName } = await versionWorkbookOf(services, params.policyId, params.version);
    sendFile(res, XLSX_TYPE, fileName, bytes, false);
    return {};
  },
});

const draftWorkbook = defineRoute({
  method: 'get',
  path: '/policies/:policyId/draft/workbook.xlsx',
  operationId: 'getDraftWorkbook',
  summary: 'Download the draft as an Excel workbook',
  tag: TAG,
  access: 'policies:read',
  params: PolicyParams,
  responses: { 200: { ...XLSX_RESPONSE, headers: { ETag: 'The draft\'s entity tag when exported.' } }, 404: { description: 'No such policy or draft.' } },
  handler: async ({ params, services, res }) => {
    const { bytes, etag, fileName } = await draftWorkbookOf(services, params.policyId);
    res.setHeader('ETag', etagHeader(etag));
    sendFile(res, XLSX_TYPE, fileName, bytes, false);
    return {};
  },
});

const ImportProblem = Type.Object({
  sheet: Type.Union([Type.String(), Type.Null()]),
  row: Type.Union([Type.Integer(), Type.Null()]),
  column: Type.Union([Type.String(), Type.Null()], { description: 'Column letter.' }),
  message: Type.String(),
  text: Type.String({ description: 'Where and what, e.g. `Bands!C7: \'abc\' is not a number`.' }),
});
const ImportPreviewBody = Type.Object({
  ok: Type.Boolean({ description: 'False when the workbook has problems: nothing can be imported until they are fixed.' }),
  problems: Type.Array(ImportProblem),
  source: Type.Object({ policyId: Type.Union([Type.String(), Type.Null()]), version: Type.Union([Type.String(), Type.Null()]), contentHash: Type.Union([Type.String(), Type.Null()]) }, { description: 'What the read-me sheet says the workbook was exported from.' }),
  changes: Type.Array(Type.Object({ message: Type.String() }, { additionalProperties: true }), { description: 'What the import changes in the draft, in words (the policy diff).' }),
  semanticChange: Type.Boolean(),
  validation: Type.Union([Type.Object({ valid: Type.Boolean(), diagnostics: Type.Array(Type.Ref(Diagnostic)) }), Type.Null()]),
  document: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()], { description: 'The draft as it would be after the import.' }),
});

/** Change sentences in the reader's language (each change carries both). */
const changesIn = <C extends { message: string; messages?: Record<Language, string> }>(changes: C[], language: Language): C[] =>
  changes.map((c) => ({ ...c, message: c.messages?.[language] ?? c.message }));

const previewBody = (p: ImportPreview, language: Language) => ({
  ok: p.ok,
  problems: p.problems,
  source: p.source,
  changes: changesIn(p.diff?.changes ?? [], language),
  semanticChange: p.diff?.semanticChange ?? false,
  validation: p.validation ? { valid: p.validation.valid, diagnostics: diagnosticsIn(p.validation.diagnostics, language) } : null,
  document: p.document,
});

/** The uploaded bytes (read by the workbook upload middleware); an empty body is the caller's mistake. */
function workbookOf(body: unknown): Buffer {
  const bytes = body as Buffer;
  if (!bytes || bytes.length === 0) throw new ApiError('EMPTY_BODY', `Send the .xlsx file as the request body (Content-Type: ${XLSX_TYPE}).`);
  return bytes;
}

const WORKBOOK_BODY = `The .xlsx file as the raw request body (Content-Type ${XLSX_TYPE} or application/octet-stream), at most 5 MB.`;

const previewWorkbook = defineRoute({
  method: 'post',
  path: '/policies/:policyId/draft/workbook/preview',
  operationId: 'previewDraftWorkbook',
  summary: 'Dry run of a workbook import: the changes in words and the problems, nothing saved',
  description: `${WORKBOOK_BODY} Every problem names its sheet, row and column (\`Bands!C7: 'abc' is not a number\`): unknown or missing sheets, reordered columns, merged cells, formulas, a workbook of another policy, a file that is not a workbook.`,
  tag: TAG,
  access: 'drafts:check',
  params: PolicyParams,
  rawBody: { contentTypes: [XLSX_TYPE, 'application/octet-stream'], description: WORKBOOK_BODY },
  headers: [ACCEPT_LANGUAGE],
  responses: { 200: { description: 'What the import would do.', schema: ImportPreviewBody, headers: CONTENT_LANGUAGE }, 404: { description: 'No such policy or draft.' }, 413: { description: 'Body above 5 MB.' } },
  handler: async ({ params, services, req, res }) => {
    const language = answerIn(req, res);
    return { body: previewBody(await previewWorkbookImport(services, params.policyId, workbookOf(res.locals.workbook)), language) };
  },
});

const importWorkbook = defineRoute({
  method: 'post',
  path: '/policies/:policyId/draft/workbook',
  operationId: 'importDraftWorkbook',
  summary: 'Import a workbook into the draft: one audited draft save (If-Match required)',
  description: `${WORKBOOK_BODY} A workbook with any problem changes nothing (422 WORKBOOK_INVALID with the problems). The save is audited with the number of changes; the answer carries the changes in words and the draft's diagnostics.`,
  tag: TAG,
  access: 'drafts:write',
  params: PolicyParams,
  query: Type.Object({ comment: Type.Optional(Type.String({ maxLength: 2000, description: 'Why: kept in the audit trail.' })) }),
  headers: [{ name: 'If-Match', required: true, description: 'The ETag of the draft the workbook is imported into (428 if missing, 412 if stale).' }, ACCEPT_LANGUAGE],
  rawBody: { contentTypes: [XLSX_TYPE, 'application/octet-stream'], description: WORKBOOK_BODY },
  responses: {
    200: {
      description: 'Saved.',
      schema: Type.Composite([Type.Omit(DraftWithDiagnostics, []), Type.Object({ changes: Type.Array(Type.Object({ message: Type.String() }, { additionalProperties: true })) })]),
      headers: { ETag: 'The draft\'s new entity tag.', ...CONTENT_LANGUAGE },
    },
    409: { description: 'The draft is awaiting approval.' },
    412: { description: 'The draft changed since you read it.' },
    413: { description: 'Body above 5 MB.' },
    422: { description: 'The workbook has problems (listed); nothing was saved.' },
    428: { description: 'No If-Match header.' },
  },
  handler: async ({ params, query, caller, req, res, services }) => {
    const language = answerIn(req, res);
    const ifMatch = requireIfMatch(req);
    const { draft, check, changes } = await importWorkbookInto(services, actorOf(caller), {
      policyId: params.policyId,
      bytes: workbookOf(res.locals.workbook),
      ifMatch,
      comment: query.comment?.trim() || null,
    });
    return { headers: { ETag: etagHeader(draft.etag) }, body: { ...draft, valid: check.valid, diagnostics: diagnosticsIn(check.diagnostics, language), changes: changesIn(changes, language) } };
  },
});

const HTML_RESPONSE = { description: 'A print-ready HTML page (print stylesheet: page breaks, running header with the content hash, page numbers).', schema: Type.String(), contentType: 'text/html' };
const PDF_RESPONSE = { description: 'The committee document as a PDF.', schema: Type.String({ format: 'binary' }), contentType: 'application/pdf' };

const versionHtml = defineRoute({
  method: 'get',
  path: '/policies/:policyId/versions/:version/document.html',
  operationId: 'getVersionDocumentHtml',
  summary: 'The credit-committee document of a version, as a print-ready HTML page (FR or EN)',
  tag: TAG,
  access: 'policies:read',
  params: VersionParams,
  query: LangQuery,
  responses: { 200: HTML_RESPONSE, 404: { description: 'No such policy or version.' } },
  handler: async ({ params, query, services, res }) => {
    const doc = await committeeDocument(services, params.policyId, params.version, query.lang ?? 'en');
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.send(committeeHtml(doc));
    return {};
  },
});

const versionPdf = defineRoute({
  method: 'get',
  path: '/policies/:policyId/versions/:version/document.pdf',
  operationId: 'getVersionDocumentPdf',
  summary: 'The credit-committee document of a version, as a PDF (FR or EN)',
  tag: TAG,
  access: 'policies:read',
  params: VersionParams,
  query: LangQuery,
  responses: { 200: PDF_RESPONSE, 404: { description: 'No such policy or version.' } },
  handler: async ({ params, query, services, res }) => {
    const lang = query.lang ?? 'en';
    const doc = await committeeDocument(services, params.policyId, params.version, lang);
    sendFile(res, 'application/pdf', `${params.policyId}-v${params.version}-${lang}.pdf`, await committeePdf(doc), false);
    return {};
  },
});

export const policyDocumentRoutes = [versionWorkbook, draftWorkbook, previewWorkbook, importWorkbook, versionHtml, versionPdf];
