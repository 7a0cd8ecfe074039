/** The declared facts (inputs): name, label, type, enum values, unit, bounds, required. */
import type { InputDeclaration, PolicyDocument } from '../../../engine/model/policy-schema.js';
import { setInputs, type Command } from '../document/commands.js';
import type { DispatchResult } from '../document/session.js';
import { useI18n } from '../i18n/i18n.js';
import { LocalizedTextField } from './form/LocalizedTextField.js';
import { policyLanguageOf } from '../document/localized.js';
import { CheckboxField, NumberField, RowActions, SelectField, TextField, moveItem } from './form/fields.js';

type InputType = InputDeclaration['type'];

export function InputsEditor({ doc, readOnly, dispatch }: { doc: PolicyDocument; readOnly: boolean; dispatch(c: Command): DispatchResult }) {
  const { t, lt } = useI18n();
  const inputs = doc.inputs;
  const rowLabels = { up: t('common.moveUp'), down: t('common.moveDown'), remove: t('common.remove') };
  const set = (next: InputDeclaration[], key?: string) => dispatch(setInputs(JSON.parse(JSON.stringify(next)) as InputDeclaration[], key));
  const update = (i: number, patch: Partial<InputDeclaration>, key?: string) => set(inputs.map((x, j) => (j === i ? { ...x, ...patch } : x)), key ? `${i}/${key}` : undefined);
  return (
    <div className="inputs-editor">
      <h2>{t('inputs.title')}</h2>
      <p className="muted small">{t('inputs.help')}</p>
      {inputs.map((input, i) => {
        const p = `/inputs/${i}`;
        return (
          <section key={i} className="rule-box" aria-label={lt(input.label) || input.name} data-path={p}>
            <div className="criterion-head">
              <strong className="mono">{input.name}</strong>
              {!readOnly ? <RowActions index={i} count={inputs.length} labels={rowLabels} onMove={(from, to) => set(moveItem(inputs, from, to))} onRemove={() => set(inputs.filter((_, j) => j !== i))} /> : null}
            </div>
            <div className="field-row">
              <TextField label={t('inputs.name')} mono value={input.name} path={`${p}/name`} disabled={readOnly} onChange={(v) => update(i, { name: v }, 'name')} />
            </div>
            <LocalizedTextField label={t('common.label')} value={input.label} policyLanguage={policyLanguageOf(doc)} path={`${p}/label`} disabled={readOnly} onChange={(text, lang) => update(i, { label: text }, `label/${lang}`)} />
            <div className="field-row">
              <SelectField<InputType>
                label={t('inputs.type')}
                value={input.type}
                path={`${p}/type`}
                disabled={readOnly}
                options={(['number', 'integer', 'string', 'boolean', 'enum'] as const).map((x) => ({ value: x, label: t(`inputs.type.${x}`) }))}
                onChange={(v) => update(i, { type: v, values: v === 'enum' ? input.values ?? ['a', 'b'] : undefined })}
              />
              <TextField label={t('inputs.unit')} value={input.unit ?? ''} path={`${p}/unit`} disabled={readOnly} onChange={(v) => update(i, { unit: v || undefined }, 'unit')} />
              <CheckboxField label={t('inputs.required')} checked={input.required} path={`${p}/required`} disabled={readOnly} onChange={(v) => update(i, { required: v })} />
            </div>
            {input.type === 'enum' ? (
              <TextField
                label={t('inputs.values')}
                value={(input.values ?? []).join(', ')}
                path={`${p}/values`}
                disabled={readOnly}
                onChange={(v) => update(i, { values: [...new Set(v.split(',').map((s) => s.trim()).filter(Boolean))] }, 'values')}
              />
            ) : null}
            {input.type === 'number' || input.type === 'integer' ? (
              <div className="field-row">
                <NumberField label={t('inputs.min')} nullable value={input.min ?? null} path={`${p}/min`} disabled={readOnly} onChange={(v) => update(i, { min: v ?? undefined }, 'min')} />
                <NumberField label={t('inputs.max')} nullable value={input.max ?? null} path={`${p}/max`} disabled={readOnly} onChange={(v) => update(i, { max: v ?? undefined }, 'max')} />
              </div>
            ) : null}
          </section>
        );
      })}
      {!readOnly ? (
        <button
          type="button"
          onClick={() => {
            const names = new Set(inputs.map((x) => x.name));
            let n = inputs.length + 1;
            while (names.has(`fact${n}`)) n++;
            set([...inputs, { name: `fact${n}`, type: 'number', required: false }]);
          }}
        >
          + {t('inputs.add')}
        </button>
      ) : null}
    </div>
  );
}
