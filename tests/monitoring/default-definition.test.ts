/**
 * The default definition applied to outcome records, worked out by hand: 90+ days past due,
 * a default or a write-off within 12 months of the decision makes it bad; a late payment under
 * the threshold, or a default after the window, does not.
 */
import { describe, expect, it } from 'vitest';
import { addMonths, labelDecisions, type MonitoredDecision, type OutcomeRecord } from '../../engine/monitoring/index.js';

const decision = (id: string, customerId: string, decidedAt: string, extra: Partial<MonitoredDecision> = {}): MonitoredDecision => ({
  decisionId: id,
  customerId,
  decidedAt,
  outcome: 'accept',
  score: 60,
  riskClass: 'C',
  ...extra,
});

describe('addMonths', () => {
  it('keeps the day, or takes the last day of a shorter month', () => {
    expect(addMonths('2025-03-15', 12)).toBe('2026-03-15');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
    expect(addMonths('2025-12-01T09:30:00Z', 1)).toBe('2026-01-01');
    expect(addMonths('2025-05-10', -6)).toBe('2024-11-10');
  });
});

describe('labelDecisions (90+ days past due within 12 months)', () => {
  const decisions = [
    decision('d1', 'late90', '2025-01-10'),
    decision('d2', 'late60', '2025-01-10'),
    decision('d3', 'defaulted', '2025-02-01'),
    decision('d4', 'writtenOff', '2025-02-01'),
    decision('d5', 'tooLate', '2025-01-10'),
    decision('d6', 'recent', '2025-11-01'),
    decision('d7', 'silent', '2025-01-10'),
    decision('d8', 'refused', '2025-01-10', { outcome: 'refuse' }),
    decision('d9', 'escalated', '2025-01-10', { outcome: 'escalate', finalOutcome: 'accept' }),
    decision('d10', 'twice', '2024-01-05'),
    decision('d11', 'twice', '2025-03-01'),
  ];
  const outcomes: OutcomeRecord[] = [
    { customerId: 'late90', event: 'pastDue', date: '2025-06-01', daysPastDue: 90, amount: 1200 },
    { customerId: 'late60', event: 'pastDue', date: '2025-06-01', daysPastDue: 89 },
    { customerId: 'late60', event: 'paidOnTime', date: '2025-09-01' },
    { customerId: 'defaulted', event: 'default', date: '2025-12-31', amount: 5000 },
    { customerId: 'writtenOff', event: 'writtenOff', date: '2025-03-01', amount: 800 },
    { customerId: 'tooLate', event: 'paidOnTime', date: '2025-05-01' },
    { customerId: 'tooLate', event: 'pastDue', date: '2026-01-11', daysPastDue: 120 }, // one day after the window
    { customerId: 'recent', event: 'paidOnTime', date: '2026-01-15' },
    { customerId: 'escalated', event: 'pastDue', date: '2025-04-01', daysPastDue: 95 },
    // Named decision: counts for d10 only, although its date is also in d11's window.
    { customerId: 'twice', decisionId: 'd10', event: 'pastDue', date: '2025-01-05', daysPastDue: 100 },
    { customerId: 'twice', event: 'paidOnTime', date: '2025-06-01' },
  ];
  const labels = Object.fromEntries(labelDecisions(decisions, outcomes, { asOf: '2026-03-31' }).map((l) => [l.decision.decisionId, l]));

  it('labels each decision as the definition says', () => {
    expect(Object.fromEntries(Object.entries(labels).map(([id, l]) => [id, l.label]))).toEqual({
      d1: 'bad',
      d2: 'good',
      d3: 'bad',
      d4: 'bad',
      d5: 'good',
      d6: 'open',
      d7: 'unreported',
      d8: 'notGranted',
      d9: 'bad',
      d10: 'bad',
      d11: 'good',
    });
    expect(labels.d1!.defaultDate).toBe('2025-06-01');
    expect(labels.d5!.windowEnd).toBe('2026-01-10');
  });

  it('follows a stricter definition and an earlier "as of" date', () => {
    const strict = labelDecisions(decisions, outcomes, { asOf: '2026-03-31', definition: { daysPastDue: 60, withinMonths: 13 } });
    const byId = Object.fromEntries(strict.map((l) => [l.decision.decisionId, l.label]));
    expect(byId.d2).toBe('bad'); // 89 days is a default at 60+
    expect(byId.d5).toBe('bad'); // the 120-day delay is inside a 13-month window
    // On 2025-05-31 the 90-day delay of 2025-06-01 was not known yet: d1 is still open.
    const early = labelDecisions(decisions, outcomes, { asOf: '2025-05-31' });
    expect(early.find((l) => l.decision.decisionId === 'd1')!.label).toBe('open');
  });

  it('takes the latest outcome date as "as of" when none is given', () => {
    const byId = Object.fromEntries(labelDecisions(decisions, outcomes).map((l) => [l.decision.decisionId, l.label]));
    // Latest outcome: 2026-01-15, so windows ending 2026-01-10 are over, d6's (2026-11-01) is not.
    expect(byId.d5).toBe('good');
    expect(byId.d6).toBe('open');
  });
});
