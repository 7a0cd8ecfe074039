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
import { CHANGE_WORDS } from '../i18n/change-messages.js';
import { shortCondition } from './change-words.js';
import { matchByKey, sameJson } from './match-items.js';
import { localizedText } from '../i18n/localized-text.js';
import type { Language, LocalizedText } from '../model/policy-schema.js';

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

const scopeAt = (language: Language, area: Scope['area'], path: string, head: string[], nodeId: string | null = null, beforePath = path): Scope => ({
  language,
  area,
  nodeId,
  head,
  words: [],
  afterPath: path,
  beforePath,
  key: '',
  cosmetic: area === 'layout',
});

/** A node by the label people gave it, in the reader's language (its id when it has none). */
const nodeName = (node: Item | undefined, id: string, language: Language) =>
  CHANGE_WORDS[language].quote(localizedText(node?.label as LocalizedText | undefined, language) || id);
/** The kind's spec, or null for what is not a kind (a draft may hold anything). */
const specOfKind = (kind: unknown) => (typeof kind === 'string' && has(NODE_KIND_SPECS, kind) ? NODE_KIND_SPECS[kind as keyof typeof NODE_KIND_SPECS] : null);

/**
 * Every change is worded in English and in French (`messages`); `message` is in `language`
 * (English by default), so a reader switching language needs no second diff.
 */
export function diffPolicies(before: PolicyDocument, after: PolicyDocument, options: { language?: Language } = {}): PolicyDiff {
  const english = changesIn(before, after, 'en');
  const french = changesIn(before, after, 'fr');
  const changes = english.changes.map((change, i) => {
    const messages = { en: change.message, fr: french.changes[i]?.message ?? change.message };
    return { ...change, message: messages[options.language ?? 'en'], messages };
  });
  return {
    changes,
    patch: jsonpatch.compare(before, after),
    nodes: english.nodes,
    semanticChange: changes.some((c) => !c.cosmetic),
  };
}

/** The walk, in one language: the same changes in the same order whatever the language. */
function changesIn(before: PolicyDocument, after: PolicyDocument, language: Language): { changes: PolicyChange[]; nodes: PolicyDiff['nodes'] } {
  const b = before as unknown as Item;
  const a = after as unknown as Item;
  const log = new ChangeLog();

  diffPolicyFields(b, a, log, language);
  compareValues(INPUT_LIST, list(b.inputs), list(a.inputs), scopeAt(language, 'input', '/inputs', []), log);
  diffSharedConditions(record(b.conditions), record(a.conditions), log, language);
  const nodes = diffNodes(list(b.nodes), list(a.nodes), log, language);
  diffEdges(b, a, log, language);
  compareValues(TEST_LIST, list(b.tests), list(a.tests), scopeAt(language, 'test', '/tests', []), log);
  diffLayout(b, a, nodes, log, language);
  return { changes: log.changes, nodes };
}

/** name, description, currency…: everything of the document that is not a list of its own. */
function diffPolicyFields(b: Item, a: Item, log: ChangeLog, language: Language): void {
  const own = new Set(['inputs', 'conditions', 'nodes', 'edges', 'tests', 'layout']);
  const fields = (o: Item) => Object.fromEntries(Object.entries(o).filter(([k]) => !own.has(k)));
  const shape: Shape = { is: 'object', fields: { name: { is: 'value', cosmetic: true }, $schema: { is: 'value', cosmetic: true } } };
  compareValues(shape, fields(b), fields(a), scopeAt(language, 'policy', '', [CHANGE_WORDS[language].policy]), log);
}

function diffSharedConditions(b: Item, a: Item, log: ChangeLog, language: Language): void {
  const w = CHANGE_WORDS[language];
  const names = [...Object.keys(a), ...Object.keys(b).filter((k) => !has(a, k))];
  for (const name of names) {
    const path = `/conditions/${escapeSegment(name)}`;
    const scope = scopeAt(language, 'condition', path, []);
    const named = `${w.noun('shared condition')} ${w.quote(name)}`;
    if (!has(b, name)) log.add(scope, 'added', w.itemAdded(named), { after: a[name] });
    else if (!has(a, name)) log.add(scope, 'removed', w.itemRemoved(named), { before: b[name] });
    else if (!sameJson(b[name], a[name])) {
      const [was, now] = [shortCondition(b[name], language), shortCondition(a[name], language)];
      log.add(scope, 'changed', `${named} ${was !== null && now !== null ? `${was} → ${now}` : w.changed}`, { before: b[name], after: a[name] });
    }
  }
}

