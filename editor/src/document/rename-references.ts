/**
 * Renaming something a policy refers to by name renames every reference: a risk class (class
 * parameters, class → scenario map, overrides, conditions on the class, golden tests), a delegation
 * level (rules, default, golden tests), a collection scenario (class map, default, overrides, golden
 * tests) and a variable (expressions, conditions, name fields, golden tests). Plain TypeScript.
 */
import type { Condition, PolicyDocument, PolicyNode } from '../../../engine/model/policy-schema.js';
import { producedNames } from '../../../engine/model/names.js';
import type { Command } from './commands.js';

export type Rename = { what: 'class' | 'level' | 'scenario' | 'variable'; from: string; to: string };

/** Ids at the same place that changed between two versions of one node. */
function renamedAt(before: { id: string }[], after: { id: string }[]): { from: string; to: string }[] {
  if (before.length !== after.length) return [];
  return before.flatMap((b, i) => (after[i] && after[i]!.id !== b.id ? [{ from: b.id, to: after[i]!.id }] : []));
}

/** What an inspector edit renamed (ids changed in place, not rows added or removed). */
export function detectRenames(before: PolicyNode, after: PolicyNode): Rename[] {
  const out: Rename[] = [];
  if (before.kind === 'riskClass' && after.kind === 'riskClass') out.push(...renamedAt(before.config.classes, after.config.classes).map((r) => ({ what: 'class' as const, ...r })));
  if (before.kind === 'approval' && after.kind === 'approval') out.push(...renamedAt(before.config.levels, after.config.levels).map((r) => ({ what: 'level' as const, ...r })));
  if (before.kind === 'collection' && after.kind === 'collection') out.push(...renamedAt(before.config.scenarios, after.config.scenarios).map((r) => ({ what: 'scenario' as const, ...r })));
  if (before.kind === after.kind && before.kind !== 'rules') {
    const b = producedNames(before);
    const a = producedNames(after);
    if (a.length === b.length) b.forEach((name, i) => a[i] !== name && out.push({ what: 'variable', from: name, to: a[i]! }));
  }
  return out;
}

const identifier = (name: string) => new RegExp(`(?<![\\w.$])${name.replace(/[$]/g, '\\$')}(?![\\w$])`, 'g');
/** Keys whose strings are words for people, never names. */
const PROSE = new Set(['label', 'message', 'description', 'code', 'id', 'name', 'values']);

function renameVariableIn(value: unknown, from: string, to: string, key = ''): unknown {
  if (typeof value === 'string') {
    if (PROSE.has(key)) return value;
    if (value === from) return to;
    return from && /^[A-Za-z_$][\w$]*$/.test(from) ? value.replace(identifier(from), to) : value;
  }
  if (Array.isArray(value)) return value.map((v) => renameVariableIn(v, from, to, key));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameVariableIn(v, from, to, k)]));
  return value;
}

function renameKey<T>(map: Record<string, T> | undefined, from: string, to: string): Record<string, T> | undefined {
  if (!map || !(from in map)) return map;
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k === from ? to : k, v]));
}

/** Condition leaves comparing `fact` to `from` (alone or in a list) compare it to `to`. */
function renameValueIn(c: Condition, facts: Set<string>, from: string, to: string): Condition {
  if ('all' in c) return { ...c, all: c.all.map((x) => renameValueIn(x, facts, from, to)) } as Condition;
  if ('any' in c) return { ...c, any: c.any.map((x) => renameValueIn(x, facts, from, to)) } as Condition;
  if ('not' in c) return { ...c, not: renameValueIn(c.not, facts, from, to) } as Condition;
  if ('fact' in c && facts.has(c.fact)) {
    const v = c.value;
    if (v === from) return { ...c, value: to };
    if (Array.isArray(v)) return { ...c, value: v.map((x) => (x === from ? to : x)) } as Condition;
  }
  return c;
}

/** Every condition tree in a node config, rewritten by `fn`. */
function mapConditions(value: unknown, fn: (c: Condition) => Condition, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => mapConditions(v, fn, key));
  if (value && typeof value === 'object') {
    if (key === 'when') return fn(value as Condition);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapConditions(v, fn, k)]));
  }
  return value;
}

