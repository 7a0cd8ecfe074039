/** Auto-layout with dagre: left-to-right, in data-flow order. Returns positions for a moveNodes command. */
import dagre from '@dagrejs/dagre';
import type { PolicyDocument, PolicyNode } from '../../../engine/model/policy-schema.js';
import type { Position } from './commands.js';

export const CARD_WIDTH = 260;

/** Rough card height per kind (cards list criteria, classes, levels…), so ranks do not overlap. */
export function estimateCardHeight(node: PolicyNode): number {
  const rows = (() => {
    switch (node.kind) {
      case 'scorecard':
        return node.config.criteria.length;
      case 'riskClass':
        return node.config.classes.length + (node.config.overrides?.length ? 1 : 0);
      case 'approval':
        return node.config.levels.length + 1;
      case 'collection':
        return node.config.scenarios.length * 1.6;
      case 'creditLimit':
        return node.config.capacities.length + 2;
      case 'formula':
        return Math.min(node.config.variables.length, 8);
      case 'rules':
        return Math.min(node.config.rules.length, 6);
      case 'decision':
        return 1;
    }
  })();
  return 64 + rows * 22;
}

export function autoLayout(doc: Pick<PolicyDocument, 'nodes' | 'edges'>): Record<string, Position> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 90, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of doc.nodes) g.setNode(n.id, { width: CARD_WIDTH, height: estimateCardHeight(n) });
  for (const e of doc.edges) if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const positions: Record<string, Position> = {};
  for (const n of doc.nodes) {
    const p = g.node(n.id);
    // dagre gives centres; React Flow wants the top-left corner
    positions[n.id] = { x: Math.round(p.x - CARD_WIDTH / 2), y: Math.round(p.y - estimateCardHeight(n) / 2) };
  }
  return positions;
}
