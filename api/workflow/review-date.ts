/**
 * Review dates: a limit decided by a person is valid for the months the policy gives the customer's
 * risk class (`reviewMonths`, e.g. 12 for A–B, 3 for D); then it must be reviewed.
 */
import type { PolicyDocument } from '../../engine/model/policy-schema.js';

export function reviewMonthsFor(document: PolicyDocument, riskClass: string | null): number | null {
  if (riskClass === null) return null;
  const node = document.nodes.find((n) => n.kind === 'riskClass');
  const classes = (node?.config as { classes?: { id: string; reviewMonths?: number }[] } | undefined)?.classes ?? [];
  return classes.find((c) => c.id === riskClass)?.reviewMonths ?? null;
}

/** Calendar months later, in UTC; the 31 January + 1 month is the 28/29 February (end of month kept). */
export function addMonths(iso: string, months: number): string {
  const d = new Date(iso);
  const day = d.getUTCDate();
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString();
}

/** Null when the policy gives no review cadence for the class (the limit then never expires by itself). */
export function reviewDateFor(document: PolicyDocument, riskClass: string | null, decidedAt: string): string | null {
  const months = reviewMonthsFor(document, riskClass);
  return months === null ? null : addMonths(decidedAt, months);
}

/** Every class's months, for the record of what the policy said. */
export function riskClassOrder(document: PolicyDocument): string[] {
  const node = document.nodes.find((n) => n.kind === 'riskClass');
  return ((node?.config as { classes?: { id: string }[] } | undefined)?.classes ?? []).map((c) => c.id);
}
