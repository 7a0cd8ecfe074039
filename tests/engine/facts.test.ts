import { describe, expect, it } from 'vitest';
import { checkFacts, factsSchema } from '../../engine/facts/check-facts.js';
import type { PolicyDocument } from '../../engine/model/policy-schema.js';

const document = {
  schemaVersion: 1,
  id: 'facts-test',
  name: 'Facts test',
  currency: 'EUR',
  inputs: [
    { name: 'requestedAmount', type: 'number', min: 0, required: true },
    { name: 'employees', type: 'integer', min: 1, max: 100000, required: false },
    { name: 'sector', type: 'enum', values: ['low', 'medium', 'high'], required: false },
    { name: 'keyAccount', type: 'boolean', required: false },
    { name: 'country', type: 'string', required: false },
  ],
  nodes: [{ id: 'decision', kind: 'decision', config: {} }],
  edges: [],
  tests: [],
} as unknown as PolicyDocument;

describe('factsSchema', () => {
  it('builds a closed JSON Schema from the inputs, null allowed for optional facts', () => {
    const schema = factsSchema(document) as { properties: Record<string, Record<string, unknown>>; required: string[]; additionalProperties: boolean };
    expect(schema.required).toEqual(['requestedAmount']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.requestedAmount).toMatchObject({ type: 'number', minimum: 0 });
    expect(schema.properties.employees).toMatchObject({ type: ['integer', 'null'], minimum: 1, maximum: 100000 });
    expect(schema.properties.sector).toMatchObject({ type: ['string', 'null'], enum: ['low', 'medium', 'high', null] });
  });
});

describe('checkFacts', () => {
  it('accepts valid facts and keeps null as sent (conditions give it json-rules-engine\'s meaning)', () => {
    const result = checkFacts(document, { requestedAmount: 1000, sector: null, keyAccount: false });
    expect(result).toEqual({ ok: true, facts: { requestedAmount: 1000, sector: null, keyAccount: false } });
  });

  it('reports every bad field at once, in words', () => {
    const result = checkFacts(document, { requestedAmount: -5, employees: 2.5, sector: 'unknown', keyAccount: 'yes', foo: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byField = Object.fromEntries(result.errors.map((e) => [e.field, e]));
    expect(byField.requestedAmount).toMatchObject({ code: 'minimum', pointer: '/requestedAmount', message: 'requestedAmount must be ≥ 0' });
    expect(byField.employees.code).toBe('type');
    expect(byField.sector).toMatchObject({ code: 'enum', message: 'sector must be one of low, medium, high' });
    expect(byField.keyAccount.message).toBe('keyAccount must be a boolean (or null)');
    expect(byField.foo).toMatchObject({ code: 'unknown', message: "unknown fact 'foo'" });
    expect(result.errors).toHaveLength(5);
  });

  it('reports a missing required fact, and a null one', () => {
    for (const facts of [{}, { requestedAmount: null }]) {
      const result = checkFacts(document, facts);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors.map((e) => e.field)).toContain('requestedAmount');
    }
  });

  it('refuses non-finite numbers and non-objects', () => {
    const result = checkFacts(document, { requestedAmount: Infinity });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ field: 'requestedAmount', code: 'not_finite' });
    expect(checkFacts(document, NaN as unknown).ok).toBe(false);
    expect(checkFacts(document, [1]).ok).toBe(false);
    expect(checkFacts(document, { requestedAmount: NaN }).ok).toBe(false);
  });

  it('applies the maximum', () => {
    const result = checkFacts(document, { requestedAmount: 1, employees: 100001 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0].message).toBe('employees must be ≤ 100000');
  });
});

describe('checkFacts: -0', () => {
  it('turns -0 into 0, which JSON can carry', () => {
    const doc = {
      schemaVersion: 1, id: 'neg-zero', name: 'n', currency: 'EUR',
      inputs: [{ name: 'netWorth', type: 'number', required: true }],
      nodes: [{ id: 'd', kind: 'decision', config: {} }], edges: [], tests: [],
    } as const;
    const checked = checkFacts(doc as never, { netWorth: -0 });
    expect(checked.ok).toBe(true);
    if (checked.ok) expect(Object.is(checked.facts.netWorth, 0)).toBe(true);
  });
});

describe('checkFacts: names that Object.prototype also has', () => {
  // Every inherited name, whether or not the policy schema lets a document declare it: checkFacts
  // also serves documents that were never validated (the editor's test panel while typing).
  const inherited = Object.getOwnPropertyNames(Object.prototype).filter((n) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
  const docWith = (name: string, required: boolean) => ({
    schemaVersion: 1, id: 'proto-names', name: 'p', currency: 'EUR',
    inputs: [{ name, type: 'number', required }],
    nodes: [{ id: 'decision', kind: 'decision', config: {} }], edges: [], tests: [],
  }) as unknown as PolicyDocument;

  it('covers the names one would expect', () => {
    expect(inherited).toEqual(expect.arrayContaining(['isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__lookupGetter__', 'hasOwnProperty', 'constructor']));
  });

  it.each(inherited)('%s: optional and left out is accepted; sent, it is type-checked; required and left out is refused', (name) => {
    expect(checkFacts(docWith(name, false), {})).toEqual({ ok: true, facts: {} });
    if (name !== '__proto__') {
      expect(checkFacts(docWith(name, false), JSON.parse(`{"${name}": 3}`))).toEqual({ ok: true, facts: { [name]: 3 } });
      const wrong = checkFacts(docWith(name, false), JSON.parse(`{"${name}": "x"}`));
      expect(wrong.ok).toBe(false);
      if (!wrong.ok) expect(wrong.errors).toEqual([expect.objectContaining({ field: name, code: 'type' })]);
    }
    const missing = checkFacts(docWith(name, true), {});
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.errors).toEqual([expect.objectContaining({ field: name, code: 'required' })]);
  });

  it('refuses a __proto__ fact sent by JSON as unknown, without touching any prototype', () => {
    const result = checkFacts(docWith('isPrototypeOf', false), JSON.parse('{"__proto__": {"polluted": 1}}'));
    expect(result.ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
