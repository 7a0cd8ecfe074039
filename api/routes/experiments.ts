/**
 * Champion/challenger experiments: propose a challenger version with a traffic share, a second
 * approver starts it, change the share or stop it the same way (four eyes), promote the
 * challenger (an activation), and compare the two arms on the decisions logged meanwhile.
 */
import { Type } from '@sinclair/typebox';
import { defineRoute } from '../http/route.js';
import { Comment } from '../schemas.js';
import { actorOf, comment, PolicyParams } from './common.js';
import {
  approveExperiment,
  experimentView,
  listExperiments,
  MAX_CHALLENGER_PERCENT,
  promoteChallenger,
  proposeExperiment,
  proposeExperimentChange,
  requireExperiment,
  withdrawExperimentChange,
} from '../domain/experiments.js';
import { comparisonCsv, experimentComparison } from '../domain/experiment-comparison.js';

const TAG = 'Experiments';

const Share = Type.Number({ minimum: 0, maximum: MAX_CHALLENGER_PERCENT, description: `The challenger's share of the traffic, in percent (0–${MAX_CHALLENGER_PERCENT}; 0 = pure shadow mode).` });
const Status = Type.Union([Type.Literal('proposed'), Type.Literal('running'), Type.Literal('stopped'), Type.Literal('promoted')]);
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()]);

