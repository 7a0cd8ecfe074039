/**
 * The synthetic outcome generator on the sample book, and the whole report on it: the committed
 * sample dataset is what the generators give, the report's Gini, KS and PSI on it are the
 * independent figures (scikit-learn, SciPy, numpy), the drawn bad rates follow the stated model,
 * a population shift shows in the PSI, an experiment splits its customers by the stated share.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compilePolicy, type PolicyDocument } from '../../engine/index.js';
import { checkMonitoringFile, monitoringReport } from '../../engine/monitoring/index.js';
import { generateCustomers } from '../../rulesets/portfolios/synthetic-customers.js';
import { CLASS_BAD_RATES, generateMonitoringFile, probabilityOfDefault } from '../../rulesets/portfolios/synthetic-outcomes.js';
import { SAMPLE_NAME, sampleFiles, sampleScores } from './fixtures/sample-scores.js';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const document = JSON.parse(read('../../rulesets/b2b-standard.json')) as PolicyDocument;
const policy = compilePolicy(document);
const fixtures = JSON.parse(read('./fixtures/metric-fixtures.json')) as { datasets: { name: string; expected: { auc: number; gini: number; ks: number; psi: number } }[] };
const sample = sampleFiles();

describe('synthetic outcomes of the sample book', () => {
  it('are the dataset committed for the independent check (same generators, same seeds)', () => {
    expect(sampleScores()).toEqual(JSON.parse(read('./fixtures/sample-scores.json')));
  });

  it('give, through the whole report, the Gini, KS and PSI scikit-learn, SciPy and numpy computed', () => {
    const expected = fixtures.datasets.find((d) => d.name === SAMPLE_NAME)!.expected;
    const report = monitoringReport(sample.current, sample.baseline);
    const d = report.overall.discrimination;
    expect(Math.abs(d.auc! - expected.auc)).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(d.gini! - expected.gini)).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(d.ks! - expected.ks)).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(report.overall.stability!.index! - expected.psi)).toBeLessThanOrEqual(1e-9);
    // A scorecard that works, on a book that moved enough to watch.
    expect(d.gini).toBeGreaterThan(0.3);
    expect(report.overall.stability!.level).toBe('watch');
  });

  it('are valid decisions-and-outcomes files, every window over on their "as of" date', () => {
    for (const file of [sample.current, sample.baseline]) {
      const checked = checkMonitoringFile(JSON.parse(JSON.stringify(file)));
      expect(checked.ok, JSON.stringify(!checked.ok && checked.problems)).toBe(true);
      const report = monitoringReport(file);
      expect(report.overall.labels.open).toBe(0);
      expect(report.overall.labels.good + report.overall.labels.bad + report.overall.labels.notGranted).toBe(file.decisions.length);
    }
  });

  it('draw bad rates that follow the stated model: rising from class A to E, near the stated class rates', () => {
    const cells = monitoringReport(sample.current).overall.badRatesByClass;
    const rates = cells.filter((c) => c.count >= 500).map((c) => c.badRate!);
    expect(rates.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < rates.length; i++) expect(rates[i]!).toBeGreaterThan(rates[i - 1]!);
    cells.filter((c) => c.count >= 500).forEach((c, i) => {
      // Within a factor 2 where enough bads are expected for that to mean something (≥ 10); a class
      // expecting a handful (A: 0.5 % of ~850 ≈ 4) may draw 1 by chance (Poisson: about 7 %).
      if (CLASS_BAD_RATES[i]! * c.count >= 10) {
        expect(c.badRate!).toBeGreaterThan(CLASS_BAD_RATES[i]! / 2);
        expect(c.badRate!).toBeLessThan(CLASS_BAD_RATES[i]! * 2);
      } else expect(c.badRate! * c.count).toBeLessThanOrEqual(3 * CLASS_BAD_RATES[i]! * c.count + 3);
    });
    // Within a class, a better score lowers the probability.
    expect(probabilityOfDefault({ badRate: 0.04, centre: 57.5 }, 64)).toBeLessThan(probabilityOfDefault({ badRate: 0.04, centre: 57.5 }, 51));
    expect(probabilityOfDefault({ badRate: 0.04, centre: 57.5 }, 57.5)).toBeCloseTo(0.04, 12);
  });

  it('are the same for the same seed, different for another', () => {
    const customers = generateCustomers(document, { rows: 300, seed: 5 });
    const a = generateMonitoringFile(policy, customers, { seed: 5 });
    expect(generateMonitoringFile(policy, customers, { seed: 5 })).toEqual(a);
    expect(generateMonitoringFile(policy, customers, { seed: 6 }).outcomes).not.toEqual(a.outcomes);
  });

  it('show no shift between two draws of the same book, a shift when better customers thin out', () => {
    const stable = monitoringReport(generateMonitoringFile(policy, generateCustomers(document, { rows: 3000, seed: 11 }), { seed: 11 }), sample.current);
    expect(stable.overall.stability!.index!).toBeLessThan(0.1);
    expect(stable.overall.stability!.level).toBe('stable');
    const shifted = monitoringReport(generateMonitoringFile(policy, generateCustomers(document, { rows: 3000, seed: 12 }), { seed: 12, drift: 1 }), sample.current);
    expect(shifted.overall.stability!.index!).toBeGreaterThanOrEqual(0.25);
  });

  it('split an experiment by customer: ≈ the share decided by the challenger, each arm by its own policy', () => {
    const stricter = structuredClone(document) as PolicyDocument;
    stricter.id = 'b2b-standard-challenger';
    for (const node of stricter.nodes) if (node.kind === 'riskClass') for (const c of node.config.classes) if (c.minScore > 0) c.minScore += 5;
    const customers = generateCustomers(document, { rows: 2000, seed: 9 });
    const file = generateMonitoringFile(policy, customers, { seed: 9, challenger: { policy: compilePolicy(stricter), percent: 20, salt: 'exp-1' } });
    const challengers = file.decisions.filter((d) => d.arm === 'challenger');
    const sd = Math.sqrt(2000 * 0.2 * 0.8);
    expect(Math.abs(challengers.length - 400)).toBeLessThanOrEqual(4 * sd);
    expect(new Set(challengers.map((d) => d.policyId))).toEqual(new Set(['b2b-standard-challenger']));
    expect(new Set(file.decisions.filter((d) => d.arm === 'champion').map((d) => d.policyId))).toEqual(new Set(['b2b-standard']));
    // The same customers, the same arms, on a second run.
    const again = generateMonitoringFile(policy, customers, { seed: 9, challenger: { policy: compilePolicy(stricter), percent: 20, salt: 'exp-1' } });
    expect(again.decisions.map((d) => d.arm)).toEqual(file.decisions.map((d) => d.arm));
    const report = monitoringReport(file);
    expect(report.arms.map((a) => a.group)).toEqual(['champion', 'challenger']);
    expect(report.arms[0]!.rates.decisions + report.arms[1]!.rates.decisions).toBe(2000);
  });
});
