/**
 * THE registry of API error codes, and their mapping to RFC 9457 problem details. Every error the
 * API answers with goes through here, so a code always has the same status, title and type URI,
 * and docs/api.md can list them from one place.
 */
import { StoreError } from '../store/store.js';
import { DomainError, isLocalizedError, type DomainErrorCode, type ErrorItem } from '../domain/errors.js';

export const PROBLEM_TYPE_BASE = 'https://creditgraph.dev/problems/';

const problem = (status: number, title: string) => ({ status, title });

export const PROBLEMS = {
  // Request shape
  MALFORMED_JSON: problem(400, 'The body is not valid JSON'),
  EMPTY_BODY: problem(400, 'The request needs a JSON body'),
  NESTING_TOO_DEEP: problem(400, 'The JSON body is nested too deeply'),
  FORBIDDEN_KEY: problem(400, 'The JSON body uses a forbidden property name'),
  BAD_REQUEST: problem(400, 'The request cannot be read'),
  BODY_TOO_LARGE: problem(413, 'The body is larger than the limit'),
  UNSUPPORTED_MEDIA_TYPE: problem(415, 'The body must be application/json'),
  INVALID_REQUEST: problem(422, 'The request does not match its schema'),
  INVALID_FACTS: problem(422, 'The facts do not match the policy\'s declared inputs'),
  POLICY_INVALID: problem(422, 'The policy does not pass validation'),
  GOLDEN_TESTS_FAILED: problem(422, 'The policy\'s golden tests fail'),
  BATCH_TOO_LARGE: problem(422, 'Too many items in the batch'),
  WORKBOOK_INVALID: problem(422, 'The workbook cannot be imported'),
  // Access
  UNAUTHENTICATED: problem(401, 'A valid API key is required'),
  FORBIDDEN: problem(403, 'Your role does not allow this'),
  FOUR_EYES: problem(403, 'A different person must approve'),
  DELEGATION_LEVEL: problem(403, 'Your delegation level does not cover this request'),
  // Resources and state
  NOT_FOUND: problem(404, 'Not found'),
  ROUTE_NOT_FOUND: problem(404, 'No such route'),
  CONFLICT: problem(409, 'The request conflicts with the current state'),
  NO_ACTIVE_VERSION: problem(409, 'The policy has no active version'),
  IDEMPOTENCY_CONFLICT: problem(409, 'This requestId was already used with a different body'),
  APPROVAL_CLOSED: problem(409, 'The approval request is no longer pending'),
  SIMULATIONS_BUSY: problem(429, 'Too many simulations are running'),
  PRECONDITION_FAILED: problem(412, 'The resource changed since you read it'),
  PRECONDITION_REQUIRED: problem(428, 'An If-Match header is required'),
  // Server side
  UNAVAILABLE: problem(503, 'The store is unavailable'),
  VERSION_TAMPERED: problem(503, 'The version is out of service: its document does not match its content hash'),
  DECISION_ALTERED: problem(409, 'The logged decision does not match its seal'),
  INTERNAL: problem(500, 'Internal error'),
} as const;

export type ProblemCode = keyof typeof PROBLEMS;

/** One entry of a problem's `errors[]`: what is wrong and where (JSON pointer into the body). */
export type ProblemItem = ErrorItem;

/**
 * Every domain error code → its problem. The one place where a business rule becomes an HTTP
 * status: a new domain code does not compile until it is mapped here.
 */
const DOMAIN_PROBLEMS: { [C in DomainErrorCode]: ProblemCode } = {
  INVALID_REQUEST: 'INVALID_REQUEST',
  INVALID_FACTS: 'INVALID_FACTS',
  POLICY_INVALID: 'POLICY_INVALID',
  GOLDEN_TESTS_FAILED: 'GOLDEN_TESTS_FAILED',
  BATCH_TOO_LARGE: 'BATCH_TOO_LARGE',
  FORBIDDEN: 'FORBIDDEN',
  FOUR_EYES: 'FOUR_EYES',
  DELEGATION_LEVEL: 'DELEGATION_LEVEL',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  NO_ACTIVE_VERSION: 'NO_ACTIVE_VERSION',
  IDEMPOTENCY_CONFLICT: 'IDEMPOTENCY_CONFLICT',
  APPROVAL_CLOSED: 'APPROVAL_CLOSED',
  SIMULATIONS_BUSY: 'SIMULATIONS_BUSY',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
  PRECONDITION_REQUIRED: 'PRECONDITION_REQUIRED',
  UNAVAILABLE: 'UNAVAILABLE',
  WORKBOOK_INVALID: 'WORKBOOK_INVALID',
  BAD_CURSOR: 'BAD_REQUEST',
  VERSION_TAMPERED: 'VERSION_TAMPERED',
  DECISION_ALTERED: 'DECISION_ALTERED',
};

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  instance?: string;
  errors?: ProblemItem[];
  [extension: string]: unknown;
}

/** The error routes throw. Anything else that reaches the error handler becomes INTERNAL. */
export class ApiError extends Error {
  constructor(
    readonly code: ProblemCode,
    detail: string,
    readonly extras: { errors?: ProblemItem[]; [extension: string]: unknown } = {},
  ) {
    super(detail);
    this.name = 'ApiError';
  }
  get status(): number {
    return PROBLEMS[this.code].status;
  }
}

export const problemType = (code: ProblemCode) => PROBLEM_TYPE_BASE + code.toLowerCase().replaceAll('_', '-');

export function problemOf(code: ProblemCode, detail: string, extras: Record<string, unknown> = {}): ProblemDetails {
  const { status, title } = PROBLEMS[code];
  return { type: problemType(code), title, status, detail, code, ...extras };
}

/**
 * Maps whatever was thrown to a problem. Store and body-parser errors carry codes we translate;
 * anything unexpected is INTERNAL with a generic detail: the message may hold internals, so it
 * goes to the log only.
 */
export function toProblem(err: unknown, language: 'en' | 'fr' = 'en'): { problem: ProblemDetails; unexpected: boolean } {
  if (err instanceof ApiError) return { problem: problemOf(err.code, err.message, err.extras), unexpected: false };
  if (err instanceof DomainError && isLocalizedError(err)) {
    const { detail, extras } = err.inLanguage(language);
    return { problem: problemOf(DOMAIN_PROBLEMS[err.code], detail, extras), unexpected: false };
  }
  if (err instanceof DomainError) return { problem: problemOf(DOMAIN_PROBLEMS[err.code], err.message, err.extras), unexpected: false };
  if (err instanceof StoreError) {
    const code: ProblemCode = err.code;
    return { problem: problemOf(code, err.message), unexpected: false };
  }
  const e = err as { type?: string; status?: number; statusCode?: number } | null;
  if (e && typeof e === 'object') {
    // raw-body / body-parser errors
    if (e.type === 'entity.too.large') return { problem: problemOf('BODY_TOO_LARGE', 'The body is larger than 1 MB.'), unexpected: false };
    if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')
      return { problem: problemOf('UNSUPPORTED_MEDIA_TYPE', 'Only UTF-8 encoded JSON is accepted.'), unexpected: false };
    if (e.type === 'request.aborted' || e.type === 'request.size.invalid' || e.type === 'stream.encoding.set')
      return { problem: problemOf('BAD_REQUEST', 'The request body could not be read.'), unexpected: false };
    const status = e.status ?? e.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500)
      return { problem: problemOf('BAD_REQUEST', 'The request cannot be read.'), unexpected: false };
  }
  return { problem: problemOf('INTERNAL', 'An unexpected error occurred; it has been logged.'), unexpected: true };
}
