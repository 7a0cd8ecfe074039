/**
 * Issue 19: the API checks a policy's dated reference figures against its own clock (the engine
 * has none): payment-plan's ECB rate, dated 1 July 2025, is current through 31 December 2025 and a
 * REFERENCE_OUT_OF_DATE warning from 1 January 2026, when a draft is validated, in the caller's
 * language; a warning, so the draft stays valid.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyOf, startTestApp, type TestApp } from './support/test-app.js';
import { RULESETS_DIR, referencePolicy } from '../support/reference-policies.js';

let t: TestApp;
let now = Date.parse('2025-12-31T22:00:00.000Z');
beforeAll(async () => {
  t = await startTestApp({ rulesets: RULESETS_DIR, app: { clock: { now: () => new Date(now) } } });
});
afterAll(() => t?.close());

const validate = (document: unknown, language = 'en') =>
  t.call('POST', '/api/v1/policies/payment-plan/draft/validate', { key: keyOf('ana'), body: { document }, headers: { 'accept-language': language } });
const outOfDate = (body: { diagnostics: { code: string }[] }) => body.diagnostics.filter((d) => d.code === 'REFERENCE_OUT_OF_DATE');

describe('the ECB rate of payment-plan, as of the server\'s date', () => {
  it('on 31 December 2025 the rate of the second half of 2025 is current', async () => {
    now = Date.parse('2025-12-31T22:00:00.000Z');
    const r = await validate(referencePolicy('payment-plan'));
    expect(r.status, r.text).toBe(200);
    expect(outOfDate(r.body)).toEqual([]);
    expect(r.body.valid).toBe(true);
  });

  it('from 1 January 2026 it is a warning naming the figure, its date and its source; the draft stays valid', async () => {
    now = Date.parse('2026-01-01T00:00:01.000Z');
    const r = await validate(referencePolicy('payment-plan'));
    expect(r.status, r.text).toBe(200);
    expect(r.body.valid).toBe(true);
    const [warning, ...more] = outOfDate(r.body);
    expect(more).toEqual([]);
    expect(warning).toMatchObject({ severity: 'warning', nodeId: 'plan', params: { name: 'ecbReferenceRate', asOf: '2025-07-01', since: '2026-01-01', review: 'halfYearly' } });
    expect((warning as unknown as { message: string }).message).toMatch(/^.*'ecbReferenceRate' dates from 2025-07-01, before the current half-year \(from 2026-01-01\): look it up again \(ECB/);
    const fr = await validate(referencePolicy('payment-plan'), 'fr');
    expect((outOfDate(fr.body)[0] as unknown as { message: string }).message).toContain('avant le semestre en cours (depuis le 2026-01-01)');
  });

  it('the credit manager updates value and date in one place: the warning goes', async () => {
    now = Date.parse('2026-03-02T09:00:00.000Z');
    const doc = referencePolicy('payment-plan');
    const plan = doc.nodes.find((n) => n.id === 'plan')!;
    if (plan.kind !== 'formula') throw new Error('plan is a formula');
    const rate = plan.config.variables.find((v) => v.name === 'ecbReferenceRate')!;
    rate.reference = { ...rate.reference!, asOf: '2026-01-01' };
    const r = await validate(doc);
    expect(r.status, r.text).toBe(200);
    expect(outOfDate(r.body)).toEqual([]);
  });
});
