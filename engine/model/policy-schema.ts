/**
 * The credit policy document: one JSON Schema (2020-12 compatible), built with TypeBox so the
 * TypeScript types are inferred from the very same object that ajv validates and OpenAPI documents.
 * Never write a second, hand-made copy of these types.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** Stated limits: a document above them is refused before anything else is done. */
export const POLICY_LIMITS = {
  nodes: 300,
  edges: 1000,
  inputs: 200,
  criteriaPerScorecard: 60,
  bandsPerCriterion: 40,
  rulesPerNode: 200,
  tests: 500,
  expressionLength: 2000,
  conditionDepth: 12,
} as const;

const ID_PATTERN = '^[A-Za-z][A-Za-z0-9_-]{0,63}$';
const NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]{0,63}$';

const RESERVED = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'];

/** A fact or variable name: a plain identifier, usable as-is in expressions and conditions. */
export const Name = Type.String({
  pattern: NAME_PATTERN,
  not: { enum: RESERVED },
  description: 'Identifier of a fact or variable (letters, digits, underscore; not a reserved word).',
});

/** Ids of nodes, rules, classes, levels, scenarios, tests. */
export const Id = Type.String({
  pattern: ID_PATTERN,
  not: { enum: RESERVED },
  description: 'Stable identifier (letters, digits, "_" and "-", starting with a letter).',
});

export const Expression = Type.String({
  minLength: 1,
  maxLength: POLICY_LIMITS.expressionLength,
  description:
    'A formula in the safe expression language: numbers, names of facts/variables, + - * / %, ' +
    'comparisons, && || !, cond ? a : b, and the functions min max abs round floor ceil clamp coalesce isMissing.',
});

/** A map keyed by ids or names; closed, so a key outside the pattern is an error, not ignored. */
const KeyedMap = <V extends TSchema>(keyPattern: string, value: V, options: { description?: string } = {}) =>
  Type.Record(Type.String({ pattern: keyPattern }), value, { ...options, additionalProperties: false });

const Text = (maxLength = 2000, description?: string) =>
  Type.String({ maxLength, ...(description ? { description } : {}) });

/** The languages a policy's texts, the engine's own reasons and its messages exist in. */
export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * A text people read: one string (in the policy's language), or one per language. A language left
 * out falls back to the policy's language, then to any other.
 */
const Localized = (maxLength = 200, description?: string) =>
  Type.Union(
    [
      Type.String({ maxLength }),
      Type.Object(
        { en: Type.Optional(Type.String({ maxLength })), fr: Type.Optional(Type.String({ maxLength })) },
        { additionalProperties: false, minProperties: 1 },
      ),
    ],
    { description: description ?? 'A text, or {"en": …, "fr": …} with one per language.' },
  );

export const Outcome = Type.Union([Type.Literal('accept'), Type.Literal('refuse'), Type.Literal('escalate')], {
  description: 'accept: granted automatically · refuse · escalate: a person at the named delegation level decides.',
});

/** A reason attached to a decision: a stable code for systems and a message for people. */
export const Reason = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,63}$', description: 'Stable, machine-readable reason code.' }),
    message: Localized(500, 'Human message, or {"en": …, "fr": …}; {name} placeholders are replaced with the value of that fact or variable.'),
  },
  { additionalProperties: false },
);

/**
 * A tagged union validated through ajv's `discriminator` (option `discriminator: true`), so an error
 * in a node's config is reported against its own kind only, not against all eight.
 */
const tagged = <T extends TSchema[]>(tag: string, variants: [...T]) => {
  const union = Type.Union(variants);
  return Type.Unsafe<Static<typeof union>>({ type: 'object', required: [tag], discriminator: { propertyName: tag }, oneOf: variants });
};

// ---------------------------------------------------------------------------------------------
// Conditions: json-rules-engine's condition format, which defines what they mean.

export const Scalar = Type.Union([Type.Number(), Type.String({ maxLength: 500 }), Type.Boolean(), Type.Null()]);

export const OPERATORS = [
  'equal',
  'notEqual',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
] as const;

export const Operator = Type.Union(
  OPERATORS.map((o) => Type.Literal(o)),
  { description: 'A json-rules-engine built-in operator.' },
);

export const FactReference = Type.Object(
  { fact: Name },
  { additionalProperties: false, description: 'Compare with the value of another fact or variable.' },
);

