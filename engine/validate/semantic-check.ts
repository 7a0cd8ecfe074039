/** The semantic stage: every check over a schema-valid document, all problems reported. */
import type { Condition, PolicyDocument } from '../model/policy-schema.js';
import { checkApproval } from './check-approval.js';
import { checkCollection } from './check-collection.js';
import { ConditionChecker, referencedConditions } from './check-conditions.js';
import { checkCreditLimit } from './check-credit-limit.js';
import { checkDecision, checkOutcomeProduced } from './check-decision.js';
import { checkGoldenTests } from './check-golden-tests.js';
import { checkGraph } from './check-graph.js';
import { checkDuplicateIds, checkDuplicateNames } from './check-identity.js';
import { checkInputs, checkRequiredWhen, checkUnusedInputs } from './check-inputs.js';
import { checkFormula, checkRulesNode } from './check-node-outputs.js';
import { checkReasonPlaceholders } from './check-reason-placeholders.js';
import { checkRiskClass } from './check-risk-class.js';
import { checkScorecard } from './check-scorecard.js';
import type { DiagnosticList } from './diagnostic.js';
import { buildPolicyContext } from './policy-context.js';

export function checkSemantics(doc: PolicyDocument, out: DiagnosticList): void {
  const ctx = buildPolicyContext(doc, out);
  const conditions = new ConditionChecker(ctx);

  checkInputs(ctx);
  checkRequiredWhen(ctx);
  checkDuplicateIds(ctx);
  checkDuplicateNames(ctx);
  checkGraph(ctx);

  doc.nodes.forEach((node, n) => {
    switch (node.kind) {
      case 'formula':
        return checkFormula(ctx, node, n);
      case 'scorecard':
        return checkScorecard(ctx, node, n);
      case 'riskClass':
        return checkRiskClass(ctx, conditions, node, n);
      case 'creditLimit':
        return checkCreditLimit(ctx, node, n);
      case 'approval':
        return checkApproval(ctx, conditions, node, n);
      case 'collection':
        return checkCollection(ctx, conditions, node, n);
      case 'rules':
        return checkRulesNode(ctx, conditions, node, n);
      case 'decision':
        return checkDecision(ctx, node, n);
    }
  });
  conditions.checkShared(referencedConditions(nodeConditions(doc)));
  checkReasonPlaceholders(ctx);
  checkUnusedInputs(ctx);
  checkOutcomeProduced(ctx);
  checkGoldenTests(ctx);
}

function nodeConditions(doc: PolicyDocument): Condition[] {
  return doc.nodes.flatMap((node): Condition[] => {
    switch (node.kind) {
      case 'riskClass':
        return [...(node.config.overrides ?? []).map((o) => o.when), ...(node.config.segments ?? []).map((g) => g.when)];
      case 'approval':
      case 'rules':
        return node.config.rules.map((r) => r.when);
      case 'collection':
        return (node.config.overrides ?? []).map((o) => o.when);
      default:
        return [];
    }
  });
}
