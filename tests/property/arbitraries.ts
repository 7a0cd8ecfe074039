/**
 * fast-check arbitraries shared by the property suites: facts that pass a policy's facts schema
 * (built from its declared inputs), and random VALID policy documents built from a small grammar.
 */
import fc from 'fast-check';
import type { InputDeclaration, PolicyDocument } from '../../engine/index.js';

const INT32 = 2 ** 31 - 1;

/** A value an input accepts (inside [min, max], the right type), boundary values favoured. */
export function inputValue(input: InputDeclaration): fc.Arbitrary<unknown> {
  const lo = input.min ?? -1e9;
  const hi = input.max ?? 1e9;
  switch (input.type) {
    case 'number': {
      const arbitraries: fc.Arbitrary<number>[] = [
        fc.constantFrom(lo, hi, Math.max(lo, Math.min(hi, 0)), Math.max(lo, Math.min(hi, 1))),
        fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v)),
      ];
      // Whole numbers only where the bounds hold some (a rate between 0 and 0.27 holds only 0).
      if (Math.ceil(lo) <= Math.floor(hi)) {
        arbitraries.push(
          fc.integer({ min: Math.max(Math.ceil(lo), -1e6), max: Math.min(Math.floor(hi), 1e6) }),
          fc.integer({ min: Math.max(Math.ceil(lo), -INT32), max: Math.min(Math.floor(hi), INT32) }),
        );
      }
      return fc.oneof(...arbitraries);
    }
    case 'integer':
      return fc.oneof(
        fc.constantFrom(Math.ceil(lo), Math.floor(hi)),
        fc.integer({ min: Math.max(Math.ceil(lo), -INT32), max: Math.min(Math.floor(hi), INT32) }),
      );
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...(input.values ?? []));
    case 'string':
      return fc.string({ maxLength: 50 });
  }
}

/** Facts that pass the document's facts schema: optional inputs absent, null, or a value. */
export function factsFor(document: PolicyDocument): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const input of document.inputs) {
    model[input.name] = input.required ? inputValue(input) : fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 4, arbitrary: inputValue(input) });
  }
  return fc.record(model, { requiredKeys: document.inputs.filter((i) => i.required).map((i) => i.name) });
}

// ---------------------------------------------------------------------------------------------
// Random valid policy documents.

const reason = (code: string) => ({ code, message: `Reason ${code} for {x0}.` });

/** An expression over `names` (numeric), from the documented expression language. */
function expressionOver(names: string[]): fc.Arbitrary<string> {
  const leaf = fc.oneof(fc.constantFrom(...names), fc.integer({ min: -1000, max: 1000 }).map(String), fc.constantFrom('0.5', '1.25', '100'));
  const { expr } = fc.letrec<{ expr: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(tie('expr'), fc.constantFrom('+', '-', '*', '/', '%'), tie('expr')).map(([a, op, b]) => `(${a} ${op} ${b})`),
      fc.tuple(fc.constantFrom('min', 'max'), tie('expr'), tie('expr')).map(([f, a, b]) => `${f}(${a}, ${b})`),
      tie('expr').map((a) => `abs(${a})`),
      fc.tuple(tie('expr'), fc.integer({ min: 0, max: 4 })).map(([a, d]) => `round(${a}, ${d})`),
      tie('expr').map((a) => `coalesce(${a}, 0)`),
      fc.tuple(tie('expr'), tie('expr'), tie('expr'), tie('expr')).map(([a, b, c, d]) => `(${a} > ${b} ? ${c} : ${d})`),
    ),
  }));
  return expr;
}

const sortedDistinct = (n: number, min: number, max: number) =>
  fc.uniqueArray(fc.integer({ min, max }), { minLength: n, maxLength: n }).map((xs) => [...xs].sort((a, b) => a - b));

/** Weights that total exactly 100 (integers, each ≥ 1). */
const weights = (n: number) =>
  sortedDistinct(n - 1, 1, 99).map((cuts) => {
    const points = [0, ...cuts, 100];
    return points.slice(1).map((p, i) => p - points[i]!);
  });

