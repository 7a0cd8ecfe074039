import { describe, expect, it } from 'vitest';
import type { PolicyDocument, PolicyNode } from '../../engine/model/policy-schema.js';
import {
  addNodes,
  addTest,
  batch,
  checkConnection,
  CommandError,
  connect,
  disconnect,
  freshNodeId,
  moveNodes,
  removeNodes,
  renameNode,
  replaceNode,
  setField,
  setInputs,
  type Command,
} from '../../editor/src/document/commands.js';
import { samplePolicy } from './fixture.js';

/** Every command must satisfy: undo(execute(d)) == d and execute again (redo) == the first result. */
function roundTrip(doc: PolicyDocument, command: Command): PolicyDocument {
  const frozen = structuredClone(doc);
  const after = command.execute(doc);
  expect(doc).toEqual(frozen); // documents are never mutated
  const undone = command.undo(after);
  expect(undone).toEqual(doc);
  const redone = command.execute(undone);
  expect(redone).toEqual(after);
  return after;
}

const node = (doc: PolicyDocument, id: string) => doc.nodes.find((n) => n.id === id)!;

describe('document commands (execute / undo / redo)', () => {
  it('addNodes adds nodes, edges and positions', () => {
    const doc = samplePolicy();
    const rules: PolicyNode = { id: 'knockout', kind: 'rules', config: { rules: [{ id: 'r1', when: { all: [] }, actions: [{ type: 'reason', reason: { code: 'X1', message: 'x' } }] }] } };
    const after = roundTrip(doc, addNodes([rules], { knockout: { x: 5, y: 6 } }, [{ source: 'knockout', target: 'decision' }]));
    expect(after.nodes.map((n) => n.id)).toContain('knockout');
    expect(after.layout!.nodes.knockout).toEqual({ x: 5, y: 6 });
    expect(after.edges).toContainEqual({ source: 'knockout', target: 'decision' });
  });

  it('addNodes refuses a duplicate id', () => {
    expect(() => addNodes([node(samplePolicy(), 'ratios')], {}).execute(samplePolicy())).toThrow(CommandError);
  });

  it('removeNodes removes the nodes, their edges and positions; undo restores them in place', () => {
    const doc = samplePolicy();
    const after = roundTrip(doc, removeNodes(['scorecard']));
    expect(after.nodes.map((n) => n.id)).toEqual(['ratios', 'classes', 'approval', 'decision']);
    expect(after.edges).toEqual([
      { source: 'classes', target: 'approval' },
      { source: 'approval', target: 'decision' },
    ]);
    expect(after.layout!.nodes.scorecard).toBeUndefined();
  });

  it('replaceNode edits one node and leaves the others as the same objects', () => {
    const doc = samplePolicy();
    const sc = structuredClone(node(doc, 'scorecard'));
    if (sc.kind !== 'scorecard') throw new Error('kind');
    sc.config.criteria[0]!.weight = 60;
    const after = roundTrip(doc, replaceNode(sc));
    const edited = node(after, 'scorecard');
    expect(edited.kind === 'scorecard' && edited.config.criteria[0]!.weight).toBe(60);
    expect(node(after, 'ratios')).toBe(node(doc, 'ratios'));
  });

  it('renameNode renames the node, its edges and its position', () => {
    const doc = samplePolicy();
    const after = roundTrip(doc, renameNode('classes', 'riskClasses'));
    expect(after.edges).toContainEqual({ source: 'scorecard', target: 'riskClasses' });
    expect(after.layout!.nodes.riskClasses).toEqual({ x: 600, y: 0 });
    expect(() => renameNode('classes', 'approval').execute(doc)).toThrow(CommandError);
  });

  it('moveNodes changes only the layout', () => {
    const doc = samplePolicy();
    const after = roundTrip(doc, moveNodes({ ratios: { x: 10, y: 20 }, newOne: { x: 1, y: 1 } }));
    expect(after.layout!.nodes.ratios).toEqual({ x: 10, y: 20 });
    expect(after.nodes).toBe(doc.nodes);
    const move = moveNodes({ newOne: { x: 1, y: 1 } });
    expect(move.undo(move.execute(doc)).layout!.nodes.newOne).toBeUndefined();
  });

  it('connect adds an edge; disconnect removes it; both undo', () => {
    const doc = samplePolicy();
    const connected = roundTrip(doc, connect('ratios', 'approval'));
    expect(connected.edges).toContainEqual({ source: 'ratios', target: 'approval' });
    const disconnected = roundTrip(connected, disconnect(['ratios->approval']));
    expect(disconnected.edges).toEqual(doc.edges);
  });

  it('connect refuses cycles, self-loops, duplicates and edges out of the decision node, with a reason', () => {
    const doc = samplePolicy();
    expect(checkConnection(doc, 'approval', 'ratios')).toEqual({ ok: false, code: 'CYCLE', reason: 'connect.cycle' });
    expect(checkConnection(doc, 'ratios', 'ratios')).toMatchObject({ ok: false, code: 'SELF_LOOP' });
    expect(checkConnection(doc, 'ratios', 'scorecard')).toMatchObject({ ok: false, code: 'DUPLICATE_EDGE' });
    expect(checkConnection(doc, 'decision', 'ratios')).toMatchObject({ ok: false, code: 'DECISION_HAS_OUTPUT' });
    expect(() => connect('approval', 'ratios').execute(doc)).toThrow(/connect.cycle/);
  });

  it('setField / setInputs / addTest change top-level fields and undo them', () => {
    const doc = samplePolicy();
    expect(roundTrip(doc, setField('name', 'Renamed')).name).toBe('Renamed');
    const inputs = [...doc.inputs, { name: 'sector', type: 'string' as const, required: false }];
    expect(roundTrip(doc, setInputs(inputs)).inputs).toHaveLength(4);
    const withDescription = roundTrip(doc, setField('description', 'why'));
    expect(withDescription.description).toBe('why');
    expect('description' in setField('description', 'why').undo(withDescription)).toBe(false);
    const test = { id: 'big', name: 'Big', facts: { requestedAmount: 1e6 }, expect: { outcome: 'escalate' as const } };
    expect(roundTrip(doc, addTest(test)).tests.map((t) => t.id)).toEqual(['small', 'big']);
    expect(() => addTest({ ...test, id: 'small' }).execute(doc)).toThrow(CommandError);
  });

  it('batch runs its commands as one step and undoes them in reverse', () => {
    const doc = samplePolicy();
    const after = roundTrip(doc, batch('cmd.delete', [disconnect(['approval->decision']), removeNodes(['ratios'])]));
    expect(after.edges.some((e) => e.target === 'decision')).toBe(false);
    expect(after.nodes.some((n) => n.id === 'ratios')).toBe(false);
  });

  it('freshNodeId derives unused ids', () => {
    const doc = samplePolicy();
    expect(freshNodeId(doc, 'rules')).toBe('rules');
    expect(freshNodeId(doc, 'approval')).toBe('approval2');
    expect(freshNodeId(doc, 'approval', new Set(['approval2']))).toBe('approval3');
  });
});
