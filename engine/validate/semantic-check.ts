/** The semantic stage: every check over a schema-valid document, all problems reported. */
import { specOf } from '../kinds/index.js';
import type { Condition, PolicyDocument } from '../model/policy-schema.js';
import { ConditionChecker, referencedConditions } from './check-conditions.js';
import { checkOutcomeProduced } from './check-decision.js';
import { checkGoldenTests } from './check-golden-tests.js';
import { checkGraph } from './check-graph.js';
import { checkDuplicateIds, checkDuplicateNames } from './check-identity.js';
import { checkInputs, checkRequiredWhen, checkUnusedInputs } from './check-inputs.js';
import { checkReasonPlaceholders } from './check-reason-placeholders.js';
import type { DiagnosticList } from './diagnostic.js';
import { buildPolicyContext } from './policy-context.js';

export function checkSemantics(doc: PolicyDocument, out: DiagnosticList): void {
  const ctx = buildPolicyContext(doc, out, (node, ids) => specOf(node).outputTypes(node, ids));
  const conditions = new ConditionChecker(ctx);

  checkInputs(ctx);
  checkRequiredWhen(ctx);
  checkDuplicateIds(ctx);
  checkDuplicateNames(ctx);
  checkGraph(ctx);

  // Each node by its kind's own checks (engine/kinds/).
  doc.nodes.forEach((node, n) => specOf(node).check(ctx, conditions, node, n));
  conditions.checkShared(referencedConditions(nodeConditions(doc)));
  checkReasonPlaceholders(ctx);
  checkUnusedInputs(ctx);
  checkOutcomeProduced(ctx);
  checkGoldenTests(ctx);
}

function nodeConditions(doc: PolicyDocument): Condition[] {
  return doc.nodes.flatMap((node) => specOf(node).conditions(node));
}
