/**
 * What an alert says, in English or French, written when it is read from its type and details
 * (the stored `message` is the English text of when it was raised; an alert from before a detail
 * was kept falls back to it).
 */
import type { AlertRecord, DecisionChange } from '../store/store.js';

type Language = 'en' | 'fr';
const NNBSP = '\u202f';
const NUMBER: Record<Language, Intl.NumberFormat> = {
  en: new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }),
  fr: new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }),
};
const DATE: Record<Language, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }),
  fr: new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' }),
};
const DATE_TIME: Record<Language, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }),
  fr: new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }),
};

const num = (value: unknown, language: Language) => (typeof value === 'number' && Number.isFinite(value) ? NUMBER[language].format(value) : String(value));
const date = (value: unknown, language: Language, withTime: boolean) => {
  const t = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(t) ? (withTime ? `${DATE_TIME[language].format(t)} UTC` : DATE[language].format(t)) : String(value);
};
const OUTCOME_FR: Record<string, string> = { accept: 'acceptée', refuse: 'refusée', escalate: 'remontée' };

function changeText(c: DecisionChange & { exposure?: number | null }, language: Language): string | null {
  const fr = language === 'fr';
  switch (c.kind) {
    case 'riskClassDowngrade':
      return fr ? `La classe de risque passe de ${String(c.from)} à ${String(c.to)}.` : `Risk class went down from ${String(c.from)} to ${String(c.to)}.`;
    case 'limitBelowExposure':
      if (typeof c.exposure !== 'number') return null;
      return fr
        ? `L’encours autorisé baisse de ${num(c.from, language)} à ${num(c.to, language)}, sous l’encours actuel de ${num(c.exposure, language)}.`
        : `The limit is cut from ${num(c.from, language)} to ${num(c.to, language)}, below the current exposure of ${num(c.exposure, language)}.`;
    case 'refuseAfterAccept':
      return fr ? `Refusée alors que la décision précédente était ${OUTCOME_FR.accept}.` : 'Refused where the previous decision accepted.';
    default:
      return null;
  }
}