export const Condition = Type.Recursive(
  (Self) =>
    Type.Union([
      Type.Object(
        { all: Type.Array(Self, { maxItems: 100 }), name: Type.Optional(Text(200)), priority: Type.Optional(Type.Number()) },
        { additionalProperties: false },
      ),
      Type.Object(
        { any: Type.Array(Self, { maxItems: 100 }), name: Type.Optional(Text(200)), priority: Type.Optional(Type.Number()) },
        { additionalProperties: false },
      ),
      // name and priority wherever json-rules-engine's toJSON() writes them (priority only orders evaluation there).
      Type.Object({ not: Self, name: Type.Optional(Text(200)), priority: Type.Optional(Type.Number()) }, { additionalProperties: false }),
      Type.Object({ condition: Name, name: Type.Optional(Text(200)), priority: Type.Optional(Type.Number()) }, { additionalProperties: false }),
      Type.Object(
        {
          fact: Name,
          operator: Operator,
          value: Type.Union([Scalar, Type.Array(Scalar, { maxItems: 500 }), FactReference]),
          name: Type.Optional(Text(200)),
          priority: Type.Optional(Type.Number()),
        },
        { additionalProperties: false },
      ),
    ]),
  {
    $id: 'Condition',
    description:
      'A json-rules-engine condition: {all:[…]}, {any:[…]}, {not:…}, {condition:"sharedName"} or a leaf {fact, operator, value}.',
  },
);

/** Conditions are defined once in the document's $defs and referenced wherever they are used. */
export const ConditionRef = Type.Ref(Condition);

// ---------------------------------------------------------------------------------------------
// Declared inputs: the facts a caller sends. They become the JSON Schema of decision requests.

export const InputType = Type.Union([
  Type.Literal('number'),
  Type.Literal('integer'),
  Type.Literal('string'),
  Type.Literal('boolean'),
  Type.Literal('enum'),
]);

export const InputDeclaration = Type.Object(
  {
    name: Name,
    label: Type.Optional(Localized(200)),
    type: InputType,
    values: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { minItems: 1, maxItems: 200, uniqueItems: true, description: 'Allowed values of an enum input.' })),
    unit: Type.Optional(Text(40, 'Unit shown to people, e.g. EUR, days, %, ratio.')),
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    minInclusive: Type.Optional(Type.Boolean({ description: 'false: a value equal to min is refused ("total assets > 0"). Default true.' })),
    maxInclusive: Type.Optional(Type.Boolean({ description: 'false: a value equal to max is refused. Default true.' })),
    required: Type.Boolean({ description: 'A decision request without this fact is refused with 422.' }),
    direction: Type.Optional(
      Type.Union([Type.Literal('higherIsBetter'), Type.Literal('lowerIsBetter')], {
        description: 'For a numeric input: improving it alone must never worsen the score, class, limit or outcome (checked when the policy is checked).',
      }),
    ),
    requiredWhen: Type.Optional(
      Type.Ref(Condition, { description: 'An optional input becomes required when this condition (on the other inputs) holds: "sales is required when model is Z".' }),
    ),
    legalTermsCap: Type.Optional(
      Type.Object(
        {
          endOfMonthInput: Type.Optional(Name),
          onExceed: Type.Union([Type.Literal('warning'), Type.Literal('refuse')]),
        },
        {
          additionalProperties: false,
          description:
            'For payment terms in days: the legal cap of Code de commerce L441-10 (60 days, or 45 days when the boolean input endOfMonthInput is true). Terms above it are refused (422) or flagged as a warning by the facts check, as onExceed says.',
        },
      ),
    ),
    description: Type.Optional(Text(1000)),
    example: Type.Optional(Type.Union([Type.Number(), Type.String({ maxLength: 200 }), Type.Boolean()])),
  },
  { additionalProperties: false },
);

// ---------------------------------------------------------------------------------------------
// Node kinds. Each is a credit concept with its own configuration.

/**
 * A figure taken from outside the policy (a central-bank rate, a legal amount): when it was read,
 * where, and how often it must be read again. Checking the policy with today's date warns when it
 * is older than the current period (`REFERENCE_OUT_OF_DATE`).
 */
