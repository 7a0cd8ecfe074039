/**
 * creditgraph's engine: a pure library (no Node built-ins, no I/O, no clock) that runs unchanged
 * in Node and in the browser. validate → compile → evaluate → diff; what each node kind is: kinds/.
 */
export * from './model/policy-schema.js';
export * from './model/decision-schema.js';
export { analyseGraph, wouldCreateCycle, type PolicyGraph } from './model/graph.js';
export { producedNames } from './model/names.js';
export { NODE_KIND_SPECS, ONCE_KINDS, specOf, type NodeKindSpec, type NodeKindRegistry } from './kinds/index.js';
export { canonicalJson } from './model/canonical-json.js';
export { migratePolicy, CURRENT_SCHEMA_VERSION, type Migration } from './model/migrate-policy.js';
export { parseExpression, ExpressionError, type ParsedExpression } from './expression/parse-expression.js';
export { validatePolicy, type Diagnostic, type ValidationOptions, type ValidationResult } from './validate/validate-policy.js';
export { periodStart } from './validate/check-reference-figures.js';
export { DIAGNOSTIC_CODES, type DiagnosticCode } from './validate/diagnostic-codes.js';
export { checkPolicy, type PolicyCheck } from './pipeline/check-policy.js';
export { compilePolicy, summaryOf, PolicyInvalidError, type CompiledPolicy, type DecisionSummary, type EvaluateOptions } from './compile/compile-policy.js';
export { checkFacts, factsSchema, type FactError, type FactsCheck } from './facts/check-facts.js';
export { decisionWarnings, withWarnings } from './facts/decision-warnings.js';
export { runGoldenTests, type GoldenResult } from './golden/run-golden-tests.js';
export { diffPolicies, type PolicyChange, type PolicyDiff } from './diff/diff-policies.js';
export * from './impact/index.js';
export { localizedText, withLocalizedText, textVersions, languageFromHeader } from './i18n/localized-text.js';
export { ENGINE_REASONS, VALUE_FORMATTERS, fillMessage } from './i18n/engine-messages.js';
