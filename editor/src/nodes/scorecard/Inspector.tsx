import type { InspectorProps } from '../types.js';
import type { ScoreBand } from '../../../../engine/model/policy-schema.js';
import { useI18n } from '../../i18n/i18n.js';
import { CheckboxField, NumberField, RowActions, SelectField, TextField, moveItem } from '../../components/form/fields.js';
import { NameField } from '../shared.js';
import { newBand, newCriterion } from './defaults.js';

/** Scorecard: output, scale, missing rule; per criterion its variable, weight and band table. */
export function ScorecardInspector({ node, doc, path, readOnly, edit }: InspectorProps<'scorecard'>) {
  const { t, lt, lw } = useI18n();
  const c = node.config;
  const base = `${path}/config`;
  const total = c.criteria.reduce((s, x) => s + (x.weight ?? 0), 0);
  const rowLabels = { up: t('common.moveUp'), down: t('common.moveDown'), remove: t('common.remove') };
  return (
    <div className="inspector-kind">
      <div className="field-row">
        <TextField label={t('scorecard.output')} mono value={c.output ?? ''} path={`${base}/output`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.output = v || undefined), 'output')} />
        <NumberField label={t('scorecard.scaleMin')} value={c.scale.min} path={`${base}/scale/min`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.scale.min = v ?? 0), 'scale.min')} />
        <NumberField label={t('scorecard.scaleMax')} value={c.scale.max} path={`${base}/scale/max`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.scale.max = v ?? 0), 'scale.max')} />
      </div>
      <div className="field-row">
        <SelectField
          label={t('scorecard.missingRule')}
          value={c.missingRule}
          path={`${base}/missingRule`}
          disabled={readOnly}
          options={[
            { value: 'reweight', label: t('scorecard.missing.reweight') },
            { value: 'points', label: t('scorecard.missing.points') },
          ]}
          onChange={(v) => edit((d) => void (d.config.missingRule = v))}
        />
        <NumberField label={t('scorecard.explainTop')} value={c.explainTop ?? 3} path={`${base}/explainTop`} disabled={readOnly} min={0} max={20} onChange={(v) => edit((d) => void (d.config.explainTop = v ?? undefined), 'explainTop')} />
      </div>
      <h4 className={total !== 100 ? 'warn' : undefined}>
        {t('scorecard.criteria')} · {t('scorecard.totalWeight', { total })}
      </h4>
      {c.criteria.map((crit, ci) => {
        const cpath = `${base}/criteria/${ci}`;
        const isValues = crit.bands.some((b) => b.values !== undefined);
        return (
          <section key={ci} className="criterion" aria-label={lt(crit.label) || crit.id}>
            <div className="criterion-head">
              <strong>{lt(crit.label) || crit.id}</strong>
              {!readOnly ? (
                <RowActions
                  index={ci}
                  count={c.criteria.length}
                  minCount={1}
                  labels={rowLabels}
                  onMove={(from, to) => edit((d) => void (d.config.criteria = moveItem(d.config.criteria, from, to)))}
                  onRemove={() => edit((d) => void d.config.criteria.splice(ci, 1))}
                />
              ) : null}
            </div>
            <div className="field-row">
              <TextField label={t('common.label')} value={lt(crit.label)} path={`${cpath}/label`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.criteria[ci]!.label = lw(d.config.criteria[ci]!.label, v)), `${cpath}/label`)} />
              <TextField label={t('common.id')} mono value={crit.id} path={`${cpath}/id`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.criteria[ci]!.id = v), `${cpath}/id`)} />
            </div>
            <div className="field-row">
              <NameField doc={doc} nodeId={node.id} label={t('scorecard.variable')} value={crit.variable} path={`${cpath}/variable`} readOnly={readOnly} onChange={(v) => edit((d) => void (d.config.criteria[ci]!.variable = v), `${cpath}/variable`)} />
              <NumberField
                label={t('scorecard.weight', { label: lt(crit.label) || crit.id })}
                value={crit.weight}
                path={`${cpath}/weight`}
                disabled={readOnly}
                min={0}
                max={100}
                onChange={(v) => edit((d) => void (d.config.criteria[ci]!.weight = v ?? 0), `${cpath}/weight`)}
              />
              {c.missingRule === 'points' ? (
                <NumberField label={t('scorecard.missingPoints')} nullable value={crit.missingPoints ?? null} path={`${cpath}/missingPoints`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.criteria[ci]!.missingPoints = v ?? undefined), `${cpath}/missingPoints`)} />
              ) : null}
            </div>
            <div className="weight-meter" aria-hidden="true">
              <span style={{ width: `${Math.min(100, crit.weight ?? 0)}%` }} />
            </div>
            <CheckboxField
              label={t('scorecard.bandsByValue')}
              checked={isValues}
              disabled={readOnly}
              onChange={(byValue) =>
                edit((d) => {
                  d.config.criteria[ci]!.bands = d.config.criteria[ci]!.bands.map((b) =>
                    byValue ? { label: b.label, values: [''], points: b.points } : { label: b.label, points: b.points },
                  ) as ScoreBand[];
                })
              }
            />
            <table className="grid-table">
              <caption className="sr-only">{t('scorecard.bandsOf', { label: lt(crit.label) || crit.id })}</caption>
              <thead>
                <tr>
                  <th>{t('common.label')}</th>
                  {isValues ? <th>{t('scorecard.values')}</th> : (
                    <>
                      <th>{t('scorecard.min')}</th>
                      <th>{t('scorecard.max')}</th>
                    </>
                  )}
                  <th>{t('scorecard.points')}</th>
                  <th>
                    <span className="sr-only">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {crit.bands.map((band, bi) => {
                  const bpath = `${cpath}/bands/${bi}`;
                  const setBand = (mut: (b: ScoreBand) => void, key: string) => edit((d) => mut(d.config.criteria[ci]!.bands[bi]!), `${bpath}/${key}`);
                  return (
                    <tr key={bi} data-path={bpath}>
                      <td>
                        <TextField hideLabel label={t('scorecard.bandLabel', { n: bi + 1 })} value={lt(band.label)} path={`${bpath}/label`} disabled={readOnly} onChange={(v) => setBand((b) => void (b.label = lw(b.label, v)), 'label')} />
                      </td>
                      {isValues ? (
                        <td>
                          <TextField
                            hideLabel
                            label={t('scorecard.bandValues', { n: bi + 1 })}
                            value={(band.values ?? []).join(', ')}
                            path={`${bpath}/values`}
                            disabled={readOnly}
                            onChange={(v) =>
                              setBand((b) => {
                                const vals = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
                                b.values = (vals.length ? vals : ['']).map((s) => (s === 'true' ? true : s === 'false' ? false : s));
                              }, 'values')
                            }
                          />
                        </td>
                      ) : (
                        <>
                          <td>
                            <NumberField hideLabel nullable label={t('scorecard.bandMin', { n: bi + 1 })} placeholder="−∞" value={band.min ?? null} path={`${bpath}/min`} disabled={readOnly} onChange={(v) => setBand((b) => void (b.min = v ?? undefined), 'min')} />
                          </td>
                          <td>
                            <NumberField hideLabel nullable label={t('scorecard.bandMax', { n: bi + 1 })} placeholder="+∞" value={band.max ?? null} path={`${bpath}/max`} disabled={readOnly} onChange={(v) => setBand((b) => void (b.max = v ?? undefined), 'max')} />
                          </td>
                        </>
                      )}
                      <td>
                        <NumberField hideLabel label={t('scorecard.bandPoints', { n: bi + 1 })} value={band.points} path={`${bpath}/points`} disabled={readOnly} onChange={(v) => setBand((b) => void (b.points = v ?? 0), 'points')} />
                      </td>
                      <td>
                        {!readOnly ? (
                          <RowActions
                            index={bi}
                            count={crit.bands.length}
                            minCount={1}
                            labels={rowLabels}
                            onMove={(from, to) => edit((d) => void (d.config.criteria[ci]!.bands = moveItem(d.config.criteria[ci]!.bands, from, to)))}
                            onRemove={() => edit((d) => void d.config.criteria[ci]!.bands.splice(bi, 1))}
                          />
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {!readOnly ? (
              <button type="button" onClick={() => edit((d) => void d.config.criteria[ci]!.bands.push(isValues ? { values: [''], points: 0 } : newBand(d.config.criteria[ci]!.bands)))}>
                + {t('scorecard.addBand')}
              </button>
            ) : null}
          </section>
        );
      })}
      {!readOnly ? (
        <button type="button" onClick={() => edit((d) => void d.config.criteria.push(newCriterion(doc, d.config.criteria)))}>
          + {t('scorecard.addCriterion')}
        </button>
      ) : null}
    </div>
  );
}
