/**
 * Conditions, inline and shared: names visible where the condition is evaluated, references to
 * shared conditions that exist and do not loop, nesting within the limit, operators that fit.
 */
import { type Condition, POLICY_LIMITS } from '../model/policy-schema.js';
import { checkLeafOperator } from './check-operators.js';
import { pointer } from './json-pointer.js';
import { resolveName } from './name-resolution.js';
import type { PolicyContext } from './policy-context.js';
import { says } from '../i18n/diagnostic-messages.js';
import { closestName } from './suggest-name.js';

type Visit = {
  leaf?: (leaf: Extract<Condition, { operator: unknown }>, path: string) => void;
  reference?: (name: string, path: string) => void;
};

/** Depth-first over one condition tree (shared references are not followed here). */
function walk(condition: Condition, path: string, visit: Visit): void {
  if ('all' in condition) condition.all.forEach((c, i) => walk(c, `${path}/all/${i}`, visit));
  else if ('any' in condition) condition.any.forEach((c, i) => walk(c, `${path}/any/${i}`, visit));
  else if ('not' in condition) walk(condition.not, `${path}/not`, visit);
  else if ('condition' in condition) visit.reference?.(condition.condition, path);
  else visit.leaf?.(condition, path);
}

/** Levels of all/any/not groups; a leaf or a reference adds none. */
function depthOf(condition: Condition): number {
  if ('all' in condition) return 1 + Math.max(0, ...condition.all.map(depthOf));
  if ('any' in condition) return 1 + Math.max(0, ...condition.any.map(depthOf));
  if ('not' in condition) return 1 + depthOf(condition.not);
  return 0;
}

const hasShared = (ctx: PolicyContext, name: string) => ctx.doc.conditions !== undefined && Object.prototype.hasOwnProperty.call(ctx.doc.conditions, name);

/** The names a condition's leaves read, with where (fact and {fact: …} values). */
function leafNames(leaf: Extract<Condition, { operator: unknown }>, path: string): { name: string; path: string }[] {
  const names = [{ name: leaf.fact, path: `${path}/fact` }];
  const v = leaf.value;
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) names.push({ name: v.fact, path: `${path}/value/fact` });
  return names;
}

export class ConditionChecker {
  /** "node|shared condition" pairs already expanded, so a shared condition used twice in a node is told once. */
  private readonly expanded = new Set<string>();
  constructor(private readonly ctx: PolicyContext) {}

  /** A condition evaluated inside node `nodeIndex` (an override, a rule's `when`…). */
  checkAt(condition: Condition, path: string, nodeIndex: number, local?: ReadonlySet<string>): void {
    const { ctx } = this;
    this.checkDepth(condition, path);
    walk(condition, path, {
      leaf: (leaf, at) => {
        for (const use of leafNames(leaf, at)) resolveName(ctx, use.name, { nodeIndex, path: use.path, verb: 'condition reads', local });
        checkLeafOperator(ctx, leaf, at);
      },
      reference: (name, at) => {
        if (!hasShared(ctx, name)) this.reportUnknown(name, at);
        else this.expandShared(name, nodeIndex, at, new Set(), local);
      },
    });
  }

  /** Names of a shared condition must be visible in every node that uses it. */
  private expandShared(name: string, nodeIndex: number, usedAt: string, chain: Set<string>, local?: ReadonlySet<string>): void {
    const { ctx } = this;
    const key = `${nodeIndex}|${name}`;
    if (chain.has(name) || this.expanded.has(key)) return; // cycles are reported by checkShared
    this.expanded.add(key);
    chain.add(name);
    walk(ctx.doc.conditions![name]!, pointer('conditions', name), {
      leaf: (leaf, at) => {
        for (const use of leafNames(leaf, at)) {
          // A name unknown everywhere is reported once, by checkShared.
          if (!ctx.inputs.has(use.name) && !ctx.producers.has(use.name)) continue;
          resolveName(ctx, use.name, { nodeIndex, path: usedAt, verb: { sharedCondition: name }, local });
        }
      },
      reference: (inner) => {
        if (hasShared(ctx, inner)) this.expandShared(inner, nodeIndex, usedAt, chain, local);
      },
    });
    chain.delete(name);
  }

  /** The shared conditions themselves: references, cycles, depth, operators, unused ones. */
  checkShared(usedNames: ReadonlySet<string>): void {
    const { ctx } = this;
    const shared = ctx.doc.conditions ?? {};
    const references = new Map<string, string[]>();
    for (const [name, condition] of Object.entries(shared)) {
      const path = pointer('conditions', name);
      this.checkDepth(condition, path);
      const refs: string[] = [];
      walk(condition, path, {
        leaf: (leaf, at) => {
          for (const use of leafNames(leaf, at)) resolveName(ctx, use.name, { nodeIndex: null, path: use.path, verb: 'condition reads' });
          checkLeafOperator(ctx, leaf, at);
        },
        reference: (inner, at) => {
          if (!hasShared(ctx, inner)) this.reportUnknown(inner, at);
          else refs.push(inner);
        },
      });
      references.set(name, refs);
    }
    this.reportCycles(references);

    const reached = new Set<string>();
    const stack = [...usedNames].filter((n) => hasShared(ctx, n));
    while (stack.length > 0) {
      const name = stack.pop()!;
      if (reached.has(name)) continue;
      reached.add(name);
      stack.push(...(references.get(name) ?? []));
    }
    for (const name of Object.keys(shared)) {
      if (!reached.has(name)) ctx.out.report('UNUSED_CONDITION', pointer('conditions', name), says('conditionUnused', {}));
    }
  }

  private reportCycles(references: Map<string, string[]>): void {
    const done = new Set<string>();
    const path: string[] = [];
    const reported = new Set<string>();
    const visit = (name: string): void => {
      const at = path.indexOf(name);
      if (at >= 0) {
        const cycle = path.slice(at);
        const key = [...cycle].sort().join('|');
        if (!reported.has(key)) {
          reported.add(key);
          this.ctx.out.report('CONDITION_CYCLE', pointer('conditions', cycle[0]!), says('conditionCycle', { cycle: [...cycle, cycle[0]!] }));
        }
        return;
      }
      if (done.has(name)) return;
      path.push(name);
      for (const next of references.get(name) ?? []) visit(next);
      path.pop();
      done.add(name);
    };
    for (const name of references.keys()) visit(name);
  }

  private checkDepth(condition: Condition, path: string): void {
    const depth = depthOf(condition);
    if (depth > POLICY_LIMITS.conditionDepth) {
      this.ctx.out.report('CONDITION_TOO_DEEP', path, says('conditionTooDeep', { depth, limit: POLICY_LIMITS.conditionDepth }));
    }
  }

  private reportUnknown(name: string, path: string): void {
    const known = Object.keys(this.ctx.doc.conditions ?? {});
    this.ctx.out.report('UNKNOWN_CONDITION', `${path}/condition`, says('conditionUnknown', { name, suggestion: closestName(name, known) }));
  }
}

/** Every {condition: name} used anywhere in the nodes. */
export function referencedConditions(conditions: readonly Condition[]): Set<string> {
  const names = new Set<string>();
  for (const c of conditions) walk(c, '', { reference: (name) => names.add(name) });
  return names;
}
