/**
 * TypeBox schemas of every API payload. They validate requests (api/http/route.ts), type the
 * handlers (Static<>), document the API (api/openapi/openapi-document.ts) and check real
 * responses in tests. The engine's own schemas (policy document, decision) are referenced, not
 * copied.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Decision, POLICY_LIMITS } from '../engine/index.js';

const nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

/** References to the engine's schemas by $id (registered with ajv and turned into components). */
export const PolicyDocumentRef = Type.Unsafe<Record<string, unknown>>({ $ref: 'https://creditgraph.dev/schemas/policy.json' });
export const DecisionRef = Type.Unsafe<Record<string, unknown>>({ $ref: 'https://creditgraph.dev/schemas/decision.json' });

export const POLICY_ID_PATTERN = '^[a-z][a-z0-9-]{1,62}$';
export const PolicyId = Type.String({ pattern: POLICY_ID_PATTERN, description: 'Policy id (lower-case slug).' });

/**
 * A draft's document: anything shaped like a policy with an id and a name. Drafts may be work in
 * progress, so the full PolicyDocument schema is reported as diagnostics, not refused.
 */
export const DraftDocument = Type.Unsafe<Record<string, unknown>>({
  type: 'object',
  required: ['id', 'name'],
  properties: {
    id: { type: 'string', pattern: POLICY_ID_PATTERN },
    name: { type: 'string', maxLength: 200 },
    nodes: { type: 'array', maxItems: POLICY_LIMITS.nodes, items: { description: 'A node (see PolicyDocument.nodes): checked by validation, not at save, since a draft may be incomplete.' } },
    edges: { type: 'array', maxItems: POLICY_LIMITS.edges, items: { description: 'An edge (see PolicyDocument.edges): checked by validation, not at save, since a draft may be incomplete.' } },
    inputs: { type: 'array', maxItems: POLICY_LIMITS.inputs, items: { description: 'An input (see PolicyDocument.inputs): checked by validation, not at save, since a draft may be incomplete.' } },
    tests: { type: 'array', maxItems: POLICY_LIMITS.tests, items: { description: 'A golden test (see PolicyDocument.tests): checked by validation, not at save, since a draft may be incomplete.' } },
  },
  description:
    'A policy document (schema: PolicyDocument). A draft may be incomplete: it is stored with its diagnostics; only a valid draft can be submitted and published.',
});

export const Comment = Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S', description: 'Why: required, kept in the audit trail.' });

// ---------------------------------------------------------------------------------------------
// Records

export const Diagnostic = Type.Object(
  {
    code: Type.String({ description: 'Stable diagnostic code (docs/policy-format.md lists them).' }),
    severity: Type.Union([Type.Literal('error'), Type.Literal('warning')]),
    nodeId: nullable(Type.String()),
    path: Type.String({ description: 'JSON pointer into the document.' }),
    message: Type.String({ description: 'Where and what, in the language of Accept-Language (`en` by default, or `fr`).' }),
    params: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'The values the message shows (names, numbers, allowed values…), the same in every language.' })),
  },
  { $id: 'Diagnostic' },
);

export const GoldenResult = Type.Object(
  {
    testId: Type.String(),
    name: Type.String(),
    passed: Type.Boolean(),
    decision: Type.Union([DecisionRef, Type.Null()], { description: 'What the policy decided for the test\'s facts.' }),
    failures: Type.Array(Type.Object({ field: Type.String() }, { additionalProperties: true }), { description: 'What differed: field, expected, actual.' }),
  },
  { $id: 'GoldenResult', additionalProperties: true, description: 'Result of one golden test (failures list what differed).' },
);

export const PolicyRecord = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    createdAt: DateTime,
    createdBy: Type.String(),
    activeVersion: nullable(Type.Integer({ minimum: 1 })),
    latestVersion: nullable(Type.Integer({ minimum: 1 })),
    updatedAt: DateTime,
  },
  { $id: 'PolicyRecord' },
);

