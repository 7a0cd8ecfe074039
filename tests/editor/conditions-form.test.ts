/** The decide dialog's conditions (issue 19): shown as the policy set them, sent only where the approver changed them. */
import { describe, expect, it } from 'vitest';
import { changedConditions, fromForm, toForm } from '../../editor/src/workflow/conditions-form.js';
import { conditionsInForce } from '../../editor/src/components/ConditionsList.js';

const CLASS_D = { paymentTermDays: 30, prepaymentShare: 0.3, guaranteeRequired: true, cashOnDelivery: null };

describe('conditions in the decide dialog', () => {
  it('shows the policy\'s conditions as typed values: 30 days, 30 %, a guarantee', () => {
    expect(toForm(CLASS_D)).toEqual({ paymentTermDays: '30', prepaymentPercent: '30', guaranteeRequired: true, cashOnDelivery: false });
    expect(toForm({ ...CLASS_D, prepaymentShare: 0.07 }).prepaymentPercent).toBe('7');
    expect(toForm(null)).toEqual({ paymentTermDays: '', prepaymentPercent: '', guaranteeRequired: false, cashOnDelivery: false });
  });

  it('kept as they are, nothing is sent (the API keeps the policy\'s)', () => {
    expect(changedConditions(CLASS_D, fromForm(toForm(CLASS_D)))).toBeUndefined();
    expect(changedConditions(null, fromForm(toForm(null)))).toBeUndefined();
    // false and null are both "no such condition"
    expect(changedConditions({ ...CLASS_D, cashOnDelivery: false }, fromForm(toForm(CLASS_D)))).toBeUndefined();
  });

  it('sends only what changed: 15 days and 50 %, the guarantee removed (null)', () => {
    const form = { ...toForm(CLASS_D), paymentTermDays: '15', prepaymentPercent: '50', guaranteeRequired: false };
    expect(changedConditions(CLASS_D, fromForm(form))).toEqual({ paymentTermDays: 15, prepaymentShare: 0.5, guaranteeRequired: null });
    // an emptied field removes the condition; a decimal comma is read
    expect(changedConditions(CLASS_D, fromForm({ ...toForm(CLASS_D), paymentTermDays: '', prepaymentPercent: '12,5' }))).toEqual({ paymentTermDays: null, prepaymentShare: 0.125 });
    // a condition added where the policy set none
    expect(changedConditions(null, fromForm({ ...toForm(null), cashOnDelivery: true }))).toEqual({ cashOnDelivery: true });
  });

  it('lists the conditions in force: 0 days is one (no credit), a 0 % prepayment is not', () => {
    expect(conditionsInForce(CLASS_D)).toEqual(['paymentTermDays', 'prepaymentShare', 'guaranteeRequired']);
    expect(conditionsInForce({ paymentTermDays: 0, prepaymentShare: 0, guaranteeRequired: false, cashOnDelivery: true })).toEqual(['paymentTermDays', 'cashOnDelivery']);
    expect(conditionsInForce(null)).toEqual([]);
  });
});
