/**
 * The decide dialog: approve, approve less (counter-proposal), refuse, or forward up; a comment is
 * required. An approval carries the conditions the policy attached (accept with conditions): the
 * approver keeps, changes or removes them; only what changed is sent (the API keeps the rest).
 */
import { useState } from 'react';
import { ApiError, type ApiClient } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import type { Approval, ApprovalDetail } from './types.js';
import { useModal } from '../components/use-modal.js';
import { ConditionsList } from '../components/ConditionsList.js';
import { changedConditions, fromForm, toForm, type ConditionsForm } from './conditions-form.js';

type Choice = 'approve' | 'counter' | 'refuse' | 'forward';

export function DecideDialog({ api, detail, onClose, onDecided }: { api: ApiClient; detail: ApprovalDetail; onClose(): void; onDecided(a: Approval): void }) {
  const { t, formatNumber, lt } = useI18n();
  const a = detail.approval;
  const higher = detail.levels.slice(detail.levels.findIndex((l) => l.id === a.requiredLevel) + 1);
  const [choice, setChoice] = useState<Choice>('approve');
  const [amount, setAmount] = useState<string>(a.requestedAmount !== null ? String(Math.round(a.requestedAmount * 0.8)) : '');
  const [level, setLevel] = useState(higher[0]?.id ?? '');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const dialog = useModal<HTMLFormElement>(onClose);
  // undefined: the policy declares no conditions (nothing to show); null: it declares some, none applies.
  const policyConditions = detail.decision?.decision.conditions;
  const [conditions, setConditions] = useState<ConditionsForm>(() => toForm(policyConditions ?? null));
  const approving = choice === 'approve' || choice === 'counter';
  const setCondition = <K extends keyof ConditionsForm>(k: K, v: ConditionsForm[K]) => setConditions((c) => ({ ...c, [k]: v }));

  const submit = async () => {
    setError(null);
    setBusy(true);
    try {
      const changed = policyConditions !== undefined ? changedConditions(policyConditions, fromForm(conditions)) : undefined;
      const withConditions = changed ? { conditions: changed } : {};
      const body =
        choice === 'approve'
          ? { action: 'approve' as const, comment, ...withConditions }
          : choice === 'counter'
            ? { action: 'approve' as const, amount: Number(amount), comment, ...withConditions }
            : choice === 'refuse'
              ? { action: 'refuse' as const, comment }
              : { action: 'forward' as const, level, comment };
      const r = await api.decideApproval(a.id, body);
      onDecided(r.approval);
    } catch (e) {
      setError(e instanceof ApiError ? (e.problem.errors?.[0]?.detail ?? e.message) : (e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const options: [Choice, string][] = [
    ['approve', `${t('wf.dialog.approve')}${a.requestedAmount !== null ? ` ${formatNumber(a.requestedAmount)}` : ''}`],
    ['counter', t('wf.dialog.counter')],
    ['refuse', t('wf.dialog.refuse')],
    ...(higher.length ? ([['forward', t('wf.dialog.forward')]] as [Choice, string][]) : []),
  ];

  return (
    <div className="wf-dialog-backdrop" role="presentation" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <form
        ref={dialog}
        className="wf-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="wf-dialog-title"
        data-testid="decide-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2 id="wf-dialog-title">{t('wf.dialog.title', { id: a.customerId ?? a.id })}</h2>
        <fieldset>
          <legend className="sr-only">{t('wf.detail.decide')}</legend>
          {options.map(([value, label]) => (
            <label key={value}>
              <input type="radio" name="wf-action" value={value} checked={choice === value} onChange={() => setChoice(value)} data-testid={`choice-${value}`} /> {label}
            </label>
          ))}
        </fieldset>
        {choice === 'counter' ? (
          <label>
            {t('wf.dialog.amount')}{' '}
            <input type="number" min={1} max={a.requestedAmount ?? undefined} step="any" value={amount} onChange={(e) => setAmount(e.target.value)} data-testid="decide-amount" />
            {a.requestedAmount !== null ? <span className="muted small"> {t('wf.dialog.amountMax', { amount: formatNumber(a.requestedAmount) })}</span> : null}
          </label>
        ) : null}
        {choice === 'forward' ? (
          <label>
            {t('wf.dialog.level')}{' '}
            <select value={level} onChange={(e) => setLevel(e.target.value)} data-testid="decide-level">
              {higher.map((l) => (
                <option key={l.id} value={l.id}>
                  {lt(l.label) || l.id}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {approving && policyConditions !== undefined ? (
          <fieldset className="wf-conditions" data-testid="decide-conditions">
            <legend>{t('wf.dialog.conditions')}</legend>
            <ConditionsList conditions={policyConditions} testId="decide-policy-conditions" title={t('wf.detail.conditions')} heading="h3" />
            <p className="muted small">{t('wf.dialog.conditionsHelp')}</p>
            <label>
              {t('conditions.field.paymentTermDays')}{' '}
              <input type="number" min={0} max={365} step={1} value={conditions.paymentTermDays} onChange={(e) => setCondition('paymentTermDays', e.target.value)} data-testid="condition-paymentTermDays" />
            </label>
            <label>
              {t('conditions.field.prepaymentShare')}{' '}
              <input type="number" min={0} max={100} step="any" value={conditions.prepaymentPercent} onChange={(e) => setCondition('prepaymentPercent', e.target.value)} data-testid="condition-prepaymentShare" />
            </label>
            <label>
              <input type="checkbox" checked={conditions.guaranteeRequired} onChange={(e) => setCondition('guaranteeRequired', e.target.checked)} data-testid="condition-guaranteeRequired" /> {t('conditions.field.guaranteeRequired')}
            </label>
            <label>
              <input type="checkbox" checked={conditions.cashOnDelivery} onChange={(e) => setCondition('cashOnDelivery', e.target.checked)} data-testid="condition-cashOnDelivery" /> {t('conditions.field.cashOnDelivery')}
            </label>
            <p>
              <button type="button" onClick={() => setConditions(toForm(policyConditions ?? null))} data-testid="conditions-reset">
                {t('wf.dialog.keepConditions')}
              </button>
            </p>
          </fieldset>
        ) : null}
        <label htmlFor="wf-comment">{t('wf.dialog.comment')}</label>
        <textarea id="wf-comment" required value={comment} onChange={(e) => setComment(e.target.value)} data-testid="decide-comment" />
        {error ? (
          <p className="error-text" role="alert">
            {error}
          </p>
        ) : null}
        <div className="wf-actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy || comment.trim() === ''} data-testid="decide-submit">
            {t('wf.dialog.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}
