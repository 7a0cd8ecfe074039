import type { CardBodyProps } from '../types.js';
import { useI18n } from '../../i18n/i18n.js';
import { fmtAmount } from '../shared.js';
import { formatValue } from '../../components/format.js';

/** Capacities (the lowest wins), cover, caps and rounding; after a run, the limit. */
export function CreditLimitCard({ node, overlay }: CardBodyProps<'creditLimit'>) {
  const { t, formatNumber, lt } = useI18n();
  const c = node.config;
  const out = overlay.outputs?.[c.output ?? 'creditLimit'];
  const classes = Object.keys(c.classParameters ?? {});
  const params = [...new Set(Object.values(c.classParameters ?? {}).flatMap((x) => Object.keys(x)))];
  return (
    <div>
      <div className="card-caption">{t('creditLimit.lowestOf')}</div>
      <ul className="card-list">
        {c.capacities.map((cap) => (
          <li key={cap.id} title={cap.expression}>
            {lt(cap.label) || cap.id}
          </li>
        ))}
      </ul>
      {classes.length && params.length ? (
        // one row per parameter, one column per class: compact enough for the card's height
        <table className="card-params" data-testid="card-class-parameters">
          <thead>
            <tr>
              <td />
              {classes.map((cls) => (
                <th key={cls} scope="col">
                  {cls}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {params.map((p) => (
              <tr key={p}>
                <th scope="row" title={p}>
                  {p}
                </th>
                {classes.map((cls) => (
                  <td key={cls}>{c.classParameters![cls]?.[p] === undefined ? '—' : formatNumber(c.classParameters![cls]![p]!)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div className="card-foot">
        {c.addInsurerCover ? `${t('creditLimit.plusCover')} · ` : ''}
        {c.ceiling !== undefined ? `${t('creditLimit.ceiling')} ${fmtAmount(c.ceiling)} · ` : ''}
        {c.rounding ? t('creditLimit.roundingShort', { step: c.rounding.step, mode: t(`creditLimit.mode.${c.rounding.mode}`) }) : ''}
      </div>
      {out !== undefined ? <div className="card-value">{c.output ?? 'creditLimit'} = {formatValue(out)}</div> : null}
    </div>
  );
}
