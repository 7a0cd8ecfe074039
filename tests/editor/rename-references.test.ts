/** Renaming a class, level, scenario or variable in an inspector renames every reference, as one undoable step. */
import { describe, expect, it } from 'vitest';
import type { PolicyDocument, PolicyNode } from '../../engine/model/policy-schema.js';
import { DocumentSession } from '../../editor/src/document/session.js';
import { detectRenames, replaceNodeRenaming, replaceWithRenames } from '../../editor/src/document/rename-references.js';
import { samplePolicy } from './fixture.js';

const node = (doc: PolicyDocument, id: string) => structuredClone(doc.nodes.find((n) => n.id === id)!) as PolicyNode;

describe('rename references', () => {
  it('a risk class renamed in place is renamed in conditions on the class and in golden tests', () => {
    const doc = samplePolicy();
    const approval = doc.nodes.find((n) => n.id === 'approval')!;
    if (approval.kind !== 'approval') throw new Error('fixture');
    approval.config.rules = [{ id: 'b', when: { all: [{ fact: 'riskClass', operator: 'equal', value: 'B' }] }, outcome: 'refuse', reason: { code: 'B', message: 'Class B' } }];
    doc.tests = [{ id: 't', name: 't', facts: {}, expect: { riskClass: 'B' } }];
    const classes = node(doc, 'classes');
    if (classes.kind !== 'riskClass') throw new Error('fixture');
    classes.config.classes[1]!.id = 'X';
    expect(detectRenames(doc.nodes.find((n) => n.id === 'classes')!, classes)).toEqual([{ what: 'class', from: 'B', to: 'X' }]);
    const next = replaceWithRenames(doc, classes).doc;
    const rule = (next.nodes.find((n) => n.id === 'approval') as Extract<PolicyNode, { kind: 'approval' }>).config.rules[0]!;
    expect(rule.when).toEqual({ all: [{ fact: 'riskClass', operator: 'equal', value: 'X' }] });
    expect(rule.reason.message).toBe('Class B'); // words for people are left alone
    expect(next.tests[0]!.expect.riskClass).toBe('X');
  });

  it('a variable renamed in a formula is renamed in the expressions and name fields that read it, not in labels', () => {
    const doc = samplePolicy();
    const ratios = node(doc, 'ratios');
    if (ratios.kind !== 'formula') throw new Error('fixture');
    ratios.config.variables[0]!.name = 'equityShare';
    const next = replaceWithRenames(doc, ratios).doc;
    const sc = next.nodes.find((n) => n.id === 'scorecard') as Extract<PolicyNode, { kind: 'scorecard' }>;
    expect(sc.config.criteria[0]!.variable).toBe('equityShare');
    expect(sc.config.criteria[0]!.label).toBe('Equity ratio');
  });

  it('typing a new id letter by letter is one undo step that restores every reference', () => {
    const doc = samplePolicy();
    doc.tests = [{ id: 't', name: 't', facts: {}, expect: { riskClass: 'B' } }];
    const session = new DocumentSession(doc);
    for (const id of ['BX', 'BXY']) {
      const classes = node(session.doc, 'classes');
      if (classes.kind !== 'riskClass') throw new Error('fixture');
      classes.config.classes[1]!.id = id;
      expect(session.dispatch(replaceNodeRenaming(classes, '/nodes/2/config/classes/1/id')).ok).toBe(true);
    }
    expect(session.doc.tests[0]!.expect.riskClass).toBe('BXY');
    session.undo();
    expect(session.doc.tests[0]!.expect.riskClass).toBe('B');
    expect((session.doc.nodes.find((n) => n.id === 'classes') as Extract<PolicyNode, { kind: 'riskClass' }>).config.classes[1]!.id).toBe('B');
    expect(session.state.get().canUndo).toBe(false);
    session.redo();
    expect(session.doc.tests[0]!.expect.riskClass).toBe('BXY');
  });
});