const Experiment = Type.Object(
  {
    id: Type.String(),
    policyId: Type.String(),
    championVersion: Type.Integer({ description: 'The active version when it was proposed: answers the customers outside the share.' }),
    challengerVersion: Type.Integer({ description: 'Answers the customers whose hash falls below the share.' }),
    share: Share,
    status: Status,
    proposedBy: Type.String(),
    proposedAt: Type.String({ format: 'date-time' }),
    approvedBy: nullable(Type.String()),
    startedAt: nullable(Type.String({ format: 'date-time' })),
    endedBy: nullable(Type.String()),
    endedAt: nullable(Type.String({ format: 'date-time' })),
    pendingChange: nullable(
      Type.Object({
        kind: Type.Union([Type.Literal('share'), Type.Literal('stop')]),
        share: nullable(Type.Number()),
        proposedBy: Type.String(),
        proposedAt: Type.String({ format: 'date-time' }),
        comment: Type.String(),
      }),
    ),
    history: Type.Array(
      Type.Object({
        at: Type.String({ format: 'date-time' }),
        by: Type.String(),
        action: Type.String({ description: 'proposed, approved, changeProposed, changeApproved, changeWithdrawn, withdrawn, stopped, promoted or superseded.' }),
        share: Type.Number(),
        comment: nullable(Type.String()),
      }),
    ),
    comment: Type.String(),
    revision: Type.Integer({ description: 'Send it back as `revision` to act on exactly what you read (412 when it moved).' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { description: 'An experiment (its salt, which places customers in the arms, is never shown).' },
);

const ExperimentParams = Type.Object({ experimentId: Type.String({ pattern: '^exp_[A-Za-z0-9-]{1,60}$' }) });
const Revision = Type.Optional(Type.Integer({ minimum: 1, description: 'The revision you read: refused with 412 if the experiment changed since.' }));
const four = { 403: { description: 'Not an approver, or the same person who proposed it (four eyes).' }, 404: { description: 'No such experiment.' }, 409: { description: 'Not in a state that allows it.' }, 412: { description: 'It changed since the revision sent.' } };

const propose = defineRoute({
  method: 'post',
  path: '/policies/:policyId/experiments',
  operationId: 'proposeExperiment',
  summary: 'Propose a challenger version beside the active one, with its traffic share (a second approver starts it)',
  description: 'A customer is placed in an arm by a hash of policy, customer id and a random salt stored with the experiment, so they always land in the same arm. The assigned arm answers; the other is evaluated in shadow and logged beside it.',
  tag: TAG,
  access: 'drafts:review',
  params: PolicyParams,
  body: Type.Object({ challengerVersion: Type.Integer({ minimum: 1 }), share: Share, comment: Comment }, { additionalProperties: false }),
  responses: {
    201: { description: 'The proposed experiment.', schema: Experiment, headers: { Location: 'The experiment.' } },
    404: { description: 'No such policy or version.' },
    409: { description: 'No active version, or an open experiment on the policy already.' },
    422: { description: 'The share is out of range or the challenger is the active version.' },
  },
  handler: async ({ params, body, caller, services }) => {
    const e = await proposeExperiment(services, actorOf(caller), { policyId: params.policyId, challengerVersion: body.challengerVersion, share: body.share, comment: comment(body.comment) });
    return { status: 201, headers: { Location: `/api/v1/experiments/${e.id}` }, body: experimentView(e) };
  },
});

const list = defineRoute({
  method: 'get',
  path: '/policies/:policyId/experiments',
  operationId: 'listExperiments',
  summary: "A policy's experiments, newest first",
  tag: TAG,
  access: 'policies:read',
  params: PolicyParams,
  responses: { 200: { description: 'Experiments.', schema: Type.Object({ items: Type.Array(Experiment) }) }, 404: { description: 'No such policy.' } },
  handler: async ({ params, services }) => ({ body: { items: (await listExperiments(services, { policyId: params.policyId })).map(experimentView) } }),
});

const get = defineRoute({
  method: 'get',
  path: '/experiments/:experimentId',
  operationId: 'getExperiment',
  summary: 'Read an experiment and its history',
  tag: TAG,
  access: 'policies:read',
  params: ExperimentParams,
  responses: { 200: { description: 'The experiment.', schema: Experiment }, 404: { description: 'No such experiment.' } },
  handler: async ({ params, services }) => ({ body: experimentView(await requireExperiment(services, params.experimentId)) }),
});

const ActBody = Type.Object({ comment: Comment, revision: Revision }, { additionalProperties: false });

const approve = defineRoute({
  method: 'post',
  path: '/experiments/:experimentId/approve',
  operationId: 'approveExperiment',
  summary: 'Second approver: start a proposed experiment, or apply its pending share change or stop',
  tag: TAG,
  access: 'drafts:review',
  params: ExperimentParams,
  body: ActBody,
  responses: { 200: { description: 'The experiment after the change.', schema: Experiment }, ...four },
  handler: async ({ params, body, caller, services }) => ({
    body: experimentView(await approveExperiment(services, actorOf(caller), { experimentId: params.experimentId, comment: comment(body.comment), expectRevision: body.revision })),
  }),
});

const changeShare = defineRoute({
  method: 'post',
  path: '/experiments/:experimentId/share',
  operationId: 'proposeExperimentShare',
  summary: "Propose a new challenger share for a running experiment (a second approver applies it)",
  description: 'Raising the share only moves customers from the champion to the challenger, never back.',
  tag: TAG,
  access: 'drafts:review',
  params: ExperimentParams,
  body: Type.Object({ share: Share, comment: Comment, revision: Revision }, { additionalProperties: false }),
  responses: { 200: { description: 'The experiment with its pending change.', schema: Experiment }, 422: { description: 'The share is out of range or unchanged.' }, ...four },
  handler: async ({ params, body, caller, services }) => ({
    body: experimentView(await proposeExperimentChange(services, actorOf(caller), { experimentId: params.experimentId, change: { kind: 'share', share: body.share }, comment: comment(body.comment), expectRevision: body.revision })),
  }),
});

const stop = defineRoute({
  method: 'post',
  path: '/experiments/:experimentId/stop',
  operationId: 'stopExperiment',
  summary: 'Ask to stop a running experiment (a second approver stops it); a proposal not started yet is withdrawn at once',
  tag: TAG,
  access: 'drafts:review',
  params: ExperimentParams,
  body: ActBody,
  responses: { 200: { description: 'The experiment: with its pending stop, or withdrawn.', schema: Experiment }, ...four },
  handler: async ({ params, body, caller, services }) => ({
    body: experimentView(await proposeExperimentChange(services, actorOf(caller), { experimentId: params.experimentId, change: { kind: 'stop' }, comment: comment(body.comment), expectRevision: body.revision })),
  }),
});

const withdrawChange = defineRoute({
  method: 'post',
  path: '/experiments/:experimentId/withdraw-change',
  operationId: 'withdrawExperimentChange',
  summary: 'Withdraw the share change or stop waiting for approval',
  tag: TAG,
  access: 'drafts:review',
  params: ExperimentParams,
  body: ActBody,
  responses: { 200: { description: 'The experiment without its pending change.', schema: Experiment }, ...four },
  handler: async ({ params, body, caller, services }) => ({
    body: experimentView(await withdrawExperimentChange(services, actorOf(caller), { experimentId: params.experimentId, comment: comment(body.comment), expectRevision: body.revision })),
  }),
});

const promote = defineRoute({
  method: 'post',
  path: '/experiments/:experimentId/promote',
  operationId: 'promoteChallenger',
  summary: "Promote the challenger: activate its version (audited as an activation), which ends the experiment",
  tag: TAG,
  access: 'drafts:review',
  params: ExperimentParams,
  body: ActBody,
  responses: { 200: { description: 'The experiment, promoted.', schema: Experiment }, ...four },
  handler: async ({ params, body, caller, services }) => ({
    body: experimentView(await promoteChallenger(services, actorOf(caller), { experimentId: params.experimentId, comment: comment(body.comment), expectRevision: body.revision })),
  }),
});

const Counts = Type.Record(Type.String(), Type.Integer({ minimum: 0 }));
const OutcomeCounts = Type.Object({ accept: Type.Integer(), refuse: Type.Integer(), escalate: Type.Integer(), none: Type.Integer({ description: "The arm's version refused the facts (shadow only)." }) });
const ArmSummary = Type.Object({
  decisions: Type.Integer(),
  byOutcome: OutcomeCounts,
  byClass: Type.Union([Counts], { description: 'Risk class → decisions ("" for none).' }),
  byApprovalLevel: Type.Union([Counts], { description: 'Approval level → escalations.' }),
  grantedLimits: Type.Number({ description: 'Sum of the gross limits of the accepted decisions.' }),
  escalations: Type.Integer(),
  acceptRate: nullable(Type.Number()),
  escalationRate: nullable(Type.Number()),
});
const Arms = Type.Object({ champion: ArmSummary, challenger: ArmSummary });
const DailyArm = Type.Object({ answered: Type.Integer(), accept: Type.Integer(), refuse: Type.Integer(), escalate: Type.Integer(), grantedLimits: Type.Number() });
const Comparison = Type.Object({
  experimentId: Type.String(),
  policyId: Type.String(),
  versions: Type.Object({ champion: Type.Integer(), challenger: Type.Integer() }),
  share: Type.Number(),
  status: Status,
  decisions: Type.Integer({ description: 'Automatic decisions logged under the experiment.' }),
  answered: Type.Object({ champion: Type.Integer(), challenger: Type.Integer() }, { description: 'Requests each arm answered.' }),
  arms: Type.Union([Arms], { description: 'Each arm over EVERY request (answered or in shadow): the two versions on the same requests.' }),
  answeredBy: Type.Union([Arms], { description: 'Each arm over the requests it answered.' }),
  agreement: Type.Record(Type.String(), OutcomeCounts, { description: "agreement[championOutcome][challengerOutcome] = requests (the two arms' outcomes on the same request)." }),
  agreementRate: nullable(Type.Number()),
  daily: Type.Array(Type.Object({ date: Type.String({ description: 'UTC day, YYYY-MM-DD.' }), decisions: Type.Integer(), champion: DailyArm, challenger: DailyArm })),
});

const comparison = defineRoute({
  method: 'get',
  path: '/experiments/:experimentId/comparison',
  operationId: 'compareExperiment',
  summary: "Compare the two arms on the decisions logged while the experiment ran",
  description: 'Per arm: decisions by outcome, by risk class, by approval level, granted limits, escalations; the agreement matrix; a daily series. Aggregates only (no customer data).',
  tag: TAG,
  access: 'policies:read',
  params: ExperimentParams,
  responses: { 200: { description: 'The comparison.', schema: Comparison }, 404: { description: 'No such experiment.' } },
  handler: async ({ params, services }) => ({ body: await experimentComparison(services, params.experimentId) }),
});

const comparisonExport = defineRoute({
  method: 'get',
  path: '/experiments/:experimentId/comparison.csv',
  operationId: 'exportExperimentComparison',
  summary: 'The comparison as a CSV table (table, scope, date, arm, key, value)',
  tag: TAG,
  access: 'policies:read',
  params: ExperimentParams,
  responses: { 200: { description: 'The CSV file.', schema: Type.String(), contentType: 'text/csv' }, 404: { description: 'No such experiment.' } },
  handler: async ({ params, services, res }) => {
    const c = await experimentComparison(services, params.experimentId);
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${c.policyId}-${c.experimentId}-comparison.csv"`);
    res.send(comparisonCsv(c));
    return {};
  },
});

export const experimentRoutes = [propose, list, get, approve, changeShare, stop, withdrawChange, promote, comparison, comparisonExport];
