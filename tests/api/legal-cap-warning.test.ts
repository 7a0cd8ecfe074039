/**
 * Issue 19: payment terms above the legal cap (Code de commerce L441-10: 60 days, or 45 days end of
 * month) that the policy flags as a warning reach the caller in the decision's `warnings`, in the
 * language asked for, in the decision log and in a draft's test run; terms within the cap carry none.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyOf, startTestApp, type TestApp } from './support/test-app.js';
import { B2B_WORKED_EXAMPLE, RULESETS_DIR } from '../support/reference-policies.js';
import { Decision } from '../../engine/model/decision-schema.js';
import { Value } from '@sinclair/typebox/value';

const erp = keyOf('erp');
const P = '/api/v1/policies/b2b-standard/decisions';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ rulesets: path.resolve(RULESETS_DIR) });
});
afterAll(() => t?.close());

const ask = (facts: Record<string, unknown>, headers: Record<string, string> = {}) => t.call('POST', P, { key: erp, body: { facts }, headers });

describe('the legal-cap warning in the decision response', () => {
  it('90-day terms: accepted on 60 days (the condition) with a legal_cap warning naming the field, the value and the cap', async () => {
    const r = await ask({ ...B2B_WORKED_EXAMPLE, paymentTermDays: 90 });
    expect(r.status, r.text).toBe(201);
    expect(r.body.conditions.paymentTermDays).toBe(60);
    expect(r.body.warnings).toEqual([
      {
        code: 'legal_cap',
        field: 'paymentTermDays',
        pointer: '/paymentTermDays',
        message: 'paymentTermDays: 90 days exceed the legal cap of 60 days (Code de commerce L441-10)',
        messages: {
          en: 'paymentTermDays: 90 days exceed the legal cap of 60 days (Code de commerce L441-10)',
          fr: '«\u00a0paymentTermDays\u00a0»\u202f: 90 jours dépassent le plafond légal de 60 jours (Code de commerce, art. L441-10)',
        },
        params: { value: 90, cap: 60, endOfMonth: false },
      },
    ]);
    // the response (minus the envelope) is a decision as the schema documents it
    const { decisionId: _d, policyId: _p, version: _v, contentHash: _h, evaluatedAt: _e, requestId: _r, customerId: _c, ...decision } = r.body;
    expect(Value.Check(Decision, decision)).toBe(true);
    // the decision log keeps what was answered
    const logged = await t.call('GET', `/api/v1/decisions/${r.body.decisionId}`, { key: keyOf('aude') });
    expect(logged.status, logged.text).toBe(200);
    expect(logged.body.decision.warnings).toEqual(r.body.warnings);
  });

  it('end-of-month terms: 50 days exceed the 45-day cap; the message is in the language asked for', async () => {
    const r = await ask({ ...B2B_WORKED_EXAMPLE, paymentTermDays: 50, endOfMonthTerms: true }, { 'accept-language': 'fr' });
    expect(r.status, r.text).toBe(201);
    expect(r.body.warnings).toHaveLength(1);
    expect(r.body.warnings[0]).toMatchObject({ code: 'legal_cap', params: { value: 50, cap: 45, endOfMonth: true } });
    expect(r.body.warnings[0].message).toBe(r.body.warnings[0].messages.fr);
    expect(r.body.warnings[0].message).toContain('45 jours fin de mois');
  });

  it('terms at the cap, or not given, carry no warnings field', async () => {
    for (const facts of [{ ...B2B_WORKED_EXAMPLE, paymentTermDays: 60 }, { ...B2B_WORKED_EXAMPLE, paymentTermDays: 45, endOfMonthTerms: true }, B2B_WORKED_EXAMPLE]) {
      const r = await ask(facts);
      expect(r.status, r.text).toBe(201);
      expect(r.body).not.toHaveProperty('warnings');
    }
  });

  it('the OpenAPI document describes the warnings', async () => {
    const doc = (await t.call('GET', '/openapi.json')).body;
    expect(JSON.stringify(doc)).toContain('legal_cap');
  });
});
