/**
 * Coded domain errors: what a use case answers when a business rule says no. They name the rule
 * broken, never an HTTP status; api/http/problems.ts maps each code to its problem details, in one
 * table, so a rule always reaches the caller with the same status and type.
 */

export const DOMAIN_ERROR_CODES = [
  'INVALID_REQUEST',
  'INVALID_FACTS',
  'POLICY_INVALID',
  'GOLDEN_TESTS_FAILED',
  'BATCH_TOO_LARGE',
  'FORBIDDEN',
  'FOUR_EYES',
  'DELEGATION_LEVEL',
  'NOT_FOUND',
  'CONFLICT',
  'NO_ACTIVE_VERSION',
  'IDEMPOTENCY_CONFLICT',
  'APPROVAL_CLOSED',
  'SIMULATIONS_BUSY',
  'PRECONDITION_FAILED',
  'PRECONDITION_REQUIRED',
  'UNAVAILABLE',
  'WORKBOOK_INVALID',
  'BAD_CURSOR',
  'VERSION_TAMPERED',
  'DECISION_ALTERED',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** One thing wrong in the input and where: a JSON pointer into what the caller sent. */
export interface ErrorItem {
  pointer: string;
  detail: string;
  /** Where the pointer points when it is not the JSON body: 'query', 'path' or 'header'. */
  in?: 'body' | 'query' | 'path' | 'header';
  code?: string;
}

/**
 * An error whose detail and extras read in the caller's language (a policy problem's diagnostics):
 * the error handler asks for the language of the request.
 */
export interface LocalizedError {
  inLanguage(language: 'en' | 'fr'): { detail: string; extras: { errors?: ErrorItem[]; [extension: string]: unknown } };
}

export const isLocalizedError = (err: unknown): err is LocalizedError =>
  err !== null && typeof err === 'object' && typeof (err as Partial<LocalizedError>).inLanguage === 'function';

/** The error use cases throw. `extras` travel to the caller (diagnostics, the conflicting decisionId…). */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    detail: string,
    readonly extras: { errors?: ErrorItem[]; [extension: string]: unknown } = {},
  ) {
    super(detail);
    this.name = 'DomainError';
  }
}
