/** Approval requests: an approver's inbox, one request (with its decision and the customer's history), deciding it. */
import { Type } from '@sinclair/typebox';
import { defineRoute } from '../http/route.js';
import { DecisionLogEntry, POLICY_ID_PATTERN } from '../schemas.js';
import { logEntry } from './common.js';
import { approvalInbox, decideApproval, readApproval, withMayDecide } from '../domain/approvals-alerts.js';

const TAG = 'Approvals';

/** Accept with conditions: the terms attached to an approval (null = no such condition). */
const Conditions = Type.Object(
  {
    paymentTermDays: Type.Union([Type.Integer({ minimum: 0, maximum: 365 }), Type.Null()], { description: 'Payment terms granted, in days at most (0 = no credit).' }),
    prepaymentShare: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description: 'Share of each order paid before delivery.' }),
    guaranteeRequired: Type.Union([Type.Boolean(), Type.Null()]),
    cashOnDelivery: Type.Union([Type.Boolean(), Type.Null()]),
  },
  { additionalProperties: false },
);

const Step = Type.Object({
  at: Type.String({ format: 'date-time' }),
  by: Type.String(),
  action: Type.Union([Type.Literal('opened'), Type.Literal('forwarded'), Type.Literal('approved'), Type.Literal('refused')]),
  level: Type.String(),
  amount: Type.Union([Type.Number(), Type.Null()]),
  comment: Type.Union([Type.String(), Type.Null()]),
});

export const Approval = Type.Object(
  {
    id: Type.String(),
    decisionId: Type.String({ description: 'The automatic escalate decision that opened the request.' }),
    policyId: Type.String(),
    version: Type.Integer(),
    contentHash: Type.String(),
    customerId: Type.Union([Type.String(), Type.Null()]),
    requestedAmount: Type.Union([Type.Number(), Type.Null()]),
    authorityAmount: Type.Union([Type.Number(), Type.Null()]),
    computedLimit: Type.Union([Type.Number(), Type.Null()]),
    riskClass: Type.Union([Type.String(), Type.Null()]),
    requiredLevel: Type.String({ description: 'The lowest delegation level that may decide (higher levels always may).' }),
    reasons: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
    requestedBy: Type.String({ description: 'Who asked for the decision: may not decide it.' }),
    status: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('refused')]),
    openedAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    dueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'openedAt + the policy\'s approval serviceHours.' }),
    revision: Type.Integer(),
    history: Type.Array(Step),
    outcome: Type.Union([
      Type.Object({
        action: Type.Union([Type.Literal('approve'), Type.Literal('refuse')]),
        amount: Type.Union([Type.Number(), Type.Null()]),
        counterProposal: Type.Boolean(),
        decidedBy: Type.String(),
        decidedAt: Type.String({ format: 'date-time' }),
        comment: Type.String(),
        manualDecisionId: Type.String({ description: 'The source: manual record in the decision log.' }),
        reviewDate: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When the approved limit must be reviewed (reviewMonths of the risk class).' }),
        conditions: Type.Optional(Type.Union([Conditions, Type.Null()], { description: 'approve: the conditions granted — the policy\'s, as the approver kept or changed them.' })),
      }),
      Type.Null(),
    ]),
    mayDecide: Type.Boolean({ description: 'Whether the caller may decide it now.' }),
  },
  { description: 'An approval request.' },
);

const list = defineRoute({
  method: 'get',
  path: '/approvals',
  operationId: 'listApprovals',
  summary: 'Approval requests, oldest first: for an approver, only those their delegation level lets them decide (the inbox)',
  description:
    'Callers who may decide (approvers) see the requests their level covers and they did not ask for themselves; auditors and the system client see all. `status` defaults to pending.',
  tag: TAG,
  access: 'approvals:read',
  query: Type.Object({
    status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('refused')], { default: 'pending' })),
    level: Type.Optional(Type.String({ maxLength: 64, description: 'Only requests at this required level.' })),
    policyId: Type.Optional(Type.String({ pattern: POLICY_ID_PATTERN })),
    customerId: Type.Optional(Type.String({ maxLength: 200 })),
  }),
  responses: { 200: { description: 'The requests.', schema: Type.Object({ items: Type.Array(Approval) }) } },
  handler: async ({ query, caller, services }) => ({ body: { items: await approvalInbox(services, caller, query) } }),
});

