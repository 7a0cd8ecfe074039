/**
 * compilePolicy: a schema-valid policy document → one generated JavaScript function (see
 * emit-policy.ts). The generated source is built only from the document's structure and
 * JSON-encoded constants; expressions went through the allow-listing parser first.
 * The traced variant is generated the first time a trace is asked for, so the plain path pays nothing.
 */
import { CONDITION_RUNTIME, conditionRuntimeBindings } from '../conditions/condition-runtime.js';
import { EXPRESSION_RUNTIME, runtimeBindings } from '../expression/expression-runtime.js';
import { analyseGraph } from '../model/graph.js';
import type { Decision } from '../model/decision-schema.js';
import type { Facts, Language, OutcomeValue, PolicyDocument } from '../model/policy-schema.js';
import { DECISION_RUNTIME, decisionRuntimeBindings } from './decision-runtime.js';
import { emitPolicy } from './emit-policy.js';
import { PolicyInvalidError } from './policy-invalid-error.js';
import { plainDiagnostic } from '../validate/diagnostic.js';
import { says } from '../i18n/diagnostic-messages.js';

export { PolicyInvalidError } from './policy-invalid-error.js';

export interface EvaluateOptions {
  trace?: boolean;
  /** Language of the reason texts (default: the policy's `language`, else en). */
  language?: Language;
}

export interface CompiledPolicy {
  readonly document: PolicyDocument;
  /** Evaluates facts that passed checkFacts (null means missing, except to conditions: see docs). Never throws on those. */
  evaluate(facts: Facts, options?: EvaluateOptions): Decision;
  /**
   * What impact analysis reads of a decision (`summaryOf(evaluate(facts))`), computed by a variant
   * of the generated function that builds none of the rest (reasons, scorecard rows, variables,
   * scenario steps): simulations decide millions of rows and read these fields only.
   */
  summarize(facts: Facts): DecisionSummary;
  /** The generated function behind `summarize` itself (built on first use), for loops over many rows: no wrapper call per row. */
  summarizer(): (facts: Facts) => DecisionSummary;
  /** The generated source of the plain (untraced) evaluation function, for review and debugging. */
  readonly source: string;
}

/** The fields of a decision a portfolio simulation aggregates; null where the decision has none. */
export interface DecisionSummary {
  outcome: OutcomeValue;
  approvalLevel: string | null;
  score: number | null;
  riskClass: string | null;
  /** `creditLimit.gross` / `.unsecured`; null without a credit limit. */
  grossLimit: number | null;
  unsecuredLimit: number | null;
  /** `collectionScenario.id`. */
  collectionScenario: string | null;
}

/** The summary of a full decision: the definition `summarize` is tested against. */
export function summaryOf(decision: Decision): DecisionSummary {
  return {
    outcome: decision.outcome,
    approvalLevel: decision.approvalLevel,
    score: decision.score,
    riskClass: decision.riskClass,
    grossLimit: decision.creditLimit === null ? null : decision.creditLimit.gross,
    unsecuredLimit: decision.creditLimit === null ? null : decision.creditLimit.unsecured,
    collectionScenario: decision.collectionScenario === null ? null : decision.collectionScenario.id,
  };
}

type Evaluation = (facts: Facts) => Decision;
type Summarizing = (facts: Facts) => DecisionSummary;

export function compilePolicy(document: PolicyDocument): CompiledPolicy {
  const graph = analyseGraph(document);
  if (graph.cycle) {
    throw new PolicyInvalidError([
      plainDiagnostic('GRAPH_CYCLE', graph.cycle[0] ?? null, '/edges', says('compileCycle', { cycle: graph.cycle })),
    ]);
  }
  const policyLanguage: Language = document.language ?? 'en';
  const plain = build(document, graph, false, policyLanguage);
  // Other languages and the traced variants are generated the first time they are asked for.
  const variants = new Map<string, Evaluation>([[`${policyLanguage}:plain`, plain.evaluate]]);
  const evaluatePlain = plain.evaluate;
  // Generated on first use (after the plain function compiled, so the document is known good).
  let summarizing: Summarizing | null = null;
  const summarizerOf = (): Summarizing => (summarizing = build(document, graph, false, policyLanguage, true).evaluate as unknown as Summarizing);
  return {
    document,
    source: plain.source,
    summarize(facts: Facts): DecisionSummary {
      return (summarizing ?? summarizerOf())(facts);
    },
    summarizer: () => summarizing ?? summarizerOf(),
    evaluate(facts: Facts, options?: EvaluateOptions): Decision {
      // The common call (no options): straight to the generated function, nothing to look up.
      if (options === undefined) return evaluatePlain(facts);
      const language = options?.language ?? policyLanguage;
      if (!options?.trace && language === policyLanguage) return plain.evaluate(facts);
      const key = `${language}:${options?.trace ? 'trace' : 'plain'}`;
      let evaluation = variants.get(key);
      if (!evaluation) {
        evaluation = build(document, graph, options?.trace === true, language).evaluate;
        variants.set(key, evaluation);
      }
      return evaluation(facts);
    },
  };
}

function build(document: PolicyDocument, graph: ReturnType<typeof analyseGraph>, trace: boolean, language: Language, summary = false): { evaluate: Evaluation; source: string } {
  const emitted = emitPolicy(document, graph, trace, language, summary);
  if (emitted.context.diagnostics.length > 0) throw new PolicyInvalidError(emitted.context.diagnostics);
  const source = [
    '"use strict";',
    runtimeBindings('$E'),
    conditionRuntimeBindings('$C'),
    decisionRuntimeBindings('$D'),
    ...emitted.preamble,
    `return function ${summary ? 'summarize' : `evaluate${trace ? 'Traced' : ''}`}(facts) {`,
    emitted.body,
    '};',
  ].join('\n');
  const factory = new Function('$E', '$C', '$D', 'K', source) as (...args: unknown[]) => Evaluation;
  return { evaluate: factory(EXPRESSION_RUNTIME, CONDITION_RUNTIME, DECISION_RUNTIME, emitted.constants), source };
}
