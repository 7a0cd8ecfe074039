import { useMemo } from 'react';
import type { InspectorProps } from '../types.js';
import { useI18n } from '../../i18n/i18n.js';
import { CheckboxField } from '../../components/form/fields.js';
import { availableNames } from '../../document/names.js';

/** Decision: all variables, or a chosen list. */
export function DecisionInspector({ node, doc, path, readOnly, edit }: InspectorProps<'decision'>) {
  const { t, lt } = useI18n();
  const names = useMemo(() => availableNames(doc, node.id, lt).filter((n) => n.source === 'variable'), [doc, node.id, lt]);
  const chosen = node.config.variables;
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
    </div>
  );
}
