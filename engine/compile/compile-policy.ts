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
import type { Facts, PolicyDocument } from '../model/policy-schema.js';
import { DECISION_RUNTIME, decisionRuntimeBindings } from './decision-runtime.js';
import { emitPolicy } from './emit-policy.js';
import { PolicyInvalidError } from './policy-invalid-error.js';

export { PolicyInvalidError } from './policy-invalid-error.js';

export interface EvaluateOptions {
  trace?: boolean;
}

export interface CompiledPolicy {
  readonly document: PolicyDocument;
  /** Evaluates facts that passed checkFacts (null means missing, except to conditions: see docs). Never throws on those. */
  evaluate(facts: Facts, options?: EvaluateOptions): Decision;
  /** The generated source of the plain (untraced) evaluation function, for review and debugging. */
  readonly source: string;
}

type Evaluation = (facts: Facts) => Decision;

export function compilePolicy(document: PolicyDocument): CompiledPolicy {
  const graph = analyseGraph(document);
  if (graph.cycle) {
    throw new PolicyInvalidError([
      { code: 'GRAPH_CYCLE', severity: 'error', nodeId: graph.cycle[0] ?? null, path: '/edges', message: `the graph has a cycle through ${graph.cycle.join(', ')}` },
    ]);
  }
  const plain = build(document, graph, false);
  let traced: Evaluation | null = null;
  return {
    document,
    source: plain.source,
    evaluate(facts: Facts, options?: EvaluateOptions): Decision {
      if (options?.trace) {
        traced ??= build(document, graph, true).evaluate;
        return traced(facts);
      }
      return plain.evaluate(facts);
    },
  };
}

function build(document: PolicyDocument, graph: ReturnType<typeof analyseGraph>, trace: boolean): { evaluate: Evaluation; source: string } {
  const emitted = emitPolicy(document, graph, trace);
  if (emitted.context.diagnostics.length > 0) throw new PolicyInvalidError(emitted.context.diagnostics);
  const source = [
    '"use strict";',
    runtimeBindings('$E'),
    conditionRuntimeBindings('$C'),
    decisionRuntimeBindings('$D'),
    ...emitted.preamble,
    `return function evaluate${trace ? 'Traced' : ''}(facts) {`,
    emitted.body,
    '};',
  ].join('\n');
  const factory = new Function('$E', '$C', '$D', 'K', source) as (...args: unknown[]) => Evaluation;
  return { evaluate: factory(EXPRESSION_RUNTIME, CONDITION_RUNTIME, DECISION_RUNTIME, emitted.constants), source };
}
