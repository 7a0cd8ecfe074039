/** Outcome monitoring of a policy (per version, per arm, over a window) and its alert thresholds. */
import { Type } from '@sinclair/typebox';
import { DefaultDefinition } from '../monitoring-engine.js';
import { defineRoute } from '../http/route.js';
import { ACCEPT_LANGUAGE, CONTENT_LANGUAGE, answerIn } from '../http/response-language.js';
import { monitoringSettings, policyMonitoring, saveMonitoringSettings } from '../domain/monitoring.js';
import { PolicyParams } from './common.js';

const TAG = 'Monitoring';
const Instant = (description: string) => Type.Optional(Type.String({ format: 'date-time', description }));
const Rates = Type.Record(Type.String({ minLength: 1, maxLength: 100 }), Type.Number({ minimum: 0, maximum: 1 }));

const Settings = Type.Object({
  policyId: Type.String(),
  psiWarn: Type.Number({ description: 'PSI of the score distribution from which a warning alert is raised (conventional 0.10).' }),
  psiAlert: Type.Number({ description: 'PSI from which a critical alert is raised (conventional 0.25).' }),
  classBadRates: Type.Record(Type.String(), Type.Number(), { description: 'Highest acceptable bad rate per risk class; above it, an alert.' }),
  windowDays: Type.Integer({ description: 'Days of decisions the monitoring pass (and a report without `from`) reads.' }),
  minCount: Type.Integer({ description: 'Classes with fewer observed decisions raise no bad-rate alert.' }),
  defaultDefinition: DefaultDefinition,
  expectedBadRates: Type.Optional(Type.Record(Type.String(), Type.Number())),
  scoreBands: Type.Optional(Type.Array(Type.Number())),
  updatedAt: Type.String({ description: 'Empty while the defaults apply.' }),
  updatedBy: Type.String(),
});

const report = defineRoute({
  method: 'get',
  path: '/policies/:policyId/monitoring',
  operationId: 'getMonitoring',
  summary: 'Outcome monitoring over a window: Gini, KS, bad rates by class and score band (with counts), calibration, PSI and characteristic stability against a baseline, approval and override rates; overall and per arm',
  description:
    'Decisions logged in [from, to) (default: the settings’ window ending now), optionally of one version and one experiment arm, labelled good or bad by the policy’s default definition from the outcomes reported. The baseline is the window of the same length just before, or `baselineFrom`/`baselineTo`, or the decisions of `baselineVersion`.',
  tag: TAG,
  access: 'monitoring:read',
  params: PolicyParams,
  query: Type.Object(
    {
      from: Instant('Start of the window (inclusive).'),
      to: Instant('End of the window (exclusive); default now.'),
      version: Type.Optional(Type.Integer({ minimum: 1, description: 'Only the decisions of this version.' })),
      arm: Type.Optional(Type.Union([Type.Literal('champion'), Type.Literal('challenger')], { description: 'Only the decisions answered by this arm (a decision outside any experiment counts as champion).' })),
      baselineFrom: Instant('Start of the baseline window.'),
      baselineTo: Instant('End of the baseline window (exclusive).'),
      baselineVersion: Type.Optional(Type.Integer({ minimum: 1, description: 'Baseline: the decisions of this version.' })),
      asOf: Instant('Outcomes known on this day (default today): windows not over then are "open".'),
    },
    { additionalProperties: false },
  ),
  headers: [ACCEPT_LANGUAGE],
  responses: {
    200: {
      description: 'The report (figures as numbers) and its text in the Accept-Language language.',
      headers: CONTENT_LANGUAGE,
      schema: Type.Object({
        policyId: Type.String(),
        version: Type.Union([Type.Integer(), Type.Null()]),
        arm: Type.Union([Type.String(), Type.Null()]),
        window: Type.Object({ from: Type.String(), to: Type.String() }),
        baseline: Type.Object({ from: Type.String(), to: Type.String(), version: Type.Union([Type.Integer(), Type.Null()]) }),
        thresholds: Type.Object({ psiWarn: Type.Number(), psiAlert: Type.Number(), classBadRates: Type.Record(Type.String(), Type.Number()), minCount: Type.Integer() }),
        withoutCustomer: Type.Integer(),
        report: Type.Unknown({ description: 'MonitoringReport (engine/monitoring/monitoring-report.ts): asOf, defaultDefinition, riskClasses, scoreBands, overall and arms (rates, labels, discrimination, badRatesByClass, badRatesByBand, calibration, stability, characteristics).' }),
        overTime: Type.Array(Type.Object({ period: Type.String(), decisions: Type.Integer(), goods: Type.Integer(), bads: Type.Integer(), auc: Type.Union([Type.Number(), Type.Null()]), gini: Type.Union([Type.Number(), Type.Null()]), ks: Type.Union([Type.Number(), Type.Null()]) })),
        text: Type.String(),
      }),
    },
    404: { description: 'No such policy or version.' },
    422: { description: 'A window that ends before it starts (the parameter named).' },
  },
  handler: async ({ params, query, services, req, res }) => {
    const language = answerIn(req, res);
    return { body: await policyMonitoring(services, { policyId: params.policyId, ...query }, language) };
  },
});

