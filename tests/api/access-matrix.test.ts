/**
 * The role matrix, route by route: every route of API_ROUTES is called with a key of every role
 * (and with none). A role the matrix denies gets 403 FORBIDDEN; a role it grants never does.
 * A route without a sample request here fails the test, so new routes cannot skip the matrix.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../api/app.js';
import { allows, ROLES } from '../../api/auth/permissions.js';
import type { Role } from '../../api/store/store.js';
import { FIXTURES, ROLE_KEY, useTestApp } from './support/test-app.js';

const fixture = JSON.parse(readFileSync(path.join(FIXTURES, 'trade-credit.json'), 'utf8'));
const FACTS = { requestedAmount: 1000, annualTurnover: 2_000_000, yearsInBusiness: 12, paymentIncidents: false };

const t = useTestApp();
let decisionId = '';
let n = 0;

/** One request per route (by operationId), with a body that lets an allowed caller get past auth. */
const SAMPLES: Record<string, (role: Role) => { method: string; path: string; body?: unknown; headers?: Record<string, string> }> = {
  listPolicies: () => ({ method: 'GET', path: '/policies' }),
  createPolicy: (role) => ({ method: 'POST', path: '/policies', body: { document: { ...fixture, id: `matrix-${role}-${++n}` } } }),
  getPolicy: () => ({ method: 'GET', path: '/policies/trade-credit' }),
  activateVersion: () => ({ method: 'POST', path: '/policies/trade-credit/activate', body: { version: 1, comment: 'matrix' } }),
  diffPolicy: () => ({ method: 'GET', path: '/policies/trade-credit/diff?from=1&to=draft' }),
  getDraft: () => ({ method: 'GET', path: '/policies/trade-credit/draft' }),
  saveDraft: () => ({ method: 'PUT', path: '/policies/trade-credit/draft', body: { document: fixture }, headers: { 'if-match': '"not-the-etag"' } }),
  validateDraft: () => ({ method: 'POST', path: '/policies/trade-credit/draft/validate' }),
  evaluateDraft: () => ({ method: 'POST', path: '/policies/trade-credit/draft/evaluate', body: { facts: FACTS } }),
  submitDraft: () => ({ method: 'POST', path: '/policies/trade-credit/draft/submit', body: { comment: 'matrix' } }),
  approveDraft: () => ({ method: 'POST', path: '/policies/trade-credit/draft/approve', body: { comment: 'matrix' } }),
  rejectDraft: () => ({ method: 'POST', path: '/policies/trade-credit/draft/reject', body: { comment: 'matrix' } }),
  listVersions: () => ({ method: 'GET', path: '/policies/trade-credit/versions' }),
  getVersion: () => ({ method: 'GET', path: '/policies/trade-credit/versions/1' }),
  getActiveVersion: () => ({ method: 'GET', path: '/policies/trade-credit/versions/active' }),
  decide: () => ({ method: 'POST', path: '/policies/trade-credit/decisions', body: { facts: FACTS } }),
  decideBatch: () => ({ method: 'POST', path: '/policies/trade-credit/decisions/batch', body: { items: [{ facts: FACTS }] } }),
  listDecisions: () => ({ method: 'GET', path: '/decisions?policyId=trade-credit' }),
  getDecision: () => ({ method: 'GET', path: `/decisions/${decisionId}` }),
  replayDecision: () => ({ method: 'POST', path: `/decisions/${decisionId}/replay`, body: {} }),
  listAudit: () => ({ method: 'GET', path: '/audit' }),
  verifyAudit: () => ({ method: 'GET', path: '/audit/verify' }),
  verifyIntegrity: () => ({ method: 'GET', path: '/integrity' }),
  auditPublicKey: () => ({ method: 'GET', path: '/audit/public-key' }),
  auditCheckpoint: () => ({ method: 'GET', path: '/audit/checkpoint' }),
  exportAudit: () => ({ method: 'GET', path: '/audit/export' }),
  exportDecisions: () => ({ method: 'GET', path: '/exports/decisions?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z' }),
  exportVersion: () => ({ method: 'GET', path: '/policies/trade-credit/versions/1/export' }),
  getVersionHistory: () => ({ method: 'GET', path: '/policies/trade-credit/versions/1/history' }),
  listAccessLog: () => ({ method: 'GET', path: '/access-log' }),
  eraseCustomer: () => ({ method: 'POST', path: '/erasures', body: { customerId: 'NOBODY', comment: 'matrix' } }),
  getMonitoring: () => ({ method: 'GET', path: '/policies/trade-credit/monitoring' }),
  getMonitoringSettings: () => ({ method: 'GET', path: '/policies/trade-credit/monitoring/settings' }),
  saveMonitoringSettings: () => ({ method: 'PUT', path: '/policies/trade-credit/monitoring/settings', body: { psiWarn: 0.1, psiAlert: 0.25, comment: 'matrix' } }),
  runMonitoringPass: () => ({ method: 'POST', path: '/monitoring/run' }),
  reportOutcomes: () => ({ method: 'POST', path: '/outcomes', body: { items: [{ customerId: 'NOBODY', event: 'paidOnTime', date: '2026-01-02' }] } }),
  applyRetention: () => ({ method: 'POST', path: '/retention/run' }),
  getMe: () => ({ method: 'GET', path: '/me' }),
  listUsers: () => ({ method: 'GET', path: '/users' }),
  createUser: (role) => ({ method: 'POST', path: '/users', body: { id: `matrix-${role}-${++n}`, name: 'Matrix', roles: ['viewer'] } }),
  createKey: () => ({ method: 'POST', path: '/users/vic/keys' }),
  listUserKeys: () => ({ method: 'GET', path: '/users/vic/keys' }),
  revokeKey: () => ({ method: 'DELETE', path: '/keys/key_does_not_exist' }),
  getPolicySchema: () => ({ method: 'GET', path: '/schemas/policy.json' }),
  getDecisionSchema: () => ({ method: 'GET', path: '/schemas/decision.json' }),
  // Approval workflow (issue 8): unknown ids are fine here, only the permission check is tested.
  listApprovals: () => ({ method: 'GET', path: '/approvals' }),
  getApproval: () => ({ method: 'GET', path: '/approvals/apr_matrix' }),
  decideApproval: () => ({ method: 'POST', path: '/approvals/apr_matrix/decision', body: { action: 'refuse', comment: 'matrix' } }),
  listAlerts: () => ({ method: 'GET', path: '/alerts' }),
  getRiskReport: () => ({ method: 'GET', path: '/reports/risk' }),
  listWebhooks: () => ({ method: 'GET', path: '/webhooks' }),
  createWebhook: () => ({ method: 'POST', path: '/webhooks', body: { url: 'https://hooks.example.com/matrix', events: ['alert.raised'] } }),
  deleteWebhook: () => ({ method: 'DELETE', path: '/webhooks/whk_matrix' }),
  listWebhookDeliveries: () => ({ method: 'GET', path: '/webhooks/whk_matrix/deliveries' }),
  createCustomer: (role) => ({ method: 'POST', path: '/customers', body: { customerId: `matrix-${role}-${++n}`, identity: { name: 'Matrix', currency: 'EUR' } } }),
  listCustomers: () => ({ method: 'GET', path: '/customers' }),
  getCustomer: () => ({ method: 'GET', path: '/customers/NOBODY' }),
  replaceCustomer: () => ({ method: 'PUT', path: '/customers/NOBODY', body: { identity: { name: 'Matrix', currency: 'EUR' } }, headers: { 'if-match': '"x"' } }),
  patchCustomer: () => ({ method: 'PATCH', path: '/customers/NOBODY', body: {}, headers: { 'if-match': '"x"' } }),
  recordCustomerFacts: () => ({ method: 'POST', path: '/customers/NOBODY/facts', body: { facts: [{ input: 'x', value: 1, source: 'erp', asOf: '2026-01-01' }] } }),
  setCustomerCover: () => ({ method: 'PUT', path: '/customers/NOBODY/cover', body: { cover: null }, headers: { 'if-match': '"x"' } }),
  setCustomerFlags: () => ({ method: 'PUT', path: '/customers/NOBODY/flags', body: { flags: {} }, headers: { 'if-match': '"x"' } }),
  feedOpenItems: () => ({ method: 'POST', path: '/open-items', body: { items: [{ id: 'I-1', customerId: 'NOBODY', kind: 'invoice', amount: 1, currency: 'EUR', issueDate: '2026-01-01', dueDate: '2026-01-31', status: 'open' }] } }),
  listCustomerOpenItems: () => ({ method: 'GET', path: '/customers/NOBODY/open-items' }),
  getCustomerExposure: () => ({ method: 'GET', path: '/customers/NOBODY/exposure' }),
  getCustomerGroup: () => ({ method: 'GET', path: '/customers/NOBODY/group' }),
  listCustomerDecisions: () => ({ method: 'GET', path: '/customers/NOBODY/decisions' }),
  // Review campaigns (issue 24): a run with an unknown policy is refused before anything runs.
  listCampaigns: () => ({ method: 'GET', path: '/campaigns' }),
  getCampaign: () => ({ method: 'GET', path: '/campaigns/cmp_matrix' }),
  startCampaign: () => ({ method: 'POST', path: '/campaigns', body: { policyId: 'no-such-policy' } }),
  // Impact simulations (issue 5): an empty replay window of version 1 against itself.
  startSimulation: () => ({ method: 'POST', path: '/policies/trade-credit/simulations?from=1&to=1', body: { source: 'decisions', from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z' } }),
  listSimulations: () => ({ method: 'GET', path: '/policies/trade-credit/simulations' }),
  getSimulation: () => ({ method: 'GET', path: '/policies/trade-credit/simulations/sim_matrix' }),
  getSimulationCsv: () => ({ method: 'GET', path: '/policies/trade-credit/simulations/sim_matrix/result.csv' }),
  getSimulationCustomer: () => ({ method: 'GET', path: '/policies/trade-credit/simulations/sim_matrix/customers/1' }),
  // Policy documents (issue 21): workbooks and the committee document; a non-workbook body is a clear problem.
  getVersionWorkbook: () => ({ method: 'GET', path: '/policies/trade-credit/versions/1/workbook.xlsx' }),
  getDraftWorkbook: () => ({ method: 'GET', path: '/policies/trade-credit/draft/workbook.xlsx' }),
  previewDraftWorkbook: () => ({ method: 'POST', path: '/policies/trade-credit/draft/workbook/preview', body: 'not a workbook' }),
  importDraftWorkbook: () => ({ method: 'POST', path: '/policies/trade-credit/draft/workbook', body: 'not a workbook', headers: { 'if-match': '"not-the-etag"' } }),
  getVersionDocumentHtml: () => ({ method: 'GET', path: '/policies/trade-credit/versions/1/document.html' }),
  getVersionDocumentPdf: () => ({ method: 'GET', path: '/policies/trade-credit/versions/1/document.pdf?lang=fr' }),
  // Champion/challenger (issue 22): the champion as its own challenger is refused after the permission check.
  proposeExperiment: () => ({ method: 'POST', path: '/policies/trade-credit/experiments', body: { challengerVersion: 1, share: 20, comment: 'matrix' } }),
  listExperiments: () => ({ method: 'GET', path: '/policies/trade-credit/experiments' }),
  getExperiment: () => ({ method: 'GET', path: '/experiments/exp_matrix' }),
  approveExperiment: () => ({ method: 'POST', path: '/experiments/exp_matrix/approve', body: { comment: 'matrix' } }),
  proposeExperimentShare: () => ({ method: 'POST', path: '/experiments/exp_matrix/share', body: { share: 10, comment: 'matrix' } }),
  stopExperiment: () => ({ method: 'POST', path: '/experiments/exp_matrix/stop', body: { comment: 'matrix' } }),
  withdrawExperimentChange: () => ({ method: 'POST', path: '/experiments/exp_matrix/withdraw-change', body: { comment: 'matrix' } }),
  promoteChallenger: () => ({ method: 'POST', path: '/experiments/exp_matrix/promote', body: { comment: 'matrix' } }),
  compareExperiment: () => ({ method: 'GET', path: '/experiments/exp_matrix/comparison' }),
  exportExperimentComparison: () => ({ method: 'GET', path: '/experiments/exp_matrix/comparison.csv' }),
};

beforeAll(async () => {
  const r = await t.call('POST', '/api/v1/policies/trade-credit/decisions', { key: ROLE_KEY.system, body: { facts: FACTS } });
  expect(r.status).toBe(201);
  decisionId = r.body.decisionId;
});

describe('route × role matrix', () => {
  it('has a sample request for every route', () => {
    expect(API_ROUTES.map((r) => r.operationId).filter((id) => !SAMPLES[id])).toEqual([]);
  });

  for (const route of API_ROUTES) {
    describe(`${route.method.toUpperCase()} /api/v1${route.path} (${route.access})`, () => {
      it('refuses a request without a key (401)', async () => {
        const s = SAMPLES[route.operationId]!('viewer');
        const r = await t.call(s.method, `/api/v1${s.path}`, { body: s.body, headers: s.headers });
        expect(r.status).toBe(401);
        expect(r.body.code).toBe('UNAUTHENTICATED');
      });

      for (const role of ROLES) {
        const granted = allows([role], route.access);
        it(`${role}: ${granted ? 'allowed' : 'forbidden (403)'}`, async () => {
          const s = SAMPLES[route.operationId]!(role);
          const r = await t.call(s.method, `/api/v1${s.path}`, { key: ROLE_KEY[role], body: s.body, headers: s.headers });
          if (granted) {
            expect(r.status, r.text).not.toBe(401);
            expect(r.body?.code, r.text).not.toBe('FORBIDDEN');
            expect(r.status, r.text).toBeLessThan(500);
          } else {
            expect(r.status, r.text).toBe(403);
            expect(r.body.code).toBe('FORBIDDEN');
          }
        });
      }
    });
  }
});

describe('keys', () => {
  it('refuses unknown, malformed and non-Bearer credentials', async () => {
    for (const authorization of ['Bearer cg_not_a_key_at_all_000000', 'Bearer nope', 'Basic YWRtaW46YWRtaW4=', `Token ${ROLE_KEY.viewer}`, 'Bearer']) {
      const r = await t.call('GET', '/api/v1/me', { headers: { authorization } });
      expect(r.status, authorization).toBe(401);
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  });

  it('a revoked key fails at once, and the secret appears only in the creation response', async () => {
    const created = await t.call('POST', '/api/v1/users/vic/keys', { key: ROLE_KEY.admin });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect(key).toMatch(/^cg_[A-Za-z0-9_-]{40,}$/);
    expect((await t.call('GET', '/api/v1/me', { key })).body.id).toBe('vic');

    const users = await t.call('GET', '/api/v1/users', { key: ROLE_KEY.admin });
    expect(users.text).not.toContain(key);
    expect(users.text).not.toContain('keyHash');

    const revoked = await t.call('DELETE', `/api/v1/keys/${created.body.id}`, { key: ROLE_KEY.admin });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toBeTruthy();
    expect(revoked.text).not.toContain(key);
    expect((await t.call('GET', '/api/v1/me', { key })).status).toBe(401);
  });

  it('the author cannot approve their own draft, even with the approver role too', async () => {
    const sam = 'cg_test_author_approver_00000';
    const draft = await t.call('GET', '/api/v1/policies/trade-credit/draft', { key: sam });
    if (draft.body.status === 'submitted') await t.call('POST', '/api/v1/policies/trade-credit/draft/reject', { key: ROLE_KEY.approver, body: { comment: 'reset' } });
    const etag = (await t.call('GET', '/api/v1/policies/trade-credit/draft', { key: sam })).headers.get('etag')!;
    const saved = await t.call('PUT', '/api/v1/policies/trade-credit/draft', { key: sam, body: { document: fixture }, headers: { 'if-match': etag } });
    expect(saved.status).toBe(200);
    expect((await t.call('POST', '/api/v1/policies/trade-credit/draft/submit', { key: sam, body: { comment: 'mine' } })).status).toBe(200);
    const own = await t.call('POST', '/api/v1/policies/trade-credit/draft/approve', { key: sam, body: { comment: 'approving my own' } });
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('FOUR_EYES');
  });
});