export const DraftStatus = Type.Union([Type.Literal('editing'), Type.Literal('submitted')]);

export const DraftSummary = Type.Object(
  {
    status: DraftStatus,
    etag: Type.String(),
    updatedAt: DateTime,
    updatedBy: Type.String(),
    baseVersion: nullable(Type.Integer({ minimum: 1 })),
  },
  { $id: 'DraftSummary' },
);

export const DraftRecord = Type.Object(
  {
    policyId: Type.String(),
    document: DraftDocument,
    etag: Type.String({ description: 'Also sent as the ETag header; send it back in If-Match to save.' }),
    status: DraftStatus,
    baseVersion: nullable(Type.Integer({ minimum: 1 })),
    updatedAt: DateTime,
    updatedBy: Type.String(),
    submittedAt: nullable(DateTime),
    submittedBy: nullable(Type.String()),
    submitComment: nullable(Type.String()),
    editors: Type.Optional(
      Type.Array(Type.String(), { description: 'Everyone who changed the content since the last published version: none of them may approve it (four eyes).' }),
    ),
  },
  { $id: 'DraftRecord' },
);

export const DraftWithDiagnostics = Type.Composite(
  [
    Type.Omit(DraftRecord, []),
    Type.Object({
      valid: Type.Boolean({ description: 'No diagnostic of severity error.' }),
      diagnostics: Type.Array(Type.Ref(Diagnostic)),
    }),
  ],
  { $id: 'DraftWithDiagnostics' },
);

export const PolicyListItem = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    activeVersion: nullable(Type.Integer()),
    latestVersion: nullable(Type.Integer()),
    updatedAt: DateTime,
    draft: nullable(Type.Ref(DraftSummary)),
  },
  { $id: 'PolicyListItem' },
);

export const VersionSummary = Type.Object(
  {
    policyId: Type.String(),
    version: Type.Integer({ minimum: 1 }),
    contentHash: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'sha-256 hex of the canonical JSON of the document.' }),
    publishedAt: DateTime,
    author: Type.String({ description: 'Who submitted it.' }),
    approvedBy: Type.String(),
    submitComment: nullable(Type.String()),
    approveComment: nullable(Type.String()),
  },
  { $id: 'VersionSummary' },
);

export const VersionRecord = Type.Composite([Type.Omit(VersionSummary, []), Type.Object({ document: PolicyDocumentRef })], { $id: 'VersionRecord' });

export const AuditEntry = Type.Object(
  {
    seq: Type.Integer({ minimum: 1 }),
    at: DateTime,
    actor: Type.String(),
    action: Type.String(),
    policyId: nullable(Type.String()),
    version: nullable(Type.Integer()),
    contentHash: nullable(Type.String()),
    comment: nullable(Type.String()),
    details: nullable(Type.Record(Type.String(), Type.Unknown())),
    prevHash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    hash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    mac: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$', description: "HMAC-SHA256 of `hash` with the server's audit key (absent on entries written before the chain was keyed)." })),
    intact: Type.Optional(Type.Boolean({ description: 'In GET /audit: whether the entry still matches its own hash (false = altered after it was written; GET /integrity checks the chain).' })),
  },
  { $id: 'AuditEntry' },
);

export const Facts = Type.Record(Type.String(), Type.Unknown(), {
  description: "Facts named by the policy's declared inputs; checked against them (422 with one error per field).",
});

/** Where each fact of a decision came from when the customer file filled the request. */
const FactSources = Type.Record(Type.String(), Type.Union([Type.Literal('request'), Type.Object({ source: Type.String(), asOf: Type.String() })]), {
  description: "Only when the customer's credit file was read: per fact, 'request' (sent by the caller) or the file's source and date ('file' for figures it computes).",
});
const Arm = Type.Union([Type.Literal('champion'), Type.Literal('challenger')]);

