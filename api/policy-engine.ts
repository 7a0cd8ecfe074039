/**
 * The API's only doorway into engine/: content hashes, checks, compilation, evaluation and diffs.
 * Keeping every engine call here means the routes speak in API terms (problems, pointers).
 */
import {
  checkFacts,
  checkPolicy,
  compilePolicy,
  diffPolicies,
  PolicyInvalidError,
  type CompiledPolicy,
  type Decision,
  type Diagnostic,
  type Facts,
  type PolicyDocument,
} from '../engine/index.js';
import type { Static } from '@sinclair/typebox';
import { InputConflictError, portfolioInputs } from '../engine/impact/index.js';
import type { GoldenResult as GoldenResultSchema } from './schemas.js';
import { DomainError, type ErrorItem } from './domain/errors.js';
import type { Language } from '../engine/model/policy-schema.js';
import { languageFromHeader } from '../engine/i18n/localized-text.js';
import { canonicalHash } from './store/canonical-hash.js';

export type { CompiledPolicy };

/** sha-256 hex of the canonical JSON: the identity of a published version's content. */
export const contentHashOf = (document: unknown) => canonicalHash(document);

/** The result of one golden test, as the API documents it (schema: GoldenResult). */
export type GoldenResult = Static<typeof GoldenResultSchema>;

export interface DraftCheck {
  /** No error diagnostics, golden-test failures included (the engine reports them as GOLDEN_TEST_FAILED). */
  valid: boolean;
  diagnostics: Diagnostic[];
  golden: GoldenResult[];
  /** True when every golden test passed (vacuously true with none, or when none could run). */
  goldenPassed: boolean;
  /** Null when the document does not compile. */
  compiled: CompiledPolicy | null;
}

/** Validation, compilation and golden tests, as the editor and the approval step see them. */
export function checkDraft(document: unknown): DraftCheck {
  const result = checkPolicy(document);
  const golden = result.golden as unknown as GoldenResult[];
  return { valid: result.valid, diagnostics: result.diagnostics, golden, goldenPassed: golden.every((g) => g.passed), compiled: result.compiled };
}

const errorItems = (diagnostics: Diagnostic[]): ErrorItem[] =>
  diagnostics
    .filter((d) => d.severity === 'error')
    .slice(0, 50)
    .map((d) => ({ pointer: `/document${d.path}`, detail: d.message, code: d.code }));

/** A 422 that carries the diagnostics (and golden results) so the caller can show them. */
export function policyProblem(check: Pick<DraftCheck, 'diagnostics' | 'golden'>, what: string): DomainError {
  const errors = check.diagnostics.filter((d) => d.severity === 'error');
  const onlyGolden = errors.length > 0 && errors.every((d) => d.code === 'GOLDEN_TEST_FAILED');
  return new DomainError(
    onlyGolden ? 'GOLDEN_TESTS_FAILED' : 'POLICY_INVALID',
    onlyGolden ? `${what}: ${errors.length} golden test(s) fail.` : `${what} has ${errors.length} validation error(s).`,
    { diagnostics: check.diagnostics, golden: check.golden, errors: errorItems(check.diagnostics) },
  );
}

/** A draft that compiles (its golden tests may still fail: test-running helps fix them). */
export function compileDraft(document: unknown): CompiledPolicy {
  const check = checkDraft(document);
  if (!check.compiled) throw policyProblem(check, 'The draft');
  return check.compiled;
}

/** A published version: validated when it was approved, so compile it straight away. */
export function compileVersion(document: PolicyDocument, what: string): CompiledPolicy {
  try {
    return compilePolicy(document);
  } catch (err) {
    if (err instanceof PolicyInvalidError) throw policyProblem({ diagnostics: err.diagnostics, golden: [] }, what);
    throw err;
  }
}

/** Checks facts against the policy's declared inputs: 422 with one error per field. */
export function checkFactsOrThrow(compiled: CompiledPolicy, facts: unknown, pointerPrefix = '/facts'): Facts {
  const result = checkFacts(compiled, facts);
  if (!result.ok) {
    const errors: ErrorItem[] = result.errors.map((e) => ({ pointer: pointerPrefix + e.pointer, detail: e.message, code: e.code }));
    throw new DomainError('INVALID_FACTS', `${errors.length} fact(s) do not match the policy's inputs: ${errors.slice(0, 3).map((e) => `${e.pointer} ${e.detail}`).join('; ')}.`, { errors });
  }
  return result.facts;
}

/** `language`: of the reason texts (from Accept-Language); default the policy's. */
export function evaluate(compiled: CompiledPolicy, facts: Facts, trace: boolean, language?: Language): Decision {
  return compiled.evaluate(facts, language ? { trace, language } : { trace });
}

export type { Language };
/** The language a caller asks for (an Accept-Language header), if the engine speaks it. */
export const requestLanguage = (header: string | undefined): Language | undefined => languageFromHeader(header) ?? undefined;

export function diff(from: PolicyDocument, to: PolicyDocument) {
  return diffPolicies(from, to);
}

// Impact simulations (engine/impact): a portfolio under two policies -------------------------------

export {
  impactSummary,
  impactSummaryToCsv,
  impactToCsv,
  mergeImpactResults,
  parsePortfolioChunk,
  portfolioInputs,
  portfolioSummary,
  simulateImpact,
  startPortfolioParse,
  type ImpactResult,
  type PortfolioBatch,
  type PortfolioError,
  type PortfolioFormat,
} from '../engine/impact/index.js';

/** Two targets can be simulated on one portfolio only when their inputs agree: 422 otherwise. */
export function checkComparable(a: PolicyDocument, b: PolicyDocument): void {
  try {
    portfolioInputs(a, b);
  } catch (error) {
    if (error instanceof InputConflictError) throw new DomainError('INVALID_REQUEST', `The two targets cannot be compared on one portfolio: ${error.message}.`);
    throw error;
  }
}

/** A document compiled for simulation (a published version or a draft that compiles). */
export const compileForSimulation = (document: PolicyDocument): CompiledPolicy => compilePolicy(document);

// Policy documents outside JSON (engine/policy-tables and the words of the diff): workbooks and the
// committee document read the policy through these.

export {
  HEADER_ROWS,
  README_HELP,
  README_SHEET,
  isShareParameter,
  policyToTables,
  previewImport,
  problemText,
  type CellKind,
  type CellValue,
  type ImportPreview,
  type PolicySheet,
  type PolicyTables,
  type RawWorkbook,
  type TableProblem,
  type TablesSource,
} from '../engine/policy-tables/index.js';
export { compilePolicy, diffPolicies, localizedText, runGoldenTests } from '../engine/index.js';
export { conditionText } from '../engine/diff/change-words.js';
