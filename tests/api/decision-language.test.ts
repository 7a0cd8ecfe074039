/** Decisions answer in the language asked for with Accept-Language (issue #18); default the policy's. */
import { describe, expect, it } from 'vitest';
import { keyOf, startTestApp, useTestApp } from './support/test-app.js';
import path from 'node:path';
import { B2B_FACTS, ROOT } from '../reliability/support/server-process.js';

const erp = keyOf('erp');
const P = '/api/v1/policies/trade-credit';
const GOOD = { requestedAmount: 50000, annualTurnover: 2_000_000, yearsInBusiness: 12, paymentIncidents: false };

const t = useTestApp();

const within = (body: { reasons: { code: string; message: string; params?: Record<string, unknown> }[] }) => body.reasons.find((r) => r.code === 'WITHIN_LIMIT')!;

describe('POST /policies/{id}/decisions with Accept-Language', () => {
  it('formats the reason texts in French for fr, with the same parameters', async () => {
    const fr = await t.call('POST', `${P}/decisions`, { key: erp, body: { facts: GOOD }, headers: { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' } });
    expect(fr.status, fr.text).toBe(201);
    expect(within(fr.body).message).toBe('Requested 50\u202f000 is within the limit 200\u202f000');
    expect(within(fr.body).params).toEqual({ requestedAmount: 50000, creditLimit: 200000 });
  });

  it("uses the policy's language without the header, and for a language it does not have", async () => {
    for (const headers of [{}, { 'accept-language': 'de-DE' }] as Record<string, string>[]) {
      const r = await t.call('POST', `${P}/decisions`, { key: erp, body: { facts: GOOD }, headers });
      expect(r.status).toBe(201);
      expect(within(r.body).message).toBe('Requested 50,000 is within the limit 200,000');
      expect(within(r.body).params).toEqual({ requestedAmount: 50000, creditLimit: 200000 });
    }
  });

  it('reads the dunning steps in the language asked for, as plain text', async () => {
    const reference = await startTestApp({ rulesets: path.join(ROOT, 'rulesets') }); // b2b-standard's steps are labelled in both languages
    const ask = (lang: string) => reference.call('POST', '/api/v1/policies/b2b-standard/decisions', { key: erp, body: { facts: B2B_FACTS }, headers: { 'accept-language': lang } });
    const [fr, en] = await (async () => {
      try {
        return [await ask('fr'), await ask('en')];
      } finally {
        await reference.close();
      }
    })();
    expect(fr.status, fr.text).toBe(201);
    const labels = (r: typeof fr) => (r.body.collectionScenario.steps as { label?: unknown }[]).map((s) => s.label);
    expect(labels(fr).length).toBeGreaterThan(0);
    for (const label of [...labels(fr), ...labels(en)]) expect(typeof label).toBe('string');
    expect(labels(fr)).toContain('Rappel avant échéance');
    expect(labels(en)).toContain('Pre-due reminder');
  });

  it('answers a batch in the language asked for', async () => {
    const r = await t.call('POST', `${P}/decisions/batch`, { key: erp, body: { items: [{ facts: GOOD }] }, headers: { 'accept-language': 'fr' } });
    expect(r.status, r.text).toBe(200);
    expect(within(r.body.items[0].decision).message).toBe('Requested 50\u202f000 is within the limit 200\u202f000');
  });
});
