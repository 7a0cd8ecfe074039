/**
 * Multilingual policies (issue #18): texts as a string or {en, fr}; decisions in the language
 * asked for (default the policy's), with reason codes and parameters; the engine's own reasons and
 * number formats from its FR/EN catalog.
 */
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../engine/compile/compile-policy.js';
import { languageFromHeader, localizedText, withLocalizedText } from '../../engine/i18n/localized-text.js';
import { VALUE_FORMATTERS } from '../../engine/i18n/engine-messages.js';
import { runGoldenTests } from '../../engine/golden/run-golden-tests.js';
import { validatePolicy } from '../../engine/validate/validate-policy.js';
import type { Doc } from './fixtures/broken-policies.js';

function bilingual(language?: 'en' | 'fr'): Doc {
  return {
    schemaVersion: 1, id: 'bilingual', name: 'Bilingual', currency: 'EUR', ...(language ? { language } : {}),
    inputs: [
      { name: 'amount', label: { en: 'Requested amount', fr: 'Montant demandé' }, type: 'number', min: 0, required: true },
      { name: 'years', type: 'number', required: false },
    ],
    nodes: [
      { id: 'sc', kind: 'scorecard', label: { en: 'Scoring', fr: 'Notation' }, config: {
        scale: { min: 0, max: 100 }, missingRule: 'points', explainTop: 1,
        criteria: [{ id: 'years', label: { en: 'Years in business', fr: 'Ancienneté' }, variable: 'years', weight: 100, missingPoints: 0,
          bands: [{ max: 3, points: 20 }, { min: 3, points: 100 }] }],
      } },
      { id: 'rc', kind: 'riskClass', config: { score: 'score', classes: [{ id: 'A', label: { en: 'Low risk', fr: 'Risque faible' }, minScore: 50 }, { id: 'B', minScore: 0 }] } },
      { id: 'ap', kind: 'approval', config: {
        amount: 'amount',
        levels: [{ id: 'manager', label: { fr: 'Responsable crédit' }, maxAmount: 100000 }],
        rules: [{ id: 'small', when: { all: [{ fact: 'amount', operator: 'lessThan', value: 60000 }] }, outcome: 'accept',
          reason: { code: 'SMALL', message: { en: 'Requested {amount} is small', fr: 'La demande de {amount} est faible' } } }],
        default: { outcome: 'escalate', reason: { code: 'LARGE', message: 'Large request: {amount}' } },
      } },
      { id: 'col', kind: 'collection', config: { scenarios: [{ id: 'std', label: { en: 'Standard', fr: 'Standard FR' }, steps: [{ day: 5, action: 'email' }] }], byClass: { A: 'std', B: 'std' } } },
      { id: 'd', kind: 'decision', config: {} },
    ],
    edges: [{ source: 'sc', target: 'rc' }, { source: 'rc', target: 'ap' }, { source: 'rc', target: 'col' }, { source: 'ap', target: 'd' }, { source: 'col', target: 'd' }],
    tests: [{ id: 't', name: { en: 'Small request', fr: 'Petite demande' }, facts: { amount: 50000, years: 5 }, expect: { outcome: 'accept' } }],
  };
}

describe('localizedText and withLocalizedText', () => {
  it('picks the language, then the policy language, then any; a plain string is every language', () => {
    expect(localizedText({ en: 'Low', fr: 'Faible' }, 'fr')).toBe('Faible');
    expect(localizedText({ fr: 'Faible' }, 'en')).toBe('Faible');
    expect(localizedText({ en: 'Low', fr: 'Faible' }, 'en', 'fr')).toBe('Low');
    expect(localizedText('Low', 'fr')).toBe('Low');
    expect(localizedText(undefined, 'fr')).toBe('');
  });

  it('writes one language without losing the other', () => {
    expect(withLocalizedText({ en: 'Low', fr: 'Faible' }, 'fr', 'Bas')).toEqual({ en: 'Low', fr: 'Bas' });
    expect(withLocalizedText('Low', 'en', 'Lower')).toBe('Lower');
    expect(withLocalizedText('Low', 'fr', 'Faible')).toEqual({ en: 'Low', fr: 'Faible' });
    expect(withLocalizedText({ en: 'Low', fr: 'Faible' }, 'fr', '')).toEqual({ en: 'Low' });
  });

  it('reads Accept-Language by quality, keeping only en and fr', () => {
    expect(languageFromHeader('fr-CA,fr;q=0.9,en;q=0.8')).toBe('fr');
    expect(languageFromHeader('de;q=1, en;q=0.4, fr;q=0.5')).toBe('fr');
    expect(languageFromHeader('de-DE')).toBeNull();
    expect(languageFromHeader('')).toBeNull();
    expect(languageFromHeader('fr;q=0, en')).toBe('en');
  });
});

