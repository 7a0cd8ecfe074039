import { describe, expect, it } from 'vitest';
import { connect, moveNodes, replaceNode, setField } from '../../editor/src/document/commands.js';
import { History } from '../../editor/src/document/history.js';
import { DocumentSession } from '../../editor/src/document/session.js';
import { samplePolicy } from './fixture.js';

const weightOf = (doc: ReturnType<typeof samplePolicy>) => {
  const sc = doc.nodes.find((n) => n.id === 'scorecard')!;
  return sc.kind === 'scorecard' ? sc.config.criteria[0]!.weight : NaN;
};

function withWeight(doc: ReturnType<typeof samplePolicy>, weight: number) {
  const sc = structuredClone(doc.nodes.find((n) => n.id === 'scorecard')!);
  if (sc.kind === 'scorecard') sc.config.criteria[0]!.weight = weight;
  return sc;
}

describe('History', () => {
  it('undoes and redoes in order, and a new edit clears the redo stack', () => {
    const h = new History();
    let doc = samplePolicy();
    const d0 = doc;
    doc = h.execute(doc, setField('name', 'One'));
    doc = h.execute(doc, moveNodes({ ratios: { x: 1, y: 1 } }));
    expect(h.labels).toEqual(['cmd.set.name', 'cmd.moveNodes']);
    doc = h.undo(doc);
    expect(doc.layout!.nodes.ratios).toEqual({ x: 0, y: 0 });
    doc = h.undo(doc);
    expect(doc).toEqual(d0);
    expect(h.canUndo).toBe(false);
    doc = h.redo(doc);
    expect(doc.name).toBe('One');
    doc = h.execute(doc, setField('name', 'Two'));
    expect(h.canRedo).toBe(false);
  });

  it('merges consecutive edits of one field (typing) into one undo step, within the time window', () => {
    let now = 0;
    const h = new History({ now: () => now, mergeWindowMs: 1000 });
    let doc = samplePolicy();
    for (const w of [5, 50, 55]) {
      now += 100;
      doc = h.execute(doc, replaceNode(withWeight(doc, w), 'weight'));
    }
    expect(weightOf(doc)).toBe(55);
    expect(h.labels).toHaveLength(1);
    doc = h.undo(doc);
    expect(weightOf(doc)).toBe(100);
    doc = h.redo(doc);
    expect(weightOf(doc)).toBe(55);
    // after the window, a new step
    now += 5000;
    doc = h.execute(doc, replaceNode(withWeight(doc, 60), 'weight'));
    expect(h.labels).toHaveLength(2);
    doc = h.undo(doc);
    expect(weightOf(doc)).toBe(55);
  });

  it('does not merge edits of different fields', () => {
    const h = new History({ now: () => 0 });
    let doc = samplePolicy();
    doc = h.execute(doc, setField('name', 'A', 'name'));
    doc = h.execute(doc, setField('description', 'B', 'description'));
    expect(h.labels).toHaveLength(2);
  });

  it('records nothing when a command refuses', () => {
    const h = new History();
    const doc = samplePolicy();
    expect(() => h.execute(doc, connect('approval', 'ratios'))).toThrow();
    expect(h.canUndo).toBe(false);
  });
});

describe('DocumentSession', () => {
  it('dispatches commands, reports refusals, tracks dirty state and undo/redo', () => {
    const s = new DocumentSession(samplePolicy(), { etag: '"1"' });
    let notified = 0;
    s.state.subscribe(() => notified++);
    expect(s.dispatch(setField('name', 'X'))).toEqual({ ok: true });
    expect(s.dirty).toBe(true);
    expect(s.dispatch(connect('approval', 'ratios'))).toEqual({ ok: false, code: 'CYCLE', reason: 'connect.cycle' });
    s.markSaved('"2"');
    expect(s.dirty).toBe(false);
    expect(s.state.get().etag).toBe('"2"');
    s.undo();
    expect(s.doc.name).toBe('Sample');
    expect(s.dirty).toBe(true);
    s.redo();
    expect(s.doc.name).toBe('X');
    expect(notified).toBe(4);
  });

  it('a read-only session refuses every command', () => {
    const s = new DocumentSession(samplePolicy(), { readOnly: true });
    expect(s.dispatch(setField('name', 'X'))).toMatchObject({ ok: false, code: 'READ_ONLY' });
    expect(s.doc.name).toBe('Sample');
  });
});