/** The alert's text in `language`, from its type and details. */
export function alertMessage(alert: AlertRecord, language: Language): string {
  const d = alert.details as Record<string, unknown>;
  const fr = language === 'fr';
  switch (alert.type) {
    case 'decision.worse': {
      const exposure = typeof d.exposure === 'number' ? d.exposure : null;
      const texts = ((d.changes as DecisionChange[] | undefined) ?? []).map((c) => changeText({ ...c, exposure }, language));
      return texts.length > 0 && texts.every((t) => t !== null) ? texts.join(' ') : alert.message;
    }
    case 'exposure.overLimit':
      if (d.source === 'openItems')
        return fr
          ? `L’encours de ${num(d.exposure, language)} ${String(d.currency)} (postes ouverts) dépasse la limite accordée de ${num(d.grantedLimit, language)} (dépassement de ${num(d.overrun, language)}).`
          : `Exposure ${num(d.exposure, language)} ${String(d.currency)} (open items) is above the granted limit ${num(d.grantedLimit, language)} (overrun ${num(d.overrun, language)}).`;
      return fr
        ? `L’encours de ${num(d.exposure, language)} dépasse la limite accordée de ${num(d.grantedLimit, language)} (dépassement de ${num(d.overrun, language)}).`
        : `Exposure ${num(d.exposure, language)} is above the granted limit ${num(d.grantedLimit, language)} (overrun ${num(d.overrun, language)}).`;
    case 'approval.overdue': {
      const hours = Math.floor((Date.parse(alert.raisedAt) - Date.parse(String(d.openedAt))) / 3_600_000);
      return fr
        ? `La demande d’approbation ${String(alert.approvalId)} attend depuis ${num(hours, language)}${NNBSP}h au niveau ${String(d.level)}, au-delà de son délai (échéance le ${date(d.dueAt, language, true)}).`
        : `Approval request ${String(alert.approvalId)} has waited ${num(hours, language)} h at level ${String(d.level)}, past its service time (due ${date(d.dueAt, language, true)}).`;
    }
    case 'limit.reviewDue':
      return fr
        ? `L’encours de ${num(d.amount, language)} approuvé pour ${alert.customerId ?? 'un client sans nom'} (classe ${String(d.riskClass)}) devait être revu le ${date(d.reviewDate, language, false)}.`
        : `The limit ${num(d.amount, language)} approved for ${alert.customerId ?? 'an unnamed customer'} (class ${String(d.riskClass)}) was due for review on ${date(d.reviewDate, language, false)}.`;
    case 'exposure.overCover':
      return fr
        ? `L’encours de ${num(d.exposure, language)} ${String(d.currency)} dépasse la couverture de l’assureur de ${num(d.cover, language)} (part non garantie : ${num(d.uncovered, language)}).`
        : `Exposure ${num(d.exposure, language)} ${String(d.currency)} is above the insurer's cover ${num(d.cover, language)} (uninsured ${num(d.uncovered, language)}).`;
    case 'group.overLimit':
      return fr
        ? `L’encours du groupe de ${num(d.exposure, language)} ${String(d.currency)} dépasse la limite de groupe de ${num(d.groupLimit, language)} (dépassement de ${num(d.overrun, language)}).`
        : `Group exposure ${num(d.exposure, language)} ${String(d.currency)} is above the group limit ${num(d.groupLimit, language)} (overrun ${num(d.overrun, language)}).`;
    case 'exposure.overdueGrowth': {
      const names: Record<string, [string, string]> = { d1to30: ['1–30 days', '1 à 30 jours'], d31to60: ['31–60 days', '31 à 60 jours'], d61to90: ['61–90 days', '61 à 90 jours'], over90: ['over 90 days', 'plus de 90 jours'] };
      const after = (d.after ?? {}) as Record<string, number>;
      const parts = ((d.buckets as string[] | undefined) ?? []).map((b) => `${names[b]?.[fr ? 1 : 0] ?? b} : ${num(after[b], language)}`.replace(' : ', fr ? ' : ' : ': '));
      return fr
        ? `Le retard a augmenté (${parts.join(', ')} ${String(d.currency)}) ; total échu : ${num(d.overdue, language)}.`
        : `Overdue grew (${parts.join(', ')} ${String(d.currency)}); total overdue: ${num(d.overdue, language)}.`;
    }
    case 'promise.missed':
      return fr
        ? `La promesse de paiement de ${num(d.promisedAmount, language)} ${String(d.currency)} pour le ${date(d.promiseDate, language, false)} n’a pas été tenue : encours ${num(d.outstanding, language)}, contre ${num(d.baseline, language)} quand elle a été faite.`
        : `The promise to pay ${num(d.promisedAmount, language)} ${String(d.currency)} by ${date(d.promiseDate, language, false)} was not kept: outstanding ${num(d.outstanding, language)}, was ${num(d.baseline, language)} when it was made.`;
    case 'monitoring.psi': {
      const group = d.group === 'all' || d.group === undefined ? '' : fr ? ` (${d.group === 'challenger' ? 'challenger' : 'champion'})` : ` (${String(d.group)})`;
      const days = typeof (d.window as { from?: string } | undefined)?.from === 'string' ? Math.round((Date.parse(String((d.window as { to: string }).to)) - Date.parse(String((d.window as { from: string }).from))) / 86_400_000) : null;
      return fr
        ? `La distribution des scores de ${String(alert.policyId)}${group} a bougé : PSI ${num(d.psi, language)} ≥ ${num(d.threshold, language)}${days === null ? '' : ` sur les ${num(days, language)} derniers jours par rapport aux ${num(days, language)} jours précédents`}.`
        : `The score distribution of ${String(alert.policyId)}${group} moved: PSI ${num(d.psi, language)} ≥ ${num(d.threshold, language)}${days === null ? '' : ` over the last ${num(days, language)} days against the ${num(days, language)} days before`}.`;
    }
    case 'monitoring.badRate': {
      const percent = (x: unknown) => (typeof x === 'number' ? new Intl.NumberFormat(fr ? 'fr-FR' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(x) : String(x));
      return fr
        ? `La classe ${String(d.riskClass)} de ${String(alert.policyId)} a un taux de défaut de ${percent(d.badRate)} (${num(d.bads, language)} sur ${num(d.count, language)}), au-dessus de son seuil de ${percent(d.threshold)}.`
        : `Class ${String(d.riskClass)} of ${String(alert.policyId)} has a bad rate of ${percent(d.badRate)} (${num(d.bads, language)} of ${num(d.count, language)}), above its threshold of ${percent(d.threshold)}.`;
    }
    default:
      return alert.message;
  }
}
