/** Outcomes reported by the ERP after decisions: one idempotent batch endpoint. */
import { Type } from '@sinclair/typebox';
import { OutcomeRecord } from '../monitoring-engine.js';
import { defineRoute } from '../http/route.js';
import { MAX_OUTCOME_ITEMS, reportOutcomes } from '../domain/outcomes.js';

const report = defineRoute({
  method: 'post',
  path: '/outcomes',
  operationId: 'reportOutcomes',
  summary: 'Report what happened to customers after decisions (paid on time, days past due reached, default, written off); idempotent',
  description:
    'The batch is checked whole: one item wrong (each named by its JSON pointer) and nothing is recorded (422). Each item is recorded once, by its `outcomeId` when given, else by its natural key (customer, decision, event, date): sending it again answers `duplicate` and stores nothing; sending the same key with another content is a 409 naming the item. `decisionId` must name a logged decision of that customer; without it, the outcome counts for every decision of the customer whose observation window holds its date.',
  tag: 'Outcomes',
  access: 'outcomes:report',
  body: Type.Object({ items: Type.Array(OutcomeRecord, { minItems: 1, maxItems: MAX_OUTCOME_ITEMS }) }, { additionalProperties: false }),
  responses: {
    200: {
      description: 'How many items were recorded now and how many were known already, with each item’s id.',
      schema: Type.Object({
        created: Type.Integer(),
        duplicates: Type.Integer(),
        items: Type.Array(Type.Object({ index: Type.Integer(), outcomeId: Type.String(), status: Type.Union([Type.Literal('created'), Type.Literal('duplicate')]) })),
      }),
    },
    409: { description: 'An item repeats an outcome id (in the batch or before) with another content; nothing recorded.' },
    422: { description: 'An item is not valid (each named); nothing recorded.' },
  },
  handler: async ({ body, caller, services }) => ({ body: await reportOutcomes(services, caller.user.id, body.items) }),
});

export const outcomeRoutes = [report];
