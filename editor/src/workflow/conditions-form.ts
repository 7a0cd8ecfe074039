/**
 * The decide dialog's conditions as a form edits them (days and a percentage as typed, two
 * checkboxes) and back, and what the approver changed from the policy's conditions: only that is
 * sent, the API keeps the rest.
 */
import type { DecisionConditions } from '../../../engine/model/decision-schema.js';

/** The conditions as the form edits them: days and percent as typed ('' = no such condition). */
export interface ConditionsForm {
  paymentTermDays: string;
  prepaymentPercent: string;
  guaranteeRequired: boolean;
  cashOnDelivery: boolean;
}

export function toForm(c: DecisionConditions | null): ConditionsForm {
  return {
    paymentTermDays: c?.paymentTermDays === null || c?.paymentTermDays === undefined ? '' : String(c.paymentTermDays),
    // 0.3 → "30" (rounded so that 0.07 does not read 7.000000000000001)
    prepaymentPercent: c?.prepaymentShare === null || c?.prepaymentShare === undefined ? '' : String(Math.round(c.prepaymentShare * 1e6) / 1e4),
    guaranteeRequired: c?.guaranteeRequired === true,
    cashOnDelivery: c?.cashOnDelivery === true,
  };
}

export function fromForm(f: ConditionsForm): DecisionConditions {
  const number = (s: string) => (s.trim() === '' ? null : Number(s.replace(',', '.')));
  const percent = number(f.prepaymentPercent);
  return {
    paymentTermDays: number(f.paymentTermDays),
    prepaymentShare: percent === null ? null : Math.round(percent * 1e4) / 1e6,
    guaranteeRequired: f.guaranteeRequired ? true : null,
    cashOnDelivery: f.cashOnDelivery ? true : null,
  };
}

/** What the approver changed from the policy's conditions (null removes one); undefined when nothing. */
export function changedConditions(policy: DecisionConditions | null, granted: DecisionConditions): Partial<DecisionConditions> | undefined {
  const before = fromForm(toForm(policy));
  const changed: Partial<DecisionConditions> = {};
  for (const k of Object.keys(granted) as (keyof DecisionConditions)[]) if (granted[k] !== before[k]) (changed as Record<string, unknown>)[k] = granted[k];
  return Object.keys(changed).length ? changed : undefined;
}