export const ReferenceFigure = Type.Object(
  {
    asOf: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'The date the figure applies from (YYYY-MM-DD), e.g. 2025-07-01 for the rate of the second half of 2025.' }),
    source: Text(1000, 'Where it comes from: publisher, page or text, so the next person can check it.'),
    review: Type.Optional(
      Type.Union([Type.Literal('halfYearly'), Type.Literal('yearly')], {
        description: 'How often it changes: halfYearly (e.g. the ECB rate of L441-10, fixed on 1 January and 1 July), yearly. Without it, no date check.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const FormulaVariable = Type.Object(
  {
    name: Name,
    label: Type.Optional(Localized(200)),
    expression: Expression,
    unit: Type.Optional(Text(40)),
    decimals: Type.Optional(Type.Integer({ minimum: 0, maximum: 12, description: 'Result rounded to this many decimals (default 6).' })),
    round: Type.Optional(Type.Boolean({ description: 'false: the result is kept as computed (full double precision), not rounded. Default true.' })),
    description: Type.Optional(Text(1000)),
    reference: Type.Optional(ReferenceFigure),
  },
  { additionalProperties: false },
);

export const FormulaConfig = Type.Object(
  { variables: Type.Array(FormulaVariable, { minItems: 1, maxItems: POLICY_LIMITS.rulesPerNode }) },
  { additionalProperties: false },
);

export const ScoreBand = Type.Object(
  {
    label: Type.Optional(Localized(200)),
    min: Type.Optional(Type.Number({ description: 'Lower bound, inclusive unless minInclusive is false; omitted = no lower bound.' })),
    max: Type.Optional(Type.Number({ description: 'Upper bound, exclusive unless maxInclusive is true; omitted = no upper bound.' })),
    minInclusive: Type.Optional(Type.Boolean({ description: 'Does a value equal to min fall in this band? Default true (≥ min).' })),
    maxInclusive: Type.Optional(Type.Boolean({ description: 'Does a value equal to max fall in this band? Default false (< max).' })),
    values: Type.Optional(
      Type.Array(Type.Union([Type.String({ maxLength: 200 }), Type.Boolean(), Type.Number()]), {
        minItems: 1,
        maxItems: 200,
        description: 'For string, enum and boolean criteria: the values that fall in this band.',
      }),
    ),
    points: Type.Number(),
  },
  { additionalProperties: false },
);

export const ScoreCriterion = Type.Object(
  {
    id: Id,
    label: Type.Optional(Localized(200)),
    variable: Name,
    weight: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100, description: 'Weight in percent; the weights of a weighted-average scorecard total 100. Not used by sum scoring.' })),
    bands: Type.Array(ScoreBand, { minItems: 1, maxItems: POLICY_LIMITS.bandsPerCriterion }),
    missingPoints: Type.Optional(Type.Number({ description: 'Points when the value is missing (missing rule "points").' })),
    description: Type.Optional(Text(1000)),
  },
  { additionalProperties: false },
);

export const SCORING_MODES = ['weightedAverage', 'sum'] as const;

export const ScorecardConfig = Type.Object(
  {
    output: Type.Optional(Name),
    scoring: Type.Optional(
      Type.Union(SCORING_MODES.map((m) => Type.Literal(m)), {
        description: 'weightedAverage (default): Σ weight × points / Σ weight, points on the scale; sum: the plain sum of every criterion\'s points (a risk-point grid).',
      }),
    ),
    scale: Type.Object(
      { min: Type.Number(), max: Type.Number() },
      { additionalProperties: false, description: 'Points of every band, and so the score, lie on this scale.' },
    ),
    missingRule: Type.Union([Type.Literal('points'), Type.Literal('reweight')], {
      description: 'points: a missing value scores its criterion\'s missingPoints (scale minimum if unset); reweight: the weights of present criteria are re-spread to 100%.',
    }),
    explainTop: Type.Optional(Type.Integer({ minimum: 0, maximum: 20, description: 'How many of the criteria that cost the most points are given as reasons (default 3).' })),
    criteria: Type.Array(ScoreCriterion, { minItems: 1, maxItems: POLICY_LIMITS.criteriaPerScorecard }),
  },
  { additionalProperties: false },
);

export const RiskClassDefinition = Type.Object(
  {
    id: Id,
    label: Type.Optional(Localized(200)),
    minScore: Type.Number({ description: 'Lowest score of this class (inclusive unless minScoreInclusive is false).' }),
    minScoreInclusive: Type.Optional(Type.Boolean({ description: 'false: the class needs a score strictly above minScore ("safe when Z > 2.99"). Default true.' })),
    reviewMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 120, description: 'How often a customer of this class is reviewed; also the validity of a limit decided by a person.' })),
    description: Type.Optional(Text(1000)),
  },
  { additionalProperties: false },
);

