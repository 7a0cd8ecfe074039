/**
 * What outcome monitoring reads: the decisions a policy took (one record per decision, as the
 * decision log keeps them) and what then happened to each customer (outcome records reported by
 * the ERP). TypeBox schemas, because the outcome records become the body of the outcomes API and
 * the whole file is what `creditgraph monitor` reads.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Outcome } from '../model/policy-schema.js';

/** A calendar date, or a date-time whose first ten characters are the date (only the date counts). */
export const CalendarDate = Type.String({
  pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])(T[0-9:.]+(Z|[+-]\\d{2}:\\d{2})?)?$',
  description: 'YYYY-MM-DD, or an ISO 8601 date-time (only its date is used).',
});

export const OutcomeEvent = Type.Union(
  [Type.Literal('paidOnTime'), Type.Literal('pastDue'), Type.Literal('default'), Type.Literal('writtenOff')],
  {
    description:
      'paidOnTime: invoices settled by their due date · pastDue: an invoice reached `daysPastDue` days late · default: the credit department declared the customer in default (insolvency, collection failed) · writtenOff: a receivable was written off (`amount`).',
  },
);

export const OutcomeRecord = Type.Object(
  {
    outcomeId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The sender’s id of this report: sending it twice records it once.' })),
    customerId: Type.String({ minLength: 1, maxLength: 200 }),
    decisionId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The decision this outcome follows; when absent, every decision of the customer whose observation window holds `date`.' })),
    event: OutcomeEvent,
    date: CalendarDate,
    daysPastDue: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650, description: 'Days past due reached (pastDue; also allowed on default and writtenOff).' })),
    amount: Type.Optional(Type.Number({ minimum: 0, description: 'Amount concerned: overdue, in default or written off, in the policy’s currency.' })),
  },
  { additionalProperties: false, title: 'Outcome record' },
);

export const DefaultDefinition = Type.Object(
  {
    daysPastDue: Type.Integer({ minimum: 1, maximum: 3650, default: 90, description: 'A payment this many days late or more is a default.' }),
    withinMonths: Type.Integer({ minimum: 1, maximum: 120, default: 12, description: 'Observation window after the decision, in months.' }),
  },
  { additionalProperties: false, description: 'When a granted customer counts as bad. A default or write-off event within the window is always bad.' },
);

export const Arm = Type.Union([Type.Literal('champion'), Type.Literal('challenger')]);

export const CriterionBand = Type.Object(
  {
    id: Type.String(),
    band: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'Index of the band the value fell in; null when the value was missing.' }),
    points: Type.Number(),
  },
  { additionalProperties: false },
);

export const MonitoredDecision = Type.Object(
  {
    decisionId: Type.String({ minLength: 1, maxLength: 200 }),
    customerId: Type.String({ minLength: 1, maxLength: 200 }),
    decidedAt: CalendarDate,
    policyId: Type.Optional(Type.String()),
    version: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.String()])),
    arm: Type.Optional(Arm),
    outcome: Outcome,
    finalOutcome: Type.Optional(
      Type.Union([Type.Literal('accept'), Type.Literal('refuse')], {
        description: 'What was finally decided: the approver’s decision after an escalation, or a manual override of an automatic one. Absent: the engine’s outcome stood.',
      }),
    ),
    approvalLevel: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    score: Type.Union([Type.Number(), Type.Null()]),
    riskClass: Type.Union([Type.String(), Type.Null()]),
    grantedLimit: Type.Optional(Type.Union([Type.Number({ minimum: 0 }), Type.Null()])),
    scorecard: Type.Optional(Type.Array(CriterionBand, { description: 'The band of each scorecard criterion: characteristic stability compares their distributions.' })),
  },
  { additionalProperties: false, title: 'Monitored decision' },
);

export const MonitoringSettings = Type.Object(
  {
    defaultDefinition: Type.Optional(DefaultDefinition),
    asOf: Type.Optional(CalendarDate),
    riskClasses: Type.Optional(Type.Array(Type.String(), { description: 'Class ids, best first (the order of the tables).' })),
    expectedBadRates: Type.Optional(Type.Record(Type.String(), Type.Number({ minimum: 0, maximum: 1 }), { description: 'Expected bad rate of each risk class, for calibration.' })),
    scoreBands: Type.Optional(Type.Array(Type.Number(), { minItems: 2, description: 'Edges of the score bands, increasing; also the bins of the population stability index.' })),
  },
  { additionalProperties: false },
);

export const MonitoringFile = Type.Object(
  {
    settings: Type.Optional(MonitoringSettings),
    decisions: Type.Array(MonitoredDecision),
    outcomes: Type.Optional(Type.Array(OutcomeRecord)),
  },
  { additionalProperties: false, title: 'creditgraph decisions and outcomes', $id: 'https://creditgraph.dev/schemas/monitoring-file.json' },
);

export type CalendarDate = Static<typeof CalendarDate>;
export type OutcomeEvent = Static<typeof OutcomeEvent>;
export type OutcomeRecord = Static<typeof OutcomeRecord>;
export type DefaultDefinition = Static<typeof DefaultDefinition>;
export type Arm = Static<typeof Arm>;
export type CriterionBand = Static<typeof CriterionBand>;
export type MonitoredDecision = Static<typeof MonitoredDecision>;
export type MonitoringSettings = Static<typeof MonitoringSettings>;
export type MonitoringFile = Static<typeof MonitoringFile>;

export const DEFAULT_DEFINITION: DefaultDefinition = { daysPastDue: 90, withinMonths: 12 };
