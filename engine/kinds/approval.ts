/** Approval: accept, refuse, or escalate to the lowest delegation level whose authority covers the amount. */
import { KIND_LABELS } from './kind-labels.js';
import { emitApproval } from '../compile/emit-approval.js';
import { approvalShape } from '../diff/config-shapes.js';
import { PRODUCED_NAMES } from '../model/names.js';
import { ApprovalConfig, ApprovalNode } from '../model/policy-schema.js';
import { checkApproval } from '../validate/check-approval.js';
import type { NodeKindSpec } from './node-kind-spec.js';

export const approval: NodeKindSpec<'approval'> = {
  kind: 'approval',
  label: KIND_LABELS.approval,
  schema: ApprovalNode,
  configSchema: ApprovalConfig,
  once: true,
  required: false,
  produces: PRODUCED_NAMES.approval,
  outputTypes: (_node, ids) => [
    ['approvalOutcome', { type: 'string', values: ['accept', 'refuse', 'escalate'] }],
    ['approvalLevel', ids.levelIds ? { type: 'string', values: ids.levelIds } : { type: 'string' }],
    ['approvalAmount', { type: 'number' }],
    ['authorityAmount', { type: 'number' }],
  ],
  definitionOf: () => null,
  identifiedLists: (node) => [
    { list: 'levels', items: node.config.levels, what: 'level' },
    { list: 'rules', items: node.config.rules, what: 'rule' },
  ],
  conditions: (node) => node.config.rules.map((r) => r.when),
  reasons: (node) => [...node.config.rules.map((r, i) => ({ reason: r.reason, at: ['rules', i] })), { reason: node.config.default.reason, at: ['default'] }],
  namesInReasons: () => ['approvalAmount', 'authorityAmount'],
  check: (ctx, conditions, node, index) => checkApproval(ctx, conditions, node, index),
  emit: (ctx, node) => emitApproval(ctx, node),
  diff: approvalShape,
};
