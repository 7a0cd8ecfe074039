/**
 * What changed between two versions of a policy, in the words of the people who approve it:
 * `Approval "Delegation", level "Credit analyst": max amount 25,000 → 30,000`. Alongside, the exact
 * RFC 6902 patch for machines, and which nodes to colour in the editor.
 *
 * Items are matched by identity (nodes and lists by id, inputs and variables by name), so
 * reordering shows as a move, not as a rewrite. Drafts can be invalid: nothing here assumes the
 * documents passed validation.
 */
import jsonpatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import type { PolicyDocument } from '../model/policy-schema.js';
import { escapeSegment } from '../validate/json-pointer.js';
import { ChangeLog, compareValues, type PolicyChange, type Scope, type Shape } from './compare-values.js';
import { NODE_KIND_SPECS } from '../kinds/index.js';
import { INPUT_LIST, TEST_LIST } from './config-shapes.js';
import { shortCondition } from './change-words.js';
import { matchByKey, sameJson } from './match-items.js';
import { localizedText } from '../i18n/localized-text.js';
import type { LocalizedText } from '../model/policy-schema.js';

export type { PolicyChange, ChangeArea } from './compare-values.js';

export interface PolicyDiff {
  changes: PolicyChange[];
  /** RFC 6902 operations turning `before` into `after` (fast-json-patch `compare`). */
  patch: Operation[];
  nodes: { added: string[]; removed: string[]; changed: string[] };
  /** False when only layout, labels, descriptions or the order of unordered lists changed. */
  semanticChange: boolean;
}

type Item = Record<string, unknown>;

const list = (v: unknown): Item[] => (Array.isArray(v) ? v.map((x) => (x !== null && typeof x === 'object' ? (x as Item) : {})) : []);
const record = (v: unknown): Item => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Item) : {});
const has = (o: Item, key: string) => Object.prototype.hasOwnProperty.call(o, key);

const scopeAt = (area: Scope['area'], path: string, head: string[], nodeId: string | null = null, beforePath = path): Scope => ({
  area,
  nodeId,
  head,
  words: [],
  afterPath: path,
  beforePath,
  key: '',
  cosmetic: area === 'layout',
});

const nodeName = (node: Item | undefined, id: string) => `"${localizedText(node?.label as LocalizedText | undefined, 'en') || id}"`;
/** The kind's spec, or null for what is not a kind (a draft may hold anything). */
const specOfKind = (kind: unknown) => (typeof kind === 'string' && has(NODE_KIND_SPECS, kind) ? NODE_KIND_SPECS[kind as keyof typeof NODE_KIND_SPECS] : null);
const kindWords = (kind: unknown) => specOfKind(kind)?.label.en ?? 'Node';

export function diffPolicies(before: PolicyDocument, after: PolicyDocument): PolicyDiff {
  const b = before as unknown as Item;
  const a = after as unknown as Item;
  const log = new ChangeLog();

  diffPolicyFields(b, a, log);
  compareValues(INPUT_LIST, list(b.inputs), list(a.inputs), scopeAt('input', '/inputs', []), log);
  diffSharedConditions(record(b.conditions), record(a.conditions), log);
  const nodes = diffNodes(list(b.nodes), list(a.nodes), log);
  diffEdges(b, a, log);
  compareValues(TEST_LIST, list(b.tests), list(a.tests), scopeAt('test', '/tests', []), log);
  diffLayout(b, a, nodes, log);

  return {
    changes: log.changes,
    patch: jsonpatch.compare(before, after),
    nodes,
    semanticChange: log.changes.some((c) => !c.cosmetic),
  };
}