/** The champion/challenger part of a logged decision (DecisionRecord.experiment). */
export const DecisionExperiment = Type.Object(
  {
    experimentId: Type.String(),
    arm: Type.Union([Arm], { description: 'The arm that answered: its version is the decision\'s version.' }),
    shadow: Type.Object(
      {
        arm: Arm,
        version: Type.Integer({ minimum: 1 }),
        contentHash: Type.String(),
        outcome: nullable(Type.Union([Type.Literal('accept'), Type.Literal('refuse'), Type.Literal('escalate')])),
        score: nullable(Type.Number()),
        riskClass: nullable(Type.String()),
        creditLimit: nullable(Type.Number({ description: 'The gross credit limit.' })),
        approvalLevel: nullable(Type.String()),
        problem: Type.Optional(Type.String({ description: 'Why the other arm\'s version could not decide on these facts.' })),
      },
      { description: 'The other arm\'s answer on the same facts, evaluated in shadow and never acted on.' },
    ),
  },
  { description: 'Present when a champion/challenger experiment ran on the policy.' },
);

const DecisionMeta = Type.Object({
  experiment: Type.Optional(
    Type.Object(
      { experimentId: Type.String(), arm: Arm },
      { description: 'A champion/challenger experiment ran: which arm answered (its version is `version`). The other arm was evaluated in shadow and logged.' },
    ),
  ),
  decisionId: Type.String(),
  policyId: Type.String(),
  version: Type.Integer({ minimum: 1 }),
  contentHash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  evaluatedAt: DateTime,
  requestId: nullable(Type.String()),
  customerId: nullable(Type.String()),
  approvalId: Type.Optional(Type.String({ description: 'escalate: the approval request opened (GET /approvals/{approvalId}, or webhook approval.decided).' })),
  factSources: Type.Optional(FactSources),
  unusedFacts: Type.Optional(
    Type.Array(
      Type.Object({ input: Type.String(), source: Type.String(), asOf: Type.String(), reason: Type.Union([Type.Literal('stale'), Type.Literal('type')]) }),
      { description: 'Facts of the customer file not used: older than maxFactAgeDays, or not of the input\'s type.' },
    ),
  ),
  changes: Type.Optional(
    Type.Array(
      Type.Object({
        kind: Type.Union([Type.Literal('riskClassDowngrade'), Type.Literal('limitBelowExposure'), Type.Literal('refuseAfterAccept')]),
        from: Type.Unknown(),
        to: Type.Unknown(),
        message: Type.String(),
        previousDecisionId: Type.String(),
      }),
      { description: 'How this decision is worse than the customer\'s previous one (an alert is raised).' },
    ),
  ),
});

/** The decision API's answer: the engine's decision plus where it came from. */
/** One decision request: the body of POST …/decisions and each item of a batch. */
export const DecisionRequest = Type.Object(
  {
    facts: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description:
          "Facts named by the policy's declared inputs; checked against them (422 with one error per field). May be left out (or partial) when `customerId` names a customer credit file: the file fills the inputs not sent (docs/customers.md).",
      }),
    ),
    maxFactAgeDays: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 36500, description: 'Facts from the customer file dated more than this many days ago are not used (listed in `unusedFacts`). Default: any age.' }),
    ),
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'Pin a published version; default: the active one.' })),
    requestId: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7E]+$', description: 'Idempotency key: the same id with the same body returns the stored decision; with another body, 409.' }),
    ),
    customerId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    exposure: Type.Optional(
      Type.Number({ minimum: 0, description: 'What the customer owes now (open invoices + open orders): above the granted limit, or above a cut limit, raises an alert.' }),
    ),
  },
  // Facts may be left out only when a customer file can supply them.
  { additionalProperties: false, anyOf: [{ required: ['facts'] }, { required: ['customerId'] }] },
);

export type DecisionRequest = Static<typeof DecisionRequest>;

export const DecisionResponse = Type.Composite([DecisionMeta, Decision], { $id: 'DecisionResponse', additionalProperties: false });

