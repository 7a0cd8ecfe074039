import type { InspectorProps } from '../types.js';
import { useI18n } from '../../i18n/i18n.js';
import { fitTextsToPolicy } from '../../document/translations.js';
import { LocalizedTextField, localizedColumns } from '../../components/form/LocalizedTextField.js';
import { policyLanguageOf } from '../../document/localized.js';
import { NumberField, RowActions, SelectField, TextField, moveItem } from '../../components/form/fields.js';
import { GridTable } from '../../components/form/GridTable.js';
import type { NodeOfKind } from '../../../../engine/model/policy-schema.js';
import { ConditionBuilder } from '../../components/ConditionBuilder.js';
import { ExpressionField, OutcomeSelect, ReasonFields } from '../shared.js';
import { newApprovalRule } from './defaults.js';

type ApprovalLevel = NodeOfKind<'approval'>['config']['levels'][number];

/** A new delegation level: a fresh id and a ceiling above the highest bounded level, so it starts valid. */
function newLevel(levels: ApprovalLevel[]): ApprovalLevel {
  const ids = new Set(levels.map((l) => l.id));
  let n = levels.length + 1;
  while (ids.has(`level${n}`)) n++;
  const top = Math.max(0, ...levels.map((l) => l.maxAmount ?? 0));
  return { id: `level${n}`, label: undefined, maxAmount: top > 0 ? top * 2 : 10000 };
}