export function applyRename(doc: PolicyDocument, r: Rename): PolicyDocument {
  const { from, to } = r;
  if (from === to) return doc;
  if (r.what === 'variable') {
    const tests = doc.tests.map((t) => ({ ...t, facts: t.facts, expect: t.expect.variables ? { ...t.expect, variables: renameKey(t.expect.variables, from, to) } : t.expect }));
    const conditions = doc.conditions ? (renameVariableIn(doc.conditions, from, to) as PolicyDocument['conditions']) : doc.conditions;
    return { ...doc, conditions, nodes: doc.nodes.map((n) => ({ ...n, config: renameVariableIn(n.config, from, to) }) as PolicyNode), tests };
  }
  if (r.what === 'class') {
    const classVars = new Set(doc.nodes.flatMap((n) => (n.kind === 'riskClass' ? [n.config.output ?? 'riskClass'] : [])));
    const nodes = doc.nodes.map((n) => {
      let node = n;
      if (node.kind === 'creditLimit') node = { ...node, config: { ...node.config, classParameters: renameKey(node.config.classParameters, from, to) } };
      if (node.kind === 'collection') node = { ...node, config: { ...node.config, byClass: renameKey(node.config.byClass, from, to)! } };
      if (node.kind === 'riskClass') node = { ...node, config: { ...node.config, overrides: node.config.overrides?.map((o) => (o.class === from ? { ...o, class: to } : o)) } };
      return { ...node, config: mapConditions(node.config, (c) => renameValueIn(c, classVars, from, to)) } as PolicyNode;
    });
    const tests = doc.tests.map((t) => (t.expect.riskClass === from ? { ...t, expect: { ...t.expect, riskClass: to } } : t));
    return { ...doc, nodes, tests };
  }
  if (r.what === 'level') {
    const nodes = doc.nodes.map((n) =>
      n.kind === 'approval'
        ? ({
            ...n,
            config: {
              ...n.config,
              rules: n.config.rules.map((x) => (x.level === from ? { ...x, level: to } : x)),
              default: n.config.default.level === from ? { ...n.config.default, level: to } : n.config.default,
            },
          } as PolicyNode)
        : n,
    );
    const tests = doc.tests.map((t) => (t.expect.approvalLevel === from ? { ...t, expect: { ...t.expect, approvalLevel: to } } : t));
    return { ...doc, nodes, tests };
  }
  // scenario
  const nodes = doc.nodes.map((n) =>
    n.kind === 'collection'
      ? ({
          ...n,
          config: {
            ...n.config,
            byClass: Object.fromEntries(Object.entries(n.config.byClass).map(([k, v]) => [k, v === from ? to : v])),
            default: n.config.default === from ? to : n.config.default,
            overrides: n.config.overrides?.map((o) => (o.scenario === from ? { ...o, scenario: to } : o)),
          },
        } as PolicyNode)
      : n,
  );
  const tests = doc.tests.map((t) => (t.expect.collectionScenario === from ? { ...t, expect: { ...t.expect, collectionScenario: to } } : t));
  return { ...doc, nodes, tests };
}

/** The document after an inspector replaced `after`'s node, with every rename carried to its references. */
export function replaceWithRenames(doc: PolicyDocument, after: PolicyNode): { doc: PolicyDocument; renames: Rename[] } {
  const before = doc.nodes.find((n) => n.id === after.id);
  if (!before) return { doc, renames: [] };
  // A name being retyped passes through "" : references keep their name until a new one is typed.
  const renames = detectRenames(before, after).filter((r) => r.from !== '' && r.to !== '');
  let next: PolicyDocument = { ...doc, nodes: doc.nodes.map((n) => (n.id === after.id ? after : n)) };
  for (const r of renames) next = applyRename(next, r);
  return { doc: next, renames };
}

/**
 * An inspector edit that renames something: the node and every reference change as one undoable
 * step (consecutive keystrokes in the same field merge, like any field edit).
 */
export function replaceNodeRenaming(after: PolicyNode, mergeKey?: string): Command {
  return makeRenaming(after, mergeKey, null);
}

function makeRenaming(after: PolicyNode, mergeKey: string | undefined, seeded: PolicyDocument | null): Command & { after: PolicyNode } {
  let before: PolicyDocument | null = seeded;
  let result: PolicyDocument | null = null;
  const cmd = {
    type: 'renameReferences',
    label: 'cmd.rename',
    after,
    mergeKey: mergeKey ? `${after.id}:${mergeKey}` : undefined,
    execute(doc: PolicyDocument) {
      before ??= doc;
      result = replaceWithRenames(doc, after).doc;
      return result;
    },
    undo(doc: PolicyDocument) {
      return before ?? doc;
    },
    merge(next: Command) {
      if (next.type !== 'renameReferences' || !next.mergeKey || next.mergeKey !== cmd.mergeKey) return null;
      return makeRenaming((next as Command & { after: PolicyNode }).after, mergeKey, before);
    },
  };
  return cmd;
}
