import type { InspectorProps } from '../types.js';
import { useI18n } from '../../i18n/i18n.js';
import { fitTextsToPolicy } from '../../document/translations.js';
import { LocalizedTextField, localizedColumns } from '../../components/form/LocalizedTextField.js';
import { policyLanguageOf } from '../../document/localized.js';
import { RowActions, SelectField, TextField, moveItem } from '../../components/form/fields.js';
import { GridTable } from '../../components/form/GridTable.js';
import type { NodeOfKind } from '../../../../engine/model/policy-schema.js';

type RiskClassDef = NodeOfKind<'riskClass'>['config']['classes'][number];
import { ConditionBuilder } from '../../components/ConditionBuilder.js';
import { NameField, ReasonFields } from '../shared.js';
import { newOverride } from './defaults.js';

/** Risk class: score variable, class thresholds (best first), override rules. */
export function RiskClassInspector({ node, doc, path, readOnly, edit }: InspectorProps<'riskClass'>) {
  const { t, lt } = useI18n();
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
      <GridTable<RiskClassDef>
        caption={t('riskClass.classes')}
        testId="classes-table"
        rows={c.classes}
        rowPath={(i) => `${base}/classes/${i}`}
        readOnly={readOnly}
        minRows={1}
        editRows={(mutate, key) => edit((d) => mutate(d.config.classes), key)}
        newRow={(classes) => {
          const last = classes[classes.length - 1];
          const ids = new Set(classes.map((x) => x.id));
          let n = classes.length + 1;
          while (ids.has(`C${n}`)) n++;
          return { id: `C${n}`, minScore: last ? last.minScore - 10 : 0 };
        }}
        addLabel={t('riskClass.addClass')}
        columns={[
          { key: 'id', header: t('riskClass.class'), kind: 'text', mono: true, width: '7em', get: (x) => x.id, set: (x, v) => void (x.id = String(v ?? '')), label: (_x, i) => t('riskClass.classId', { n: i + 1 }) },
          ...localizedColumns<RiskClassDef>({ key: 'label', header: t('common.label'), t, policyLanguage: policyLanguageOf(doc), get: (x) => x.label, set: (x, text) => void (x.label = text), label: (_x, i) => t('riskClass.classLabel', { n: i + 1 }) }),
          { key: 'minScore', header: t('riskClass.minScore'), kind: 'number', get: (x) => x.minScore, set: (x, v) => void (x.minScore = (v as number | null) ?? 0), label: (x) => t('riskClass.classMin', { id: x.id }) },
          { key: 'reviewMonths', header: t('riskClass.reviewMonths'), kind: 'number', nullable: true, integer: true, get: (x) => x.reviewMonths ?? null, set: (x, v) => void (x.reviewMonths = (v as number | null) ?? undefined), label: (x) => t('riskClass.classReview', { id: x.id }) },
        ]}
      />

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
              <LocalizedTextField label={t('common.label')} value={o.label} policyLanguage={policyLanguageOf(doc)} path={`${p}/label`} disabled={readOnly} onChange={(text, lang) => edit((d) => void (d.config.overrides![i]!.label = text), `${p}/label/${lang}`)} />
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
            <ReasonFields policyLanguage={policyLanguageOf(doc)} value={o.reason} path={`${p}/reason`} readOnly={readOnly} onChange={(r, key) => edit((d) => void (d.config.overrides![i]!.reason = r), key)} />
          </section>
        );
      })}
      {!readOnly ? (
        <button type="button" onClick={() => edit((d) => void (d.config.overrides = [...(d.config.overrides ?? []), fitTextsToPolicy(newOverride(d.config), doc)]))}>
          + {t('riskClass.addOverride')}
        </button>
      ) : null}
    </div>
  );
}
