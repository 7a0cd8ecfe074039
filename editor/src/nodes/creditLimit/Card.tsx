import type { CardBodyProps } from '../types.js';
import { useI18n } from '../../i18n/i18n.js';
import { fmtAmount } from '../shared.js';
import { formatValue } from '../../components/format.js';

/** Capacities (the lowest wins), cover, caps and rounding; after a run, the limit. */
export function CreditLimitCard({ node, overlay }: CardBodyProps<'creditLimit'>) {
  const { t, lt, lw } = useI18n();
  const c = node.config;
  const out = overlay.outputs?.[c.output ?? 'creditLimit'];
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
      <div className="card-foot">
        {c.addInsurerCover ? `${t('creditLimit.plusCover')} · ` : ''}
        {c.ceiling !== undefined ? `${t('creditLimit.ceiling')} ${fmtAmount(c.ceiling)} · ` : ''}
        {c.rounding ? t('creditLimit.roundingShort', { step: c.rounding.step, mode: t(`creditLimit.mode.${c.rounding.mode}`) }) : ''}
      </div>
      {out !== undefined ? <div className="card-value">{c.output ?? 'creditLimit'} = {formatValue(out)}</div> : null}
    </div>
  );
}
