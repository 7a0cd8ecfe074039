/**
 * A monitoring report as plain text for a terminal (`creditgraph monitor`), in French or English,
 * numbers and dates formatted per language (Intl: "0,412", "12,5 %", "2 janvier 2027" in French;
 * "0.412", "12.5%", "2 January 2027" in English).
 */
import type { CalibrationVerdict } from './calibration.js';
import type { GroupMetrics, MonitoringReport } from './monitoring-report.js';
import type { StabilityLevel } from './population-stability.js';

export type Lang = 'fr' | 'en';

const WORDS = {
  en: {
    colon: ': ',
    title: (asOf: string, dpd: number, months: number) => `Outcome monitoring as of ${asOf} — default: ${dpd}+ days past due within ${months} months`,
    all: 'All decisions',
    champion: 'Champion',
    challenger: 'Challenger',
    decisions: 'Decisions',
    accepted: 'accepted',
    refused: 'refused',
    escalated: 'escalated',
    approval: 'Approval rate',
    override: 'Override rate',
    ofAutomatic: 'of automatic decisions',
    outcomes: 'Outcomes',
    good: 'good',
    bad: 'bad',
    open: 'window still open',
    unreported: 'nothing reported',
    notGranted: 'not granted',
    discrimination: 'Discrimination',
    notEnough: 'not computable (needs both good and bad customers with a score)',
    at: 'at score',
    stability: 'Population stability (PSI) against the baseline',
    noBaseline: 'Population stability: no baseline given (--baseline)',
    levels: { stable: 'stable (< 0.10)', watch: 'shift to watch (0.10–0.25)', shift: 'significant shift (≥ 0.25)' } as Record<StabilityLevel, string>,
    byClass: 'Bad rate by risk class',
    byBand: 'Bad rate by score band',
    class: 'class',
    band: 'band',
    count: 'count',
    bads: 'bads',
    badRate: 'bad rate',
    expected: 'expected',
    interval: '95% interval',
    verdict: 'calibration',
    verdicts: { consistent: 'consistent', higher: 'more bads than expected', lower: 'fewer bads than expected', unknown: '–' } as Record<CalibrationVerdict, string>,
    characteristics: 'Characteristic stability (per scorecard criterion)',
    unmatched: (n: string) => `Warning: ${n} outcome records match no decision of the file (unknown decision id or customer)`,
    criterion: 'criterion',
    points: 'avg points',
  },
  fr: {
    colon: '\u00a0: ',
    title: (asOf: string, dpd: number, months: number) => `Suivi des résultats au ${asOf} — défaut\u00a0: retard de ${dpd} jours ou plus dans les ${months} mois`,
    all: 'Toutes les décisions',
    champion: 'Champion',
    challenger: 'Challenger',
    decisions: 'Décisions',
    accepted: 'acceptées',
    refused: 'refusées',
    escalated: 'escaladées',
    approval: 'Taux d’octroi',
    override: 'Taux de dérogation',
    ofAutomatic: 'des décisions automatiques',
    outcomes: 'Résultats',
    good: 'bons',
    bad: 'défauts',
    open: 'fenêtre encore ouverte',
    unreported: 'rien de signalé',
    notGranted: 'non octroyés',
    discrimination: 'Pouvoir discriminant',
    notEnough: 'non calculable (il faut des bons et des défauts notés)',
    at: 'au score',
    stability: 'Stabilité de la population (PSI) par rapport à la référence',
    noBaseline: 'Stabilité de la population\u00a0: pas de référence (--baseline)',
    levels: { stable: 'stable (< 0,10)', watch: 'glissement à surveiller (0,10–0,25)', shift: 'glissement important (≥ 0,25)' } as Record<StabilityLevel, string>,
    byClass: 'Taux de défaut par classe de risque',
    byBand: 'Taux de défaut par tranche de score',
    class: 'classe',
    band: 'tranche',
    count: 'effectif',
    bads: 'défauts',
    badRate: 'taux de défaut',
    expected: 'attendu',
    interval: 'intervalle 95 %',
    verdict: 'calibrage',
    verdicts: { consistent: 'conforme', higher: 'plus de défauts qu’attendu', lower: 'moins de défauts qu’attendu', unknown: '–' } as Record<CalibrationVerdict, string>,
    characteristics: 'Stabilité des caractéristiques (par critère de la grille)',
    unmatched: (n: string) => `Attention\u00a0: ${n} résultats ne correspondent à aucune décision du fichier (décision ou client inconnu)`,
    criterion: 'critère',
    points: 'points moyens',
  },
} as const;

