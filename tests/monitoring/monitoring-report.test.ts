/**
 * The monitoring report on a book small enough to work out by hand: 10 class-A customers (scores
 * 80–89, one bad) and 6 class-B (scores 60–65, with a refusal, an escalation and two overrides).
 */
import { describe, expect, it } from 'vitest';
import {
  calibrate,
  checkMonitoringFile,
  formatMonitoringReport,
  monitoringReport,
  type MonitoredDecision,
  type MonitoringFile,
  type OutcomeRecord,
} from '../../engine/monitoring/index.js';

const A = Array.from({ length: 10 }, (_, i): MonitoredDecision => ({
  decisionId: `a${i + 1}`,
  customerId: `A${i + 1}`,
  decidedAt: '2025-01-15',
  arm: 'champion',
  outcome: 'accept',
  score: 80 + i,
  riskClass: 'A',
  scorecard: [{ id: 'years', band: 0, points: 10 }],
}));
const b = (n: number, score: number, extra: Partial<MonitoredDecision>): MonitoredDecision => ({
  decisionId: `b${n}`,
  customerId: `B${n}`,
  decidedAt: '2025-02-01T10:00:00Z',
  arm: 'challenger',
  outcome: 'accept',
  score,
  riskClass: 'B',
  scorecard: [{ id: 'years', band: 1, points: 20 }],
  ...extra,
});
const B = [
  b(1, 60, {}),
  b(2, 61, {}),
  b(3, 62, { outcome: 'escalate', finalOutcome: 'accept', approvalLevel: 'creditManager' }),
  b(4, 63, { finalOutcome: 'refuse' }), // override: accepted by the engine, refused by a person
  b(5, 64, { outcome: 'refuse' }),
  b(6, 65, { outcome: 'refuse', finalOutcome: 'accept' }), // override the other way
];
const outcomes: OutcomeRecord[] = [
  { customerId: 'A1', event: 'pastDue', date: '2025-07-01', daysPastDue: 120, amount: 3000 },
  ...A.slice(1).map((d): OutcomeRecord => ({ customerId: d.customerId, event: 'paidOnTime', date: '2025-06-01' })),
  { customerId: 'B1', event: 'default', date: '2025-09-01', amount: 10000 },
  { customerId: 'B2', event: 'paidOnTime', date: '2025-05-01' },
  { customerId: 'B3', event: 'writtenOff', date: '2025-11-30', amount: 2500 },
  { customerId: 'B6', event: 'pastDue', date: '2025-05-01', daysPastDue: 30 },
];
const file: MonitoringFile = {
  settings: { asOf: '2026-06-30', riskClasses: ['A', 'B'], expectedBadRates: { A: 0.1, B: 0.5 }, scoreBands: [0, 70, 85, 100] },
  decisions: [...A, ...B],
  outcomes,
};
const baseline: MonitoringFile = {
  decisions: [10, 30, 75, 95].map((score, i) => ({
    decisionId: `old${i}`,
    customerId: `O${i}`,
    decidedAt: '2024-01-01',
    outcome: 'accept',
    score,
    riskClass: null,
    scorecard: [{ id: 'years', band: i < 2 ? 0 : 1, points: i < 2 ? 10 : 20 }],
  })),
};
const psiTerm = (current: number, base: number) => (current - base) * Math.log(current / base);

