import { describe, expect, it } from 'vitest';
import { moveNodes, replaceNode } from '../../editor/src/document/commands.js';
import { createGraphMapper } from '../../editor/src/document/graph-mapping.js';
import { autoLayout } from '../../editor/src/document/auto-layout.js';
import { copyNodes, pasteNodes } from '../../editor/src/document/clipboard.js';
import { availableNames } from '../../editor/src/document/names.js';
import { diagnosticOverlay, diffOverlay, traceOverlay } from '../../editor/src/document/overlays.js';
import { analyseGraph } from '../../engine/model/graph.js';
import type { PolicyDocument, PolicyNode } from '../../engine/model/policy-schema.js';
import { samplePolicy } from './fixture.js';

describe('document → graph mapping', () => {
  it('gives one card per node at its layout position and one edge per document edge', () => {
    const doc = samplePolicy();
    const { nodes, edges } = createGraphMapper()(doc);
    expect(nodes.map((n) => [n.id, n.type, n.position])).toEqual(doc.nodes.map((n) => [n.id, n.kind, doc.layout!.nodes[n.id]]));
    expect(nodes[1]!.data.node).toBe(doc.nodes[1]);
    expect(edges.map((e) => [e.id, e.source, e.target])).toEqual(doc.edges.map((e) => [`${e.source}->${e.target}`, e.source, e.target]));
  });

  it('keeps unchanged nodes as the same objects, so only edited cards re-render', () => {
    const map = createGraphMapper();
    const doc = samplePolicy();
    const first = map(doc).nodes;
    const sc = structuredClone(doc.nodes[1]!) as PolicyNode;
    sc.label = 'Edited';
    const edited = replaceNode(sc).execute(doc);
    const second = map(edited).nodes;
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1]!.data.node.label).toBe('Edited');
    const moved = moveNodes({ ratios: { x: 7, y: 7 } }).execute(edited);
    const third = map(moved).nodes;
    expect(third[0]!.position).toEqual({ x: 7, y: 7 });
    expect(third[1]).toBe(second[1]);
  });

  it('shows drag positions from view state without touching the document', () => {
    const doc = samplePolicy();
    const { nodes } = createGraphMapper()(doc, { dragging: { ratios: { x: 99, y: 98 } }, selected: new Set(['ratios']) });
    expect(nodes[0]!.position).toEqual({ x: 99, y: 98 });
    expect(nodes[0]!.selected).toBe(true);
    expect(doc.layout!.nodes.ratios).toEqual({ x: 0, y: 0 });
  });

  it('draws removed nodes of a comparison as ghosts and colours diff status', () => {
    const doc = samplePolicy();
    const ghost: PolicyNode = { id: 'old', kind: 'decision', config: {} };
    const { nodes, edges } = createGraphMapper()(doc, {
      nodes: diffOverlay(doc, { added: ['ratios'], removed: ['old'], changed: ['scorecard'] }),
      ghostNodes: [ghost],
      ghostEdges: [{ source: 'approval', target: 'old' }],
    });
    expect(nodes.find((n) => n.id === 'ratios')!.data.overlay.diff).toBe('added');
    expect(nodes.find((n) => n.id === 'scorecard')!.className).toBe('diff-changed');
    expect(nodes.find((n) => n.id === 'old')!.data.overlay.diff).toBe('removed');
    expect(edges.at(-1)!.className).toBe('edge-removed');
  });

  it('auto-layout places every node left to right in data-flow order', () => {
    const doc = samplePolicy();
    const pos = autoLayout(doc);
    expect(Object.keys(pos).sort()).toEqual(doc.nodes.map((n) => n.id).sort());
    for (const e of doc.edges) expect(pos[e.source]!.x).toBeLessThan(pos[e.target]!.x);
  });

  it('a 200-node policy maps and lays out, and re-maps after one edit reusing 199 cards', () => {
    const nodes: PolicyNode[] = Array.from({ length: 199 }, (_, i) => ({ id: `f${i}`, kind: 'formula', config: { variables: [{ name: `v${i}`, expression: i ? `v${i - 1} + 1` : '1' }] } }));
    nodes.push({ id: 'decision', kind: 'decision', config: {} });
    const edges = nodes.slice(1).map((n, i) => ({ source: nodes[i]!.id, target: n.id }));
    const doc: PolicyDocument = { ...samplePolicy(), nodes, edges, layout: undefined };
    const layout = autoLayout(doc);
    const laid = moveNodes(layout).execute(doc);
    const map = createGraphMapper();
    const a = map(laid).nodes;
    const edited = replaceNode({ ...laid.nodes[5]!, label: 'x' } as PolicyNode).execute(laid);
    const b = map(edited).nodes;
    expect(b.filter((n, i) => n === a[i])).toHaveLength(199);
  });
});

describe('copy / paste', () => {
  it('pastes copies with fresh ids, internal edges kept, positions shifted; one undo removes them', () => {
    const doc = samplePolicy();
    const payload = copyNodes(doc, ['ratios', 'scorecard', 'decision'])!;
    expect(payload.edges).toEqual([{ source: 'ratios', target: 'scorecard' }]);
    const pasted = pasteNodes(doc, payload)!;
    expect(pasted.ids).toEqual(['ratios2', 'scorecard2']); // a second decision node is not pasted
    const after = pasted.command.execute(doc);
    expect(after.edges).toContainEqual({ source: 'ratios2', target: 'scorecard2' });
    expect(after.layout!.nodes.ratios2).toEqual({ x: 40, y: 40 });
    expect(pasted.command.undo(after)).toEqual(doc);
  });
});

describe('names and overlays', () => {
  it('offers the inputs and the variables produced upstream of a node', () => {
    const doc = samplePolicy();
    const names = availableNames(doc, 'approval').map((n) => n.name);
    expect(names).toEqual(expect.arrayContaining(['requestedAmount', 'equityRatio', 'score', 'riskClass']));
    expect(availableNames(doc, 'ratios').map((n) => n.name)).toEqual(['requestedAmount', 'equity', 'totalAssets']);
    expect(analyseGraph(doc).cycle).toBeNull();
  });

  it('counts diagnostics per node', () => {
    const o = diagnosticOverlay([
      { code: 'A', severity: 'error', nodeId: 'scorecard', path: '/nodes/1', message: '' },
      { code: 'B', severity: 'warning', nodeId: 'scorecard', path: '/nodes/1', message: '' },
      { code: 'C', severity: 'error', nodeId: null, path: '', message: '' },
    ]);
    expect(o).toEqual({ scorecard: { errors: 1, warnings: 1 } });
  });

  it('lights the path from the deciding node to the decision, with what fed it', () => {
    const doc = samplePolicy();
    doc.nodes.push({ id: 'side', kind: 'formula', config: { variables: [{ name: 'unused', expression: '1' }] } });
    doc.edges.push({ source: 'side', target: 'decision' });
    const trace = doc.nodes.filter((n) => n.kind !== 'decision').map((n) => ({ nodeId: n.id, kind: n.kind, inputs: {}, outputs: {}, matched: n.id === 'approval' ? ['small'] : [] }));
    const { nodes, litEdges } = traceOverlay(doc, trace);
    expect(nodes.approval!.onPath).toBe(true);
    expect(nodes.ratios!.onPath).toBe(true);
    expect(nodes.side!.onPath).toBe(false);
    expect([...litEdges].sort()).toEqual(['approval->decision', 'classes->approval', 'ratios->scorecard', 'scorecard->classes']);
  });
});