export function formatMonitoringReport(report: MonitoringReport, lang: Lang = 'en'): string {
  const w = WORDS[lang];
  const locale = lang === 'fr' ? 'fr-FR' : 'en-GB';
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const ratio = new Intl.NumberFormat(locale, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const points = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const edge = new Intl.NumberFormat(locale, { maximumFractionDigits: 2, useGrouping: false });
  const pct = (x: number | null) => (x === null ? '–' : percent.format(x));
  const num = (x: number | null) => (x === null ? '–' : ratio.format(x));
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  // A timestamp, not a Date object: the engine makes no dates (see tests/engine/engine-is-pure.test.ts).
  const [y, m, d] = report.asOf.split('-').map(Number) as [number, number, number];
  const asOf = report.asOf === '' ? '–' : day.format(Date.UTC(y, m - 1, d)); // '' : a file with no dates at all
  const out: string[] = [w.title(asOf, report.defaultDefinition.daysPastDue, report.defaultDefinition.withinMonths)];

  const group = (g: GroupMetrics) => {
    out.push('', `== ${g.group === 'all' ? w.all : w[g.group]} ==`);
    const r = g.rates;
    out.push(
      `${w.decisions}${w.colon}${integer.format(r.decisions)} — ${integer.format(r.accepted)} ${w.accepted}, ${integer.format(r.refused)} ${w.refused}, ${integer.format(r.escalated)} ${w.escalated}`,
      `${w.approval}${w.colon}${pct(r.approvalRate)} · ${w.override}${w.colon}${pct(r.overrideRate)} ${w.ofAutomatic}`,
      `${w.outcomes}${w.colon}${(['good', 'bad', 'open', 'unreported', 'notGranted'] as const).map((l) => `${integer.format(g.labels[l])} ${w[l]}`).join(', ')}`,
    );
    const d = g.discrimination;
    out.push(
      d.gini === null
        ? `${w.discrimination}${w.colon}${w.notEnough}`
        : `${w.discrimination}${w.colon}Gini ${num(d.gini)} · AUC ${num(d.auc)} · KS ${num(d.ks)} ${w.at} ${d.ksScore === null ? '–' : points.format(d.ksScore)}`,
    );
    if (g.stability === null) out.push(w.noBaseline);
    else if (g.stability.index !== null) out.push(`${w.stability}${w.colon}${num(g.stability.index)} — ${w.levels[g.stability.level!]}`);

    out.push(
      '',
      w.byClass,
      table(
        [w.class, w.count, w.bads, w.badRate, w.expected, w.interval, w.verdict],
        g.calibration.map((c) => [
          c.riskClass,
          integer.format(c.count),
          integer.format(c.bads),
          pct(c.observed),
          pct(c.expected),
          c.interval ? `${pct(c.interval.lower)} – ${pct(c.interval.upper)}` : '–',
          w.verdicts[c.verdict],
        ]),
        [1, 2, 3, 4],
      ),
    );
    out.push(
      '',
      w.byBand,
      table(
        [w.band, w.count, w.bads, w.badRate],
        g.badRatesByBand.map((b, i) => [`${edge.format(report.scoreBands[i]!)}–${edge.format(report.scoreBands[i + 1]!)}`, integer.format(b.count), integer.format(b.bads), pct(b.badRate)]),
        [1, 2, 3],
      ),
    );
    if (g.characteristics.length > 0) {
      out.push(
        '',
        w.characteristics,
        table(
          [w.criterion, 'CSI', '', w.points],
          g.characteristics.map((c) => [
            c.criterion,
            num(c.index),
            c.level === null ? '' : w.levels[c.level],
            `${c.baselinePoints === null ? '–' : points.format(c.baselinePoints)} → ${c.currentPoints === null ? '–' : points.format(c.currentPoints)}`,
          ]),
          [1],
        ),
      );
    }
  };
  if (report.unmatchedOutcomes > 0) out.push(w.unmatched(integer.format(report.unmatchedOutcomes)));
  group(report.overall);
  for (const arm of report.arms) group(arm);
  return `${out.join('\n')}\n`;
}

function table(header: string[], rows: string[][], rightAligned: number[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `  ${cells.map((cell, i) => (rightAligned.includes(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
