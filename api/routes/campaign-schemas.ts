/** The shapes of review campaigns over HTTP (api/store/campaign-store.ts), shared by the campaign and customer routes. */
import { Type, type TSchema } from '@sinclair/typebox';

const nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);

const Standing = Type.Object({ riskClass: nullable(Type.String()), limit: nullable(Type.Number()), reviewDate: nullable(Type.String()) });

export const CampaignEntrySchema = Type.Object(
  {
    customerId: nullable(Type.String({ description: 'null once the customer was erased or the report passed its retention period: the line stays, naming no one.' })),
    erasedAt: Type.Optional(Type.String({ format: 'date-time', description: 'When the customer id was removed from this line.' })),
    policyId: nullable(Type.String()),
    outcome: Type.Union(['accept', 'refuse', 'escalate', 'skipped', 'failed'].map((o) => Type.Literal(o)), {
      description: 'accept / refuse: applied to the file\'s limit (refuse withdraws it: 0); escalate: an approval request opened; skipped / failed: nothing decided (reason).',
    }),
    before: Standing,
    after: Type.Object(Standing.properties, { description: 'The file after (escalate: what the decision proposes, pending approval).' }),
    moved: Type.Boolean({ description: 'Risk class or limit changed.' }),
    decisionId: nullable(Type.String()),
    approvalId: nullable(Type.String()),
    reason: nullable(Type.String({ description: 'Skipped: noPolicy | approvalPending; failed: the problem.' })),
  },
  { additionalProperties: false },
);

const Counts = Type.Object({ due: Type.Integer(), redecided: Type.Integer(), moved: Type.Integer(), escalated: Type.Integer(), skipped: Type.Integer(), failed: Type.Integer() });

const summaryFields = {
  campaignId: Type.String(),
  kind: Type.Union([Type.Literal('scheduled'), Type.Literal('manual'), Type.Literal('factChange')]),
  passKey: Type.String(),
  status: Type.Union([Type.Literal('running'), Type.Literal('done')]),
  policyId: nullable(Type.String()),
  dueBy: Type.String({ description: 'Customers whose limit\'s review date is at or before this instant were due.' }),
  startedAt: Type.String(),
  startedBy: Type.String(),
  finishedAt: nullable(Type.String()),
  counts: Counts,
};

export const CampaignSummary = Type.Object(summaryFields);
export const Campaign = Type.Object({ ...summaryFields, entries: Type.Array(CampaignEntrySchema) });
