/** Reason messages: every {name} placeholder names an input or a variable. */
import type { PolicyNode, Reason } from '../model/policy-schema.js';
import { specOf } from '../kinds/index.js';
import { pointer } from './json-pointer.js';
import { resolveName } from './name-resolution.js';
import { textVersions } from '../i18n/localized-text.js';
import type { PolicyContext } from './policy-context.js';
import { says } from '../i18n/diagnostic-messages.js';
import { closestName } from './suggest-name.js';

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)(?::(?:1[0-2]|[0-9]))?\}/g;

/** Every reason of a node with the path of its message. */
function reasonsOf(node: PolicyNode, n: number): { reason: Reason; path: string }[] {
  return specOf(node).reasons(node).map(({ reason, at }) => ({ reason, path: pointer('nodes', n, 'config', ...at, 'reason') }));
}

/** Own outputs a node's reasons may already use (the compiler defines them before the rules run). */
function ownNamesVisible(node: PolicyNode): Set<string> {
  return new Set(specOf(node).namesInReasons(node));
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
