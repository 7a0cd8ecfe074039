/** Conditionally required inputs (issue #18): "sales is required when model is Z". */
import { describe, expect, it } from 'vitest';
import { checkFacts } from '../../engine/facts/check-facts.js';
import { validatePolicy } from '../../engine/validate/validate-policy.js';
import type { Doc } from './fixtures/broken-policies.js';

function altman(requiredWhen: unknown): Doc {
  return {
    schemaVersion: 1, id: 'altman', name: 'Altman', currency: 'EUR',
    inputs: [
      { name: 'model', type: 'enum', values: ['Z', 'Z2'], required: true },
      { name: 'sales', type: 'number', required: false, requiredWhen },
    ],
    nodes: [
      { id: 'f', kind: 'formula', config: { variables: [{ name: 'x5', expression: 'model == "Z" ? sales : 0' }] } },
      { id: 'd', kind: 'decision', config: {} },
    ],
    edges: [{ source: 'f', target: 'd' }],
    tests: [],
  };
}
const Z = { all: [{ fact: 'model', operator: 'equal', value: 'Z' }], name: 'the Z model uses sales' };

describe('requiredWhen', () => {
  it('refuses facts that leave the input out, or send it as null, when the condition holds', () => {
    const doc = altman(Z);
    for (const facts of [{ model: 'Z' }, { model: 'Z', sales: null }]) {
      expect(checkFacts(doc, facts)).toEqual({ ok: false, errors: [{ field: 'sales', pointer: '/sales', code: 'required', message: 'sales is required when its requiredWhen condition holds (the Z model uses sales)', messages: { en: 'sales is required when its requiredWhen condition holds (the Z model uses sales)', fr: '«\u00a0sales\u00a0» est obligatoire quand sa condition requiredWhen est remplie (the Z model uses sales)' } }] });
    }
    expect(checkFacts(doc, { model: 'Z', sales: 10 }).ok).toBe(true);
    expect(checkFacts(doc, { model: 'Z2' }).ok).toBe(true);
  });

  it('reports it with the other problems of the request', () => {
    const result = checkFacts(altman(Z), { model: 'Z', extra: 1 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => [e.field, e.code])).toEqual([['extra', 'unknown'], ['sales', 'required']]);
  });

  it('validates: the condition reads declared inputs only', () => {
    expect(validatePolicy(altman(Z)).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const bad = validatePolicy(altman({ all: [{ fact: 'x5', operator: 'equal', value: 1 }] }));
    expect(bad.diagnostics.filter((d) => d.code === 'UNKNOWN_NAME').map((d) => d.path)).toEqual(['/inputs/1/requiredWhen/all/0']);
  });
});