function diffNodes(before: Item[], after: Item[], log: ChangeLog, language: Language): PolicyDiff['nodes'] {
  const w = CHANGE_WORDS[language];
  const match = matchByKey(before, after, (n) => String(n.id));
  const result: PolicyDiff['nodes'] = { added: [], removed: [], changed: [] };
  const events: { order: number; run: () => void }[] = [];

  for (const bi of match.removed) {
    const node = before[bi]!;
    const id = String(node.id);
    result.removed.push(id);
    events.push({
      order: bi,
      run: () => log.add(scopeAt(language, 'node', `/nodes/${bi}`, [], id), 'removed', w.itemRemoved(`${w.noun('node')} ${nodeName(node, id, language)} (${language === 'en' ? String(node.kind) : w.kind(node.kind)})`), { before: node }),
    });
  }
  for (const ai of match.added) {
    const node = after[ai]!;
    const id = String(node.id);
    result.added.push(id);
    events.push({
      order: ai,
      run: () => log.add(scopeAt(language, 'node', `/nodes/${ai}`, [], id), 'added', w.itemAdded(`${w.noun('node')} ${nodeName(node, id, language)} (${language === 'en' ? String(node.kind) : w.kind(node.kind)})`), { after: node }),
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
          log.add(scopeAt(language, 'node', `/nodes/${ai}`, [], id), 'changed', w.itemMoved(`${w.noun('node')} ${nodeName(now, id, language)}`, bi + 1, ai + 1), { before: bi + 1, after: ai + 1 });
        }
        const counted = log.changes.length;
        const head = [`${w.kind(now.kind)} ${nodeName(now, id, language)}`];
        const scope = scopeAt(language, 'node', `/nodes/${ai}`, head, id, `/nodes/${bi}`);
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
function diffEdges(b: Item, a: Item, log: ChangeLog, language: Language): void {
  const w = CHANGE_WORDS[language];
  const before = list(b.edges);
  const after = list(a.edges);
  const names = (doc: Item) => new Map(list(doc.nodes).map((n) => [String(n.id), n] as const));
  const [namesBefore, namesAfter] = [names(b), names(a)];
  const phrase = (edge: Item, nodes: Map<string, Item>) =>
    `${w.noun('edge')} ${nodeName(nodes.get(String(edge.source)), String(edge.source), language)} → ${nodeName(nodes.get(String(edge.target)), String(edge.target), language)}`;
  const match = matchByKey(before, after, (e) => `${String(e.source)}\u0000${String(e.target)}`);
  for (const bi of match.removed) {
    const edge = before[bi]!;
    log.add(scopeAt(language, 'edge', `/edges/${bi}`, [], String(edge.target)), 'removed', w.itemRemoved(phrase(edge, namesBefore)), { before: edge });
  }
  for (const ai of match.added) {
    const edge = after[ai]!;
    log.add(scopeAt(language, 'edge', `/edges/${ai}`, [], String(edge.target)), 'added', w.itemAdded(phrase(edge, namesAfter)), { after: edge });
  }
  for (const [bi, ai] of match.pairs) {
    if (sameJson(before[bi], after[ai])) continue;
    // Only the optional edge id can differ: it names the edge for the editor and nothing else.
    const scope = { ...scopeAt(language, 'edge', `/edges/${ai}`, [phrase(after[ai]!, namesAfter)], String(after[ai]!.target), `/edges/${bi}`), cosmetic: true };
    compareValues({ is: 'object' }, before[bi], after[ai], scope, log);
  }
}

function diffLayout(b: Item, a: Item, nodes: PolicyDiff['nodes'], log: ChangeLog, language: Language): void {
  const w = CHANGE_WORDS[language];
  const before = record(record(b.layout).nodes);
  const after = record(record(a.layout).nodes);
  const labels = new Map([...list(b.nodes), ...list(a.nodes)].map((n) => [String(n.id), n] as const));
  // A node added or removed is reported once, as a node; its position goes with it.
  const reportedAsNode = new Set([...nodes.added, ...nodes.removed]);
  const ids = [...Object.keys(after), ...Object.keys(before).filter((k) => !has(after, k))];
  for (const id of ids) {
    if (reportedAsNode.has(id)) continue;
    const nodeId = labels.has(id) ? id : null;
    const scope = scopeAt(language, 'layout', `/layout/nodes/${escapeSegment(id)}`, [], nodeId);
    const name = `${w.noun('node')} ${nodeName(labels.get(id), id, language)}`;
    if (!has(before, id)) log.add(scope, 'added', `${name} ${w.placedInLayout}`, { after: after[id] });
    else if (!has(after, id)) log.add(scope, 'removed', `${name} ${w.removedFromLayout}`, { before: before[id] });
    else if (!sameJson(before[id], after[id])) log.add(scope, 'changed', `${name} ${w.movedInLayout}`, { before: before[id], after: after[id] });
  }
  const viewport = (doc: Item) => record(doc.layout).viewport;
  if (!sameJson(viewport(b), viewport(a))) {
    log.add(scopeAt(language, 'layout', '/layout/viewport', []), 'changed', w.viewportChanged, { before: viewport(b), after: viewport(a) });
  }
  // Layout present in one version only (and no position to report): still a layout change.
  if (!sameJson(b.layout, a.layout) && !log.changes.some((c) => c.area === 'layout') && (b.layout === undefined || a.layout === undefined)) {
    const kind = b.layout === undefined ? 'added' : 'removed';
    log.add(scopeAt(language, 'layout', '/layout', []), kind, w.layout(kind), kind === 'added' ? { after: a.layout } : { before: b.layout });
  }
}
