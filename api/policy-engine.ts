/**
 * The API's only doorway into engine/: content hashes, checks, compilation, evaluation and diffs.
 * Keeping every engine call here means the routes speak in API terms (problems, pointers).
 */
import {
  checkFacts,
  checkPolicy,
  compilePolicy,
  diffPolicies,
  migratePolicy,
  PolicyInvalidError,
  type CompiledPolicy,
  type Decision,
  type Diagnostic,
  type FactError,
  type Facts,
  type PolicyDocument,
  withWarnings,
} from '../engine/index.js';
import type { Static } from '@sinclair/typebox';
import { InputConflictError, portfolioInputs } from '../engine/impact/index.js';
import type { GoldenResult as GoldenResultSchema } from './schemas.js';
import { DomainError, type ErrorItem, type LocalizedError } from './domain/errors.js';
import { diagnosticIn } from '../engine/validate/diagnostic.js';
import type { Language } from '../engine/model/policy-schema.js';
import { languageFromHeader } from '../engine/i18n/localized-text.js';
import { canonicalHash } from './store/canonical-hash.js';

export type { CompiledPolicy };

/**
 * A stored document in the current format: an older schemaVersion is upgraded on a copy (the
 * stored document, and the hash of it, are left as they are). The same object when nothing changes.
 */
export function upgradedDocument(document: PolicyDocument): PolicyDocument {
  return migratePolicy(document).document as PolicyDocument;
}

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

/** Today's date (UTC, YYYY-MM-DD) from the server's clock: the engine has none. */
export const todayOf = (clock: { now(): Date }): string => clock.now().toISOString().slice(0, 10);

/**
 * Validation, compilation and golden tests, as the editor and the approval step see them.
 * `today` (see todayOf): dated reference figures (the ECB rate of a half-year) older than their
 * period are a REFERENCE_OUT_OF_DATE warning.
 */
export function checkDraft(document: unknown, today?: string): DraftCheck {
  const result = checkPolicy(document, today === undefined ? {} : { today });
  const golden = result.golden as unknown as GoldenResult[];
  return { valid: result.valid, diagnostics: result.diagnostics, golden, goldenPassed: golden.every((g) => g.passed), compiled: result.compiled };
}

/** A diagnostic as the API answers it: `message` in the caller's language, with its code and `params`. */
export type ApiDiagnostic = Omit<Diagnostic, 'messages'>;

/** Diagnostics worded in `language` (Accept-Language; English by default). */
export const diagnosticsIn = (diagnostics: readonly Diagnostic[], language: Language = 'en'): ApiDiagnostic[] => diagnostics.map((d) => diagnosticIn(d, language));

const errorItems = (diagnostics: Diagnostic[], language: Language): ErrorItem[] =>
  diagnostics
    .filter((d) => d.severity === 'error')
    .slice(0, 50)
    .map((d) => ({ pointer: `/document${d.path}`, detail: diagnosticIn(d, language).message, code: d.code }));

/** What the problem is about, in each language ("The draft" / "Le brouillon"). */
export type Subject = string | Record<Language, string>;

/** A 422 carrying the diagnostics (and golden results) so the caller can show them, worded in the caller's language. */
class PolicyProblem extends DomainError implements LocalizedError {
  constructor(
    code: 'GOLDEN_TESTS_FAILED' | 'POLICY_INVALID',
    private readonly check: Pick<DraftCheck, 'diagnostics' | 'golden'>,
    private readonly subject: Subject,
  ) {
    super(code, '', {});
    const english = this.inLanguage('en');
    this.message = english.detail;
    Object.assign(this.extras, english.extras);
  }

  inLanguage(language: Language) {
    const errors = this.check.diagnostics.filter((d) => d.severity === 'error').length;
    const what = typeof this.subject === 'string' ? (language === 'en' ? this.subject : 'La politique') : this.subject[language];
    const detail =
      this.code === 'GOLDEN_TESTS_FAILED'
        ? language === 'fr' ? `${what}\u202f: ${errors} cas de référence en échec.` : `${what}: ${errors} golden test(s) fail.`
        : language === 'fr' ? `${what} a ${errors} erreur(s) de validation.` : `${what} has ${errors} validation error(s).`;
    return { detail, extras: { diagnostics: diagnosticsIn(this.check.diagnostics, language), golden: this.check.golden, errors: errorItems(this.check.diagnostics, language) } };
  }
}

