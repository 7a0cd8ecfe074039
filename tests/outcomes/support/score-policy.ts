/**
 * A policy whose score IS a fact (the sum of a tens and a units criterion, each band worth its
 * digit's value) and that accepts every request: decisions logged over HTTP then carry exactly
 * the scores of a fixture dataset, so the API's Gini, KS and PSI can be compared with the figures
 * scikit-learn, SciPy and numpy computed (tests/monitoring/fixtures/metric-fixtures.json).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { FIXTURES, ROLE_KEY, startTestApp, type TestApp } from '../../api/support/test-app.js';
import type { Clock } from '../../../api/domain/context.js';

export const SCORE_POLICY = 'score-check';

export interface FixtureDataset {
  name: string;
  scores: number[];
  bad: number[];
  baselineScores: number[];
  edges: number[];
  expected: { auc: number; gini: number; ks: number; psi: number; baselineCounts: number[]; currentCounts: number[] };
}

export const fixtureDatasets = (): FixtureDataset[] =>
  (JSON.parse(readFileSync(new URL('../../monitoring/fixtures/metric-fixtures.json', import.meta.url), 'utf8')) as { datasets: FixtureDataset[] }).datasets;

export function scorePolicy(): Record<string, unknown> {
  const base = JSON.parse(readFileSync(path.join(FIXTURES, 'trade-credit.json'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  base.id = SCORE_POLICY;
  base.name = 'Score equals a fact (monitoring test)';
  base.tests = [];
  base.inputs.push({ name: 'fixtureTens', label: 'Fixture score, tens', type: 'integer', min: 0, max: 10, required: true });
  base.inputs.push({ name: 'fixtureUnits', label: 'Fixture score, units', type: 'integer', min: 0, max: 9, required: true });
  const scorecard = base.nodes.find((n: { kind: string }) => n.kind === 'scorecard');
  // A criterion has at most 40 bands: the score is the sum of a tens and a units criterion.
  scorecard.config.scoring = 'sum';
  scorecard.config.missingRule = 'points';
  scorecard.config.criteria = [
    { id: 'tens', label: 'Tens', variable: 'fixtureTens', bands: Array.from({ length: 11 }, (_, k) => ({ min: k, max: k + 1, points: 10 * k })) },
    { id: 'units', label: 'Units', variable: 'fixtureUnits', bands: Array.from({ length: 10 }, (_, k) => ({ min: k, max: k + 1, points: k })) },
  ];
  return base;
}

/** A mutable clock: tests move it to log decisions and report outcomes on chosen days. */
export function movableClock(start: string): Clock & { set(at: string): void } {
  let now = new Date(start);
  return { now: () => new Date(now), set: (at) => (now = new Date(at)) };
}

export async function startScoreApp(clock: Clock, app: Record<string, unknown> = {}): Promise<TestApp> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cg-score-policy-'));
  await writeFile(path.join(dir, `${SCORE_POLICY}.json`), JSON.stringify(scorePolicy()));
  return startTestApp({ rulesets: dir, app: { clock, ...app } });
}

const FACTS = { requestedAmount: 1, annualTurnover: 2_000_000, yearsInBusiness: 12, paymentIncidents: false };

/** Logs one accepted decision per score (customer `${prefix}-${i}`), in batches of 1,000; returns the decision ids. */
export async function decideScores(t: TestApp, scores: number[], prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < scores.length; i += 1000) {
    const items = scores.slice(i, i + 1000).map((s, j) => ({ facts: { ...FACTS, fixtureTens: Math.floor(s / 10), fixtureUnits: s % 10 }, customerId: `${prefix}-${i + j}` }));
    const r = await t.call('POST', `/api/v1/policies/${SCORE_POLICY}/decisions/batch`, { key: ROLE_KEY.system, body: { items } });
    expect(r.status, r.text).toBe(200);
    for (const item of r.body.items) {
      expect(item.decision?.outcome, JSON.stringify(item)).toBe('accept');
      ids.push(item.decision.decisionId);
    }
  }
  return ids;
}

/** Reports, for each decision, a default (bad) or a payment on time (good) on the given days. */
export async function reportGoodBad(t: TestApp, decisionIds: string[], bad: number[], prefix: string, days: { bad: string; good: string }): Promise<void> {
  for (let i = 0; i < decisionIds.length; i += 1000) {
    const items = decisionIds.slice(i, i + 1000).map((decisionId, j) => ({
      outcomeId: `${prefix}-o-${i + j}`,
      customerId: `${prefix}-${i + j}`,
      decisionId,
      ...(bad[i + j] === 1 ? { event: 'default', date: days.bad, amount: 1000 } : { event: 'paidOnTime', date: days.good }),
    }));
    const r = await t.call('POST', '/api/v1/outcomes', { key: ROLE_KEY.system, body: { items } });
    expect(r.status, r.text).toBe(200);
    expect(r.body.created).toBe(items.length);
  }
}
