/**
 * The decision the engine returns: also the body of the decision API's answer, so this schema
 * types the engine, validates API responses in tests and documents them in OpenAPI.
 */
import { Type, type Static } from '@sinclair/typebox';
import { CollectionStep, Outcome, Scalar } from './policy-schema.js';

export const DecisionReason = Type.Object(
  {
    code: Type.String(),
    message: Type.String({ description: 'The text, in the language asked for (default: the policy\'s).' }),
    nodeId: Type.String({ description: 'The node that gave this reason.' }),
    params: Type.Optional(
      Type.Record(Type.String(), Scalar, { description: 'The values the message shows, by placeholder name: the same in every language.' }),
    ),
    ruleId: Type.Optional(Type.String({ description: 'The rule, override, band or criterion within the node.' })),
    effect: Type.Optional(Outcome),
  },
  { additionalProperties: false },
);

export const CriterionResult = Type.Object(
  {
    id: Type.String(),
    label: Type.Optional(Type.String()),
    value: Type.Union([Scalar, Type.Null()]),
    band: Type.Union([Type.Integer(), Type.Null()], { description: 'Index of the band the value fell in; null when missing.' }),
    points: Type.Number(),
    weight: Type.Number({ description: 'Effective weight in percent (after re-spreading when values are missing).' }),
    contribution: Type.Number({ description: 'Points this criterion adds to the score.' }),
    lost: Type.Number({ description: 'Points this criterion costs compared with its best band.' }),
    missing: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const CreditLimitResult = Type.Object(
  {
    gross: Type.Number({ description: 'Granted limit, after class parameters, cover, caps and rounding.' }),
    unsecured: Type.Number({ description: 'Gross limit less insurer cover and guarantees (never below 0).' }),
    insurerCover: Type.Number(),
    guarantees: Type.Number(),
    boundBy: Type.Union([Type.String(), Type.Null()], { description: 'Id of the capacity that set the limit (the lowest one).' }),
  },
  { additionalProperties: false },
);

export const TraceEntry = Type.Object(
  {
    nodeId: Type.String(),
    kind: Type.String(),
    inputs: Type.Record(Type.String(), Type.Unknown(), { description: 'Values the node read.' }),
    outputs: Type.Record(Type.String(), Type.Unknown(), { description: 'Values the node produced.' }),
    matched: Type.Array(Type.String(), { description: 'Ids of the rules / overrides / bands that matched.' }),
  },
  { additionalProperties: false },
);

/** A dunning step of the decision: the policy's step, with the LME charges due on its day when the policy states them. */
export const DecisionCollectionStep = Type.Object(
  {
    ...CollectionStep.properties,
    label: Type.Optional(Type.String()),
    charges: Type.Optional(
      Type.Object(
        {
          interestShare: Type.Union([Type.Number(), Type.Null()], { description: 'Late-payment interest as a share of the invoice: annualRate × day / 365 (6 decimals); null when the rate is an expression that gave no number.' }),
          lateInterest: Type.Union([Type.Number(), Type.Null()], { description: 'Interest on the invoice amount, in the policy currency (null without an amount).' }),
          recoveryIndemnity: Type.Number({ description: 'Fixed recovery indemnity per invoice (L441-10, D441-5).' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** Accept with conditions: what the policy attaches to the decision (null = no such condition). */
export const DecisionConditions = Type.Object(
  {
    paymentTermDays: Type.Union([Type.Number(), Type.Null()], { description: 'Payment terms granted, in days at most (0 = no credit).' }),
    prepaymentShare: Type.Union([Type.Number(), Type.Null()], { description: 'Share of each order paid before delivery (0–1).' }),
    guaranteeRequired: Type.Union([Type.Boolean(), Type.Null()], { description: 'A bank or parent guarantee is required.' }),
    cashOnDelivery: Type.Union([Type.Boolean(), Type.Null()], { description: 'Paid on delivery.' }),
  },
  { additionalProperties: false },
);

/**
 * Something the caller should know although it did not change the outcome: facts the policy flags
 * without refusing them (today: payment terms above the legal cap of L441-10, `legal_cap`, when the
 * input says `onExceed: "warning"`). Worded in every language, with the values it names.
 */
export const DecisionWarning = Type.Object(
  {
    code: Type.String({ description: 'Stable code, e.g. legal_cap.' }),
    field: Type.String({ description: 'The fact it is about.' }),
    pointer: Type.String({ description: 'JSON pointer of that fact in the decision request.' }),
    message: Type.String({ description: 'The text, in the language asked for (default: the policy\'s).' }),
    messages: Type.Object({ en: Type.String(), fr: Type.String() }, { additionalProperties: false, description: 'The same text in every language.' }),
    params: Type.Optional(Type.Record(Type.String(), Scalar, { description: 'The values the message shows (legal_cap: value, cap, endOfMonth).' })),
  },
  { additionalProperties: false },
);

export const Decision = Type.Object(
  {
    outcome: Outcome,
    approvalLevel: Type.Union([Type.String(), Type.Null()], { description: 'Delegation level that must decide (escalate), else null.' }),
    score: Type.Union([Type.Number(), Type.Null()]),
    scoreScale: Type.Union([Type.Object({ min: Type.Number(), max: Type.Number() }), Type.Null()]),
    riskClass: Type.Union([Type.String(), Type.Null()]),
    creditLimit: Type.Union([CreditLimitResult, Type.Null()]),
    collectionScenario: Type.Union([
      Type.Object({ id: Type.String(), label: Type.Optional(Type.String()), steps: Type.Array(DecisionCollectionStep) }, { additionalProperties: false }),
      Type.Null(),
    ]),
    reasons: Type.Array(DecisionReason),
    scorecard: Type.Array(CriterionResult),
    variables: Type.Record(Type.String(), Type.Union([Scalar, Type.Null()])),
    conditions: Type.Optional(
      Type.Union([DecisionConditions, Type.Null()], {
        description: 'Present when the policy declares conditions: the terms attached to the decision (payment terms, prepayment, guarantee, cash on delivery), null when none applies.',
      }),
    ),
    warnings: Type.Optional(
      Type.Array(DecisionWarning, {
        description: 'Present only when there are some: facts the policy flags without refusing them, e.g. payment terms above the legal cap (legal_cap).',
      }),
    ),
    trace: Type.Optional(Type.Array(TraceEntry)),
  },
  { $id: 'https://creditgraph.dev/schemas/decision.json', additionalProperties: false, title: 'creditgraph decision' },
);

export type Decision = Static<typeof Decision>;
export type DecisionReason = Static<typeof DecisionReason>;
export type CriterionResult = Static<typeof CriterionResult>;
export type CreditLimitResult = Static<typeof CreditLimitResult>;
export type TraceEntry = Static<typeof TraceEntry>;
export type DecisionConditions = Static<typeof DecisionConditions>;
export type DecisionWarning = Static<typeof DecisionWarning>;
