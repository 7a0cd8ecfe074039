/** Alert texts come in the language of Accept-Language (English by default), numbers and dates per locale. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../api/support/test-app.js';
import { AUDITOR, FACTS, escalate, startWorkflowApp, type FakeClock } from './workflow-app.js';

let t: TestApp;
let clock: FakeClock;
beforeAll(async () => ({ t, clock } = await startWorkflowApp()));
afterAll(() => t?.close());

const NNBSP = '\u202f';
const ACCEPT = { ...FACTS, requestedAmount: 20000 }; // class B, limit 28,000
const alerts = (q: string, lang?: string) =>
  t.call('GET', `/api/v1/alerts${q}`, { key: AUDITOR, headers: lang ? { 'accept-language': lang } : {} });

describe('alert texts in English and French', () => {
  it('exposure above the limit: the same alert worded per language', async () => {
    await escalate(t, { customerId: 'LANG-OVER', facts: ACCEPT, exposure: 31000 });
    const fr = await alerts('?customerId=LANG-OVER', 'fr-FR,fr;q=0.9');
    const en = await alerts('?customerId=LANG-OVER');
    expect(fr.headers.get('content-language')).toBe('fr');
    expect(en.headers.get('content-language')).toBe('en');
    expect(en.body.items[0].message).toBe('Exposure 31,000 is above the granted limit 28,000 (overrun 3,000).');
    expect(fr.body.items[0].message).toBe(`L’encours de 31${NNBSP}000 dépasse la limite accordée de 28${NNBSP}000 (dépassement de 3${NNBSP}000).`);
    expect(fr.body.items[0].details).toEqual(en.body.items[0].details);
  });

  it('a worse decision and an overdue request, in French', async () => {
    await escalate(t, { customerId: 'LANG-DOWN', facts: ACCEPT });
    await escalate(t, { customerId: 'LANG-DOWN', facts: { ...ACCEPT, paymentIncidents12m: 3 } });
    const worse = await alerts('?customerId=LANG-DOWN', 'fr');
    expect(worse.body.items[0].message).toBe('La classe de risque passe de B à D.');

    await escalate(t, { customerId: 'LANG-SLOW' });
    clock.advanceHours(50);
    await t.services.workflow.sweep();
    const fr = (await alerts('?customerId=LANG-SLOW&type=approval.overdue', 'fr')).body.items[0].message;
    const en = (await alerts('?customerId=LANG-SLOW&type=approval.overdue', 'en')).body.items[0].message;
    expect(fr).toMatch(new RegExp(`^La demande d’approbation \\S+ attend depuis 50${NNBSP}h au niveau \\w+, au-delà de son délai \\(échéance le \\d+ \\p{L}+ \\d{4} à \\d\\d:\\d\\d UTC\\)\\.$`, 'u'));
    expect(en).toMatch(/^Approval request \S+ has waited 50 h at level \w+, past its service time \(due \d+ [A-Z][a-z]+ \d{4} at \d\d:\d\d UTC\)\.$/);
  });
});