/** Approval: amounts, the delegation level table, ordered rules with conditions, the default. */
export function ApprovalInspector({ node, doc, path, readOnly, edit }: InspectorProps<'approval'>) {
  const { t, lt } = useI18n();
  const c = node.config;
  const base = `${path}/config`;
  const rowLabels = { up: t('common.moveUp'), down: t('common.moveDown'), remove: t('common.remove') };
  const levelOptions = c.levels.map((l) => ({ value: l.id, label: lt(l.label) || l.id }));
  return (
    <div className="inspector-kind">
      <ExpressionField optional label={t('approval.amount')} value={c.amount ?? ''} path={`${base}/amount`} readOnly={readOnly} onChange={(v) => edit((d) => void (d.config.amount = v || undefined), 'amount')} />
      <ExpressionField optional label={t('approval.authorityAmount')} value={c.authorityAmount ?? ''} path={`${base}/authorityAmount`} readOnly={readOnly} onChange={(v) => edit((d) => void (d.config.authorityAmount = v || undefined), 'authorityAmount')} />

      <h4>{t('approval.levels')}</h4>
      <GridTable<ApprovalLevel>
        caption={t('approval.levels')}
        testId="levels-table"
        rows={c.levels}
        rowPath={(i) => `${base}/levels/${i}`}
        readOnly={readOnly}
        minRows={1}
        editRows={(mutate, key) => edit((d) => mutate(d.config.levels), key)}
        newRow={newLevel}
        insertAt={(levels) => {
          // before the unbounded level (the last resort), never after it
          const open = levels.findIndex((l) => l.maxAmount === null);
          return open < 0 ? levels.length : open;
        }}
        addLabel={t('approval.addLevel')}
        columns={[
          ...localizedColumns<ApprovalLevel>({ key: 'label', header: t('common.label'), t, policyLanguage: policyLanguageOf(doc), get: (l) => l.label, set: (l, text) => void (l.label = text), label: (_l, i) => t('approval.levelLabel', { n: i + 1 }) }),
          { key: 'maxAmount', header: t('approval.maxAmount'), kind: 'number', nullable: true, placeholder: t('approval.noCeiling'), get: (l) => l.maxAmount, set: (l, v) => void (l.maxAmount = v as number | null), label: (l) => t('approval.levelMax', { level: lt(l.label) || l.id }) },
          { key: 'id', header: t('common.id'), kind: 'text', mono: true, width: '9em', get: (l) => l.id, set: (l, v) => void (l.id = String(v ?? '')), label: (_l, i) => t('approval.levelId', { n: i + 1 }) },
        ]}
      />

      <h4>{t('approval.rules')}</h4>
      <p className="muted small">{t('approval.rulesHelp')}</p>
      {c.rules.map((rule, i) => {
        const rpath = `${base}/rules/${i}`;
        return (
          <section key={i} className="rule-box" aria-label={lt(rule.label) || rule.id}>
            <div className="criterion-head">
              <strong>
                {i + 1}. {lt(rule.label) || rule.id}
              </strong>
              {!readOnly ? (
                <RowActions
                  index={i}
                  count={c.rules.length}
                  labels={rowLabels}
                  onMove={(from, to) => edit((d) => void (d.config.rules = moveItem(d.config.rules, from, to)))}
                  onRemove={() => edit((d) => void d.config.rules.splice(i, 1))}
                />
              ) : null}
            </div>
            <div className="field-row">
              <TextField label={t('common.id')} mono value={rule.id} path={`${rpath}/id`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.rules[i]!.id = v), `${rpath}/id`)} />
              <LocalizedTextField label={t('common.label')} value={rule.label} policyLanguage={policyLanguageOf(doc)} path={`${rpath}/label`} disabled={readOnly} onChange={(text, lang) => edit((d) => void (d.config.rules[i]!.label = text), `${rpath}/label/${lang}`)} />
            </div>
            <div className="cond-title">{t('cond.when')}</div>
            <ConditionBuilder doc={doc} nodeId={node.id} value={rule.when} path={`${rpath}/when`} readOnly={readOnly} onChange={(w, key) => edit((d) => void (d.config.rules[i]!.when = w), key)} />
            <div className="field-row">
              <OutcomeSelect label={t('common.outcome')} value={rule.outcome} path={`${rpath}/outcome`} readOnly={readOnly} onChange={(o) => edit((d) => void (d.config.rules[i]!.outcome = o))} />
              <SelectField label={t('approval.level')} value={rule.level ?? ''} emptyLabel={t('approval.levelByAmount')} options={levelOptions} path={`${rpath}/level`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.rules[i]!.level = v || undefined))} />
            </div>
            <ReasonFields policyLanguage={policyLanguageOf(doc)} value={rule.reason} path={`${rpath}/reason`} readOnly={readOnly} onChange={(r, key) => edit((d) => void (d.config.rules[i]!.reason = r), key)} />
          </section>
        );
      })}
      {!readOnly ? (
        <button type="button" onClick={() => edit((d) => void d.config.rules.push(fitTextsToPolicy(newApprovalRule(d.config.rules), doc)))}>
          + {t('approval.addRule')}
        </button>
      ) : null}

      <h4>{t('approval.default')}</h4>
      <div className="field-row">
        <OutcomeSelect label={t('common.outcome')} value={c.default.outcome} path={`${base}/default/outcome`} readOnly={readOnly} onChange={(o) => edit((d) => void (d.config.default.outcome = o))} />
        <SelectField label={t('approval.level')} value={c.default.level ?? ''} emptyLabel={t('approval.levelByAmount')} options={levelOptions} path={`${base}/default/level`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.default.level = v || undefined))} />
      </div>
      <ReasonFields policyLanguage={policyLanguageOf(doc)} value={c.default.reason} path={`${base}/default/reason`} readOnly={readOnly} onChange={(r, key) => edit((d) => void (d.config.default.reason = r), key)} />

      <NumberField
        nullable
        label={t('approval.serviceHours')}
        placeholder={t('approval.noServiceTime')}
        value={c.serviceHours ?? null}
        path={`${base}/serviceHours`}
        disabled={readOnly}
        min={0}
        onChange={(v) => edit((d) => void (d.config.serviceHours = v ?? undefined), 'serviceHours')}
      />
      <p className="muted small">{t('approval.serviceHoursHelp')}</p>
    </div>
  );
}
