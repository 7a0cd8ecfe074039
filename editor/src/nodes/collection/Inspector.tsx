import type { InspectorProps } from '../types.js';
import { COLLECTION_ACTIONS } from '../../../../engine/model/policy-schema.js';
import { useI18n } from '../../i18n/i18n.js';
import { LocalizedTextField, localizedColumns } from '../../components/form/LocalizedTextField.js';
import { policyLanguageOf } from '../../document/localized.js';
import { RowActions, SelectField, TextField, moveItem } from '../../components/form/fields.js';
import { GridTable } from '../../components/form/GridTable.js';
import type { NodeOfKind } from '../../../../engine/model/policy-schema.js';

type Step = NodeOfKind<'collection'>['config']['scenarios'][number]['steps'][number];
import { ConditionBuilder } from '../../components/ConditionBuilder.js';
import { NameField, ReasonFields, policyClasses } from '../shared.js';
import { Timeline } from './Timeline.js';

type Action = (typeof COLLECTION_ACTIONS)[number];

/** Collection: scenarios as editable timelines, class → scenario mapping, default, overrides. */
export function CollectionInspector({ node, doc, path, readOnly, edit }: InspectorProps<'collection'>) {
  const { t, lt } = useI18n();
  const c = node.config;
  const base = `${path}/config`;
  const rowLabels = { up: t('common.moveUp'), down: t('common.moveDown'), remove: t('common.remove') };
  const scenarioOptions = c.scenarios.map((s) => ({ value: s.id, label: lt(s.label) || s.id }));
  const classes = [...new Set([...policyClasses(doc), ...Object.keys(c.byClass)])];
  return (
    <div className="inspector-kind">
      <NameField doc={doc} nodeId={node.id} label={t('collection.riskClass')} value={c.riskClass ?? ''} path={`${base}/riskClass`} readOnly={readOnly} onChange={(v) => edit((d) => void (d.config.riskClass = v || undefined), 'riskClass')} />
      <h4>{t('collection.scenarios')}</h4>
      {c.scenarios.map((s, si) => {
        const sp = `${base}/scenarios/${si}`;
        return (
          <section key={si} className="rule-box" aria-label={lt(s.label) || s.id}>
            <div className="criterion-head">
              <strong>{lt(s.label) || s.id}</strong>
              {!readOnly ? (
                <RowActions
                  index={si}
                  count={c.scenarios.length}
                  minCount={1}
                  labels={rowLabels}
                  onMove={(from, to) => edit((d) => void (d.config.scenarios = moveItem(d.config.scenarios, from, to)))}
                  onRemove={() => edit((d) => void d.config.scenarios.splice(si, 1))}
                />
              ) : null}
            </div>
            <div className="field-row">
              <TextField label={t('common.id')} mono value={s.id} path={`${sp}/id`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.scenarios[si]!.id = v), `${sp}/id`)} />
              <LocalizedTextField label={t('common.label')} value={s.label} policyLanguage={policyLanguageOf(doc)} path={`${sp}/label`} disabled={readOnly} onChange={(text, lang) => edit((d) => void (d.config.scenarios[si]!.label = text), `${sp}/label/${lang}`)} />
            </div>
            <Timeline steps={s.steps} />
            <GridTable<Step>
              caption={t('collection.stepsOf', { name: lt(s.label) || s.id })}
              testId={`steps-${s.id}`}
              rows={s.steps}
              rowPath={(i) => `${sp}/steps/${i}`}
              readOnly={readOnly}
              minRows={1}
              editRows={(mutate, key) => edit((d) => mutate(d.config.scenarios[si]!.steps), key)}
              newRow={(steps) => ({ day: (steps[steps.length - 1]?.day ?? 0) + 7, action: 'email' })}
              addLabel={t('collection.addStep')}
              columns={[
                { key: 'day', header: t('collection.day'), kind: 'number', integer: true, width: '7em', get: (x) => x.day, set: (x, v) => void (x.day = Math.round((v as number | null) ?? 0)), label: (_x, i) => t('collection.stepDay', { n: i + 1 }) },
                { key: 'action', header: t('collection.action'), kind: 'select', options: COLLECTION_ACTIONS.map((a) => ({ value: a, label: t(`action.${a}`) })), get: (x) => x.action, set: (x, v) => void (x.action = (v ?? 'email') as Action), label: (_x, i) => t('collection.stepAction', { n: i + 1 }) },
                ...localizedColumns<Step>({ key: 'label', header: t('common.label'), t, policyLanguage: policyLanguageOf(doc), get: (x) => x.label, set: (x, text) => void (x.label = text), label: (_x, i) => t('collection.stepLabel', { n: i + 1 }) }),
              ]}
            />
            {!readOnly ? (
              <button type="button" onClick={() => edit((d) => void d.config.scenarios[si]!.steps.sort((a, b) => a.day - b.day))}>
                {t('collection.sortSteps')}
              </button>
            ) : null}
          </section>
        );
      })}
      {!readOnly ? (
        <button
          type="button"
          onClick={() =>
            edit((d) => {
              const ids = new Set(d.config.scenarios.map((x) => x.id));
              let n = d.config.scenarios.length + 1;
              while (ids.has(`scenario${n}`)) n++;
              d.config.scenarios.push({ id: `scenario${n}`, steps: [{ day: 0, action: 'email' }] });
            })
          }
        >
          + {t('collection.addScenario')}
        </button>
      ) : null}

      <h4>{t('collection.byClass')}</h4>
      <div className="field-grid">
        {classes.map((cls) => (
          <SelectField
            key={cls}
            label={t('collection.scenarioFor', { cls })}
            value={c.byClass[cls] ?? ''}
            emptyLabel={t('collection.useDefault')}
            options={scenarioOptions}
            path={`${base}/byClass/${cls}`}
            disabled={readOnly}
            onChange={(v) =>
              edit((d) => {
                if (v) d.config.byClass[cls] = v;
                else delete d.config.byClass[cls];
              })
            }
          />
        ))}
        <SelectField label={t('collection.default')} value={c.default ?? ''} emptyLabel={t('common.none')} options={scenarioOptions} path={`${base}/default`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.default = v || undefined))} />
      </div>

      <h4>{t('collection.overrides')}</h4>
      {(c.overrides ?? []).map((o, i) => {
        const p = `${base}/overrides/${i}`;
        return (
          <section key={i} className="rule-box" aria-label={lt(o.label) || o.id}>
            <div className="criterion-head">
              <strong>{lt(o.label) || o.id}</strong>
              {!readOnly ? (
                <RowActions index={i} count={c.overrides!.length} labels={rowLabels} onMove={(from, to) => edit((d) => void (d.config.overrides = moveItem(d.config.overrides ?? [], from, to)))} onRemove={() => edit((d) => void d.config.overrides!.splice(i, 1))} />
              ) : null}
            </div>
            <div className="field-row">
              <TextField label={t('common.id')} mono value={o.id} path={`${p}/id`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.overrides![i]!.id = v), `${p}/id`)} />
              <LocalizedTextField label={t('common.label')} className="grow" value={o.label} policyLanguage={policyLanguageOf(doc)} path={`${p}/label`} disabled={readOnly} onChange={(text, lang) => edit((d) => void (d.config.overrides![i]!.label = text), `${p}/label/${lang}`)} />
            </div>
            <div className="cond-title">{t('cond.when')}</div>
            <ConditionBuilder doc={doc} nodeId={node.id} value={o.when} path={`${p}/when`} readOnly={readOnly} onChange={(w, key) => edit((d) => void (d.config.overrides![i]!.when = w), key)} />
            <SelectField label={t('collection.scenario')} value={o.scenario} options={scenarioOptions} path={`${p}/scenario`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.overrides![i]!.scenario = v))} />
            {o.reason ? <ReasonFields policyLanguage={policyLanguageOf(doc)} value={o.reason} path={`${p}/reason`} readOnly={readOnly} onChange={(r, key) => edit((d) => void (d.config.overrides![i]!.reason = r), key)} /> : null}
          </section>
        );
      })}
      {!readOnly ? (
        <button type="button" onClick={() => edit((d) => void (d.config.overrides = [...(d.config.overrides ?? []), { id: `override${(d.config.overrides?.length ?? 0) + 1}`, when: { all: [] }, scenario: d.config.scenarios[0]!.id }]))}>
          + {t('collection.addOverride')}
        </button>
      ) : null}
    </div>
  );
}
