/**
 * The comparison of a champion/challenger experiment, from its logged decisions. Each request was
 * decided by BOTH arms (one answered, the other in shadow), so each arm is summarised over every
 * request — the same customers, like for like — and again over the requests it answered. The
 * agreement matrix crosses the champion's outcome with the challenger's on the same requests.
 * Pure: the API pages through the decision log and hands the entries in.
 */
export type ComparedArm = 'champion' | 'challenger';
export type ComparedOutcome = 'accept' | 'refuse' | 'escalate';

/** One arm's answer on a request (outcome null: its version refused the facts). */
export interface ArmAnswer {
  version: number;
  outcome: ComparedOutcome | null;
  riskClass: string | null;
  approvalLevel: string | null;
  /** The gross credit limit. */
  creditLimit: number | null;
}

export interface ExperimentEntry {
  /** An instant in UTC ISO form (`…Z`, as the decision log writes it): its first 10 characters are the UTC day. */
  evaluatedAt: string;
  /** The arm that answered. */
  answered: ComparedArm;
  champion: ArmAnswer;
  challenger: ArmAnswer;
}

/** 'none': the arm's version refused the facts (shadow only). */
export type OutcomeKey = ComparedOutcome | 'none';
export const OUTCOME_KEYS: readonly OutcomeKey[] = ['accept', 'refuse', 'escalate', 'none'];

export interface ArmSummary {
  decisions: number;
  byOutcome: Record<OutcomeKey, number>;
  /** Risk class → count ('' for none). */
  byClass: Record<string, number>;
  /** Approval level → count, escalations only. */
  byApprovalLevel: Record<string, number>;
  /** Sum of the gross limits of the accepted decisions. */
  grantedLimits: number;
  escalations: number;
  acceptRate: number | null;
  escalationRate: number | null;
}

export interface DailyArm {
  answered: number;
  accept: number;
  refuse: number;
  escalate: number;
  grantedLimits: number;
}

export interface DailyPoint {
  /** The UTC day, YYYY-MM-DD. */
  date: string;
  decisions: number;
  champion: DailyArm;
  challenger: DailyArm;
}

export interface ExperimentComparison {
  decisions: number;
  /** Requests each arm answered. */
  answered: Record<ComparedArm, number>;
  /** Each arm over every request (answered or in shadow). */
  arms: Record<ComparedArm, ArmSummary>;
  /** Each arm over the requests it answered. */
  answeredBy: Record<ComparedArm, ArmSummary>;
  /** agreement[championOutcome][challengerOutcome] = requests. */
  agreement: Record<OutcomeKey, Record<OutcomeKey, number>>;
  /** Share of requests where both arms gave the same outcome (null without requests). */
  agreementRate: number | null;
  daily: DailyPoint[];
}

const outcomeCounts = (): Record<OutcomeKey, number> => ({ accept: 0, refuse: 0, escalate: 0, none: 0 });
const emptyDaily = (): DailyArm => ({ answered: 0, accept: 0, refuse: 0, escalate: 0, grantedLimits: 0 });

function summarise(answers: readonly ArmAnswer[]): ArmSummary {
  const byOutcome = outcomeCounts();
  const byClass: Record<string, number> = {};
  const byApprovalLevel: Record<string, number> = {};
  let grantedLimits = 0;
  for (const a of answers) {
    byOutcome[a.outcome ?? 'none']++;
    if (a.outcome === null) continue;
    const cls = a.riskClass ?? '';
    byClass[cls] = (byClass[cls] ?? 0) + 1;
    if (a.outcome === 'escalate') {
      const level = a.approvalLevel ?? '';
      byApprovalLevel[level] = (byApprovalLevel[level] ?? 0) + 1;
    }
    if (a.outcome === 'accept') grantedLimits += a.creditLimit ?? 0;
  }
  const n = answers.length;
  return {
    decisions: n,
    byOutcome,
    byClass,
    byApprovalLevel,
    grantedLimits,
    escalations: byOutcome.escalate,
    acceptRate: n > 0 ? byOutcome.accept / n : null,
    escalationRate: n > 0 ? byOutcome.escalate / n : null,
  };
}

export function compareExperiment(entries: readonly ExperimentEntry[]): ExperimentComparison {
  const agreement = Object.fromEntries(OUTCOME_KEYS.map((k) => [k, outcomeCounts()])) as Record<OutcomeKey, Record<OutcomeKey, number>>;
  const days = new Map<string, DailyPoint>();
  let same = 0;
  for (const e of entries) {
    const c = e.champion.outcome ?? 'none';
    const k = e.challenger.outcome ?? 'none';
    agreement[c][k]++;
    if (c === k) same++;
    const date = e.evaluatedAt.slice(0, 10);
    let day = days.get(date);
    if (!day) days.set(date, (day = { date, decisions: 0, champion: emptyDaily(), challenger: emptyDaily() }));
    day.decisions++;
    for (const arm of ['champion', 'challenger'] as const) {
      const a = e[arm];
      const d = day[arm];
      if (e.answered === arm) d.answered++;
      if (a.outcome) d[a.outcome]++;
      if (a.outcome === 'accept') d.grantedLimits += a.creditLimit ?? 0;
    }
  }
  const of = (arm: ComparedArm) => entries.filter((e) => e.answered === arm);
  return {
    decisions: entries.length,
    answered: { champion: of('champion').length, challenger: of('challenger').length },
    arms: { champion: summarise(entries.map((e) => e.champion)), challenger: summarise(entries.map((e) => e.challenger)) },
    answeredBy: { champion: summarise(of('champion').map((e) => e.champion)), challenger: summarise(of('challenger').map((e) => e.challenger)) },
    agreement,
    agreementRate: entries.length > 0 ? same / entries.length : null,
    daily: [...days.values()].sort((a, b) => a.date.localeCompare(b.date)),
  };
}