describe('monitoring report, worked by hand', () => {
  const report = monitoringReport(file, baseline);
  const all = report.overall;

  it('counts decisions, grants and overrides', () => {
    expect(all.rates).toEqual({
      decisions: 16,
      accepted: 13,
      refused: 2,
      escalated: 1,
      granted: 14,
      overrides: 2,
      acceptRate: 13 / 16,
      escalationRate: 1 / 16,
      approvalRate: 14 / 16,
      overrideRate: 2 / 15,
    });
    expect(all.labels).toEqual({ good: 11, bad: 3, open: 0, unreported: 0, notGranted: 2 });
    expect(report.unmatchedOutcomes).toBe(0);
  });

  it('counts, and warns about, outcomes that match no decision', () => {
    const stray: OutcomeRecord[] = [
      { customerId: 'Z9', event: 'default', date: '2025-05-01' },
      { customerId: 'A1', decisionId: 'nope', event: 'paidOnTime', date: '2025-05-01' },
    ];
    const withStray = monitoringReport({ ...file, outcomes: [...outcomes, ...stray] });
    expect(withStray.unmatchedOutcomes).toBe(2);
    expect(withStray.overall.labels).toEqual(all.labels);
    expect(formatMonitoringReport(withStray, 'en')).toContain('Warning: 2 outcome records match no decision of the file');
    expect(formatMonitoringReport(withStray, 'fr')).toContain('Attention\u00a0: 2 résultats ne correspondent à aucune décision du fichier');
  });

  it('measures discrimination: 30 of the 33 (good, bad) pairs in the right order', () => {
    // Goods 61, 65, 81–89; bads 60, 62, 80.
    expect(all.discrimination.auc).toBeCloseTo(30 / 33, 14);
    expect(all.discrimination.gini).toBeCloseTo(27 / 33, 14);
    // At score 80 every bad and 2 of the 11 goods are at or below.
    expect(all.discrimination.ks).toBeCloseTo(1 - 2 / 11, 14);
    expect(all.discrimination.ksScore).toBe(80);
  });

  it('gives bad rates with their counts by class and by score band, and calibrates the classes', () => {
    expect(all.badRatesByClass).toEqual([
      { key: 'A', count: 10, bads: 1, badRate: 0.1 },
      { key: 'B', count: 4, bads: 2, badRate: 0.5 },
    ]);
    expect(all.badRatesByBand).toEqual([
      { key: '0–70', count: 4, bads: 2, badRate: 0.5 },
      { key: '70–85', count: 5, bads: 1, badRate: 0.2 },
      { key: '85–100', count: 5, bads: 0, badRate: 0 },
    ]);
    expect(all.calibration.map((c) => [c.riskClass, c.verdict])).toEqual([
      ['A', 'consistent'],
      ['B', 'consistent'],
    ]);
  });

  it('measures population and characteristic stability against the baseline', () => {
    // Baseline bands [2, 1, 1] of 4; current [6, 5, 5] of 16.
    const psi = psiTerm(6 / 16, 0.5) + psiTerm(5 / 16, 0.25) + psiTerm(5 / 16, 0.25);
    expect(all.stability!.index).toBeCloseTo(psi, 14);
    expect(all.stability!.level).toBe('stable');
    // "years": baseline half band 0, half band 1; current 10 in band 0, 6 in band 1.
    const [years] = all.characteristics;
    expect(years!.criterion).toBe('years');
    expect(years!.index).toBeCloseTo(psiTerm(10 / 16, 0.5) + psiTerm(6 / 16, 0.5), 14);
    expect(years!.baselinePoints).toBe(15);
    expect(years!.currentPoints).toBe(13.75);
  });

  it('splits the same figures by arm', () => {
    expect(report.arms.map((a) => [a.group, a.rates.decisions, a.discrimination.auc])).toEqual([
      ['champion', 10, 1],
      ['challenger', 6, 0.75],
    ]);
  });

  it('prints the report in English and French, numbers formatted per language', () => {
    const en = formatMonitoringReport(report, 'en');
    expect(en).toContain('Outcome monitoring as of 30 June 2026 — default: 90+ days past due within 12 months');
    expect(en).toContain('Approval rate: 87.5% · Override rate: 13.3% of automatic decisions');
    expect(en).toContain('Gini 0.818 · AUC 0.909 · KS 0.818 at score 80.0');
    expect(en).toMatch(/^ {2}B +4 +2 +50\.0% +50\.0% +\S+ – \S+ +consistent$/m);
    expect(en).toContain('== Challenger ==');
    const fr = formatMonitoringReport(report, 'fr');
    expect(fr).toContain('Suivi des résultats au 30 juin 2026 — défaut\u00a0: retard de 90 jours ou plus dans les 12 mois');
    // A no-break space before "%" (which one depends on the ICU version).
    expect(fr).toMatch(/Taux d’octroi\u00a0: 87,5[\u00a0\u202f]% · Taux de dérogation\u00a0: 13,3[\u00a0\u202f]% des décisions automatiques/);
    expect(fr).toContain('Gini 0,818 · AUC 0,909 · KS 0,818 au score 80,0');
    expect(fr).toContain('Stabilité de la population (PSI) par rapport à la référence');
  });
});

describe('calibration verdicts (Jeffreys test at 95 %)', () => {
  it('flags a class with significantly more or fewer bads than expected', () => {
    expect(calibrate('X', 30, 200, 0.08).verdict).toBe('higher'); // 15 % observed
    expect(calibrate('X', 0, 500, 0.02).verdict).toBe('lower');
    expect(calibrate('X', 3, 100, 0.03).verdict).toBe('consistent');
    expect(calibrate('X', 3, 100, undefined)).toMatchObject({ verdict: 'unknown', pValue: null, observed: 0.03 });
    expect(calibrate('X', 0, 0, 0.03)).toMatchObject({ verdict: 'unknown', observed: null, interval: null });
  });
});

describe('checkMonitoringFile', () => {
  it('accepts a valid file and names the field of every problem', () => {
    expect(checkMonitoringFile(JSON.parse(JSON.stringify(file))).ok).toBe(true);
    const bad = (edit: (f: any) => void) => {
      const copy: any = JSON.parse(JSON.stringify(file));
      edit(copy);
      const checked = checkMonitoringFile(copy);
      return checked.ok ? [] : checked.problems;
    };
    expect(bad((f) => (f.decisions[0].score = 'high'))[0]!.path).toBe('/decisions/0/score');
    expect(bad((f) => (f.outcomes[0].event = 'bankrupt'))[0]!.path).toBe('/outcomes/0/event');
    expect(bad((f) => (f.outcomes[0].date = '2025-13-01'))[0]!.path).toBe('/outcomes/0/date');
    expect(bad((f) => (f.decisions[1].decisionId = 'a1'))).toEqual([{ path: '/decisions/1/decisionId', message: 'decision id "a1" appears more than once' }]);
    expect(bad((f) => (f.settings.scoreBands = [0, 50, 50]))).toEqual([{ path: '/settings/scoreBands', message: 'edges must increase (edge 3, 50, is not above 50)' }]);
    expect(bad((f) => delete f.decisions)[0]!.path).toBe('/decisions');
  });

  it('answers anything that is not such a file with problems, never an exception', () => {
    for (const value of [null, [], 'decisions', 42, { decisions: {} }, { decisions: [null] }, { decisions: [], extra: 1 }, { decisions: [], settings: { scoreBands: [1] } }]) {
      const checked = checkMonitoringFile(value);
      expect(checked.ok, JSON.stringify(value)).toBe(false);
      if (!checked.ok) {
        expect(checked.problems.length).toBeGreaterThan(0);
        expect(checked.problems.length).toBeLessThanOrEqual(20);
      }
    }
    // 10,000 bad decisions: the first 20 problems, quickly.
    const many = checkMonitoringFile({ decisions: Array.from({ length: 10_000 }, () => ({ score: 'x' })) });
    expect(!many.ok && many.problems.length).toBe(20);
  });
});
