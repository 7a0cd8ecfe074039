/**
 * A decision as a card: outcome, level, score, class, limit, scenario and reasons, in business
 * words when the policy is at hand (level and class labels, the deciding node's label); ids in tooltips.
 */
import type { Decision } from '../../../engine/model/decision-schema.js';
import type { PolicyDocument } from '../../../engine/model/policy-schema.js';
import { useI18n } from '../i18n/i18n.js';
import type { LocalizedText } from '../../../engine/model/policy-schema.js';
import { ConditionsList } from './ConditionsList.js';

/** Business labels of a policy's levels, classes and nodes (id → label). */
function labelsOf(doc: PolicyDocument | undefined, lt: (text: LocalizedText | undefined) => string) {
  const levels = new Map<string, string>();
  const classes = new Map<string, string>();
  const nodes = new Map<string, string>();
  for (const n of doc?.nodes ?? []) {
    if (n.label) nodes.set(n.id, lt(n.label));
    if (n.kind === 'approval') n.config.levels.forEach((l) => l.label && levels.set(l.id, lt(l.label)));
    if (n.kind === 'riskClass') n.config.classes.forEach((c) => c.label && classes.set(c.id, `${c.id} · ${lt(c.label)}`));
  }
  return { levels, classes, nodes };
}

export function DecisionSummary({ decision, doc }: { decision: Decision; doc?: PolicyDocument }) {
  const { t, formatNumber, lt, locale } = useI18n();
  const labels = labelsOf(doc, lt);
  const level = decision.approvalLevel ? labels.levels.get(decision.approvalLevel) ?? decision.approvalLevel : null;
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
        {level ? (
          <span className="dc-level" title={decision.approvalLevel ?? undefined}>
            {' '}
            → {level}
          </span>
        ) : null}
      </div>
      <dl>
        {row(t('decision.score'), decision.score === null ? null : `${formatNumber(decision.score)}${decision.scoreScale ? ` / ${decision.scoreScale.max}` : ''}`, 'decision-score')}
        {row(t('decision.riskClass'), decision.riskClass, 'decision-class')}
        {decision.riskClass && labels.classes.has(decision.riskClass) ? <p className="muted small dc-class-label">{labels.classes.get(decision.riskClass)}</p> : null}
        {row(t('decision.creditLimit'), decision.creditLimit ? formatNumber(decision.creditLimit.gross) : null, 'decision-limit')}
        {row(t('decision.unsecured'), decision.creditLimit ? formatNumber(decision.creditLimit.unsecured) : null, 'decision-unsecured')}
        {row(t('decision.level'), level, 'decision-level')}
        {row(t('decision.scenario'), decision.collectionScenario ? decision.collectionScenario.label ?? decision.collectionScenario.id : null, 'decision-scenario')}
      </dl>
      <ConditionsList conditions={decision.conditions} testId="decision-conditions" />
      {decision.warnings?.length ? (
        <div className="decision-warnings" role="note" data-testid="decision-warnings">
          <h4>{t('decision.warnings')}</h4>
          <ul className="reason-list">
            {decision.warnings.map((w, i) => (
              <li key={i} title={w.code}>
                ⚠ {w.messages[locale]}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {decision.reasons.length ? (
        <>
          <h4>{t('decision.reasons')}</h4>
          <ul className="reason-list">
            {decision.reasons.map((r, i) => (
              <li key={i}>
                <span title={`${r.code} · ${r.nodeId}`}>{r.message}</span> <span className="muted small">· {labels.nodes.get(r.nodeId) ?? r.nodeId}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
