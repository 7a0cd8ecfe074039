/**
 * Is a name visible where it is used? A node sees every input plus the outputs of the nodes
 * upstream of it; the diagnostic says which node produces a name and which edge is missing.
 */
import type { PolicyContext } from './policy-context.js';
import { closestName } from './suggest-name.js';
import { says, type NameVerb } from '../i18n/diagnostic-messages.js';

export interface NameUse {
  /** Index of the node where the name is used (null for document-level uses such as golden tests). */
  nodeIndex: number | null;
  path: string;
  /** Names visible here besides inputs and upstream outputs (earlier formula variables, class parameters). */
  local?: ReadonlySet<string>;
  /** Names that exist but are not yet visible here, with why: a later variable of the same formula (`variable` is the one reading it). */
  later?: ReadonlyMap<string, { itself: boolean; variable: string }>;
  /** How the use is described in the message, e.g. "expression uses" or "condition reads". */
  verb?: NameVerb;
}

/** Reports an unusable name; returns true when the name is visible. */
export function resolveName(ctx: PolicyContext, name: string, use: NameUse): boolean {
  if (use.nodeIndex !== null) ctx.used.add(name);
  if (ctx.inputs.has(name) || use.local?.has(name)) return true;
  const verb: NameVerb = use.verb ?? 'uses';
  const later = use.later?.get(name);
  if (later) {
    ctx.out.report('NAME_NOT_UPSTREAM', use.path, says('nameLater', { verb, name, ...later }));
    return false;
  }
  const producers = ctx.producers.get(name) ?? [];
  if (producers.length === 0) {
    const known = [...ctx.inputs.keys(), ...ctx.producers.keys(), ...(use.local ?? [])];
    ctx.out.report('UNKNOWN_NAME', use.path, says('nameUnknown', { verb, name, suggestion: closestName(name, known) }));
    return false;
  }
  if (use.nodeIndex === null) return true;
  const at = use.nodeIndex;
  const upstream = ctx.ancestors[at]!;
  if (producers.some((p) => upstream.has(p))) return true;
  const here = ctx.doc.nodes[at]!.id;
  if (producers.includes(at)) {
    ctx.out.report('NAME_NOT_UPSTREAM', use.path, says('nameSelf', { verb, name }));
    return false;
  }
  const producer = producers[0]!;
  const source = ctx.doc.nodes[producer]!.id;
  const downstream = ctx.ancestors[producer]!.has(at);
  ctx.out.report('NAME_NOT_UPSTREAM', use.path, says('nameNotUpstream', { verb, name, source, here, downstream }));
  return false;
}
