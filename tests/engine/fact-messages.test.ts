/** Every problem the facts check words, in English (unchanged) and French (French typography). */
import { describe, expect, it } from 'vitest';
import { factMessages, type FactProblem } from '../../engine/i18n/fact-messages.js';
import { checkFacts } from '../../engine/facts/check-facts.js';
import type { PolicyDocument } from '../../engine/model/policy-schema.js';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

const PROBLEMS: FactProblem[] = [
  { kind: 'notObject' },
  { kind: 'notFinite', field: 'equity' },
  { kind: 'unknown', field: 'x' },
  { kind: 'required', field: 'equity' },
  { kind: 'requiredWhen', field: 'sales', when: 'model is Z' },
  { kind: 'bound', field: 'equity', op: '≥', limit: 10000.5 },
  { kind: 'enum', field: 'sector', values: ['retail', 'industry'] },
  { kind: 'type', field: 'equity', type: 'number', values: [], nullable: true },
  { kind: 'type', field: 'sector', type: 'enum', values: ['retail', 'industry'], nullable: false },
  { kind: 'legalCap', field: 'paymentTermDays', value: 90, cap: 60, endOfMonth: false },
];

describe('facts messages', () => {
  it('exist in both languages for every problem, French quoted the French way', () => {
    for (const p of PROBLEMS) {
      const m = factMessages(p);
      expect(m.en.length, JSON.stringify(p)).toBeGreaterThan(5);
      expect(m.fr).not.toBe(m.en);
      if ('field' in p) expect(m.fr).toContain(`«${NBSP}${p.field}${NBSP}»`);
      expect(m.fr).not.toMatch(/ [:;?!]/); // a narrow no-break space, never a plain one, before : ; ? !
    }
    expect(factMessages({ kind: 'bound', field: 'equity', op: '≥', limit: 10000.5 }).fr).toBe(`«${NBSP}equity${NBSP}» doit être ≥ 10${NNBSP}000,5`);
    expect(factMessages({ kind: 'legalCap', field: 't', value: 90, cap: 45, endOfMonth: true }).en).toBe('t: 90 days exceed the legal cap of 45 days end of month (Code de commerce L441-10)');
  });

  it('checkFacts gives each error in both languages, English as message', () => {
    const doc = {
      inputs: [
        { name: 'equity', type: 'number', min: 0, required: true },
        { name: 'sector', type: 'enum', values: ['retail', 'industry'], required: false },
      ],
    } as unknown as PolicyDocument;
    const r = checkFacts(doc, { equity: -1, sector: 'farming', other: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.code).sort()).toEqual(['enum', 'minimum', 'unknown']);
    for (const e of r.errors) {
      expect(e.message).toBe(e.messages.en);
      expect(e.messages.fr).toContain(`«${NBSP}${e.field}${NBSP}»`);
    }
  });
});
