import { useMemo } from 'react';
import type { InspectorProps } from '../types.js';
import { useI18n } from '../../i18n/i18n.js';
import { CheckboxField, SelectField } from '../../components/form/fields.js';
import { availableNames, type AvailableName } from '../../document/names.js';
import { CONDITION_FIELDS, type ConditionField } from '../../components/ConditionsList.js';

/** A condition's variable holds a number (terms, prepayment share) or a yes/no (guarantee, cash on delivery). */
const BOOLEAN_CONDITIONS: ReadonlySet<ConditionField> = new Set(['guaranteeRequired', 'cashOnDelivery']);

/** Names that may hold a condition: inputs of its type, and variables (a rules node's `set` has no declared type). */
function fits(field: ConditionField, n: AvailableName): boolean {
  const wanted = BOOLEAN_CONDITIONS.has(field) ? ['boolean'] : ['number', 'integer'];
  if (n.source === 'input') return wanted.includes(n.type);
  return n.type !== 'enum' && (n.type === 'string' || wanted.includes(n.type));
}

/** Decision: all variables, or a chosen list; and the conditions it attaches (accept with conditions). */
export function DecisionInspector({ node, doc, path, readOnly, edit }: InspectorProps<'decision'>) {
  const { t, lt } = useI18n();
  const upstream = useMemo(() => availableNames(doc, node.id, lt), [doc, node.id, lt]);
  const names = useMemo(() => upstream.filter((n) => n.source === 'variable'), [upstream]);
  const chosen = node.config.variables;
  const conditions = node.config.conditions ?? {};
  // One command per change; an empty mapping leaves no `conditions` object behind.
  const setCondition = (field: ConditionField, name: string) =>
    edit((d) => {
      const next = { ...(d.config.conditions ?? {}) };
      if (name === '') delete next[field];
      else next[field] = name;
      d.config.conditions = Object.keys(next).length ? next : undefined;
      if (d.config.conditions === undefined) delete d.config.conditions;
    });
  return (
    <div className="inspector-kind">
      <CheckboxField label={t('decision.allVariables')} checked={!chosen} path={`${path}/config/variables`} disabled={readOnly} onChange={(all) => edit((d) => void (d.config.variables = all ? undefined : names.map((n) => n.name)))} />
      {chosen ? (
        <fieldset className="checkbox-list">
          <legend>{t('decision.variables')}</legend>
          {names.map((n) => (
            <CheckboxField
              key={n.name}
              label={`${n.name} (${n.nodeId})`}
              checked={chosen.includes(n.name)}
              disabled={readOnly}
              onChange={(on) => edit((d) => void (d.config.variables = on ? [...(d.config.variables ?? []), n.name] : (d.config.variables ?? []).filter((x) => x !== n.name)))}
            />
          ))}
        </fieldset>
      ) : null}
      <fieldset className="decision-conditions" data-testid="decision-conditions-editor">
        <legend>{t('decision.conditions')}</legend>
        <p className="field-hint">{t('decision.conditionsHelp')}</p>
        {CONDITION_FIELDS.map((field) => (
          <SelectField
            key={field}
            label={t('decision.conditionVariable', { condition: t(`conditions.field.${field}`) })}
            value={conditions[field] ?? ''}
            emptyLabel={t('decision.conditionNone')}
            options={upstream.filter((n) => fits(field, n)).map((n) => ({ value: n.name, label: n.source === 'input' ? `${n.label} (${n.name})` : `${n.name} ← ${n.nodeId}` }))}
            path={`${path}/config/conditions/${field}`}
            disabled={readOnly}
            onChange={(v) => setCondition(field, v)}
          />
        ))}
      </fieldset>
    </div>
  );
}
