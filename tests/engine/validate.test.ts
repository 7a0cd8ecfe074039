import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from '../../engine/validate/diagnostic-codes.js';
import { validatePolicy, type Diagnostic } from '../../engine/validate/validate-policy.js';
import { BROKEN_VARIANTS, type BrokenVariant, type Doc } from './fixtures/broken-policies.js';
import { smallPolicy } from '../support/small-policy.js';

const variants = BROKEN_VARIANTS;
type Variant = BrokenVariant;

/** Produced only by checkPolicy (compiler and golden runner): covered in check-policy.test.ts. */
const CHECK_POLICY_ONLY: DiagnosticCode[] = ['GOLDEN_TEST_FAILED', 'COMPILE_FAILED', 'MONOTONICITY_VIOLATION'];
/** Given only with today's date (validatePolicy(doc, {today})): covered in reference-figures.test.ts. */
const NEEDS_TODAY: DiagnosticCode[] = ['REFERENCE_OUT_OF_DATE'];

function broken(variant: Variant) {
  const doc = smallPolicy();
  variant.breakIt(doc);
  return validatePolicy(doc);
}

describe('validatePolicy', () => {
  it('passes the small policy with no diagnostic at all', () => {
    const result = validatePolicy(smallPolicy());
    expect(result.diagnostics).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.document?.id).toBe('small-policy');
  });

  it('has a broken variant for every code validatePolicy can give', () => {
    const covered = new Set<string>([...variants.map((v) => v.code), ...CHECK_POLICY_ONLY, ...NEEDS_TODAY]);
    expect([...Object.keys(DIAGNOSTIC_CODES)].filter((code) => !covered.has(code))).toEqual([]);
  });

  describe.each(variants)('$code: $name', (variant) => {
    it('reports exactly the expected diagnostics of that code', () => {
      const result = broken(variant);
      const ofCode = result.diagnostics.filter((d) => d.code === variant.code);
      expect(ofCode.map((d) => [d.path, d.nodeId]), JSON.stringify(result.diagnostics, null, 1)).toEqual(variant.expected);
      for (const d of ofCode) expect(d.severity).toBe(variant.severity);
      if (variant.message) expect(ofCode[0]!.message).toMatch(variant.message);
      expect(result.valid).toBe(!result.diagnostics.some((d) => d.severity === 'error'));
      if (variant.severity === 'error') expect(result.valid).toBe(false);
    });
  });

  it('reports every problem of a document at once', () => {
    const doc: Doc = smallPolicy();
    doc.nodes[1].config.criteria[0].weight = 50; // WEIGHTS_TOTAL
    doc.nodes[1].config.criteria[0].bands[1].min = 5; // BAND_GAP
    doc.nodes[2].config.classes[1].minScore = 70; // RISK_CLASS_OVERLAP
    doc.nodes[5].config.levels[1].maxAmount = 5000; // DELEGATION_NOT_INCREASING
    delete doc.nodes[6].config.byClass.C; // COLLECTION_CLASS_UNMAPPED
    doc.nodes[0].config.variables[0].expression = 'annualTurnover / (1000'; // EXPRESSION_SYNTAX
    doc.tests[0].facts.unknownFact = 1; // TEST_UNKNOWN_FACT
    const codes = new Set(validatePolicy(doc).diagnostics.map((d) => d.code));
    for (const code of ['WEIGHTS_TOTAL', 'BAND_GAP', 'RISK_CLASS_OVERLAP', 'DELEGATION_NOT_INCREASING', 'COLLECTION_CLASS_UNMAPPED', 'EXPRESSION_SYNTAX', 'TEST_UNKNOWN_FACT'])
      expect(codes).toContain(code);
  });

  it('reports every schema problem at once, one per place', () => {
    const doc: Doc = smallPolicy();
    doc.currency = 'euro';
    doc.nodes[1].config.criteria[0].weight = -1;
    doc.nodes[5].config.default.outcome = 'acept';
    doc.nodes[4].config.rules[0].when.all[0].operator = 'eq';
    const diagnostics = validatePolicy(doc).diagnostics;
    expect(diagnostics.map((d) => d.path)).toEqual([
      '/currency',
      '/nodes/1/config/criteria/0/weight',
      '/nodes/4/config/rules/0/when/all/0/operator',
      '/nodes/5/config/default/outcome',
    ]);
    expect(diagnostics[3]!.message).toBe("Approval 'approval', default.outcome: 'acept' is not one of accept, refuse, escalate (did you mean 'accept'?)");
  });

  // Speed is the benchmark's business; here only the behaviour: one diagnostic, not 100,000.
  it('refuses a 100,000-node document by its size', () => {
    const doc: Doc = smallPolicy();
    doc.nodes = Array.from({ length: 100_000 }, (_, i) => ({ id: `n${i}`, kind: 'decision', config: {} }));
    const result = validatePolicy(doc);
    expect(result.diagnostics).toEqual([
      { code: 'DOCUMENT_TOO_LARGE', severity: 'error', nodeId: null, path: '/nodes', message: 'Nodes: 100,000 nodes, above the limit of 300',
        messages: { en: 'Nodes: 100,000 nodes, above the limit of 300', fr: 'Nodes\u202f: 100\u202f000 nœuds, au-delà de la limite de 300' },
        params: { count: 100000, what: 'nodes', limit: 300 } },
    ]);
    expect(result.valid).toBe(false);
  });

  const deep = (levels: number) => {
    let value: unknown = 1;
    for (let i = 0; i < levels; i++) value = { all: [value] };
    return value;
  };

  it.each([
    ['null', null],
    ['a number', 42],
    ['a string', 'policy'],
    ['an array', [1, 2]],
    ['an empty object', {}],
    ['a __proto__ key', JSON.parse('{"__proto__": {"schemaVersion": 1}, "nodes": {"__proto__": []}}')],
    ['deep nesting', { ...smallPolicy(), conditions: { deep: deep(100_000) } }],
    ['nodes of garbage', { ...smallPolicy(), nodes: [null, 3, 'x', [], { id: 'a', kind: 'formula', config: null }] }],
    ['edges of garbage', { ...smallPolicy(), edges: [null, { source: 1 }] }],
  ])('never throws on %s', (_name, garbage) => {
    const result = validatePolicy(garbage);
    expect(result.valid).toBe(false);
    expect(result.document).toBeNull();
    expect(result.diagnostics.length).toBeGreaterThan(0);
    for (const d of result.diagnostics) {
      expect(Object.keys(DIAGNOSTIC_CODES)).toContain(d.code);
      expect(typeof d.message).toBe('string');
    }
  });

  it('refuses a document that contains itself (an editor bug, not JSON)', () => {
    const doc: Doc = smallPolicy();
    doc.nodes[0].config.self = doc;
    expect(validatePolicy(doc).diagnostics.map((d) => d.code)).toEqual(['DOCUMENT_TOO_LARGE']);
  });

  const valueAtPath = (doc: unknown, path: string): unknown => path.slice(1).split('/').reduce((here: Doc, seg) => here?.[seg], doc);

  /** Every JSON pointer of the small policy, to mutate one place at a time. */
  const pointers = (() => {
    const found: string[] = [];
    const visit = (value: unknown, path: string) => {
      found.push(path);
      if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, `${path}/${k}`);
    };
    visit(smallPolicy(), '');
    return found.filter((p) => p !== '');
  })();

  const mutate = (path: string, replacement: unknown, remove: boolean): Doc => {
    const doc: Doc = smallPolicy();
    const segments = path.slice(1).split('/');
    const last = segments.pop()!;
    const parent = segments.reduce((here, s) => here[s], doc);
    if (remove && Array.isArray(parent)) parent.splice(Number(last), 1);
    else if (remove) delete parent[last];
    else parent[last] = replacement;
    return doc;
  };

  it('never throws, and only gives registered codes, whatever one place of a policy becomes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...pointers), fc.jsonValue({ maxDepth: 3 }), fc.boolean(), (path, replacement, remove) => {
        const result = validatePolicy(mutate(path, replacement, remove));
        for (const d of result.diagnostics) {
          expect(DIAGNOSTIC_CODES[d.code].severity).toBe(d.severity);
          expect(d.path === '' || d.path.startsWith('/')).toBe(true);
        }
        expect(result.valid).toBe(!result.diagnostics.some((d) => d.severity === 'error'));
      }),
      { numRuns: 400 },
    );
  });

  it('never throws when values change but keep their type (the semantic stage runs)', () => {
    const doc = smallPolicy();
    const leaves = pointers.filter((p) => ['number', 'string', 'boolean'].includes(typeof valueAtPath(doc, p)));
    const strings = [...new Set(leaves.map((p) => valueAtPath(doc, p)).filter((v): v is string => typeof v === 'string'))];
    const sameType = (path: string) => {
      const old = valueAtPath(doc, path);
      if (typeof old === 'number') return fc.oneof(fc.integer({ min: -20, max: 200 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }));
      if (typeof old === 'boolean') return fc.boolean();
      return fc.constantFrom(...strings);
    };
    const edit = fc.constantFrom(...leaves).chain((path) => sameType(path).map((value) => [path, value] as const));
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        let changed: Doc = smallPolicy();
        for (const [path, value] of edits) {
          const next: Doc = changed;
          const segments = path.slice(1).split('/');
          const last = segments.pop()!;
          segments.reduce((here: Doc, seg) => here[seg], next)[last] = value;
          changed = next;
        }
        const result = validatePolicy(changed);
        expect(result.valid).toBe(!result.diagnostics.some((d) => d.severity === 'error'));
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on arbitrary values', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(validatePolicy(value).valid).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses deep nesting without walking it recursively', () => {
    const result = validatePolicy({ ...smallPolicy(), conditions: { deep: deep(100_000) } });
    expect(result.diagnostics.map((d) => d.code)).toEqual(['DOCUMENT_TOO_LARGE']);
  });
});