/** name, description, currency…: everything of the document that is not a list of its own. */
function diffPolicyFields(b: Item, a: Item, log: ChangeLog): void {
  const own = new Set(['inputs', 'conditions', 'nodes', 'edges', 'tests', 'layout']);
  const fields = (o: Item) => Object.fromEntries(Object.entries(o).filter(([k]) => !own.has(k)));
  const shape: Shape = { is: 'object', fields: { name: { is: 'value', cosmetic: true }, $schema: { is: 'value', cosmetic: true } } };
  compareValues(shape, fields(b), fields(a), scopeAt('policy', '', ['Policy']), log);
}

function diffSharedConditions(b: Item, a: Item, log: ChangeLog): void {
  const names = [...Object.keys(a), ...Object.keys(b).filter((k) => !has(a, k))];
  for (const name of names) {
    const path = `/conditions/${escapeSegment(name)}`;
    const scope = scopeAt('condition', path, []);
    if (!has(b, name)) log.add(scope, 'added', `shared condition "${name}" added`, { after: a[name] });
    else if (!has(a, name)) log.add(scope, 'removed', `shared condition "${name}" removed`, { before: b[name] });
    else if (!sameJson(b[name], a[name])) {
      const [was, now] = [shortCondition(b[name]), shortCondition(a[name])];
      log.add(scope, 'changed', `shared condition "${name}" ${was !== null && now !== null ? `${was} → ${now}` : 'changed'}`, { before: b[name], after: a[name] });
    }
  }
}

function diffNodes(before: Item[], after: Item[], log: ChangeLog): PolicyDiff['nodes'] {
  const match = matchByKey(before, after, (n) => String(n.id));
  const result: PolicyDiff['nodes'] = { added: [], removed: [], changed: [] };
  const events: { order: number; run: () => void }[] = [];

  for (const bi of match.removed) {
    const node = before[bi]!;
    const id = String(node.id);
    result.removed.push(id);
    events.push({
      order: bi,
      run: () => log.add(scopeAt('node', `/nodes/${bi}`, [], id), 'removed', `node ${nodeName(node, id)} (${String(node.kind)}) removed`, { before: node }),
    });
  }
  for (const ai of match.added) {
    const node = after[ai]!;
    const id = String(node.id);
    result.added.push(id);
    events.push({
      order: ai,
      run: () => log.add(scopeAt('node', `/nodes/${ai}`, [], id), 'added', `node ${nodeName(node, id)} (${String(node.kind)}) added`, { after: node }),
    });
  }
  const moved = new Set(match.moved.map(([, ai]) => ai));
  for (const [bi, ai] of match.pairs) {
    const was = before[bi]!;
    const now = after[ai]!;
    const id = String(now.id);
    events.push({
      order: ai,
      run: () => {
        if (moved.has(ai)) {
          // Document order seeds the evaluation order of independent nodes, hence of reasons.
          log.add(scopeAt('node', `/nodes/${ai}`, [], id), 'changed', `node ${nodeName(now, id)} moved from position ${bi + 1} to ${ai + 1}`, { before: bi + 1, after: ai + 1 });
        }
        const counted = log.changes.length;
        const head = [`${kindWords(now.kind)} ${nodeName(now, id)}`];
        const scope = scopeAt('node', `/nodes/${ai}`, head, id, `/nodes/${bi}`);
        const spec = specOfKind(now.kind);
        const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
        if (was.kind === now.kind && spec !== null && isObject(was.config) && isObject(now.config)) {
          // The config's fields read as the node's own: `Scorecard "Credit score": scale max 100 → 1000`.
          const { config: configBefore, ...restBefore } = was;
          const { config: configAfter, ...restAfter } = now;
          compareValues({ is: 'object' }, restBefore, restAfter, scope, log);
          const configScope = { ...scope, afterPath: `${scope.afterPath}/config`, beforePath: `${scope.beforePath}/config`, key: 'config' };
          compareValues(spec.diff, configBefore, configAfter, configScope, log);
        } else {
          compareValues({ is: 'object', fields: { config: { is: 'value' } } }, was, now, scope, log);
        }
        if (log.changes.length > counted) result.changed.push(id);
      },
    });
  }
  events.sort((x, y) => x.order - y.order).forEach((e) => e.run());
  result.changed.sort((x, y) => after.findIndex((n) => n.id === x) - after.findIndex((n) => n.id === y));
  return result;
}

