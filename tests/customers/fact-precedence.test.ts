/**
 * The precedence of docs/customers.md, rule by rule, on the pure merge (customer-facts.ts): the
 * request first (even null), then the freshest file candidate, a stored fact before a derived
 * figure on the same date, undeclared names never taken, stale and ill-typed candidates skipped
 * for the next one.
 */
import { describe, expect, it } from 'vitest';
import { derivedFromFile, mergeFileFacts, type FactCandidate } from '../../api/domain/customer-facts.js';
import type { InputDeclaration } from '../../engine/model/policy-schema.js';
import { customerFile } from '../store/customer-contract.js';

const input = (name: string, type: InputDeclaration['type'], extra: Partial<InputDeclaration> = {}) => ({ name, type, required: false, ...extra }) as InputDeclaration;
const stored = (value: unknown, source: string, asOf: string) => ({ value, source, asOf, recordedAt: '2026-06-01T00:00:00.000Z', recordedBy: 'erp' });
const NOW = new Date('2026-06-15T12:00:00.000Z');

describe('filling a request from the file', () => {
  const customer = customerFile('P-1', {
    facts: {
      bureauScore: stored(60, 'bureau', '2026-05-01'),
      insurerCover: stored(9000, 'insurer', '2026-01-01'),
      equity: stored(1000, 'erp', '2024-12-31'),
      undeclared: stored(1, 'erp', '2026-06-01'),
    } as never,
  });
  const inputs = [input('requestedAmount', 'number'), input('bureauScore', 'number'), input('insurerCover', 'number'), input('insuredShare', 'number'), input('equity', 'number'), input('sector', 'enum', { values: ['a', 'b'] })];
  const derived = (over: Partial<FactCandidate>[] = []) => [...derivedFromFile(customer, NOW), ...(over as FactCandidate[])];

  it('takes the request first, even a null', () => {
    const m = mergeFileFacts({ inputs, requestFacts: { requestedAmount: 5, bureauScore: null }, customer, derived: derived(), now: NOW });
    expect(m.facts.bureauScore).toBeNull();
    expect(m.sources.bureauScore).toBe('request');
    expect(m.facts.undeclared).toBeUndefined();
  });

  it('takes the freshest candidate; on the same date the stored fact over the derived figure', () => {
    // The cover in force (from 2026-01-01, amount 50,000) and the stored fact (2026-01-01, 9,000): same date, the stored one.
    const same = mergeFileFacts({ inputs, requestFacts: {}, customer, derived: derived(), now: NOW });
    expect(same.facts.insurerCover).toBe(9000);
    expect(same.sources.insurerCover).toEqual({ source: 'insurer', asOf: '2026-01-01' });
    expect(same.facts.insuredShare).toBe(0.9); // only the cover knows it
    const fresher = mergeFileFacts({ inputs, requestFacts: {}, customer, derived: derived([{ input: 'bureauScore', value: 75, source: 'file', asOf: '2026-06-10', derived: true }]), now: NOW });
    expect(fresher.facts.bureauScore).toBe(75);
  });

  it('skips stale and ill-typed candidates for the next one, and reports them', () => {
    const m = mergeFileFacts({
      inputs,
      requestFacts: {},
      customer,
      derived: derived([{ input: 'sector', value: 'z', source: 'analyst', asOf: '2026-06-01', derived: true }, { input: 'equity', value: 3000, source: 'analyst', asOf: '2024-06-01', derived: true }]),
      now: NOW,
      maxFactAgeDays: 30,
    });
    expect(m.facts.bureauScore).toBeUndefined(); // 45 days old: none left
    expect(m.facts.equity).toBeUndefined(); // both candidates too old
    expect(m.facts.sector).toBeUndefined(); // not one of the enum's values
    expect(m.unused).toEqual(
      expect.arrayContaining([
        { input: 'bureauScore', source: 'bureau', asOf: '2026-05-01', reason: 'stale' },
        { input: 'equity', source: 'erp', asOf: '2024-12-31', reason: 'stale' },
        { input: 'equity', source: 'analyst', asOf: '2024-06-01', reason: 'stale' },
        { input: 'sector', source: 'analyst', asOf: '2026-06-01', reason: 'type' },
      ]),
    );
    // Without the age limit, the fresher of the two old ones applies.
    const any = mergeFileFacts({ inputs, requestFacts: {}, customer, derived: derived([{ input: 'equity', value: 3000, source: 'analyst', asOf: '2024-06-01', derived: true }]), now: NOW });
    expect(any.facts.equity).toBe(1000);
  });
});