describe('DIAGNOSTIC_CODES and docs/diagnostics.md', () => {
  const doc = readFileSync(new URL('../../docs/diagnostics.md', import.meta.url), 'utf8');

  it('list the same codes', () => {
    const documented = [...doc.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(Object.keys(DIAGNOSTIC_CODES).sort());
  });

  it('give each code the same severity', () => {
    for (const [code, { severity }] of Object.entries(DIAGNOSTIC_CODES)) {
      expect(doc).toMatch(new RegExp(`^\\| \`${code}\` \\| ${severity} \\|`, 'm'));
    }
  });
});

export type { Diagnostic };

describe('condition and placement messages (issue #18)', () => {
  const withWhen = (when: unknown) => {
    const doc = smallPolicy() as Doc;
    doc.nodes[4].config.rules[0].when = when;
    return validatePolicy(doc);
  };
  const at = '/nodes/4/config/rules/0/when';

  it("accepts json-rules-engine's own toJSON() output, priority on `not` and on references included", async () => {
    const { Rule } = await import('json-rules-engine');
    const rule = new Rule({
      conditions: { all: [{ not: { fact: 'riskClass', operator: 'equal', value: 'A' }, priority: 5 }, { any: [{ fact: 'riskClass', operator: 'equal', value: 'C', priority: 2 }], priority: 3 }], priority: 25 },
      event: { type: 'x' },
    });
    const when = JSON.parse(rule.toJSON(true) as string).conditions;
    expect(JSON.stringify(when)).toContain('"priority":5');
    const result = withWhen(when);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(withWhen({ condition: 'insolvent', priority: 1, name: 'insolvency' }).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('reports a stray operator on an `all` as an unknown property, not as a mix of all and a leaf', () => {
    const result = withWhen({ all: [{ fact: 'riskClass', operator: 'equal', value: 'C' }], operator: 'all', priority: 25 });
    expect(result.diagnostics.map((d) => [d.code, d.path])).toEqual([['INVALID_CONDITION', `${at}/operator`]]);
    expect(result.diagnostics[0]!.message).toMatch(/unknown property 'operator'/);
    expect(result.diagnostics[0]!.message).not.toMatch(/mixes/);
  });

  it('points inside an object value that is not a fact reference', () => {
    const result = withWhen({ all: [{ fact: 'riskClass', operator: 'equal', value: { a: 1 } }] });
    expect(result.diagnostics.map((d) => [d.code, d.path])).toEqual([['INVALID_CONDITION', `${at}/all/0/value`]]);
    expect(result.diagnostics[0]!.message).toMatch(/must be a reference to another fact, \{"fact": "name"\}; found \{"?a"?: ?1\}/);
  });

  it('says that missingPoints belongs on each criterion when put on the scorecard', () => {
    const doc = smallPolicy() as Doc;
    doc.nodes[1].config.missingPoints = 10;
    const [d] = validatePolicy(doc).diagnostics;
    expect(d).toMatchObject({ code: 'UNKNOWN_PROPERTY', path: '/nodes/1/config/missingPoints' });
    expect(d!.message).toMatch(/it belongs on each item of 'criteria' \(criteria\[i\]\.missingPoints\)/);
  });

  it('words a numeric operator on a string fact as json-rules-engine runs it, not as always false', () => {
    const doc = smallPolicy() as Doc;
    doc.inputs.push({ name: 'invoiceDate', type: 'string', required: false });
    doc.nodes[4].config.rules[0].when = { all: [{ fact: 'invoiceDate', operator: 'greaterThan', value: '2023-12-31' }] };
    const [d] = validatePolicy(doc).diagnostics.filter((x) => x.code === 'OPERATOR_TYPE_MISMATCH');
    expect(d!.message).toMatch(/true only when its value starts with a number .* compares the two as text/);
    expect(d!.message).not.toMatch(/always false/);
  });
});