/** Edges are identified by what they connect; their order in the list means nothing. */
function diffEdges(b: Item, a: Item, log: ChangeLog): void {
  const before = list(b.edges);
  const after = list(a.edges);
  const names = (doc: Item) => new Map(list(doc.nodes).map((n) => [String(n.id), n] as const));
  const [namesBefore, namesAfter] = [names(b), names(a)];
  const phrase = (edge: Item, nodes: Map<string, Item>) =>
    `edge ${nodeName(nodes.get(String(edge.source)), String(edge.source))} → ${nodeName(nodes.get(String(edge.target)), String(edge.target))}`;
  const match = matchByKey(before, after, (e) => `${String(e.source)}\u0000${String(e.target)}`);
  for (const bi of match.removed) {
    const edge = before[bi]!;
    log.add(scopeAt('edge', `/edges/${bi}`, [], String(edge.target)), 'removed', `${phrase(edge, namesBefore)} removed`, { before: edge });
  }
  for (const ai of match.added) {
    const edge = after[ai]!;
    log.add(scopeAt('edge', `/edges/${ai}`, [], String(edge.target)), 'added', `${phrase(edge, namesAfter)} added`, { after: edge });
  }
  for (const [bi, ai] of match.pairs) {
    if (sameJson(before[bi], after[ai])) continue;
    // Only the optional edge id can differ: it names the edge for the editor and nothing else.
    const scope = { ...scopeAt('edge', `/edges/${ai}`, [phrase(after[ai]!, namesAfter)], String(after[ai]!.target), `/edges/${bi}`), cosmetic: true };
    compareValues({ is: 'object' }, before[bi], after[ai], scope, log);
  }
}

function diffLayout(b: Item, a: Item, nodes: PolicyDiff['nodes'], log: ChangeLog): void {
  const before = record(record(b.layout).nodes);
  const after = record(record(a.layout).nodes);
  const labels = new Map([...list(b.nodes), ...list(a.nodes)].map((n) => [String(n.id), n] as const));
  // A node added or removed is reported once, as a node; its position goes with it.
  const reportedAsNode = new Set([...nodes.added, ...nodes.removed]);
  const ids = [...Object.keys(after), ...Object.keys(before).filter((k) => !has(after, k))];
  for (const id of ids) {
    if (reportedAsNode.has(id)) continue;
    const nodeId = labels.has(id) ? id : null;
    const scope = scopeAt('layout', `/layout/nodes/${escapeSegment(id)}`, [], nodeId);
    const name = `node ${nodeName(labels.get(id), id)}`;
    if (!has(before, id)) log.add(scope, 'added', `${name} placed in the layout`, { after: after[id] });
    else if (!has(after, id)) log.add(scope, 'removed', `${name} removed from the layout`, { before: before[id] });
    else if (!sameJson(before[id], after[id])) log.add(scope, 'changed', `${name} moved in the layout`, { before: before[id], after: after[id] });
  }
  const viewport = (doc: Item) => record(doc.layout).viewport;
  if (!sameJson(viewport(b), viewport(a))) {
    log.add(scopeAt('layout', '/layout/viewport', []), 'changed', 'viewport changed', { before: viewport(b), after: viewport(a) });
  }
  // Layout present in one version only (and no position to report): still a layout change.
  if (!sameJson(b.layout, a.layout) && !log.changes.some((c) => c.area === 'layout') && (b.layout === undefined || a.layout === undefined)) {
    const kind = b.layout === undefined ? 'added' : 'removed';
    log.add(scopeAt('layout', '/layout', []), kind, `layout ${kind}`, kind === 'added' ? { after: a.layout } : { before: b.layout });
  }
}