export function policyProblem(check: Pick<DraftCheck, 'diagnostics' | 'golden'>, what: Subject): DomainError {
  const errors = check.diagnostics.filter((d) => d.severity === 'error');
  const onlyGolden = errors.length > 0 && errors.every((d) => d.code === 'GOLDEN_TEST_FAILED');
  return new PolicyProblem(onlyGolden ? 'GOLDEN_TESTS_FAILED' : 'POLICY_INVALID', check, what);
}

/** A draft that compiles (its golden tests may still fail: test-running helps fix them). */
export function compileDraft(document: unknown): CompiledPolicy {
  const check = checkDraft(document);
  if (!check.compiled) throw policyProblem(check, { en: 'The draft', fr: 'Le brouillon' });
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

/** A 422 naming every bad fact, worded in the caller's language. */
class FactsProblem extends DomainError implements LocalizedError {
  constructor(
    private readonly factErrors: FactError[],
    private readonly pointerPrefix: string,
  ) {
    super('INVALID_FACTS', '', {});
    const english = this.inLanguage('en');
    this.message = english.detail;
    Object.assign(this.extras, english.extras);
  }

  inLanguage(language: Language) {
    const errors: ErrorItem[] = this.factErrors.map((e) => ({ pointer: this.pointerPrefix + e.pointer, detail: e.messages[language], code: e.code }));
    const first = errors.slice(0, 3).map((e) => `${e.pointer} ${e.detail}`).join('; ');
    const detail =
      language === 'fr'
        ? `${errors.length} fait(s) ne correspondent pas aux entrées de la politique\u202f: ${first}.`
        : `${errors.length} fact(s) do not match the policy's inputs: ${first}.`;
    return { detail, extras: { errors } };
  }
}

/** Checks facts against the policy's declared inputs: 422 with one error per field. */
export function checkFactsOrThrow(compiled: CompiledPolicy, facts: unknown, pointerPrefix = '/facts'): Facts {
  const result = checkFacts(compiled, facts);
  if (!result.ok) throw new FactsProblem(result.errors, pointerPrefix);
  return result.facts;
}

/** Facts that pass, with the warnings the policy flags on them (e.g. terms above the legal cap); 422 otherwise. */
export function checkFactsWithWarnings(compiled: CompiledPolicy, facts: unknown, pointerPrefix = '/facts'): { facts: Facts; warnings: FactError[] } {
  const result = checkFacts(compiled, facts);
  if (!result.ok) throw new FactsProblem(result.errors, pointerPrefix);
  return { facts: result.facts, warnings: result.warnings ?? [] };
}

/**
 * `language`: of the reason texts (from Accept-Language); default the policy's. `warnings`: the
 * facts check's, carried in the decision's `warnings` (absent when none).
 */
export function evaluate(compiled: CompiledPolicy, facts: Facts, trace: boolean, language?: Language, warnings?: readonly FactError[]): Decision {
  const decision = compiled.evaluate(facts, language ? { trace, language } : { trace });
  return withWarnings(decision, warnings, language ?? compiled.document.language ?? 'en');
}

export type { Language };
/** The language a caller asks for (an Accept-Language header), if the engine speaks it. */
export const requestLanguage = (header: string | undefined): Language | undefined => languageFromHeader(header) ?? undefined;

/** The changes in words, `message` in `language` (English by default) and `messages` in both. */
export function diff(from: PolicyDocument, to: PolicyDocument, language: Language = 'en') {
  return diffPolicies(from, to, { language });
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

// Champion/challenger (api/domain/experiment*.ts): the arm a customer lands in, the facts check of
// the shadow arm (which must not throw), and the comparison of the two arms.
export { assignArm, MAX_CHALLENGER_PERCENT } from '../engine/monitoring/champion-challenger.js';
export { checkFacts as checkFactsQuietly } from '../engine/index.js';
export { compareExperiment, OUTCOME_KEYS, type ArmAnswer, type ExperimentComparison, type ExperimentEntry } from '../engine/monitoring/experiment-comparison.js';
