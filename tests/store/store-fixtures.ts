/** Documents and records the store tests write: a real reference policy and plausible decisions. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PolicyDocument } from '../../engine/model/policy-schema.js';
import type { Decision } from '../../engine/model/decision-schema.js';
import type { AlertRecord, ApprovalRecord, DecisionRecord, DeliveryRecord } from '../../api/store/store.js';
import { canonicalHash } from '../../api/store/canonical-hash.js';

const base = JSON.parse(readFileSync(fileURLToPath(new URL('../../rulesets/b2b-standard.json', import.meta.url)), 'utf8')) as PolicyDocument;

export function policyDoc(id: string, description = 'test policy'): PolicyDocument {
  return { ...structuredClone(base), id, name: `Policy ${id}`, description };
}

export const hashOf = (doc: PolicyDocument) => canonicalHash(doc);

let counter = 0;

export function decision(overrides: Partial<DecisionRecord> = {}): DecisionRecord {
  counter++;
  const outcome: Decision['outcome'] = overrides.outcome ?? 'accept';
  const body: Decision = {
    outcome,
    approvalLevel: outcome === 'escalate' ? 'creditAnalyst' : null,
    score: 612.5,
    scoreScale: { min: 0, max: 1000 },
    riskClass: 'B',
    creditLimit: { gross: 25000, unsecured: 15000, insurerCover: 10000, guarantees: 0, boundBy: 'equity' },
    collectionScenario: null,
    reasons: [{ code: 'LOW_EQUITY', message: 'Equity ratio 0.12 is low', nodeId: 'scorecard' }],
    scorecard: [],
    variables: { equityRatio: 0.12, dso: 45 },
  };
  return {
    decisionId: `d-${String(counter).padStart(6, '0')}-${Math.random().toString(36).slice(2, 8)}`,
    requestId: null,
    requestHash: null,
    policyId: 'p-dec',
    version: 1,
    contentHash: 'a'.repeat(64),
    customerId: 'c-1',
    facts: { amount: 25000, country: 'FR', 'odd.key': true, $weird: null },
    decision: body,
    outcome,
    caller: 'erp',
    evaluatedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, counter % 60)).toISOString(),
    source: 'automatic',
    relatesTo: null,
    ...overrides,
  };
}

export function approvalRecord(id: string, openedAt: string, customerId: string): ApprovalRecord {
  return {
    id,
    decisionId: `dec-${id}`,
    policyId: 'p-dec',
    version: 1,
    contentHash: 'a'.repeat(64),
    customerId,
    requestedAmount: 45000,
    authorityAmount: 45000,
    computedLimit: 28000,
    riskClass: 'B',
    requiredLevel: 'creditManager',
    reasons: [{ code: 'ABOVE_LIMIT', message: 'Requested 45,000 is above the limit 28,000' }],
    requestedBy: 'erp',
    status: 'pending',
    openedAt,
    updatedAt: openedAt,
    dueAt: null,
    revision: 1,
    history: [{ at: openedAt, by: 'erp', action: 'opened', level: 'creditManager', amount: 45000, comment: null }],
    outcome: null,
  };
}

export function alertRecord(id: string, dedupeKey: string, raisedAt: string, customerId: string): AlertRecord {
  return { id, type: 'exposure.overLimit', dedupeKey, severity: 'critical', policyId: 'p-dec', customerId, approvalId: null, decisionId: null, raisedAt, message: 'over', details: { $weird: 1, 'a.b': 2 } };
}

export function deliveryRecord(id: string, subscriptionId: string, eventId: string, at: string): DeliveryRecord {
  return { id, subscriptionId, event: 'approval.opened', eventId, payload: { id: eventId }, status: 'pending', attempts: 0, nextAttemptAt: at, createdAt: at, deliveredAt: null, log: [] };
}
