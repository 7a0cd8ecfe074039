/**
 * A decision request with bad facts gets its 422 in the language of Accept-Language (English by
 * default): the problem's detail and every error, naming the same fields with the same codes.
 */
import { describe, expect, it } from 'vitest';
import { keyOf, useTestApp } from './support/test-app.js';

const erp = keyOf('erp');
const P = '/api/v1/policies/trade-credit';
const BAD = { facts: { requestedAmount: 'a lot', annualTurnover: -5, paymentIncidents: 'no', unknownFact: 1 } };

const t = useTestApp();

type Item = { pointer: string; detail: string; code: string };
const byPointer = (items: Item[]) => Object.fromEntries(items.map((e) => [e.pointer, e]));

describe('bad facts in the language asked for', () => {
  it('French for fr, English by default, the same pointers and codes', async () => {
    const fr = await t.call('POST', `${P}/decisions`, { key: erp, body: BAD, headers: { 'accept-language': 'fr-FR,fr;q=0.9' } });
    const en = await t.call('POST', `${P}/decisions`, { key: erp, body: BAD });
    expect(fr.status, fr.text).toBe(422);
    expect(fr.body.code).toBe('INVALID_FACTS');
    expect(fr.headers.get('content-language')).toBe('fr');
    expect(en.headers.get('content-language')).toBe('en');
    const f = byPointer(fr.body.errors);
    const e = byPointer(en.body.errors);
    expect(Object.keys(f).sort()).toEqual(Object.keys(e).sort());
    for (const p of Object.keys(e)) expect(f[p]!.code).toBe(e[p]!.code);

    expect(e['/facts/annualTurnover']!.detail).toBe('annualTurnover must be ≥ 0');
    expect(f['/facts/annualTurnover']!.detail).toBe('«\u00a0annualTurnover\u00a0» doit être ≥ 0');
    expect(e['/facts/paymentIncidents']!.detail).toBe('paymentIncidents must be a boolean');
    expect(f['/facts/paymentIncidents']!.detail).toMatch(/doit être un booléen/);
    expect(e['/facts/unknownFact']!.detail).toBe("unknown fact 'unknownFact'");
    expect(f['/facts/unknownFact']!.detail).toMatch(/^fait inconnu «\u00a0unknownFact\u00a0»$/);
    expect(fr.body.detail).toMatch(/^4 fait\(s\) ne correspondent pas aux entrées de la politique\u202f: /);
    expect(en.body.detail).toMatch(/^4 fact\(s\) do not match the policy's inputs: /);
  });
});
