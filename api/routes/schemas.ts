/** The engine's JSON Schemas, served for editors, CI scripts and callers generating clients. */
import { Type } from '@sinclair/typebox';
import { Decision, PolicyDocument } from '../../engine/index.js';
import { defineRoute } from '../http/route.js';

const TAG = 'Schemas';
// JSON.stringify drops TypeBox's symbol keys: what is served is plain JSON Schema 2020-12.
const policyJson = JSON.parse(JSON.stringify(PolicyDocument)) as unknown;
const decisionJson = JSON.parse(JSON.stringify(Decision)) as unknown;

const policySchema = defineRoute({
  method: 'get',
  path: '/schemas/policy.json',
  operationId: 'getPolicySchema',
  summary: 'JSON Schema (2020-12) of a policy document',
  tag: TAG,
  access: 'authenticated',
  responses: { 200: { description: 'The schema.', schema: Type.Object({}, { additionalProperties: true }) } },
  handler: () => ({ headers: { 'Cache-Control': 'public, max-age=300' }, body: policyJson as Record<string, unknown> }),
});

const decisionSchema = defineRoute({
  method: 'get',
  path: '/schemas/decision.json',
  operationId: 'getDecisionSchema',
  summary: 'JSON Schema (2020-12) of a decision',
  tag: TAG,
  access: 'authenticated',
  responses: { 200: { description: 'The schema.', schema: Type.Object({}, { additionalProperties: true }) } },
  handler: () => ({ headers: { 'Cache-Control': 'public, max-age=300' }, body: decisionJson as Record<string, unknown> }),
});

export const schemaRoutes = [policySchema, decisionSchema];
