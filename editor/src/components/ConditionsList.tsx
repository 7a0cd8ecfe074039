/**
 * Accept with conditions: the terms a decision carries (payment terms, prepayment share, guarantee,
 * cash on delivery), in the reader's language. Shown in the test panel's decision card, the
 * approver's inbox and the decide dialog, so the three read alike.
 */
import type { DecisionConditions } from '../../../engine/model/decision-schema.js';
import { useI18n } from '../i18n/i18n.js';

export const CONDITION_FIELDS = ['paymentTermDays', 'prepaymentShare', 'guaranteeRequired', 'cashOnDelivery'] as const;
export type ConditionField = (typeof CONDITION_FIELDS)[number];

/** The conditions that apply: a null or false field is no condition, nor is a prepayment of 0 (0 days of terms is one: no credit). */
export function conditionsInForce(c: Partial<DecisionConditions> | null | undefined): ConditionField[] {
  if (!c) return [];
  return CONDITION_FIELDS.filter((f) => {
    const v = c[f];
    return v !== null && v !== undefined && v !== false && !(f === 'prepaymentShare' && v === 0);
  });
}

export function useConditionText() {
  const { t, formatNumber } = useI18n();
  return (field: ConditionField, c: Partial<DecisionConditions>): string => {
    switch (field) {
      case 'paymentTermDays':
        return c.paymentTermDays === 0 ? t('conditions.noCredit') : t('conditions.paymentTermDays', { days: formatNumber(c.paymentTermDays!) });
      case 'prepaymentShare':
        return t('conditions.prepaymentShare', { share: formatNumber(c.prepaymentShare!, { style: 'percent', maximumFractionDigits: 1 }) });
      case 'guaranteeRequired':
        return t('conditions.guaranteeRequired');
      case 'cashOnDelivery':
        return t('conditions.cashOnDelivery');
    }
  };
}

/** A list of the conditions in force, or "no condition"; nothing when the policy declares none (`undefined`). */
export function ConditionsList({ conditions, testId, title, heading = 'h4' }: { conditions: DecisionConditions | null | undefined; testId: string; title?: string; heading?: 'h3' | 'h4' }) {
  const { t } = useI18n();
  const text = useConditionText();
  if (conditions === undefined) return null;
  const inForce = conditionsInForce(conditions);
  const Heading = heading;
  return (
    <div className="conditions" data-testid={testId}>
      <Heading>{title ?? t('conditions.title')}</Heading>
      {inForce.length === 0 ? (
        <p className="muted small">{t('conditions.none')}</p>
      ) : (
        <ul className="reason-list">
          {inForce.map((f) => (
            <li key={f} data-condition={f}>
              {text(f, conditions!)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
