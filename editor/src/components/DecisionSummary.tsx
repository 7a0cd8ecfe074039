/** A decision as a card: outcome, level, score, class, limit, scenario and reasons. */
import type { Decision } from '../../../engine/model/decision-schema.js';
import { useI18n } from '../i18n/i18n.js';

export function DecisionSummary({ decision }: { decision: Decision }) {
  const { t, formatNumber } = useI18n();
  const row = (label: string, value: string | null, testId: string) => (
    <div className="dc-row">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value ?? '—'}</dd>
    </div>
  );
  return (
    <section className={`decision-card outcome-${decision.outcome}`} aria-label={t('test.decision')} data-testid="decision-card">
      <div className="dc-outcome" data-testid="decision-outcome">
        {t(`outcome.${decision.outcome}`)}
        {decision.approvalLevel ? <span className="dc-level"> → {decision.approvalLevel}</span> : null}
      </div>
      <dl>
        {row(t('decision.score'), decision.score === null ? null : `${formatNumber(decision.score)}${decision.scoreScale ? ` / ${decision.scoreScale.max}` : ''}`, 'decision-score')}
        {row(t('decision.riskClass'), decision.riskClass, 'decision-class')}
        {row(t('decision.creditLimit'), decision.creditLimit ? formatNumber(decision.creditLimit.gross) : null, 'decision-limit')}
        {row(t('decision.unsecured'), decision.creditLimit ? formatNumber(decision.creditLimit.unsecured) : null, 'decision-unsecured')}
        {row(t('decision.level'), decision.approvalLevel, 'decision-level')}
        {row(t('decision.scenario'), decision.collectionScenario ? decision.collectionScenario.label ?? decision.collectionScenario.id : null, 'decision-scenario')}
      </dl>
      {decision.reasons.length ? (
        <>
          <h4>{t('decision.reasons')}</h4>
          <ul className="reason-list">
            {decision.reasons.map((r, i) => (
              <li key={i}>
                <code>{r.code}</code> {r.message} <span className="muted">· {r.nodeId}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
