/**
 * Every edit of a policy document is a command: `execute` returns the next document, `undo`
 * returns the previous one. Documents are immutable values; a command captures what it needs to
 * undo itself the first time it executes, so execute → undo → execute (redo) is exact.
 * Plain TypeScript: no React, no DOM.
 */
import type {
  GoldenTest,
  InputDeclaration,
  PolicyDocument,
  PolicyEdge,
  PolicyNode,
} from '../../../engine/model/policy-schema.js';
import { wouldCreateCycle } from '../../../engine/model/graph.js';

export interface Position {
  x: number;
  y: number;
}

/** What a command is about, for the history list and for merging consecutive edits. */
export interface Command {
  readonly type: string;
  /** i18n key of a short description ("Edit node", "Move 3 nodes"). */
  readonly label: string;
  execute(doc: PolicyDocument): PolicyDocument;
  undo(doc: PolicyDocument): PolicyDocument;
  /** Consecutive commands with the same merge key (e.g. typing in one field) become one undo step. */
  readonly mergeKey?: string;
  /** Returns one command doing this then `next`, or null when they cannot merge. */
  merge?(next: Command): Command | null;
}

export class CommandError extends Error {
  constructor(
    readonly code: 'CYCLE' | 'SELF_LOOP' | 'DUPLICATE_EDGE' | 'UNKNOWN_NODE' | 'DUPLICATE_ID' | 'DECISION_HAS_OUTPUT' | 'LAST_DECISION',
    message: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

// ---------------------------------------------------------------------------------------------
// helpers

export const edgeKey = (e: Pick<PolicyEdge, 'source' | 'target'>) => `${e.source}->${e.target}`;

function layoutNodes(doc: PolicyDocument): Record<string, Position> {
  return doc.layout?.nodes ?? {};
}

function withLayoutNodes(doc: PolicyDocument, nodes: Record<string, Position>): PolicyDocument {
  return { ...doc, layout: { ...(doc.layout ?? {}), nodes } };
}

function findNode(doc: PolicyDocument, id: string): PolicyNode {
  const node = doc.nodes.find((n) => n.id === id);
  if (!node) throw new CommandError('UNKNOWN_NODE', `No node "${id}"`);
  return node;
}

/** A node id not used in the document, derived from `base` (scorecard, scorecard2, …). */
export function freshNodeId(doc: Pick<PolicyDocument, 'nodes'>, base: string, taken: Set<string> = new Set()): string {
  const used = new Set([...doc.nodes.map((n) => n.id), ...taken]);
  const clean = base.replace(/[^A-Za-z0-9_-]/g, '').replace(/^[^A-Za-z]+/, '') || 'node';
  if (!used.has(clean)) return clean;
  for (let i = 2; ; i++) if (!used.has(`${clean}${i}`)) return `${clean}${i}`;
}

// ---------------------------------------------------------------------------------------------
// nodes

/** Adds nodes (and edges between them or to existing nodes) at the given positions. Also used by paste. */
export function addNodes(nodes: PolicyNode[], positions: Record<string, Position>, edges: PolicyEdge[] = []): Command {
  return {
    type: 'addNodes',
    label: nodes.length === 1 ? 'cmd.addNode' : 'cmd.addNodes',
    execute(doc) {
      const existing = new Set(doc.nodes.map((n) => n.id));
      for (const n of nodes) if (existing.has(n.id)) throw new CommandError('DUPLICATE_ID', `A node "${n.id}" exists already`);
      return withLayoutNodes(
        { ...doc, nodes: [...doc.nodes, ...nodes], edges: [...doc.edges, ...edges] },
        { ...layoutNodes(doc), ...positions },
      );
    },
    undo(doc) {
      const ids = new Set(nodes.map((n) => n.id));
      const keys = new Set(edges.map(edgeKey));
      const layout = { ...layoutNodes(doc) };
      for (const id of ids) delete layout[id];
      return withLayoutNodes(
        { ...doc, nodes: doc.nodes.filter((n) => !ids.has(n.id)), edges: doc.edges.filter((e) => !keys.has(edgeKey(e))) },
        layout,
      );
    },
  };
}

/** Removes nodes with every edge touching them and their positions; undo puts all back in place. */
export function removeNodes(ids: string[]): Command {
  let removed: { node: PolicyNode; index: number }[] = [];
  let removedEdges: { edge: PolicyEdge; index: number }[] = [];
  let removedLayout: Record<string, Position> = {};
  const idSet = new Set(ids);
  return {
    type: 'removeNodes',
    label: ids.length === 1 ? 'cmd.removeNode' : 'cmd.removeNodes',
    execute(doc) {
      removed = doc.nodes.map((node, index) => ({ node, index })).filter(({ node }) => idSet.has(node.id));
      removedEdges = doc.edges
        .map((edge, index) => ({ edge, index }))
        .filter(({ edge }) => idSet.has(edge.source) || idSet.has(edge.target));
      const layout = { ...layoutNodes(doc) };
      removedLayout = {};
      for (const id of ids) {
        if (layout[id]) removedLayout[id] = layout[id];
        delete layout[id];
      }
      return withLayoutNodes(
        {
          ...doc,
          nodes: doc.nodes.filter((n) => !idSet.has(n.id)),
          edges: doc.edges.filter((e) => !idSet.has(e.source) && !idSet.has(e.target)),
        },
        layout,
      );
    },
    undo(doc) {
      const nodes = [...doc.nodes];
      for (const { node, index } of removed) nodes.splice(index, 0, node);
      const edges = [...doc.edges];
      for (const { edge, index } of removedEdges) edges.splice(index, 0, edge);
      return withLayoutNodes({ ...doc, nodes, edges }, { ...layoutNodes(doc), ...removedLayout });
    },
  };
}

/**
 * Replaces one node by an edited copy (same id). Inspectors compute the new node and issue this.
 * Edits with the same `mergeKey` in a row (typing in one field) merge into one undo step.
 */
export function replaceNode(after: PolicyNode, mergeKey?: string): Command {
  return makeReplaceNode(after, mergeKey, null);
}

interface ReplaceNodeCommand extends Command {
  readonly after: PolicyNode;
}

function makeReplaceNode(after: PolicyNode, mergeKey: string | undefined, seeded: PolicyNode | null): ReplaceNodeCommand {
  let before = seeded;
  const cmd: ReplaceNodeCommand = {
    type: 'replaceNode',
    label: 'cmd.editNode',
    after,
    mergeKey: mergeKey ? `${after.id}:${mergeKey}` : undefined,
    execute(doc) {
      const current = findNode(doc, after.id);
      if (before === null) before = current;
      return { ...doc, nodes: doc.nodes.map((n) => (n.id === after.id ? after : n)) };
    },
    undo(doc) {
      const old = before;
      if (!old) return doc;
      return { ...doc, nodes: doc.nodes.map((n) => (n.id === old.id ? old : n)) };
    },
    merge(next) {
      if (next.type !== 'replaceNode' || !next.mergeKey || next.mergeKey !== cmd.mergeKey) return null;
      return makeReplaceNode((next as ReplaceNodeCommand).after, mergeKey, before);
    },
  };
  return cmd;
}

/** Renames a node id everywhere it is referenced structurally (edges, layout). */
export function renameNode(oldId: string, newId: string): Command {
  const swap = (doc: PolicyDocument, from: string, to: string): PolicyDocument => {
    if (doc.nodes.some((n) => n.id === to)) throw new CommandError('DUPLICATE_ID', `A node "${to}" exists already`);
    const node = findNode(doc, from);
    const layout = { ...layoutNodes(doc) };
    if (layout[from]) {
      layout[to] = layout[from];
      delete layout[from];
    }
    return withLayoutNodes(
      {
        ...doc,
        nodes: doc.nodes.map((n) => (n.id === from ? ({ ...node, id: to } as PolicyNode) : n)),
        edges: doc.edges.map((e) => ({
          ...e,
          source: e.source === from ? to : e.source,
          target: e.target === from ? to : e.target,
        })),
      },
      layout,
    );
  };
  return {
    type: 'renameNode',
    label: 'cmd.renameNode',
    execute: (doc) => swap(doc, oldId, newId),
    undo: (doc) => swap(doc, newId, oldId),
  };
}

// ---------------------------------------------------------------------------------------------
// layout

/** Moves nodes (drag stop, auto-layout). Only `layout` changes: no decision changes. */
export function moveNodes(positions: Record<string, Position>, label = 'cmd.moveNodes'): Command {
  let before: Record<string, Position | undefined> = {};
  return {
    type: 'moveNodes',
    label,
    execute(doc) {
      const layout = layoutNodes(doc);
      before = {};
      for (const id of Object.keys(positions)) before[id] = layout[id];
      return withLayoutNodes(doc, { ...layout, ...positions });
    },
    undo(doc) {
      const layout = { ...layoutNodes(doc) };
      for (const [id, pos] of Object.entries(before)) {
        if (pos) layout[id] = pos;
        else delete layout[id];
      }
      return withLayoutNodes(doc, layout);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// edges

export type ConnectCheck = { ok: true } | { ok: false; code: CommandError['code']; reason: string };

/** Whether source → target may be added; the reason is an i18n key. */
export function checkConnection(doc: PolicyDocument, source: string, target: string): ConnectCheck {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  if (!byId.has(source) || !byId.has(target)) return { ok: false, code: 'UNKNOWN_NODE', reason: 'connect.unknownNode' };
  if (source === target) return { ok: false, code: 'SELF_LOOP', reason: 'connect.selfLoop' };
  if (byId.get(source)!.kind === 'decision') return { ok: false, code: 'DECISION_HAS_OUTPUT', reason: 'connect.decisionOutput' };
  if (doc.edges.some((e) => e.source === source && e.target === target))
    return { ok: false, code: 'DUPLICATE_EDGE', reason: 'connect.duplicate' };
  if (wouldCreateCycle(doc, source, target)) return { ok: false, code: 'CYCLE', reason: 'connect.cycle' };
  return { ok: true };
}

export function connect(source: string, target: string): Command {
  return {
    type: 'connect',
    label: 'cmd.connect',
    execute(doc) {
      const check = checkConnection(doc, source, target);
      if (!check.ok) throw new CommandError(check.code, check.reason);
      return { ...doc, edges: [...doc.edges, { source, target }] };
    },
    undo(doc) {
      return { ...doc, edges: doc.edges.filter((e) => !(e.source === source && e.target === target)) };
    },
  };
}

export function disconnect(keys: string[]): Command {
  let removed: { edge: PolicyEdge; index: number }[] = [];
  const set = new Set(keys);
  return {
    type: 'disconnect',
    label: 'cmd.disconnect',
    execute(doc) {
      removed = doc.edges.map((edge, index) => ({ edge, index })).filter(({ edge }) => set.has(edgeKey(edge)));
      return { ...doc, edges: doc.edges.filter((e) => !set.has(edgeKey(e))) };
    },
    undo(doc) {
      const edges = [...doc.edges];
      for (const { edge, index } of removed) edges.splice(index, 0, edge);
      return { ...doc, edges };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// document-level fields

type DocField = 'name' | 'description' | 'currency' | 'inputs' | 'tests' | 'conditions';

/** Sets one top-level field (name, inputs, tests, …); consecutive edits of one field merge. */
export function setField<F extends DocField>(field: F, value: PolicyDocument[F], mergeKey?: string): Command {
  return makeSetField(field, value, mergeKey, { captured: false, before: undefined });
}

interface SetFieldCommand<F extends DocField> extends Command {
  readonly value: PolicyDocument[F];
}

function makeSetField<F extends DocField>(
  field: F,
  value: PolicyDocument[F],
  mergeKey: string | undefined,
  seed: { captured: boolean; before: PolicyDocument[F] | undefined },
): SetFieldCommand<F> {
  const state = { ...seed };
  const cmd: SetFieldCommand<F> = {
    type: 'setField',
    label: `cmd.set.${field}`,
    value,
    mergeKey: mergeKey ? `field:${field}:${mergeKey}` : undefined,
    execute(doc) {
      if (!state.captured) state.before = doc[field];
      state.captured = true;
      return { ...doc, [field]: value };
    },
    undo(doc) {
      const next = { ...doc, [field]: state.before } as PolicyDocument;
      if (state.before === undefined) delete (next as Partial<PolicyDocument>)[field];
      return next;
    },
    merge(next) {
      if (next.type !== 'setField' || !next.mergeKey || next.mergeKey !== cmd.mergeKey) return null;
      return makeSetField(field, (next as SetFieldCommand<F>).value, mergeKey, state);
    },
  };
  return cmd;
}

export const setInputs = (inputs: InputDeclaration[], mergeKey?: string) => setField('inputs', inputs, mergeKey);
export const setTests = (tests: GoldenTest[], mergeKey?: string) => setField('tests', tests, mergeKey);

export function addTest(test: GoldenTest): Command {
  return {
    type: 'addTest',
    label: 'cmd.addTest',
    execute(doc) {
      if (doc.tests.some((t) => t.id === test.id)) throw new CommandError('DUPLICATE_ID', `A test "${test.id}" exists already`);
      return { ...doc, tests: [...doc.tests, test] };
    },
    undo(doc) {
      return { ...doc, tests: doc.tests.filter((t) => t.id !== test.id) };
    },
  };
}

/** Several commands as one undo step (e.g. paste = add nodes + select them, auto-layout). */
export function batch(label: string, commands: Command[]): Command {
  return {
    type: 'batch',
    label,
    execute: (doc) => commands.reduce((d, c) => c.execute(d), doc),
    undo: (doc) => [...commands].reverse().reduce((d, c) => c.undo(d), doc),
  };
}
