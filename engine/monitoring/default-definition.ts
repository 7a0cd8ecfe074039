/**
 * The policy's default definition applied to outcome records: each decision becomes good, bad, or
 * not (yet) observable. Dates are compared as YYYY-MM-DD text (no clock, no time zones).
 */
import { DEFAULT_DEFINITION, type DefaultDefinition, type MonitoredDecision, type OutcomeRecord } from './monitoring-schema.js';

/**
 * bad: a default event in the window · good: the window is over, something was reported and none
 * of it is a default · open: no default yet but the window is not over on `asOf` · unreported:
 * the window is over and the ERP reported nothing · notGranted: finally refused, so no exposure.
 */
export type OutcomeLabel = 'bad' | 'good' | 'open' | 'unreported' | 'notGranted';

export interface LabelledDecision {
  decision: MonitoredDecision;
  label: OutcomeLabel;
  /** End of the observation window (inclusive). */
  windowEnd: string;
  /** Date of the first default event, when bad. */
  defaultDate: string | null;
}

export const dateOf = (value: string): string => value.slice(0, 10);

/** `date` plus `months` calendar months; the day is kept, or the month's last day when shorter (31 Jan + 1 → 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = dateOf(date).split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A decision that ended in credit being granted: the only ones whose payments can be observed. */
export const granted = (d: MonitoredDecision): boolean => (d.finalOutcome ?? d.outcome) === 'accept';

/** Whether one outcome record meets the default definition. */
export function isDefaultEvent(outcome: OutcomeRecord, definition: DefaultDefinition): boolean {
  if (outcome.event === 'default' || outcome.event === 'writtenOff') return true;
  return outcome.event === 'pastDue' && (outcome.daysPastDue ?? 0) >= definition.daysPastDue;
}

/** The latest outcome date, else the latest decision date: the default "as of" of a file. */
export function latestDate(decisions: readonly MonitoredDecision[], outcomes: readonly OutcomeRecord[]): string {
  let latest = '';
  for (const o of outcomes) if (dateOf(o.date) > latest) latest = dateOf(o.date);
  if (latest === '') for (const d of decisions) if (dateOf(d.decidedAt) > latest) latest = dateOf(d.decidedAt);
  return latest;
}

/**
 * Labels every decision. An outcome belongs to the decision it names (`decisionId`), else to every
 * decision of the same customer whose window [decision date, + withinMonths] holds its date.
 */
export function labelDecisions(
  decisions: readonly MonitoredDecision[],
  outcomes: readonly OutcomeRecord[],
  options: { definition?: DefaultDefinition; asOf?: string } = {},
): LabelledDecision[] {
  const definition = options.definition ?? DEFAULT_DEFINITION;
  const asOf = dateOf(options.asOf ?? latestDate(decisions, outcomes));
  const byDecision = new Map<string, OutcomeRecord[]>();
  const byCustomer = new Map<string, OutcomeRecord[]>();
  for (const o of outcomes) {
    const [map, key] = o.decisionId !== undefined ? [byDecision, o.decisionId] : [byCustomer, o.customerId];
    const list = map.get(key);
    if (list) list.push(o);
    else map.set(key, [o]);
  }
  return decisions.map((decision) => {
    const start = dateOf(decision.decidedAt);
    const windowEnd = addMonths(start, definition.withinMonths);
    if (!granted(decision)) return { decision, label: 'notGranted' as const, windowEnd, defaultDate: null };
    let reported = false;
    let defaultDate: string | null = null;
    // Outcomes dated after `asOf` are not known yet on that day.
    const consider = (o: OutcomeRecord) => {
      const date = dateOf(o.date);
      if (date < start || date > windowEnd || date > asOf) return;
      reported = true;
      if (isDefaultEvent(o, definition) && (defaultDate === null || date < defaultDate)) defaultDate = date;
    };
    for (const o of byDecision.get(decision.decisionId) ?? []) consider(o);
    for (const o of byCustomer.get(decision.customerId) ?? []) consider(o);
    const label: OutcomeLabel = defaultDate !== null ? 'bad' : windowEnd > asOf ? 'open' : reported ? 'good' : 'unreported';
    return { decision, label, windowEnd, defaultDate };
  });
}