const get = defineRoute({
  method: 'get',
  path: '/approvals/:approvalId',
  operationId: 'getApproval',
  summary: 'One approval request, with the decision that opened it, the levels it may go to and the customer\'s history',
  tag: TAG,
  access: 'approvals:read',
  params: Type.Object({ approvalId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}$' }) }),
  responses: {
    200: {
      description: 'The request.',
      schema: Type.Object({
        approval: Approval,
        decision: Type.Union([Type.Ref(DecisionLogEntry), Type.Null()], { description: 'The automatic decision (decision-log entry): facts, score, reasons.' }),
        levels: Type.Array(Type.Object({ id: Type.String(), label: Type.Optional(Type.Union([Type.String(), Type.Object({ en: Type.Optional(Type.String()), fr: Type.Optional(Type.String()) })], { description: 'A label, or one per language.' })), maxAmount: Type.Union([Type.Number(), Type.Null()]) }), {
          description: 'The policy version\'s delegation levels, lowest first (forward targets are those above requiredLevel).',
        }),
        history: Type.Array(Type.Ref(DecisionLogEntry), { description: 'The customer\'s earlier decisions under this policy, newest first (at most 20).' }),
      }),
    },
    403: { description: 'Your roles do not grant approvals:read; or a system key: a request\'s facts and decisions are shown to those who may read the decision log or decide requests.' },
    404: { description: 'No such request.' },
  },
  handler: async ({ params, caller, services }) => ({ body: await readApproval(services, caller, params.approvalId) }),
});

const decide = defineRoute({
  method: 'post',
  path: '/approvals/:approvalId/decision',
  operationId: 'decideApproval',
  summary: 'Approve (optionally a lower amount: a counter-proposal), refuse, or forward to a higher level; a comment is required',
  description:
    'Needs a delegation level at or above the request\'s required level, and not being the one who asked. approve/refuse append a `source: manual` record to the decision log that relatesTo the automatic decision, and send the approval.decided webhook.',
  tag: TAG,
  access: 'approvals:decide',
  params: Type.Object({ approvalId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}$' }) }),
  body: Type.Object(
    {
      action: Type.Union([Type.Literal('approve'), Type.Literal('refuse'), Type.Literal('forward')]),
      comment: Type.String({ minLength: 1, maxLength: 2000, description: 'Why: required.' }),
      amount: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'approve: the amount granted (default the requested amount); lower is a counter-proposal.' })),
      level: Type.Optional(Type.String({ maxLength: 64, description: 'forward: the higher delegation level that must decide.' })),
      conditions: Type.Optional(
        Type.Partial(Conditions, { description: 'approve: change the conditions the policy attached (payment terms, prepayment share, guarantee, cash on delivery); the others are kept. null removes one.', additionalProperties: false }),
      ),
    },
    { additionalProperties: false },
  ),
  responses: {
    200: { description: 'The request after the decision, and the manual decision-log record (null for forward).', schema: Type.Object({ approval: Approval, manualDecision: Type.Union([Type.Ref(DecisionLogEntry), Type.Null()]) }) },
    403: { description: 'Not an approver, a delegation level too low (DELEGATION_LEVEL), or your own request (FOUR_EYES).' },
    404: { description: 'No such request.' },
    409: { description: 'Already decided, or changed by someone else meanwhile (APPROVAL_CLOSED).' },
    422: { description: 'Missing comment, amount above the request, forward level not higher, conditions on a refusal or a forward.' },
  },
  handler: async ({ params, body, caller, services }) => {
    const { approval, manualDecision } = await decideApproval(services, caller, params.approvalId, body);
    return { body: { approval: await withMayDecide(services, caller, approval), manualDecision: manualDecision ? logEntry(manualDecision) : null } };
  },
});

export const approvalRoutes = [list, get, decide];