describe('decisions in a language', () => {
  it('validates a policy whose texts carry both languages', () => {
    expect(validatePolicy(bilingual()).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('checks the placeholders of every language version', () => {
    const doc = bilingual();
    doc.nodes[2].config.rules[0].reason.message.fr = 'Demande de {montant}';
    const problems = validatePolicy(doc).diagnostics.filter((d) => d.code === 'UNKNOWN_PLACEHOLDER');
    expect(problems.map((d) => d.path)).toEqual(['/nodes/2/config/rules/0/reason/message']);
  });

  it('answers in the language asked for, with the same codes and parameters', () => {
    const compiled = compilePolicy(bilingual());
    const facts = { amount: 50000 };
    const en = compiled.evaluate(facts);
    const fr = compiled.evaluate(facts, { language: 'fr' });
    expect(en.reasons.map((r) => r.message)).toEqual(['Years in business (n/a) cost 100 points', 'Requested 50,000 is small']);
    expect(fr.reasons.map((r) => r.message)).toEqual(['Ancienneté (n.d.) a coûté 100 points', 'La demande de 50\u202f000 est faible']);
    expect(fr.reasons.map((r) => [r.code, r.params])).toEqual(en.reasons.map((r) => [r.code, r.params]));
    expect(fr.reasons[1]!.params).toEqual({ amount: 50000 });
    expect(fr.scorecard[0]!.label).toBe('Ancienneté');
    expect(fr.collectionScenario?.label).toBe('Standard FR');
    // Same decision otherwise.
    expect({ ...fr, reasons: [], scorecard: [], collectionScenario: null }).toEqual({ ...en, reasons: [], scorecard: [], collectionScenario: null });
  });

  it("defaults to the policy's language, and a plain string is shown as written", () => {
    const compiled = compilePolicy(bilingual('fr'));
    const d = compiled.evaluate({ amount: 70000, years: 1 });
    expect(d.reasons.map((r) => r.message)).toEqual(['Ancienneté (1) a coûté 80 points', 'Large request: 70\u202f000']);
    expect(compiled.evaluate({ amount: 70000, years: 1 }, { language: 'en' }).reasons[1]!.message).toBe('Large request: 70,000');
  });

  it("gives the engine's own reasons in both languages", () => {
    const doc = bilingual();
    doc.nodes[2].config.levels[0].maxAmount = 1000;
    const compiled = compilePolicy(doc);
    const fr = compiled.evaluate({ amount: 70000, years: 5 }, { language: 'fr' });
    expect(fr.reasons.find((r) => r.code === 'NO_AUTHORITY')).toMatchObject({ message: 'Aucun niveau de délégation ne peut approuver 70\u202f000', params: { authorityAmount: 70000 } });
    const en = compiled.evaluate({ amount: 70000, years: 5 });
    expect(en.reasons.find((r) => r.code === 'NO_AUTHORITY')!.message).toBe('No delegation level may approve 70,000');
  });

  it('names golden tests in the policy language', () => {
    expect(runGoldenTests(compilePolicy(bilingual('fr')))[0]).toMatchObject({ name: 'Petite demande', passed: true });
  });
});

describe('values in French', () => {
  it('groups thousands with a narrow no-break space and uses a decimal comma, as Intl fr-FR does', () => {
    const intl = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
    for (const n of [0, 7, 999, 1000, 60000, 1234.5, -2500.25, 1e9 + 0.5, 0.35]) expect(VALUE_FORMATTERS.fr(n)).toBe(intl.format(n));
    expect(VALUE_FORMATTERS.fr(true)).toBe('vrai');
    expect(VALUE_FORMATTERS.fr(undefined)).toBe('n.d.');
  });
});