export const policyDocumentArb: fc.Arbitrary<PolicyDocument> = fc
  .record({
    inputCount: fc.integer({ min: 1, max: 5 }),
    varCount: fc.integer({ min: 1, max: 4 }),
    required: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
    bounds: fc.array(fc.tuple(fc.integer({ min: -1000, max: 0 }), fc.integer({ min: 1, max: 1_000_000 })), { minLength: 5, maxLength: 5 }),
    seed: fc.integer(),
  })
  .chain(({ inputCount, varCount, required, bounds }) => {
    const inputNames = Array.from({ length: inputCount }, (_, i) => `x${i}`);
    const inputs = [
      ...inputNames.map((name, i) => ({ name, type: 'number' as const, required: i === 0 ? true : required[i]!, min: bounds[i]![0], max: bounds[i]![1] })),
      { name: 'flag', type: 'boolean' as const, required: false },
      { name: 'tier', type: 'enum' as const, values: ['lo', 'mid', 'hi'], required: false },
    ];
    // Each variable may use the inputs and the variables before it.
    const variables = fc.tuple(
      ...Array.from({ length: varCount }, (_, i) =>
        fc.tuple(expressionOver([...inputNames, ...Array.from({ length: i }, (_, j) => `v${j}`)]), fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined })).map(([expression, decimals]) => ({
          name: `v${i}`,
          expression,
          ...(decimals === undefined ? {} : { decimals }),
        })),
      ),
    );
    const numericNames = [...inputNames, ...Array.from({ length: varCount }, (_, i) => `v${i}`)];
    const criterion = (i: number) =>
      fc.oneof(
        fc.record({
          variable: fc.constantFrom(...numericNames),
          cuts: fc.integer({ min: 1, max: 4 }).chain((n) => sortedDistinct(n, -500, 500_000)),
          points: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 5, maxLength: 5 }),
        }).map(({ variable, cuts, points }) => ({
          id: `c${i}`,
          label: `Criterion ${i}`,
          variable,
          bands: [{ max: cuts[0]!, points: points[0]! }, ...cuts.map((c, k) => ({ min: c, ...(k + 1 < cuts.length ? { max: cuts[k + 1]! } : {}), points: points[k + 1]! }))],
        })),
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 3, maxLength: 3 }).map((points) => ({
          id: `c${i}`,
          label: `Tier ${i}`,
          variable: 'tier',
          bands: ['lo', 'mid', 'hi'].map((v, k) => ({ values: [v], points: points[k]! })),
        })),
      );
    return fc.record({
      inputs: fc.constant(inputs),
      variables,
      criteria: fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(fc.tuple(...Array.from({ length: n }, (_, i) => criterion(i))), weights(n))),
      missingRule: fc.constantFrom('reweight', 'points'),
      classCuts: sortedDistinct(3, 1, 99),
      levels: sortedDistinct(2, 1, 1_000_000),
      ruleThreshold: fc.integer({ min: -100, max: 1_000_000 }),
      ruleFact: fc.constantFrom(...numericNames),
      ruleOutcome: fc.constantFrom('accept', 'refuse', 'escalate'),
      approvalRule: fc.constantFrom('none', 'refuse-C', 'accept-A'),
      name: fc.string({ maxLength: 40 }),
    });
  })
  .map((g) => {
    const [criteria, ws] = g.criteria;
    const [c1, c2, c3] = g.classCuts;
    const doc = {
      schemaVersion: 1,
      id: 'random-policy',
      name: g.name.trim() || 'Random policy',
      currency: 'EUR',
      inputs: g.inputs,
      nodes: [
        { id: 'f', kind: 'formula', config: { variables: g.variables } },
        {
          id: 'ru',
          kind: 'rules',
          config: {
            rules: [
              {
                id: 'r1',
                when: { all: [{ fact: g.ruleFact, operator: 'greaterThan', value: g.ruleThreshold }] },
                actions: [
                  g.ruleOutcome === 'escalate'
                    ? { type: 'outcome', outcome: 'escalate', level: 'L2', reason: reason('RULE_ESCALATE') }
                    : { type: 'outcome', outcome: g.ruleOutcome, reason: reason('RULE_OUTCOME') },
                ],
              },
              { id: 'r2', when: { all: [{ fact: 'flag', operator: 'equal', value: true }] }, actions: [{ type: 'reason', reason: reason('FLAGGED') }] },
            ],
          },
        },
        {
          id: 's',
          kind: 'scorecard',
          config: {
            output: 'score',
            scale: { min: 0, max: 100 },
            missingRule: g.missingRule,
            criteria: criteria.map((c, i) => ({ ...c, weight: ws[i]! })),
          },
        },
        {
          id: 'rc',
          kind: 'riskClass',
          config: {
            score: 'score',
            output: 'riskClass',
            classes: [
              { id: 'A', minScore: c3 },
              { id: 'B', minScore: c2 },
              { id: 'C', minScore: c1 },
              { id: 'D', minScore: 0 },
            ],
          },
        },
        {
          id: 'ap',
          kind: 'approval',
          config: {
            amount: 'x0',
            levels: [
              { id: 'L1', maxAmount: g.levels[0] },
              { id: 'L2', maxAmount: g.levels[1] },
              { id: 'L3', maxAmount: null },
            ],
            rules:
              g.approvalRule === 'none'
                ? []
                : [
                    {
                      id: 'ar',
                      when: { all: [{ fact: 'riskClass', operator: 'equal', value: g.approvalRule === 'refuse-C' ? 'C' : 'A' }] },
                      outcome: g.approvalRule === 'refuse-C' ? 'refuse' : 'accept',
                      reason: reason('APPROVAL_RULE'),
                    },
                  ],
            default: { outcome: 'escalate', reason: reason('DEFAULT') },
          },
        },
        { id: 'd', kind: 'decision', config: {} },
      ],
      edges: [
        { id: 'f-s', source: 'f', target: 's' },
        { id: 'f-ru', source: 'f', target: 'ru' },
        { id: 's-rc', source: 's', target: 'rc' },
        { id: 'rc-ap', source: 'rc', target: 'ap' },
        { id: 'ap-d', source: 'ap', target: 'd' },
        { id: 'ru-d', source: 'ru', target: 'd' },
      ],
      tests: [],
    };
    return doc as unknown as PolicyDocument;
  });