export const RiskClassOverride = Type.Object(
  {
    id: Id,
    label: Type.Optional(Localized(200)),
    when: ConditionRef,
    effect: Type.Union([Type.Literal('force'), Type.Literal('noBetterThan')], {
      description: 'force: the class becomes exactly `class`; noBetterThan: the class is at least as bad as `class`.',
    }),
    class: Id,
    reason: Reason,
  },
  { additionalProperties: false },
);

/** One threshold of a segment's ladder: a class of the node and where it starts in this segment. */
export const SegmentThreshold = Type.Object(
  {
    class: Id,
    minScore: Type.Number(),
    minScoreInclusive: Type.Optional(Type.Boolean({ description: 'false: a score strictly above minScore. Default true.' })),
  },
  { additionalProperties: false },
);

/** A ladder of its own for the requests its condition matches (per model, sector, customer size…). */
export const RiskClassSegment = Type.Object(
  {
    id: Id,
    label: Type.Optional(Localized(200)),
    when: ConditionRef,
    thresholds: Type.Array(SegmentThreshold, { minItems: 1, maxItems: 20, description: 'Classes of the node, best to worst, with this segment\'s cut-offs.' }),
  },
  { additionalProperties: false },
);

export const RiskClassConfig = Type.Object(
  {
    score: Name,
    output: Type.Optional(Name),
    classes: Type.Array(RiskClassDefinition, { minItems: 1, maxItems: 20, description: 'Ordered from best to worst.' }),
    segments: Type.Optional(
      Type.Array(RiskClassSegment, {
        maxItems: 20,
        description: 'Segmented ladders: the first segment whose condition holds gives the cut-offs; none holds → the classes\' own minScore.',
      }),
    ),
    overrides: Type.Optional(Type.Array(RiskClassOverride, { maxItems: POLICY_LIMITS.rulesPerNode })),
  },
  { additionalProperties: false },
);

export const LimitCapacity = Type.Object(
  { id: Id, label: Type.Optional(Localized(200)), expression: Expression },
  { additionalProperties: false },
);

export const CreditLimitConfig = Type.Object(
  {
    output: Type.Optional(Name),
    riskClass: Type.Optional(Name),
    classParameters: Type.Optional(
      KeyedMap(ID_PATTERN, KeyedMap(NAME_PATTERN, Type.Number()), {
        description: 'Per risk class, named numbers (shares, factors) usable in the capacity expressions.',
      }),
    ),
    capacities: Type.Array(LimitCapacity, { minItems: 1, maxItems: 20, description: 'The limit before cover is the lowest of these amounts.' }),
    insurerCover: Type.Optional(Expression),
    guarantees: Type.Optional(Expression),
    addInsurerCover: Type.Boolean({ description: 'Add the insurer cover on top of the capacity (the insured part carries no own risk).' }),
    floor: Type.Optional(Type.Number({ description: 'Lowest limit (default 0).' })),
    ceiling: Type.Optional(Type.Number({ description: 'Highest limit the policy ever grants.' })),
    rounding: Type.Optional(
      Type.Object(
        { step: Type.Number({ exclusiveMinimum: 0 }), mode: Type.Union([Type.Literal('down'), Type.Literal('nearest'), Type.Literal('up')]) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const DelegationLevel = Type.Object(
  {
    id: Id,
    label: Type.Optional(Localized(200)),
    maxAmount: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], { description: 'Highest amount this level may approve; null = no ceiling.' }),
  },
  { additionalProperties: false },
);

export const ApprovalRule = Type.Object(
  {
    id: Id,
    label: Type.Optional(Localized(200)),
    when: ConditionRef,
    outcome: Outcome,
    level: Type.Optional(Id),
    reason: Reason,
  },
  { additionalProperties: false },
);

export const ApprovalConfig = Type.Object(
  {
    amount: Type.Optional(Expression),
    // Both amounts may be left out: a decision without an amount (a rating, an order release by days overdue).
    authorityAmount: Type.Optional(Expression),
    levels: Type.Array(DelegationLevel, {
      maxItems: 20,
      description: 'Ordered from the lowest authority to the highest; may be empty when nothing escalates. Without an amount, an escalation goes to its rule\'s level (else the lowest).',
    }),
    rules: Type.Array(ApprovalRule, { maxItems: POLICY_LIMITS.rulesPerNode, description: 'Checked in order; the first that matches decides.' }),
    default: Type.Object(
      { outcome: Outcome, level: Type.Optional(Id), reason: Reason },
      { additionalProperties: false },
    ),
    serviceHours: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: 8760, description: 'Service time of an escalation: an approval request still pending after this many hours raises an alert.' }),
    ),
  },
  { additionalProperties: false },
);

