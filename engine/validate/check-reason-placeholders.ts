/** Reason messages: every {name} placeholder names an input or a variable. */
import type { PolicyNode, Reason } from '../model/policy-schema.js';
import { producedNames } from '../model/names.js';
import { pointer } from './json-pointer.js';
import { resolveName } from './name-resolution.js';
import { textVersions } from '../i18n/localized-text.js';
import type { PolicyContext } from './policy-context.js';
import { says } from '../i18n/diagnostic-messages.js';
import { closestName } from './suggest-name.js';

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)(?::(?:1[0-2]|[0-9]))?\}/g;

/** Every reason of a node with the path of its message. */
function reasonsOf(node: PolicyNode, n: number): { reason: Reason; path: string }[] {
  const at = (...rest: (string | number)[]) => pointer('nodes', n, 'config', ...rest, 'reason');
  switch (node.kind) {
    case 'riskClass':
      return (node.config.overrides ?? []).map((o, i) => ({ reason: o.reason, path: at('overrides', i) }));
    case 'approval':
      return [...node.config.rules.map((r, i) => ({ reason: r.reason, path: at('rules', i) })), { reason: node.config.default.reason, path: at('default') }];
    case 'collection':
      return (node.config.overrides ?? []).flatMap((o, i) => (o.reason ? [{ reason: o.reason, path: at('overrides', i) }] : []));
    case 'rules':
      return node.config.rules.flatMap((r, i) => r.actions.flatMap((a, k) => (a.type === 'set' ? [] : [{ reason: a.reason, path: at('rules', i, 'actions', k) }])));
    default:
      return [];
  }
}

/** Own outputs a node's reasons may already use (the compiler defines them before the rules run). */
function ownNamesVisible(node: PolicyNode): Set<string> {
  if (node.kind === 'approval') return new Set(['approvalAmount', 'authorityAmount']);
  if (node.kind === 'rules') return new Set(producedNames(node));
  return new Set();
}

export function checkReasonPlaceholders(ctx: PolicyContext): void {
  const known = new Set([...ctx.inputs.keys(), ...ctx.producers.keys()]);
  ctx.doc.nodes.forEach((node, n) => {
    const local = ownNamesVisible(node);
    for (const { reason, path } of reasonsOf(node, n)) {
      const where = `${path}/message`;
      for (const name of new Set(textVersions(reason.message).flatMap((version) => [...version.matchAll(PLACEHOLDER)].map((m) => m[1]!)))) {
        if (!known.has(name)) ctx.out.report('UNKNOWN_PLACEHOLDER', where, says('placeholderUnknown', { name, suggestion: closestName(name, known) }));
        else resolveName(ctx, name, { nodeIndex: n, path: where, verb: { placeholder: name }, local });
      }
    }
  });
}
