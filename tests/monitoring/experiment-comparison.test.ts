/** The experiment comparison from logged decisions: per arm over all requests and over the answered ones, the agreement matrix, the daily series. */
import { describe, expect, it } from 'vitest';
import { compareExperiment, type ArmAnswer, type ExperimentEntry } from '../../engine/monitoring/experiment-comparison.js';

const answer = (version: number, outcome: ArmAnswer['outcome'], riskClass: string | null = 'B', creditLimit: number | null = 10000, approvalLevel: string | null = null): ArmAnswer => ({
  version,
  outcome,
  riskClass,
  creditLimit,
  approvalLevel: outcome === 'escalate' ? (approvalLevel ?? 'creditManager') : null,
});
const entry = (at: string, answered: 'champion' | 'challenger', champion: ArmAnswer, challenger: ArmAnswer): ExperimentEntry => ({ evaluatedAt: at, answered, champion, challenger });

describe('experiment comparison', () => {
  const entries = [
    entry('2026-03-01T10:00:00.000Z', 'champion', answer(1, 'accept', 'A', 20000), answer(2, 'accept', 'A', 25000)),
    entry('2026-03-01T23:59:59.999Z', 'challenger', answer(1, 'accept', 'B', 10000), answer(2, 'escalate', 'C', 5000, 'creditAnalyst')),
    entry('2026-03-02T00:00:00.000Z', 'champion', answer(1, 'refuse', 'E', null), answer(2, 'refuse', 'E', null)),
    entry('2026-03-02T06:00:00.000Z', 'champion', answer(1, 'escalate', 'D', 3000, 'creditManager'), answer(2, null, null, null)),
  ];
  const c = compareExperiment(entries);

  it('summarises each arm over every request, like for like', () => {
    expect(c.decisions).toBe(4);
    expect(c.answered).toEqual({ champion: 3, challenger: 1 });
    expect(c.arms.champion.byOutcome).toEqual({ accept: 2, refuse: 1, escalate: 1, none: 0 });
    expect(c.arms.challenger.byOutcome).toEqual({ accept: 1, refuse: 1, escalate: 1, none: 1 });
    expect(c.arms.champion.byClass).toEqual({ A: 1, B: 1, E: 1, D: 1 });
    expect(c.arms.challenger.byClass).toEqual({ A: 1, C: 1, E: 1 });
    expect(c.arms.champion.byApprovalLevel).toEqual({ creditManager: 1 });
    expect(c.arms.challenger.byApprovalLevel).toEqual({ creditAnalyst: 1 });
    expect(c.arms.champion.grantedLimits).toBe(30000); // the accepted ones only
    expect(c.arms.challenger.grantedLimits).toBe(25000);
    expect(c.arms.champion.escalations).toBe(1);
    expect(c.arms.champion.acceptRate).toBe(0.5);
    expect(c.arms.challenger.escalationRate).toBe(0.25);
  });

  it('summarises each arm over the requests it answered', () => {
    expect(c.answeredBy.challenger.decisions).toBe(1);
    expect(c.answeredBy.challenger.byOutcome.escalate).toBe(1);
    expect(c.answeredBy.champion.byOutcome).toEqual({ accept: 1, refuse: 1, escalate: 1, none: 0 });
  });

  it('crosses the champion outcome with the challenger outcome on the same requests', () => {
    expect(c.agreement.accept).toEqual({ accept: 1, refuse: 0, escalate: 1, none: 0 });
    expect(c.agreement.refuse.refuse).toBe(1);
    expect(c.agreement.escalate.none).toBe(1);
    expect(c.agreementRate).toBe(0.5);
  });

  it('counts per UTC day', () => {
    expect(c.daily.map((d) => [d.date, d.decisions, d.champion.answered, d.challenger.answered])).toEqual([
      ['2026-03-01', 2, 1, 1],
      ['2026-03-02', 2, 2, 0],
    ]);
    expect(c.daily[0]!.challenger).toEqual({ answered: 1, accept: 1, refuse: 0, escalate: 1, grantedLimits: 25000 });
  });

  it('is empty without decisions', () => {
    const none = compareExperiment([]);
    expect(none.decisions).toBe(0);
    expect(none.agreementRate).toBeNull();
    expect(none.arms.champion.acceptRate).toBeNull();
    expect(none.daily).toEqual([]);
  });
});
