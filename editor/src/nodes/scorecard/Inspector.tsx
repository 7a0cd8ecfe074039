import type { InspectorProps } from '../types.js';
import { SCORING_MODES, type ScoreBand } from '../../../../engine/model/policy-schema.js';
import { useI18n } from '../../i18n/i18n.js';
import { fitTextsToPolicy } from '../../document/translations.js';
import { LocalizedTextField, localizedColumns } from '../../components/form/LocalizedTextField.js';
import { policyLanguageOf } from '../../document/localized.js';
import { CheckboxField, NumberField, RowActions, SelectField, TextField, moveItem } from '../../components/form/fields.js';
import { GridTable, type CellValue } from '../../components/form/GridTable.js';
import { NameField } from '../shared.js';
import { newBand, newCriterion } from './defaults.js';

/** Scorecard: output, scale, missing rule; per criterion its variable, weight and band table. */
export function ScorecardInspector({ node, doc, path, readOnly, edit }: InspectorProps<'scorecard'>) {
  const { t, formatNumber, lt } = useI18n();
  const c = node.config;
  const base = `${path}/config`;
  const total = c.criteria.reduce((s, x) => s + (x.weight ?? 0), 0);
  // The best a customer can score: every criterion in its best band (score = Σ weight × points / Σ weights).
  const sum = c.scoring === 'sum';
  const bestPoints = (x: (typeof c.criteria)[number]) => Math.max(...x.bands.map((b) => b.points));
  // Summed: the best of each criterion added up.
  const best = sum ? c.criteria.reduce((s, x) => s + bestPoints(x), 0) : total > 0 ? c.criteria.reduce((s, x) => s + (x.weight ?? 0) * bestPoints(x), 0) / total : 0;
  const contribution = (weight: number | undefined, points: number) => (sum ? formatNumber(points) : total > 0 ? formatNumber(Math.round((((weight ?? 0) * points) / total) * 100) / 100) : '—');
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
          label={t('scorecard.scoring')}
          value={c.scoring ?? 'weightedAverage'}
          path={`${base}/scoring`}
          disabled={readOnly}
          options={SCORING_MODES.map((m) => ({ value: m, label: t(`scorecard.scoring.${m}`) }))}
          onChange={(v) =>
            edit((d) => {
              // The other mode's settings come along, so the scorecard stays valid: a sum has no
              // weights and scores a missing value with fixed points; an average needs weights (equal
              // shares where there are none).
              if (v === 'sum') {
                d.config.scoring = 'sum';
                d.config.missingRule = 'points';
                for (const x of d.config.criteria) delete x.weight;
              } else {
                delete d.config.scoring;
                const n = d.config.criteria.length;
                d.config.criteria.forEach((x, i) => (x.weight ??= i < n - 1 ? Math.floor(100 / n) : 100 - Math.floor(100 / n) * (n - 1)));
              }
            })
          }
        />
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
      <h4 className={!sum && total !== 100 ? 'warn' : undefined}>
        {t('scorecard.criteria')}
        {sum ? null : ` · ${t('scorecard.totalWeight', { total })}`}
      </h4>
      <p className="muted small" data-testid="score-arithmetic">
        {sum
          ? t('scorecard.arithmeticSum', { best: formatNumber(Math.round(best * 100) / 100) })
          : t('scorecard.arithmetic', { best: formatNumber(Math.round(best * 100) / 100), min: formatNumber(c.scale.min), max: formatNumber(c.scale.max) })}
      </p>
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
              <LocalizedTextField label={t('common.label')} value={crit.label} policyLanguage={policyLanguageOf(doc)} path={`${cpath}/label`} disabled={readOnly} onChange={(text, lang) => edit((d) => void (d.config.criteria[ci]!.label = text), `${cpath}/label/${lang}`)} />
              <TextField label={t('common.id')} mono value={crit.id} path={`${cpath}/id`} disabled={readOnly} onChange={(v) => edit((d) => void (d.config.criteria[ci]!.id = v), `${cpath}/id`)} />
            </div>
            <div className="field-row">
              <NameField doc={doc} nodeId={node.id} label={t('scorecard.variable')} value={crit.variable} path={`${cpath}/variable`} readOnly={readOnly} onChange={(v) => edit((d) => void (d.config.criteria[ci]!.variable = v), `${cpath}/variable`)} />
              <NumberField
                label={t('scorecard.weight', { label: lt(crit.label) || crit.id })}
                value={crit.weight}
                path={`${cpath}/weight`}
                disabled={readOnly || sum}
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
            <GridTable<ScoreBand>
              caption={t('scorecard.bandsOf', { label: lt(crit.label) || crit.id })}
              testId={`bands-${crit.id}`}
              rows={crit.bands}
              rowPath={(bi) => `${cpath}/bands/${bi}`}
              readOnly={readOnly}
              minRows={1}
              editRows={(mutate, key) => edit((d) => mutate(d.config.criteria[ci]!.bands), key)}
              newRow={(bands) => (isValues ? { values: [''], points: 0 } : newBand(bands))}
              addLabel={t('scorecard.addBand')}
              columns={[
                ...localizedColumns<ScoreBand>({ key: 'label', header: t('common.label'), t, policyLanguage: policyLanguageOf(doc), get: (b) => b.label, set: (b, text) => void (b.label = text), label: (_b, bi) => t('scorecard.bandLabel', { n: bi + 1 }) }),
                ...(isValues
                  ? [
                      {
                        key: 'values',
                        header: t('scorecard.values'),
                        kind: 'text' as const,
                        get: (b: ScoreBand) => (b.values ?? []).join(', '),
                        set: (b: ScoreBand, v: CellValue) => {
                          const vals = String(v ?? '').split(',').map((x) => x.trim()).filter((x) => x !== '');
                          b.values = (vals.length ? vals : ['']).map((x) => (x === 'true' ? true : x === 'false' ? false : x));
                        },
                        label: (_b: ScoreBand, bi: number) => t('scorecard.bandValues', { n: bi + 1 }),
                      },
                    ]
                  : [
                      { key: 'min', header: t('scorecard.min'), kind: 'number' as const, nullable: true, placeholder: '−∞', get: (b: ScoreBand) => b.min ?? null, set: (b: ScoreBand, v: CellValue) => void (b.min = (v as number | null) ?? undefined), label: (_b: ScoreBand, bi: number) => t('scorecard.bandMin', { n: bi + 1 }) },
                      { key: 'max', header: t('scorecard.max'), kind: 'number' as const, nullable: true, placeholder: '+∞', get: (b: ScoreBand) => b.max ?? null, set: (b: ScoreBand, v: CellValue) => void (b.max = (v as number | null) ?? undefined), label: (_b: ScoreBand, bi: number) => t('scorecard.bandMax', { n: bi + 1 }) },
                    ]),
                { key: 'points', header: t('scorecard.points'), kind: 'number', get: (b) => b.points, set: (b, v) => void (b.points = (v as number | null) ?? 0), label: (_b, bi) => t('scorecard.bandPoints', { n: bi + 1 }) },
              ]}
              extra={{
                header: t('scorecard.contribution'),
                cell: (b) => <span data-testid="band-contribution">{contribution(crit.weight, b.points)}</span>,
              }}
            />
          </section>
        );
      })}
      {!readOnly ? (
        <button type="button" onClick={() => edit((d) => void d.config.criteria.push(fitTextsToPolicy(newCriterion(doc, d.config.criteria), doc)))}>
          + {t('scorecard.addCriterion')}
        </button>
      ) : null}
    </div>
  );
}
