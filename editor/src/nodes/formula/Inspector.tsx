import type { InspectorProps } from '../types.js';
import { useI18n } from '../../i18n/i18n.js';
import { LocalizedTextField, localizedColumns } from '../../components/form/LocalizedTextField.js';
import { policyLanguageOf } from '../../document/localized.js';
import { CheckboxField, NumberField, RowActions, SelectField, TextField, moveItem } from '../../components/form/fields.js';
import { ExpressionField, freshName } from '../shared.js';

/** Formula: derived variables, each an expression checked live by the engine's parser. */
export function FormulaInspector({ node, doc, path, readOnly, edit }: InspectorProps<'formula'>) {
  const { t, lt } = useI18n();
  const base = `${path}/config/variables`;
  const rowLabels = { up: t('common.moveUp'), down: t('common.moveDown'), remove: t('common.remove') };
  return (
    <div className="inspector-kind">
      <p className="muted small">{t('formula.help')}</p>
      {node.config.variables.map((v, i) => {
        const p = `${base}/${i}`;
        return (
          <section key={i} className="rule-box" aria-label={v.name}>
            <div className="criterion-head">
              <strong className="mono">{v.name}</strong>
              {!readOnly ? (
                <RowActions
                  index={i}
                  count={node.config.variables.length}
                  minCount={1}
                  labels={rowLabels}
                  onMove={(from, to) => edit((d) => void (d.config.variables = moveItem(d.config.variables, from, to)))}
                  onRemove={() => edit((d) => void d.config.variables.splice(i, 1))}
                />
              ) : null}
            </div>
            <div className="field-row">
              <TextField label={t('formula.name')} mono value={v.name} path={`${p}/name`} disabled={readOnly} onChange={(x) => edit((d) => void (d.config.variables[i]!.name = x), `${p}/name`)} />
              <LocalizedTextField label={t('common.label')} value={v.label} policyLanguage={policyLanguageOf(doc)} path={`${p}/label`} disabled={readOnly} onChange={(text, lang) => edit((d) => void (d.config.variables[i]!.label = text), `${p}/label/${lang}`)} />
            </div>
            <ExpressionField label={t('formula.expression', { name: v.name })} value={v.expression} path={`${p}/expression`} readOnly={readOnly} onChange={(x) => edit((d) => void (d.config.variables[i]!.expression = x), `${p}/expression`)} />
            <div className="field-row">
              <TextField label={t('formula.unit')} value={v.unit ?? ''} path={`${p}/unit`} disabled={readOnly} onChange={(x) => edit((d) => void (d.config.variables[i]!.unit = x || undefined), `${p}/unit`)} />
              <NumberField label={t('formula.decimals')} nullable min={0} max={12} value={v.decimals ?? null} path={`${p}/decimals`} disabled={readOnly} onChange={(x) => edit((d) => void (d.config.variables[i]!.decimals = x ?? undefined), `${p}/decimals`)} />
            </div>
            {/* A figure taken from outside (the ECB rate of the half-year): its date and source, checked against today. */}
            <CheckboxField
              label={t('formula.reference')}
              checked={v.reference !== undefined}
              path={`${p}/reference`}
              disabled={readOnly}
              onChange={(on) =>
                edit((d) => {
                  if (on) d.config.variables[i]!.reference = { asOf: new Date().toISOString().slice(0, 10), source: '', review: 'halfYearly' };
                  else delete d.config.variables[i]!.reference;
                })
              }
            />
            {v.reference ? (
              <div className="field-row">
                <TextField label={t('formula.reference.asOf')} mono placeholder="YYYY-MM-DD" value={v.reference.asOf} path={`${p}/reference/asOf`} disabled={readOnly} onChange={(x) => edit((d) => void (d.config.variables[i]!.reference!.asOf = x), `${p}/reference/asOf`)} />
                <SelectField
                  label={t('formula.reference.review')}
                  value={v.reference.review ?? ''}
                  emptyLabel={t('formula.reference.never')}
                  options={[
                    { value: 'halfYearly', label: t('formula.reference.halfYearly') },
                    { value: 'yearly', label: t('formula.reference.yearly') },
                  ]}
                  path={`${p}/reference/review`}
                  disabled={readOnly}
                  onChange={(x) =>
                    edit((d) => {
                      const reference = d.config.variables[i]!.reference!;
                      // the empty choice ("no date check") comes back as ''
                      if ((x as string) === '') delete reference.review;
                      else reference.review = x;
                    })
                  }
                />
              </div>
            ) : null}
            {v.reference ? <TextField label={t('formula.reference.source')} value={v.reference.source} path={`${p}/reference/source`} disabled={readOnly} onChange={(x) => edit((d) => void (d.config.variables[i]!.reference!.source = x), `${p}/reference/source`)} /> : null}
          </section>
        );
      })}
      {!readOnly ? (
        <button type="button" onClick={() => edit((d) => void d.config.variables.push({ name: freshName({ ...doc, nodes: doc.nodes.map((n) => (n.id === d.id ? d : n)) }, 'variable'), expression: '0' }))}>
          + {t('formula.addVariable')}
        </button>
      ) : null}
    </div>
  );
}