export const DecisionLogEntry = Type.Object(
  {
    decisionId: Type.String(),
    requestId: nullable(Type.String()),
    policyId: Type.String(),
    version: Type.Integer(),
    contentHash: Type.String(),
    customerId: nullable(Type.String()),
    facts: Facts,
    decision: DecisionRef,
    outcome: Type.Union([Type.Literal('accept'), Type.Literal('refuse'), Type.Literal('escalate')]),
    caller: Type.String({ description: 'User id of the key that asked.' }),
    evaluatedAt: DateTime,
    source: Type.Union([Type.Literal('automatic'), Type.Literal('manual')]),
    relatesTo: nullable(Type.String()),
    factSources: Type.Optional(FactSources),
    recordHash: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$', description: "The seal: sha-256 of the canonical record without its personal fields, with personalHash (absent on decisions logged before seals existed)." })),
    personalHash: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$', description: "HMAC-SHA256 of the personal fields (customerId, facts, exposure) with the customer's salt, which erasure destroys." })),
    erasedAt: Type.Optional(Type.String({ format: 'date-time', description: 'When its personal data was erased (customer request or retention): customerId null, facts {}; the seal still verifies.' })),
    experiment: Type.Optional(DecisionExperiment),
    seal: Type.Optional(
      Type.Union([Type.Literal('intact'), Type.Literal('altered'), Type.Literal('unsealed')], {
        description: 'In the decision log: the record checked against its seal as it was read. `altered`: changed after it was logged (also an integrity.mismatch alert); `unsealed`: logged before seals existed.',
      }),
    ),
  },
  { $id: 'DecisionLogEntry' },
);

export const User = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    roles: Type.Array(Type.Union(['viewer', 'auditor', 'author', 'approver', 'admin', 'system'].map((r) => Type.Literal(r)))),
    delegationLevel: nullable(Type.String()),
    createdAt: DateTime,
    disabled: Type.Boolean(),
  },
  { $id: 'User' },
);

export const ApiKeyInfo = Type.Object(
  {
    id: Type.String(),
    userId: Type.String(),
    prefix: Type.String({ description: 'First characters of the key, to recognise it.' }),
    createdAt: DateTime,
    revokedAt: nullable(DateTime),
    expiresAt: nullable(DateTime),
    lastUsedAt: nullable(DateTime),
  },
  { $id: 'ApiKeyInfo' },
);

export const ProblemDetails = Type.Object(
  {
    type: Type.String({ format: 'uri' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'Stable error code (docs/api.md lists them).' }),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          pointer: Type.String({ description: 'JSON pointer into the request body (or the parameter named by `in`).' }),
          detail: Type.String(),
          in: Type.Optional(Type.Union([Type.Literal('body'), Type.Literal('query'), Type.Literal('path'), Type.Literal('header')])),
          code: Type.Optional(Type.String()),
        }),
      ),
    ),
    requestId: Type.Optional(Type.String({ description: 'The X-Request-Id of the request: quote it when reporting a problem.' })),
    decisionId: Type.Optional(Type.String({ description: 'IDEMPOTENCY_CONFLICT: the decision the requestId already produced.' })),
    diagnostics: Type.Optional(Type.Array(Type.Ref(Diagnostic), { description: 'POLICY_INVALID / GOLDEN_TESTS_FAILED: every diagnostic of the document.' })),
    golden: Type.Optional(Type.Array(Type.Ref(GoldenResult), { description: 'POLICY_INVALID / GOLDEN_TESTS_FAILED: each golden test\'s result.' })),
  },
  { $id: 'ProblemDetails', additionalProperties: true, description: 'RFC 9457 problem details.' },
);

/** Every schema with an $id that the OpenAPI document lists under components.schemas. */
export const NAMED_SCHEMAS: TSchema[] = [
  Diagnostic,
  GoldenResult,
  PolicyRecord,
  DraftSummary,
  DraftRecord,
  DraftWithDiagnostics,
  PolicyListItem,
  VersionSummary,
  VersionRecord,
  AuditEntry,
  DecisionResponse,
  DecisionLogEntry,
  User,
  ApiKeyInfo,
  ProblemDetails,
];
