import type { InspectorProps } from '../types.js';
import type { RuleAction } from '../../../../engine/model/policy-schema.js';
import { useI18n } from '../../i18n/i18n.js';
import { fitTextsToPolicy } from '../../document/translations.js';
import { LocalizedTextField, localizedColumns } from '../../components/form/LocalizedTextField.js';
import { policyLanguageOf } from '../../document/localized.js';
import { RowActions, SelectField, TextField, moveItem } from '../../components/form/fields.js';
import { ConditionBuilder } from '../../components/ConditionBuilder.js';
import { ExpressionField, OutcomeSelect, ReasonFields } from '../shared.js';
import { newRule } from './defaults.js';

const ACTION_DEFAULTS: Record<RuleAction['type'], RuleAction> = {
  outcome: { type: 'outcome', outcome: 'refuse', reason: { code: 'KNOCK_OUT', message: { en: 'Knock-out rule', fr: 'Règle éliminatoire' } } },
  reason: { type: 'reason', reason: { code: 'RULE_MATCHED', message: { en: 'Rule matched', fr: 'Règle appliquée' } } },
  set: { type: 'set', variable: 'flag', expression: '1' },
};

/** Rules: every matching rule fires; each has a condition and actions (outcome, reason, set). */
export function RulesInspector({ node, doc, path, readOnly, edit }: InspectorProps<'rules'>) {
  const { t, lt } = useI18n();
  const base = `${path}/config/rules`;
  const rowLabels = { up: t('common.moveUp'), down: t('common.moveDown'), remove: t('common.remove') };
  return (
    <div className="inspector-kind">
      <p className="muted small">{t('rules.help')}</p>
      {node.config.rules.map((rule, i) => {
        const p = `${base}/${i}`;
        return (
          <section key={i} className="rule-box" aria-label={lt(rule.label) || rule.id}>
            <div className="criterion-head">
              <strong>{lt(rule.label) || rule.id}</strong>
              {!readOnly ? (
                <RowActions index={i} count={node.config.rules.length} minCount={1} labels={rowLabels} onMove={(from, to) => edit((d) => void (d.config.rules = moveItem(d.config.rules, from, to)))} onRemove={() => edit((d) => void d.config.rules.splice(i, 1))} />
              ) : null}
            </div>
            <div className="field-row">
              <TextField label={t('common.id')} mono value={rule.id} path={`${p}/id`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.rules[i]!.id = v), `${p}/id`)} />
              <LocalizedTextField label={t('common.label')} value={rule.label} policyLanguage={policyLanguageOf(doc)} path={`${p}/label`} disabled={readOnly} onChange={(text, lang) => edit((d) => void (d.config.rules[i]!.label = text), `${p}/label/${lang}`)} />
            </div>
            <div className="cond-title">{t('cond.when')}</div>
            <ConditionBuilder doc={doc} nodeId={node.id} value={rule.when} path={`${p}/when`} readOnly={readOnly} onChange={(w, key) => edit((d) => void (d.config.rules[i]!.when = w), key)} />
            <div className="cond-title">{t('rules.then')}</div>
            {rule.actions.map((a, ai) => {
              const ap = `${p}/actions/${ai}`;
              const setAction = (next: RuleAction, key?: string) => edit((d) => void (d.config.rules[i]!.actions[ai] = next), key);
              return (
                <div key={ai} className="action-row" data-path={ap}>
                  <SelectField<RuleAction['type']>
                    label={t('rules.actionType')}
                    value={a.type}
                    path={`${ap}/type`}
                    disabled={readOnly}
                    options={(['outcome', 'reason', 'set'] as const).map((x) => ({ value: x, label: t(`rules.action.${x}`) }))}
                    onChange={(type) => setAction(fitTextsToPolicy(ACTION_DEFAULTS[type], doc))}
                  />
                  {a.type === 'outcome' ? (
                    <>
                      <OutcomeSelect label={t('common.outcome')} value={a.outcome} path={`${ap}/outcome`} readOnly={readOnly} onChange={(o) => setAction({ ...a, outcome: o })} />
                      <ReasonFields policyLanguage={policyLanguageOf(doc)} value={a.reason} path={`${ap}/reason`} readOnly={readOnly} onChange={(r, key) => setAction({ ...a, reason: r }, key)} />
                    </>
                  ) : a.type === 'reason' ? (
                    <ReasonFields policyLanguage={policyLanguageOf(doc)} value={a.reason} path={`${ap}/reason`} readOnly={readOnly} onChange={(r, key) => setAction({ ...a, reason: r }, key)} />
                  ) : (
                    <>
                      <TextField label={t('rules.variable')} mono value={a.variable} path={`${ap}/variable`} disabled={readOnly} onChange={(v) => setAction({ ...a, variable: v }, `${ap}/variable`)} />
                      <ExpressionField label={t('rules.expression')} value={a.expression} path={`${ap}/expression`} readOnly={readOnly} onChange={(v) => setAction({ ...a, expression: v }, `${ap}/expression`)} />
                    </>
                  )}
                  {!readOnly && rule.actions.length > 1 ? (
                    <button type="button" className="icon-btn danger" aria-label={t('rules.removeAction')} title={t('rules.removeAction')} onClick={() => edit((d) => void d.config.rules[i]!.actions.splice(ai, 1))}>
                      ×
                    </button>
                  ) : null}
                </div>
              );
            })}
            {!readOnly ? (
              <button type="button" onClick={() => edit((d) => void d.config.rules[i]!.actions.push(fitTextsToPolicy(ACTION_DEFAULTS.reason, doc)))}>
                + {t('rules.addAction')}
              </button>
            ) : null}
          </section>
        );
      })}
      {!readOnly ? (
        <button type="button" onClick={() => edit((d) => void d.config.rules.push(fitTextsToPolicy(newRule(d.config.rules), doc)))}>
          + {t('rules.addRule')}
        </button>
      ) : null}
    </div>
  );
}