const getSettings = defineRoute({
  method: 'get',
  path: '/policies/:policyId/monitoring/settings',
  operationId: 'getMonitoringSettings',
  summary: 'The policy’s monitoring settings: default definition, PSI and class bad-rate alert thresholds (defaults: PSI 0.10 warning, 0.25 alert)',
  tag: TAG,
  access: 'monitoring:read',
  params: PolicyParams,
  responses: { 200: { description: 'The settings, defaults filled in.', schema: Settings } },
  handler: async ({ params, services }) => ({ body: await monitoringSettings(services, params.policyId) }),
});

const putSettings = defineRoute({
  method: 'put',
  path: '/policies/:policyId/monitoring/settings',
  operationId: 'saveMonitoringSettings',
  summary: 'Set the monitoring thresholds of a policy (policy owner: approver); audited',
  tag: TAG,
  access: 'drafts:review',
  params: PolicyParams,
  body: Type.Object(
    {
      psiWarn: Type.Number({ exclusiveMinimum: 0, maximum: 10, default: 0.1 }),
      psiAlert: Type.Number({ exclusiveMinimum: 0, maximum: 10, default: 0.25 }),
      classBadRates: Type.Optional(Rates),
      windowDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, default: 90 })),
      minCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 30 })),
      defaultDefinition: Type.Optional(DefaultDefinition),
      expectedBadRates: Type.Optional(Rates),
      scoreBands: Type.Optional(Type.Array(Type.Number(), { minItems: 2, maxItems: 101 })),
      comment: Type.String({ minLength: 1, maxLength: 2000, description: 'Why (in the audit trail).' }),
    },
    { additionalProperties: false },
  ),
  responses: { 200: { description: 'The settings saved.', schema: Settings }, 404: { description: 'No such policy.' }, 422: { description: 'A setting is not valid (named).' } },
  handler: async ({ params, body, caller, services }) => {
    const saved = await saveMonitoringSettings(services, caller.user.id, params.policyId, { classBadRates: {}, windowDays: 90, minCount: 30, ...body });
    return { body: await monitoringSettings(services, saved.policyId) };
  },
});

const runPass = defineRoute({
  method: 'post',
  path: '/monitoring/run',
  operationId: 'runMonitoringPass',
  summary: 'Run the monitoring pass now (the server runs it hourly): PSI and class bad-rate alerts for every active policy, raised once per situation',
  tag: TAG,
  access: 'drafts:review',
  query: Type.Object({}, { additionalProperties: false }),
  responses: { 200: { description: 'The alerts this pass raised (none when another instance holds the pass’s lease).', schema: Type.Object({ raised: Type.Array(Type.Object({ id: Type.String(), type: Type.String(), policyId: Type.Union([Type.String(), Type.Null()]), severity: Type.String(), message: Type.String() })) }) } },
  handler: async ({ services }) => ({ body: { raised: (await services.monitoring.run()).map((a) => ({ id: a.id, type: a.type, policyId: a.policyId, severity: a.severity, message: a.message })) } }),
});

export const monitoringRoutes = [report, getSettings, putSettings, runPass];
