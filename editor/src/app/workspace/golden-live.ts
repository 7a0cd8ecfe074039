/**
 * Golden tests in live validation: the engine's checkPolicy runs every golden test of the document
 * being edited; each failing case becomes a problem placed on the node that decides the failing
 * field (risk class on the risk-class node, limit on the credit-limit node…), so a change that
 * breaks a case shows where it is made, before anyone submits.
 */
import type { NodeKind, PolicyDocument } from '../../../../engine/model/policy-schema.js';
import type { Engine } from '../../engine/engine.js';
import type { DiagnosticLike } from '../../document/overlays.js';

export interface GoldenFailureView {
  field: string;
  expected: unknown;
  actual: unknown;
}

export interface GoldenCaseResult {
  testId: string;
  passed: boolean;
  failures: GoldenFailureView[];
  /** What the engine decides now for the case's facts (null when the facts are refused). */
  actual: Record<string, unknown> | null;
}

const FIELD_KIND: Record<string, NodeKind> = {
  score: 'scorecard',
  riskClass: 'riskClass',
  creditLimit: 'creditLimit',
  unsecuredLimit: 'creditLimit',
  approvalLevel: 'approval',
  outcome: 'approval',
  collectionScenario: 'collection',
};

/** The node whose output a golden field is. */
export function nodeForField(doc: PolicyDocument, field: string): string | null {
  const kind = FIELD_KIND[field];
  return kind ? doc.nodes.find((n) => n.kind === kind)?.id ?? null : null;
}

export function goldenProblems(engine: Pick<Engine, 'checkPolicy'>, doc: PolicyDocument): { problems: DiagnosticLike[]; results: GoldenCaseResult[] } {
  if (doc.tests.length === 0) return { problems: [], results: [] };
  let check;
  try {
    check = engine.checkPolicy(doc);
  } catch {
    return { problems: [], results: [] };
  }
  const results: GoldenCaseResult[] = check.golden.map((r) => ({
    testId: r.testId,
    passed: r.passed,
    failures: r.failures,
    actual: r.decision
      ? {
          outcome: r.decision.outcome,
          approvalLevel: r.decision.approvalLevel ?? null,
          riskClass: r.decision.riskClass ?? null,
          score: r.decision.score ?? null,
          creditLimit: r.decision.creditLimit?.gross ?? null,
          unsecuredLimit: r.decision.creditLimit?.unsecured ?? null,
          collectionScenario: r.decision.collectionScenario?.id ?? null,
        }
      : null,
  }));
  const problems = check.diagnostics
    .filter((d) => d.code === 'GOLDEN_TEST_FAILED')
    .map((d) => {
      const index = Number(/^\/tests\/(\d+)/.exec(d.path ?? '')?.[1] ?? -1);
      const result = index >= 0 ? results.find((r) => r.testId === doc.tests[index]?.id) : undefined;
      const field = result?.failures.find((f) => nodeForField(doc, f.field))?.field;
      return { code: d.code, severity: d.severity, path: d.path, message: d.message, messages: d.messages, nodeId: field ? nodeForField(doc, field) : null } as DiagnosticLike;
    });
  return { problems, results };
}