export const COLLECTION_ACTIONS = [
  'email',
  'call',
  'sms',
  'letter',
  'registeredLetter',
  'formalNotice',
  'salesRep',
  'penalties',
  'stopSupply',
  'agency',
  'litigation',
  'insurerNotice',
] as const;

export const CollectionStep = Type.Object(
  {
    day: Type.Integer({ minimum: -365, maximum: 730, description: 'Days relative to the invoice due date (negative = before it).' }),
    action: Type.Union(COLLECTION_ACTIONS.map((a) => Type.Literal(a))),
    label: Type.Optional(Localized(200)),
  },
  { additionalProperties: false },
);

export const CollectionScenario = Type.Object(
  {
    id: Id,
    label: Type.Optional(Localized(200)),
    description: Type.Optional(Text(1000)),
    steps: Type.Array(CollectionStep, { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
);

/** LME (Code de commerce L441-10): what a late invoice owes at each step after its due date. */
export const LatePaymentCharges = Type.Object(
  {
    annualRate: Type.Union(
      [
        Type.Number({ minimum: 0, maximum: 1 }),
        Expression,
      ],
      {
        description:
          'Yearly rate of the late-payment penalties stated in the terms of sale (by default the ECB main refinancing rate + 10 points; at least 3 × the legal interest rate): a number, or an expression (e.g. the name of a formula variable holding the dated ECB rate + 10 points, so the rate is written once).',
      },
    ),
    fixedIndemnity: Type.Optional(Type.Number({ minimum: 0, maximum: 100000, description: 'Fixed recovery indemnity per invoice, due from the day after the due date (40 by default: D441-5).' })),
    invoiceAmount: Type.Optional(Expression),
  },
  {
    additionalProperties: false,
    description:
      'Each step after the due date carries the charges one invoice owes on that day: interest = invoiceAmount × annualRate × day / 365 (rounded to cents; the interest share alone without an invoice amount) and the fixed indemnity.',
  },
);

export const CollectionConfig = Type.Object(
  {
    riskClass: Type.Optional(Name),
    latePayment: Type.Optional(LatePaymentCharges),
    scenarios: Type.Array(CollectionScenario, { minItems: 1, maxItems: 30 }),
    byClass: KeyedMap(ID_PATTERN, Id, { description: 'Risk class → scenario id.' }),
    default: Type.Optional(Id),
    overrides: Type.Optional(
      Type.Array(
        Type.Object(
          { id: Id, label: Type.Optional(Localized(200)), when: ConditionRef, scenario: Id, reason: Type.Optional(Reason) },
          { additionalProperties: false },
        ),
        { maxItems: POLICY_LIMITS.rulesPerNode },
      ),
    ),
  },
  { additionalProperties: false },
);

export const RuleAction = tagged('type', [
  Type.Object(
    { type: Type.Literal('outcome'), outcome: Outcome, level: Type.Optional(Id), reason: Reason },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('reason'), reason: Reason }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('set'), variable: Name, expression: Expression }, { additionalProperties: false }),
]);

export const BusinessRule = Type.Object(
  {
    id: Id,
    label: Type.Optional(Localized(200)),
    when: ConditionRef,
    actions: Type.Array(RuleAction, { minItems: 1, maxItems: 20 }),
  },
  { additionalProperties: false },
);

export const RulesConfig = Type.Object(
  { rules: Type.Array(BusinessRule, { minItems: 1, maxItems: POLICY_LIMITS.rulesPerNode, description: 'Every rule that matches fires, in order.' }) },
  { additionalProperties: false },
);

/** Accept with conditions: which variable holds each condition the policy attaches to a decision. */
export const DecisionConditionsConfig = Type.Object(
  {
    paymentTermDays: Type.Optional(Name),
    prepaymentShare: Type.Optional(Name),
    guaranteeRequired: Type.Optional(Name),
    cashOnDelivery: Type.Optional(Name),
  },
  {
    additionalProperties: false,
    description:
      'Conditions attached to the decision, each read from a variable: payment terms in days at most (number), share of each order paid in advance (0–1), a guarantee required (boolean), cash on delivery (boolean). A missing variable means no such condition.',
  },
);

export const DecisionConfig = Type.Object(
  {
    variables: Type.Optional(Type.Array(Name, { maxItems: 200, description: 'Variables returned with the decision (default: all).' })),
    conditions: Type.Optional(DecisionConditionsConfig),
  },
  { additionalProperties: false },
);

const nodeOf = <K extends string, C extends TSchema>(kind: K, config: C, description: string) =>
  Type.Object(
    {
      id: Id,
      kind: Type.Literal(kind),
      label: Type.Optional(Localized(200)),
      description: Type.Optional(Text(2000)),
      config,
    },
    { additionalProperties: false, description },
  );

export const FormulaNode = nodeOf('formula', FormulaConfig, 'Derived variables from formulas.');
export const ScorecardNode = nodeOf('scorecard', ScorecardConfig, 'Criteria cut into bands worth points, weighted into a score.');
export const RiskClassNode = nodeOf('riskClass', RiskClassConfig, 'Risk classes from the score, with override rules.');
export const CreditLimitNode = nodeOf('creditLimit', CreditLimitConfig, 'The credit limit: lowest capacity, class parameters, insurer cover, caps, rounding.');
export const ApprovalNode = nodeOf('approval', ApprovalConfig, 'Approval thresholds: accept, refuse or escalate to a delegation level.');
export const CollectionNode = nodeOf('collection', CollectionConfig, 'Collection (dunning) scenarios per risk class.');
export const RulesNode = nodeOf('rules', RulesConfig, 'Generic condition → outcome / reason / variable rules (e.g. knock-outs).');
export const DecisionNode = nodeOf('decision', DecisionConfig, 'The decision returned to the caller.');

export const NODE_KINDS = ['formula', 'scorecard', 'riskClass', 'creditLimit', 'approval', 'collection', 'rules', 'decision'] as const;

export const PolicyNode = tagged('kind', [
  FormulaNode,
  ScorecardNode,
  RiskClassNode,
  CreditLimitNode,
  ApprovalNode,
  CollectionNode,
  RulesNode,
  DecisionNode,
]);

export const PolicyEdge = Type.Object(
  {
    id: Type.Optional(Type.String({ maxLength: 200 })),
    source: Id,
    target: Id,
  },
  { additionalProperties: false, description: 'Data flows from source to target: a node sees the facts and the outputs of the nodes upstream of it.' },
);

/**
 * An expected number with its precision: within `tolerance` (0 = exactly), or equal once the
 * actual value is rounded to `decimals` (half away from zero, as a published table is).
 */
export const NumberExpectation = Type.Union(
  [
    Type.Object({ value: Type.Number(), tolerance: Type.Number({ minimum: 0, description: 'Largest difference allowed; 0 = exactly.' }) }, { additionalProperties: false }),
    Type.Object({ value: Type.Number(), decimals: Type.Integer({ minimum: 0, maximum: 12, description: 'The actual value rounded to this many decimals must equal value.' }) }, { additionalProperties: false }),
  ],
  { description: 'A number with its precision; a plain number means within ±0.005.' },
);

const ExpectedNumber = Type.Union([Type.Number(), NumberExpectation]);

export const GoldenExpectation = Type.Object(
  {
    outcome: Type.Optional(Outcome),
    approvalLevel: Type.Optional(Type.Union([Id, Type.Null()])),
    riskClass: Type.Optional(Type.Union([Id, Type.Null()])),
    score: Type.Optional(Type.Union([ExpectedNumber, Type.Null()])),
    creditLimit: Type.Optional(Type.Union([ExpectedNumber, Type.Null()])),
    unsecuredLimit: Type.Optional(Type.Union([ExpectedNumber, Type.Null()])),
    collectionScenario: Type.Optional(Type.Union([Id, Type.Null()])),
    reasons: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { description: 'Reason codes that must be present.' })),
    variables: Type.Optional(
      KeyedMap(NAME_PATTERN, Type.Union([Scalar, NumberExpectation]), {
        description: 'Any variable of the policy, whether or not the decision node returns it.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const GoldenTest = Type.Object(
  {
    id: Id,
    name: Localized(200),
    description: Type.Optional(Text(2000)),
    facts: KeyedMap(NAME_PATTERN, Scalar),
    expect: GoldenExpectation,
  },
  { additionalProperties: false },
);

export const PolicyLayout = Type.Object(
  {
    nodes: KeyedMap(ID_PATTERN, Type.Object({ x: Type.Number(), y: Type.Number() }, { additionalProperties: false })),
    viewport: Type.Optional(Type.Object({ x: Type.Number(), y: Type.Number(), zoom: Type.Number() }, { additionalProperties: false })),
  },
  { additionalProperties: false, description: 'Editor positions; kept apart from semantics so moving a node is not a policy change.' },
);

export const PolicyDocument = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    schemaVersion: Type.Union([Type.Literal(1), Type.Literal(2)], {
      description: 'Version of the format: 2 is current; a version 1 document is upgraded on read (engine/model/migrate-policy.ts) and means the same.',
    }),
    id: Type.String({ pattern: '^[a-z][a-z0-9-]{1,62}$', description: 'Policy id (lower-case slug), stable across versions.' }),
    name: Text(200),
    description: Type.Optional(Text(20000)),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code of every amount in the policy.' }),
    language: Type.Optional(
      Type.Union(LANGUAGES.map((l) => Type.Literal(l)), {
        description: 'Language of the plain-string texts, and of decisions when the caller asks for none (default en).',
      }),
    ),
    inputs: Type.Array(InputDeclaration, { maxItems: POLICY_LIMITS.inputs }),
    conditions: Type.Optional(KeyedMap(NAME_PATTERN, ConditionRef, { description: 'Shared named conditions, referenced as {condition: "name"}.' })),
    nodes: Type.Array(PolicyNode, { minItems: 1, maxItems: POLICY_LIMITS.nodes }),
    edges: Type.Array(PolicyEdge, { maxItems: POLICY_LIMITS.edges }),
    tests: Type.Array(GoldenTest, { maxItems: POLICY_LIMITS.tests }),
    layout: Type.Optional(PolicyLayout),
  },
  { $id: 'https://creditgraph.dev/schemas/policy.json', $defs: { Condition }, additionalProperties: false, title: 'creditgraph credit policy' },
);

export type PolicyDocument = Static<typeof PolicyDocument>;
export type PolicyNode = Static<typeof PolicyNode>;
export type PolicyEdge = Static<typeof PolicyEdge>;
export type NodeKind = PolicyNode['kind'];
export type NodeOfKind<K extends NodeKind> = Extract<PolicyNode, { kind: K }>;
export type InputDeclaration = Static<typeof InputDeclaration>;
export type Condition = Static<typeof Condition>;
export type Reason = Static<typeof Reason>;
export type OutcomeValue = Static<typeof Outcome>;
export type FormulaConfig = Static<typeof FormulaConfig>;
export type ScorecardConfig = Static<typeof ScorecardConfig>;
export type ScoreCriterion = Static<typeof ScoreCriterion>;
export type ScoreBand = Static<typeof ScoreBand>;
export type RiskClassConfig = Static<typeof RiskClassConfig>;
export type RiskClassSegment = Static<typeof RiskClassSegment>;
export type CreditLimitConfig = Static<typeof CreditLimitConfig>;
export type ApprovalConfig = Static<typeof ApprovalConfig>;
export type DelegationLevel = Static<typeof DelegationLevel>;
export type CollectionConfig = Static<typeof CollectionConfig>;
export type CollectionScenario = Static<typeof CollectionScenario>;
export type CollectionStep = Static<typeof CollectionStep>;
export type LatePaymentCharges = Static<typeof LatePaymentCharges>;
export type ReferenceFigure = Static<typeof ReferenceFigure>;
export type RulesConfig = Static<typeof RulesConfig>;
export type BusinessRule = Static<typeof BusinessRule>;
export type RuleAction = Static<typeof RuleAction>;
export type DecisionConfig = Static<typeof DecisionConfig>;
export type GoldenTest = Static<typeof GoldenTest>;
export type GoldenExpectation = Static<typeof GoldenExpectation>;
export type NumberExpectation = Static<typeof NumberExpectation>;
export type PolicyLayout = Static<typeof PolicyLayout>;
export type ScalarValue = Static<typeof Scalar>;
export type LocalizedText = string | { en?: string; fr?: string };
export type Facts = Record<string, ScalarValue | undefined>;
