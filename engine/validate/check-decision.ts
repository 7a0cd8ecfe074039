/** The decision node's variables, and whether anything can give an outcome at all. */
import type { NodeOfKind } from '../model/policy-schema.js';
import { pointer } from './json-pointer.js';
import { resolveName } from './name-resolution.js';
import type { PolicyContext } from './policy-context.js';
import { says } from '../i18n/diagnostic-messages.js';

export function checkDecision(ctx: PolicyContext, node: NodeOfKind<'decision'>, n: number): void {
  (node.config.variables ?? []).forEach((name, i) => {
    resolveName(ctx, name, { nodeIndex: n, path: pointer('nodes', n, 'config', 'variables', i), verb: 'returns' });
  });
  // Conditions name the variables that hold them, read like any other name.
  for (const [field, name] of Object.entries(node.config.conditions ?? {})) {
    if (name !== undefined) resolveName(ctx, name, { nodeIndex: n, path: pointer('nodes', n, 'config', 'conditions', field), verb: 'condition of the decision reads' });
  }
}

export function checkOutcomeProduced(ctx: PolicyContext): void {
  const producesOutcome = ctx.doc.nodes.some(
    (node) => node.kind === 'approval' || (node.kind === 'rules' && node.config.rules.some((r) => r.actions.some((a) => a.type === 'outcome'))),
  );
  if (producesOutcome) return;
  const decision = ctx.doc.nodes.findIndex((node) => node.kind === 'decision');
  ctx.out.report('NO_OUTCOME', decision >= 0 ? pointer('nodes', decision) : '/nodes', says('noOutcome', {}));
}
