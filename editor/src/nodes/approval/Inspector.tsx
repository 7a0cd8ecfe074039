import type { InspectorProps } from '../types.js';
import { useI18n } from '../../i18n/i18n.js';
import { NumberField, RowActions, SelectField, TextField, moveItem } from '../../components/form/fields.js';
import { ConditionBuilder } from '../../components/ConditionBuilder.js';
import { ExpressionField, OutcomeSelect, ReasonFields } from '../shared.js';
import { newApprovalRule } from './defaults.js';

/** Approval: amounts, the delegation level table, ordered rules with conditions, the default. */
export function ApprovalInspector({ node, doc, path, readOnly, edit }: InspectorProps<'approval'>) {
  const { t, lt, lw } = useI18n();
  const c = node.config;
  const base = `${path}/config`;
  const rowLabels = { up: t('common.moveUp'), down: t('common.moveDown'), remove: t('common.remove') };
  const levelOptions = c.levels.map((l) => ({ value: l.id, label: lt(l.label) || l.id }));
  return (
    <div className="inspector-kind">
      <ExpressionField optional label={t('approval.amount')} value={c.amount ?? ''} path={`${base}/amount`} readOnly={readOnly} onChange={(v) => edit((d) => void (d.config.amount = v || undefined), 'amount')} />
      <ExpressionField optional label={t('approval.authorityAmount')} value={c.authorityAmount ?? ''} path={`${base}/authorityAmount`} readOnly={readOnly} onChange={(v) => edit((d) => void (d.config.authorityAmount = v || undefined), 'authorityAmount')} />

      <h4>{t('approval.levels')}</h4>
      <table className="grid-table">
        <caption className="sr-only">{t('approval.levels')}</caption>
        <thead>
          <tr>
            <th>{t('common.id')}</th>
            <th>{t('common.label')}</th>
            <th>{t('approval.maxAmount')}</th>
            <th>
              <span className="sr-only">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {c.levels.map((level, i) => {
            const lpath = `${base}/levels/${i}`;
            return (
              <tr key={i} data-path={lpath}>
                <td>
                  <TextField hideLabel mono label={t('approval.levelId', { n: i + 1 })} value={level.id} path={`${lpath}/id`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.levels[i]!.id = v), `${lpath}/id`)} />
                </td>
                <td>
                  <TextField hideLabel label={t('approval.levelLabel', { n: i + 1 })} value={lt(level.label)} path={`${lpath}/label`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.levels[i]!.label = lw(d.config.levels[i]!.label, v)), `${lpath}/label`)} />
                </td>
                <td>
                  <NumberField
                    hideLabel
                    nullable
                    placeholder={t('approval.noCeiling')}
                    label={t('approval.levelMax', { level: lt(level.label) || level.id })}
                    value={level.maxAmount}
                    path={`${lpath}/maxAmount`}
                    disabled={readOnly}
                    min={0}
                    onChange={(v) => edit((d) => void (d.config.levels[i]!.maxAmount = v), `${lpath}/maxAmount`)}
                  />
                </td>
                <td>
                  {!readOnly ? (
                    <RowActions
                      index={i}
                      count={c.levels.length}
                      minCount={1}
                      labels={rowLabels}
                      onMove={(from, to) => edit((d) => void (d.config.levels = moveItem(d.config.levels, from, to)))}
                      onRemove={() => edit((d) => void d.config.levels.splice(i, 1))}
                    />
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {!readOnly ? (
        <button
          type="button"
          onClick={() =>
            edit((d) => {
              const ids = new Set(d.config.levels.map((l) => l.id));
              let n = d.config.levels.length + 1;
              while (ids.has(`level${n}`)) n++;
              d.config.levels.push({ id: `level${n}`, maxAmount: null });
            })
          }
        >
          + {t('approval.addLevel')}
        </button>
      ) : null}

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
              <TextField label={t('common.label')} value={lt(rule.label)} path={`${rpath}/label`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.rules[i]!.label = lw(d.config.rules[i]!.label, v)), `${rpath}/label`)} />
            </div>
            <div className="cond-title">{t('cond.when')}</div>
            <ConditionBuilder doc={doc} nodeId={node.id} value={rule.when} path={`${rpath}/when`} readOnly={readOnly} onChange={(w, key) => edit((d) => void (d.config.rules[i]!.when = w), key)} />
            <div className="field-row">
              <OutcomeSelect label={t('common.outcome')} value={rule.outcome} path={`${rpath}/outcome`} readOnly={readOnly} onChange={(o) => edit((d) => void (d.config.rules[i]!.outcome = o))} />
              <SelectField label={t('approval.level')} value={rule.level ?? ''} emptyLabel={t('approval.levelByAmount')} options={levelOptions} path={`${rpath}/level`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.rules[i]!.level = v || undefined))} />
            </div>
            <ReasonFields value={rule.reason} path={`${rpath}/reason`} readOnly={readOnly} onChange={(r, key) => edit((d) => void (d.config.rules[i]!.reason = r), key)} />
          </section>
        );
      })}
      {!readOnly ? (
        <button type="button" onClick={() => edit((d) => void d.config.rules.push(newApprovalRule(d.config.rules)))}>
          + {t('approval.addRule')}
        </button>
      ) : null}

      <h4>{t('approval.default')}</h4>
      <div className="field-row">
        <OutcomeSelect label={t('common.outcome')} value={c.default.outcome} path={`${base}/default/outcome`} readOnly={readOnly} onChange={(o) => edit((d) => void (d.config.default.outcome = o))} />
        <SelectField label={t('approval.level')} value={c.default.level ?? ''} emptyLabel={t('approval.levelByAmount')} options={levelOptions} path={`${base}/default/level`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.default.level = v || undefined))} />
      </div>
      <ReasonFields value={c.default.reason} path={`${base}/default/reason`} readOnly={readOnly} onChange={(r, key) => edit((d) => void (d.config.default.reason = r), key)} />

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
