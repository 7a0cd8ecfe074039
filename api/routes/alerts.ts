/** Alerts and the risk report. */
import { Type } from '@sinclair/typebox';
import { RiskReport } from '../workflow/risk-report-schema.js';
import { defineRoute } from '../http/route.js';
import { POLICY_ID_PATTERN } from '../schemas.js';
import { ALERT_TYPES } from '../workflow/alert.js';
import { listAlerts as alertsOf, riskReport } from '../domain/approvals-alerts.js';
import { ACCEPT_LANGUAGE, CONTENT_LANGUAGE, answerIn } from '../http/response-language.js';

const TAG = 'Alerts';

export const Alert = Type.Object(
  {
    id: Type.String(),
    type: Type.Union(ALERT_TYPES.map((t) => Type.Literal(t))),
    dedupeKey: Type.String(),
    severity: Type.Union([Type.Literal('warning'), Type.Literal('critical')]),
    policyId: Type.Union([Type.String(), Type.Null()]),
    customerId: Type.Union([Type.String(), Type.Null()]),
    approvalId: Type.Union([Type.String(), Type.Null()]),
    decisionId: Type.Union([Type.String(), Type.Null()]),
    raisedAt: Type.String({ format: 'date-time' }),
    message: Type.String(),
    details: Type.Record(Type.String(), Type.Unknown()),
  },
  { description: 'An alert.' },
);

const listAlerts = defineRoute({
  method: 'get',
  path: '/alerts',
  operationId: 'listAlerts',
  summary: 'Alerts, newest first: worse decisions, overdue approval requests, limits past review, exposure above the limit',
  tag: TAG,
  access: 'alerts:read',
  query: Type.Object({
    type: Type.Optional(Type.Union(ALERT_TYPES.map((t) => Type.Literal(t)))),
    policyId: Type.Optional(Type.String({ pattern: POLICY_ID_PATTERN })),
    customerId: Type.Optional(Type.String({ maxLength: 200 })),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Raised at or after.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  }),
  headers: [ACCEPT_LANGUAGE],
  responses: { 200: { description: 'The alerts, each `message` in the Accept-Language language (`details` hold its values).', schema: Type.Object({ items: Type.Array(Alert) }), headers: CONTENT_LANGUAGE } },
  handler: async ({ query, services, req, res }) => {
    const language = answerIn(req, res);
    return { body: { items: await alertsOf(services, query, language) } };
  },
});

const report = defineRoute({
  method: 'get',
  path: '/reports/risk',
  operationId: 'getRiskReport',
  summary: 'The risk report: pending approvals by level and age, overdue requests, overruns, limits due for review, class downgrades over a period',
  tag: TAG,
  access: 'alerts:read',
  query: Type.Object({
    policyId: Type.Optional(Type.String({ pattern: POLICY_ID_PATTERN })),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Start of the period (overruns, downgrades); default 30 days ago.' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'End of the period (exclusive); default now.' })),
    reviewWithinDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 366, default: 30, description: 'List limits whose review date falls within this many days.' })),
  }),
  responses: { 200: { description: 'The report.', schema: RiskReport }, 422: { description: 'from is after to.' } },
  handler: async ({ query, services }) => ({ body: await riskReport(services, query) }),
});

export const alertRoutes = [listAlerts, report];
