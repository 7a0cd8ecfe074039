/** A node added from the palette never lands on another card, whether or not a node is selected. */
import { describe, expect, it } from 'vitest';
import { WorkspaceController } from '../../editor/src/app/workspace/controller.js';
import { DocumentSession } from '../../editor/src/document/session.js';
import type { ApiClient, Draft, Me } from '../../editor/src/api/client.js';
import { samplePolicy } from './fixture.js';

function controllerWith(positions: Record<string, { x: number; y: number }>) {
  const doc = { ...samplePolicy(), layout: { nodes: positions } };
  const me = { id: 'ana', name: 'Ana', roles: ['author'] } as unknown as Me;
  const ctl = new WorkspaceController({ api: {} as ApiClient, me, policyId: 'sample', version: null });
  const draft = { status: 'draft', etag: '"1"', document: doc } as unknown as Draft;
  ctl.state.set((s) => ({ ...s, loaded: { kind: 'draft', draft, summary: null, session: new DocumentSession(doc, { etag: '"1"' }) } }));
  return ctl;
}

const overlaps = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.abs(a.x - b.x) < 260 && Math.abs(a.y - b.y) < 170;

describe('placing a new node', () => {
  it('in the middle of the canvas, moved down past the cards already there', () => {
    // every card sits around the canvas centre (0, 0 without a canvas)
    const ctl = controllerWith({ ratios: { x: -130, y: -60 }, scorecard: { x: -100, y: 40 }, classes: { x: 200, y: 0 }, approval: { x: 600, y: 0 }, decision: { x: 900, y: 0 } });
    ctl.addKind('formula');
    const layout = ctl.session!.doc.layout!.nodes;
    const added = ctl.view.get().selection[0]!;
    const others = Object.entries(layout).filter(([id]) => id !== added);
    expect(others.filter(([, p]) => overlaps(p, layout[added]!))).toEqual([]);
  });

  it('beside the selected node, wired from it, below any card in the way', () => {
    const ctl = controllerWith({ ratios: { x: 0, y: 0 }, scorecard: { x: 340, y: 0 }, classes: { x: 340, y: 120 }, approval: { x: 700, y: 0 }, decision: { x: 1000, y: 0 } });
    ctl.select(['ratios'], []);
    ctl.addKind('rules');
    const doc = ctl.session!.doc;
    const added = ctl.view.get().selection[0]!;
    const at = doc.layout!.nodes[added]!;
    expect(at.x).toBe(340);
    expect(Object.entries(doc.layout!.nodes).filter(([id, p]) => id !== added && overlaps(p, at))).toEqual([]);
    expect(doc.edges).toContainEqual({ source: 'ratios', target: added });
  });
});
