import type { InspectorProps } from '../types.js';
import { useI18n } from '../../i18n/i18n.js';
import { LocalizedTextField, localizedColumns } from '../../components/form/LocalizedTextField.js';
import { policyLanguageOf } from '../../document/localized.js';
import { CheckboxField, NumberField, RowActions, SelectField, TextField, moveItem } from '../../components/form/fields.js';
import { GridTable, type CellValue } from '../../components/form/GridTable.js';

type ClassRow = { cls: string; values: Record<string, number | undefined> };
import { ExpressionField, NameField, policyClasses } from '../shared.js';

/** Credit limit: class parameter grid, capacities, insurer cover and guarantees, caps, rounding. */
export function CreditLimitInspector({ node, doc, path, readOnly, edit }: InspectorProps<'creditLimit'>) {
  const { t, lt } = useI18n();
  const c = node.config;
  const base = `${path}/config`;
  const rowLabels = { up: t('common.moveUp'), down: t('common.moveDown'), remove: t('common.remove') };
  const classes = [...new Set([...policyClasses(doc), ...Object.keys(c.classParameters ?? {})])];
  const params = [...new Set(Object.values(c.classParameters ?? {}).flatMap((p) => Object.keys(p)))];
  return (
    <div className="inspector-kind">
      <div className="field-row">
        <NameField doc={doc} nodeId={node.id} label={t('creditLimit.riskClass')} value={c.riskClass ?? ''} path={`${base}/riskClass`} readOnly={readOnly} onChange={(v) => edit((d) => void (d.config.riskClass = v || undefined), 'riskClass')} />
        <TextField label={t('creditLimit.output')} mono value={c.output ?? ''} path={`${base}/output`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.output = v || undefined), 'output')} />
      </div>

      <h4>{t('creditLimit.classParameters')}</h4>
      {!readOnly && params.length > 0 ? (
        <div className="param-names">
          {params.map((p) => (
            <button
              key={p}
              type="button"
              className="icon-btn danger"
              aria-label={t('creditLimit.removeParameter', { name: p })}
              title={t('creditLimit.removeParameter', { name: p })}
              onClick={() => edit((d) => Object.values(d.config.classParameters ?? {}).forEach((row) => delete row[p]))}
            >
              × <span className="mono">{p}</span>
            </button>
          ))}
        </div>
      ) : null}
      <GridTable<ClassRow>
        caption={t('creditLimit.classParameters')}
        testId="class-parameters-table"
        fixedRows
        rows={classes.map((cls) => ({ cls, values: { ...(c.classParameters?.[cls] ?? {}) } }))}
        rowHeader={(r) => r.cls}
        rowHeaderTitle={t('riskClass.class')}
        rowPath={(i) => `${base}/classParameters/${classes[i]}`}
        readOnly={readOnly}
        editRows={(mutate, key) =>
          edit((d) => {
            const rows = classes.map((cls) => ({ cls, values: { ...(d.config.classParameters?.[cls] ?? {}) } }));
            mutate(rows);
            const cp = (d.config.classParameters ??= {});
            for (const r of rows) if (Object.keys(r.values).length > 0 || cp[r.cls]) cp[r.cls] = r.values as Record<string, number>;
          }, key)
        }
        columns={params.map((p) => ({
          key: p,
          header: p,
          kind: 'number' as const,
          nullable: true,
          get: (r: ClassRow) => r.values[p] ?? null,
          set: (r: ClassRow, v: CellValue) => {
            if (v === null) delete r.values[p];
            else r.values[p] = v as number;
          },
          label: (r: ClassRow) => t('creditLimit.parameterOf', { name: p, cls: r.cls }),
        }))}
      />
      {!readOnly ? (
        <button
          type="button"
          onClick={() =>
            edit((d) => {
              const cp = (d.config.classParameters ??= {});
              let n = params.length + 1;
              while (params.includes(`param${n}`)) n++;
              for (const cls of classes) (cp[cls] ??= {})[`param${n}`] = 0;
            })
          }
        >
          + {t('creditLimit.addParameter')}
        </button>
      ) : null}

      <h4>{t('creditLimit.capacities')}</h4>
      <p className="muted small">{t('creditLimit.capacitiesHelp')}</p>
      {c.capacities.map((cap, i) => {
        const p = `${base}/capacities/${i}`;
        return (
          <section key={i} className="rule-box" aria-label={lt(cap.label) || cap.id}>
            <div className="criterion-head">
              <strong>{lt(cap.label) || cap.id}</strong>
              {!readOnly ? (
                <RowActions
                  index={i}
                  count={c.capacities.length}
                  minCount={1}
                  labels={rowLabels}
                  onMove={(from, to) => edit((d) => void (d.config.capacities = moveItem(d.config.capacities, from, to)))}
                  onRemove={() => edit((d) => void d.config.capacities.splice(i, 1))}
                />
              ) : null}
            </div>
            <div className="field-row">
              <TextField label={t('common.id')} mono value={cap.id} path={`${p}/id`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.capacities[i]!.id = v), `${p}/id`)} />
              <LocalizedTextField label={t('common.label')} value={cap.label} policyLanguage={policyLanguageOf(doc)} path={`${p}/label`} disabled={readOnly} onChange={(text, lang) => edit((d) => void (d.config.capacities[i]!.label = text), `${p}/label/${lang}`)} />
            </div>
            <ExpressionField label={t('creditLimit.capacityExpression', { label: lt(cap.label) || cap.id })} value={cap.expression} path={`${p}/expression`} readOnly={readOnly} onChange={(v) => edit((d) => void (d.config.capacities[i]!.expression = v), `${p}/expression`)} />
          </section>
        );
      })}
      {!readOnly ? (
        <button type="button" onClick={() => edit((d) => void d.config.capacities.push({ id: `capacity${d.config.capacities.length + 1}`, expression: '0' }))}>
          + {t('creditLimit.addCapacity')}
        </button>
      ) : null}

      <h4>{t('creditLimit.coverAndCaps')}</h4>
      <ExpressionField optional label={t('creditLimit.insurerCover')} value={c.insurerCover ?? ''} path={`${base}/insurerCover`} readOnly={readOnly} onChange={(v) => edit((d) => void (d.config.insurerCover = v || undefined), 'insurerCover')} />
      <ExpressionField optional label={t('creditLimit.guarantees')} value={c.guarantees ?? ''} path={`${base}/guarantees`} readOnly={readOnly} onChange={(v) => edit((d) => void (d.config.guarantees = v || undefined), 'guarantees')} />
      <CheckboxField label={t('creditLimit.addInsurerCover')} checked={c.addInsurerCover} path={`${base}/addInsurerCover`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.addInsurerCover = v))} />
      <div className="field-row">
        <NumberField label={t('creditLimit.floor')} nullable value={c.floor ?? null} path={`${base}/floor`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.floor = v ?? undefined), 'floor')} />
        <NumberField label={t('creditLimit.ceiling')} nullable value={c.ceiling ?? null} path={`${base}/ceiling`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.ceiling = v ?? undefined), 'ceiling')} />
      </div>
      <div className="field-row">
        <NumberField
          label={t('creditLimit.roundingStep')}
          nullable
          value={c.rounding?.step ?? null}
          path={`${base}/rounding/step`}
          disabled={readOnly}
          onChange={(v) => edit((d) => void (d.config.rounding = v ? { step: v, mode: d.config.rounding?.mode ?? 'down' } : undefined), 'rounding.step')}
        />
        <SelectField
          label={t('creditLimit.roundingMode')}
          value={c.rounding?.mode ?? 'down'}
          path={`${base}/rounding/mode`}
          disabled={readOnly || !c.rounding}
          options={(['down', 'nearest', 'up'] as const).map((m) => ({ value: m, label: t(`creditLimit.mode.${m}`) }))}
          onChange={(m) => edit((d) => void (d.config.rounding = { step: d.config.rounding?.step ?? 500, mode: m }))}
        />
      </div>
    </div>
  );
}
