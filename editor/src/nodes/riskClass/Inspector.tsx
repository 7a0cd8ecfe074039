import type { InspectorProps } from '../types.js';
import { useI18n } from '../../i18n/i18n.js';
import { NumberField, RowActions, SelectField, TextField, moveItem } from '../../components/form/fields.js';
import { ConditionBuilder } from '../../components/ConditionBuilder.js';
import { NameField, ReasonFields } from '../shared.js';
import { newOverride } from './defaults.js';

/** Risk class: score variable, class thresholds (best first), override rules. */
export function RiskClassInspector({ node, doc, path, readOnly, edit }: InspectorProps<'riskClass'>) {
  const { t, lt, lw } = useI18n();
  const c = node.config;
  const base = `${path}/config`;
  const rowLabels = { up: t('common.moveUp'), down: t('common.moveDown'), remove: t('common.remove') };
  const classOptions = c.classes.map((x) => ({ value: x.id, label: lt(x.label) || x.id }));
  return (
    <div className="inspector-kind">
      <div className="field-row">
        <NameField doc={doc} nodeId={node.id} label={t('riskClass.score')} value={c.score} path={`${base}/score`} readOnly={readOnly} onChange={(v) => edit((d) => void (d.config.score = v), 'score')} />
        <TextField label={t('riskClass.output')} mono value={c.output ?? ''} path={`${base}/output`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.output = v || undefined), 'output')} />
      </div>
      <h4>{t('riskClass.classes')}</h4>
      <p className="muted small">{t('riskClass.classesHelp')}</p>
      <table className="grid-table">
        <caption className="sr-only">{t('riskClass.classes')}</caption>
        <thead>
          <tr>
            <th>{t('common.id')}</th>
            <th>{t('common.label')}</th>
            <th>{t('riskClass.minScore')}</th>
            <th>{t('riskClass.reviewMonths')}</th>
            <th>
              <span className="sr-only">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {c.classes.map((cls, i) => {
            const p = `${base}/classes/${i}`;
            return (
              <tr key={i} data-path={p}>
                <td>
                  <TextField hideLabel mono label={t('riskClass.classId', { n: i + 1 })} value={cls.id} path={`${p}/id`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.classes[i]!.id = v), `${p}/id`)} />
                </td>
                <td>
                  <TextField hideLabel label={t('riskClass.classLabel', { n: i + 1 })} value={lt(cls.label)} path={`${p}/label`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.classes[i]!.label = lw(d.config.classes[i]!.label, v)), `${p}/label`)} />
                </td>
                <td>
                  <NumberField hideLabel label={t('riskClass.classMin', { id: cls.id })} value={cls.minScore} path={`${p}/minScore`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.classes[i]!.minScore = v ?? 0), `${p}/minScore`)} />
                </td>
                <td>
                  <NumberField hideLabel nullable label={t('riskClass.classReview', { id: cls.id })} value={cls.reviewMonths ?? null} path={`${p}/reviewMonths`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.classes[i]!.reviewMonths = v ?? undefined), `${p}/reviewMonths`)} />
                </td>
                <td>
                  {!readOnly ? (
                    <RowActions
                      index={i}
                      count={c.classes.length}
                      minCount={1}
                      labels={rowLabels}
                      onMove={(from, to) => edit((d) => void (d.config.classes = moveItem(d.config.classes, from, to)))}
                      onRemove={() => edit((d) => void d.config.classes.splice(i, 1))}
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
              const last = d.config.classes[d.config.classes.length - 1];
              const ids = new Set(d.config.classes.map((x) => x.id));
              let n = d.config.classes.length + 1;
              while (ids.has(`C${n}`)) n++;
              d.config.classes.push({ id: `C${n}`, minScore: last ? last.minScore - 10 : 0 });
            })
          }
        >
          + {t('riskClass.addClass')}
        </button>
      ) : null}

      <h4>{t('riskClass.overrides')}</h4>
      {(c.overrides ?? []).map((o, i) => {
        const p = `${base}/overrides/${i}`;
        return (
          <section key={i} className="rule-box" aria-label={lt(o.label) || o.id}>
            <div className="criterion-head">
              <strong>{lt(o.label) || o.id}</strong>
              {!readOnly ? (
                <RowActions
                  index={i}
                  count={c.overrides!.length}
                  labels={rowLabels}
                  onMove={(from, to) => edit((d) => void (d.config.overrides = moveItem(d.config.overrides ?? [], from, to)))}
                  onRemove={() => edit((d) => void d.config.overrides!.splice(i, 1))}
                />
              ) : null}
            </div>
            <div className="field-row">
              <TextField label={t('common.id')} mono value={o.id} path={`${p}/id`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.overrides![i]!.id = v), `${p}/id`)} />
              <TextField label={t('common.label')} value={lt(o.label)} path={`${p}/label`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.overrides![i]!.label = lw(d.config.overrides![i]!.label, v)), `${p}/label`)} />
            </div>
            <div className="cond-title">{t('cond.when')}</div>
            <ConditionBuilder doc={doc} nodeId={node.id} value={o.when} path={`${p}/when`} readOnly={readOnly} onChange={(w, key) => edit((d) => void (d.config.overrides![i]!.when = w), key)} />
            <div className="field-row">
              <SelectField
                label={t('riskClass.effect')}
                value={o.effect}
                path={`${p}/effect`}
                disabled={readOnly}
                options={[
                  { value: 'force', label: t('riskClass.effect.force') },
                  { value: 'noBetterThan', label: t('riskClass.effect.noBetterThan') },
                ]}
                onChange={(v) => edit((d) => void (d.config.overrides![i]!.effect = v))}
              />
              <SelectField label={t('riskClass.class')} value={o.class} options={classOptions} path={`${p}/class`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.overrides![i]!.class = v))} />
            </div>
            <ReasonFields value={o.reason} path={`${p}/reason`} readOnly={readOnly} onChange={(r, key) => edit((d) => void (d.config.overrides![i]!.reason = r), key)} />
          </section>
        );
      })}
      {!readOnly ? (
        <button type="button" onClick={() => edit((d) => void (d.config.overrides = [...(d.config.overrides ?? []), newOverride(d.config)]))}>
          + {t('riskClass.addOverride')}
        </button>
      ) : null}
    </div>
  );
}
