/** Each change of the diff is worded in English and in French, labels and numbers in the reader's language. */
import { describe, expect, it } from 'vitest';
import { diffPolicies } from '../../engine/diff/diff-policies.js';
import type { PolicyDocument } from '../../engine/model/policy-schema.js';
import { smallPolicy } from '../support/small-policy.js';

const NNBSP = '\u202f';
const q = (name: string) => `«\u00a0${name}\u00a0»`;

function edited(edit: (doc: any) => void): PolicyDocument {
  const doc = smallPolicy();
  edit(doc);
  return doc;
}
const node = (doc: any, id: string) => doc.nodes.find((n: any) => n.id === id);

describe('diff sentences in English and French', () => {
  it('words an amount change with business labels in each language and numbers per locale', () => {
    const before = edited((d) => {
      node(d, 'approval').label = { en: 'Delegation', fr: 'Délégation de pouvoir' };
      node(d, 'approval').config.levels[0].label = { en: 'Sales rep', fr: 'Commercial' };
    });
    const after = edited((d) => {
      node(d, 'approval').label = { en: 'Delegation', fr: 'Délégation de pouvoir' };
      node(d, 'approval').config.levels[0].label = { en: 'Sales rep', fr: 'Commercial' };
      node(d, 'approval').config.levels[0].maxAmount = 30000;
    });
    const [change] = diffPolicies(before, after).changes;
    expect(change!.messages).toEqual({
      en: 'Approval "Delegation", level "Sales rep": max amount 5,000 → 30,000',
      fr: `Délégation ${q('Délégation de pouvoir')}, niveau ${q('Commercial')}${NNBSP}: montant maximum 5${NNBSP}000 → 30${NNBSP}000`,
    });
    expect(change!.message).toBe(change!.messages!.en);
    expect(diffPolicies(before, after, { language: 'fr' }).changes[0]!.message).toBe(change!.messages!.fr);
  });

  it('agrees added and removed items in French, and words conditions and bands', () => {
    const before = smallPolicy();
    const after = edited((d) => {
      const criterion = node(d, 'scoring').config.criteria[0];
      criterion.bands.push({ min: 1000, points: 0 });
      node(d, 'approval').config.rules[0].when = { all: [{ fact: 'riskClass', operator: 'in', value: ['A', 'B'] }] };
    });
    const fr = diffPolicies(before, after).changes.map((c) => c.messages!.fr);
    expect(fr.some((m) => /tranche \d+ \(1\u202f000 et plus\u202f: 0 points\) ajoutée$/.test(m)), fr.join('\n')).toBe(true);
    expect(fr.some((m) => /→ \(riskClass parmi \["A", "B"\]\)$/.test(m)), fr.join('\n')).toBe(true);
  });

  it('gives the same changes in the same order in both languages', () => {
    const before = smallPolicy();
    const after = edited((d) => {
      d.nodes.reverse();
      d.inputs[0].label = 'Something else';
      d.tests.pop();
    });
    const diff = diffPolicies(before, after);
    for (const c of diff.changes) {
      expect(c.messages!.en).toBe(c.message);
      expect(c.messages!.fr.length).toBeGreaterThan(0);
    }
    expect(diffPolicies(before, after, { language: 'fr' }).changes.map((c) => c.path)).toEqual(diff.changes.map((c) => c.path));
  });
});
