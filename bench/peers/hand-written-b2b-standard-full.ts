/**
 * The floor with the full output: b2b-standard written by hand as one function that returns the
 * very decision the compiled policy returns — scorecard detail (effective weights, contributions,
 * lost points), the top-3 explanations and every reason with its English text, the limit's
 * `boundBy`, the collection scenario with its steps, the 26 variables and the conditions — so "compiled ÷ this"
 * measures what compilation costs, not what the output costs. The labels, levels and scenarios
 * are read once from the policy document (as a developer would keep them in constants); the
 * arithmetic and the words are written out. `tests/bench/peers-agree.test.ts` checks that its JSON
 * equals the compiled policy's, byte for byte.
 */
import type { PolicyDocument } from '../../engine/index.js';
import { roundHalfAway as round } from './round-half-away.js';

type Facts = Record<string, unknown>;

const en = (label: unknown): string => (typeof label === 'string' ? label : (label as { en: string }).en);

// --- How values read in reason texts: "60,000", "1,234.5", "0.05", at most 2 decimals. ---
const TOLERANCE = 8 * Number.EPSILON;
function fmt(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'n/a';
  const magnitude = Math.abs(value);
  if (magnitude < 1000 && Number.isInteger(magnitude)) return value < 0 ? `-${magnitude}` : String(magnitude);
  const scaled = magnitude * 100;
  const whole = Math.floor(scaled);
  const cents = scaled >= 4503599627370496 ? Math.round(scaled) : scaled - whole >= 0.5 - scaled * TOLERANCE ? whole + 1 : whole;
  if (cents > Number.MAX_SAFE_INTEGER) return String(value);
  if (cents === 0) return '0';
  const units = Math.floor(cents / 100);
  const fraction = cents - units * 100;
  const grouped = units.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const decimals = fraction === 0 ? '' : fraction % 10 === 0 ? `.${fraction / 10}` : fraction < 10 ? `.0${fraction}` : `.${fraction}`;
  return `${value < 0 ? '-' : ''}${grouped}${decimals}`;
}

const r4 = (x: number) => Math.round(x * 1e4) / 1e4 + 0;
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const quotient = (a: number | undefined, b: number | undefined) => {
  if (a === undefined || b === undefined || b === 0) return undefined;
  const q = a / b;
  return Number.isFinite(q) ? round(q, 1e4) : undefined;
};

/** Bands of each criterion: upper bounds (exclusive) and points, as in the policy. */
const CRITERIA = [
  { id: 'years', weight: 10, bounds: [3, 10], points: [0, 50, 100] },
  { id: 'equityRatio', weight: 15, bounds: [0.1, 0.2, 0.35], points: [0, 40, 70, 100] },
  { id: 'currentRatio', weight: 10, bounds: [1.5, 2.2], points: [0, 50, 100] },
  { id: 'netMargin', weight: 10, bounds: [0.05, 0.14], points: [0, 50, 100] },
  { id: 'debtRatio', weight: 10, bounds: [0.3, 0.5], points: [100, 50, 0] },
  { id: 'paymentDelay', weight: 15, bounds: [0, 5, 15, 30], points: [100, 70, 40, 20, 0] },
  { id: 'incidents', weight: 10, bounds: [1, 2, 3], points: [100, 60, 30, 0] },
  { id: 'sector', weight: 5, values: ['low', 'medium', 'high', 'veryHigh'], points: [100, 60, 20, 0] },
  { id: 'bureau', weight: 15, bounds: [20, 40, 60, 80], points: [0, 25, 50, 75, 100] },
] as const;

const LEVEL_CEILINGS = [5000, 25000, 100000, 500000, Infinity];
const CLASSES = ['A', 'B', 'C', 'D', 'E'];
const NET_WORTH_SHARE = [0.35, 0.35, 0.1, 0.1, 0];
const TURNOVER_SHARE = [0.1, 0.05, 0.03, 0.015, 0];

export function createFullB2bStandard(policy: PolicyDocument): (facts: Facts) => unknown {
  const nodes = policy.nodes as { kind: string; config: Record<string, unknown> }[];
  const scorecard = nodes.find((n) => n.kind === 'scorecard')!.config as { criteria: { id: string; label: unknown }[]; scale: unknown };
  const labels = CRITERIA.map((c) => en(scorecard.criteria.find((x) => x.id === c.id)!.label));
  const levels = (nodes.find((n) => n.kind === 'approval')!.config.levels as { id: string }[]).map((l) => l.id);
  const scenarios = new Map(
    (nodes.find((n) => n.kind === 'collection')!.config.scenarios as { id: string; label: unknown; steps: { day: number; action: string; label: unknown }[] }[]).map((s) => [
      s.id,
      { id: s.id, label: en(s.label), steps: s.steps.map((step) => ({ day: step.day, action: step.action, label: en(step.label) })) },
    ]),
  );
  const scale = scorecard.scale;

  return (facts) => {
    const requested = facts.requestedAmount as number;
    const insolvent = facts.insolvencyProceedings === true;
    const equity = num(facts.equity);
    const totalAssets = num(facts.totalAssets);
    const turnover = num(facts.annualTurnover);
    const purchases = num(facts.expectedAnnualPurchases);
    const incidents = num(facts.paymentIncidents12m);
    const coverFact = num(facts.insurerCover);
    const sellerSales = num(facts.sellerAnnualSales);

    // Ratios (the formula node).
    const tangibleNetWorth = equity === undefined ? undefined : round(equity - (num(facts.intangibleAssets) ?? 0), 100);
    const equityRatio = quotient(equity, totalAssets);
    const currentRatio = quotient(num(facts.currentAssets), num(facts.currentLiabilities));
    const debtRatio = quotient(num(facts.financialDebt), totalAssets);
    const netMargin = quotient(num(facts.netIncome), turnover);
    // Need: purchases with VAT, terms at most the legal cap (60 days, or 45 end of month + half a month), plus the delay.
    const endOfMonth = facts.endOfMonthTerms === true;
    const legalTermCapDays = endOfMonth ? 45 : 60;
    const termDays = num(facts.paymentTermDays);
    const delay = num(facts.avgPaymentDelayDays);
    const exposureDays = Math.min(termDays ?? 60, legalTermCapDays) + (endOfMonth ? 15 : 0) + Math.max(0, delay ?? 0);
    const creditNeed = purchases === undefined ? undefined : round((((purchases * (1 + (num(facts.vatRate) ?? 0.2))) / 12) * exposureDays) / 30, 100);
    const concentrationCap = sellerSales === undefined ? undefined : round(0.1 * sellerSales, 100);
    // Insured part of the cover: share × named agreement − deductible; the discretionary limit for an unnamed buyer with no incident.
    const covered = coverFact !== undefined ? coverFact : incidents === 0 ? (num(facts.discretionaryLimit) ?? 0) : 0;
    const insuredCover = round(Math.max(0, (num(facts.insuredShare) ?? 0.9) * covered - (num(facts.insurerDeductible) ?? 0)), 100);
    const values: (number | string | undefined)[] = [
      num(facts.yearsInBusiness), equityRatio, currentRatio, netMargin, debtRatio, delay, incidents,
      typeof facts.sectorRisk === 'string' ? facts.sectorRisk : undefined, num(facts.bureauScore),
    ];
    let criteriaKnown = 0;
    for (const v of values) if (v !== undefined) criteriaKnown++;

    // Scorecard: reweighting (a missing criterion drops out).
    const bands: number[] = [];
    let sw = 0;
    let sp = 0;
    for (let i = 0; i < CRITERIA.length; i++) {
      const c = CRITERIA[i]!;
      const v = values[i];
      let band = -1;
      if ('values' in c) band = typeof v === 'string' ? (c.values as readonly string[]).indexOf(v) : -1;
      else if (typeof v === 'number') {
        band = c.bounds.length;
        for (let b = 0; b < c.bounds.length; b++) if (v < c.bounds[b]!) { band = b; break; }
      }
      bands.push(band);
      if (band >= 0) {
        sw += c.weight;
        sp += c.weight * c.points[band]!;
      }
    }
    const score = sw > 0 ? round(sp / sw, 100) : undefined;
    const results = [];
    const losses: { lost: number; rank: number; i: number }[] = [];
    for (let i = 0; i < CRITERIA.length; i++) {
      const c = CRITERIA[i]!;
      const band = bands[i]!;
      const missing = band < 0;
      const e = missing ? 0 : (c.weight * 100) / sw;
      const points = missing ? 0 : c.points[band]!;
      const best = Math.max(...c.points);
      const lost = r4((e * (best - points)) / 100);
      results.push({ id: c.id, label: labels[i], value: values[i] ?? null, band: missing ? null : band, points, weight: r4(e), contribution: r4((e * points) / 100), lost, missing });
      losses.push({ lost, rank: Math.round(lost * 1e4), i });
    }
    const reasons: object[] = [];
    // The three largest losses, earlier criteria first on ties.
    const top = losses.filter((l) => l.rank > 0).sort((a, b) => b.rank - a.rank || a.i - b.i).slice(0, 3);
    for (const l of top) {
      const c = CRITERIA[l.i]!;
      reasons.push({ code: 'SCORE_CRITERION', message: `${labels[l.i]} (${fmt(values[l.i])}) cost ${fmt(l.lost)} points`, nodeId: 'scorecard', params: { criterion: c.id, value: values[l.i] ?? null, lost: l.lost }, ruleId: c.id });
    }

    // Knock-outs.
    let oc = 0;
    let lv = -1;
    let concentrationExcess: number | undefined;
    const continuedSupply = insolvent && (facts.proceedingsType === 'safeguard' || facts.proceedingsType === 'receivership');
    if (insolvent && !continuedSupply) {
      reasons.push({ code: 'KO_INSOLVENCY', message: 'Liquidation (or proceedings of unknown kind) is open against the customer: no credit.', nodeId: 'knockouts', ruleId: 'insolvency', effect: 'refuse' });
      oc = 3;
    }
    if (continuedSupply) {
      reasons.push({
        code: 'POST_OPENING_SUPPLY',
        message: 'Safeguard or receivership: what we deliver after the opening is paid at its due date, before earlier creditors (Code de commerce L622-17); the credit manager decides whether to keep supplying, cash on delivery.',
        nodeId: 'knockouts',
        ruleId: 'post-opening-supply',
        effect: 'escalate',
      });
      if (oc < 2) oc = 2;
      if (lv < 2) lv = 2;
    }
    if (insolvent) {
      reasons.push({
        code: 'PROOF_OF_CLAIM',
        message: "Declare every claim born before the opening to the creditors' representative within 2 months of the publication of the judgment in the BODACC (Code de commerce L622-24, R622-24), or it cannot be paid in the proceedings.",
        nodeId: 'knockouts',
        ruleId: 'proof-of-claim',
      });
    }
    if (coverFact !== undefined && coverFact > 0 && coverFact < requested) {
      reasons.push({
        code: 'PARTIAL_COVER',
        message: `Partial agreement: the insurer covers ${fmt(coverFact)} of the ${fmt(requested)} asked; it pays ${fmt(insuredCover)} at most on a loss, the rest is our own risk.`,
        nodeId: 'knockouts',
        params: { insurerCover: coverFact, requestedAmount: requested, insuredCover },
        ruleId: 'partial-cover',
      });
    }
    if (criteriaKnown < 4) {
      reasons.push({ code: 'THIN_FILE', message: `Only ${fmt(criteriaKnown)} of the 9 scorecard criteria are known: a credit analyst reviews the file.`, nodeId: 'knockouts', params: { criteriaKnown }, ruleId: 'thin-file', effect: 'escalate' });
      if (oc < 2) oc = 2;
      if (lv < 1) lv = 1;
    }
    if (concentrationCap !== undefined && requested > concentrationCap) {
      reasons.push({ code: 'CONCENTRATION', message: `Requested ${fmt(requested)} is above 10% of our own annual sales (${fmt(concentrationCap)}).`, nodeId: 'knockouts', params: { requestedAmount: requested, concentrationCap }, ruleId: 'concentration', effect: 'escalate' });
      if (oc < 2) oc = 2;
      if (lv < 3) lv = 3;
      concentrationExcess = round(requested - concentrationCap, 1e6);
    }

    // Risk class and its overrides.
    let rank: number;
    if (score === undefined) {
      rank = 4;
      reasons.push({ code: 'SCORE_MISSING', message: 'No score could be computed: the worst risk class applies', nodeId: 'riskClass' });
    } else rank = score >= 80 ? 0 : score >= 65 ? 1 : score >= 50 ? 2 : score >= 35 ? 3 : 4;
    if (insolvent) {
      rank = 4;
      reasons.push({ code: 'INSOLVENCY', message: 'Insolvency proceedings: class forced to E.', nodeId: 'riskClass', ruleId: 'insolvency' });
    }
    if (incidents !== undefined && incidents >= 3) {
      if (rank < 3) rank = 3;
      reasons.push({ code: 'PAYMENT_INCIDENTS', message: `${fmt(incidents)} payment incidents in 12 months: class no better than D.`, nodeId: 'riskClass', params: { paymentIncidents12m: incidents }, ruleId: 'incidents' });
    }
    const riskClass = CLASSES[rank]!;

    // Credit limit: the lowest capacity (need none in class E), plus the insured cover (none in class E), ceiling 1,000,000, down to a multiple of 500.
    let base: number | undefined;
    let boundBy: string | null = null;
    if (tangibleNetWorth !== undefined) {
      base = Math.max(0, NET_WORTH_SHARE[rank]! * tangibleNetWorth);
      boundBy = 'netWorth';
    }
    if (turnover !== undefined) {
      const c = TURNOVER_SHARE[rank]! * turnover;
      if (base === undefined || c < base) {
        base = c;
        boundBy = 'turnover';
      }
    }
    const need = creditNeed === undefined ? undefined : rank === 4 ? 0 : creditNeed; // class E: no need capacity
    if (need !== undefined && (base === undefined || need < base)) {
      base = need;
      boundBy = 'need';
    }
    base = base === undefined ? 0 : round(base, 100);
    const cover = rank === 4 ? 0 : insuredCover; // class E counts no cover
    const guarantees = num(facts.guarantees) ?? 0;
    let gross = Math.min(1_000_000, Math.max(0, round(base + cover, 100)));
    gross = Math.min(1_000_000, Math.max(0, round(Math.floor(round(gross / 500, 1e6)) * 500, 100)));
    const unsecured = Math.max(0, round(gross - cover - guarantees, 100));

    // Collection scenario.
    let scenario: string;
    if (facts.keyAccount === true && riskClass !== 'E') {
      scenario = 'keyAccounts';
      reasons.push({ code: 'KEY_ACCOUNT', message: 'Key account: phone-led key-account dunning.', nodeId: 'collection', ruleId: 'key-account' });
    } else scenario = rank <= 2 ? 'standard' : 'risky';

    // Approval.
    const authority = Math.max(0, requested - cover - guarantees);
    let approvalOutcome: string;
    let approvalLevel: string | null = null;
    if (riskClass === 'E' && !continuedSupply) {
      approvalOutcome = 'refuse';
      reasons.push({ code: 'CLASS_E', message: 'Risk class E: no credit on open account; sell only against payment before delivery.', nodeId: 'approval', ruleId: 'class-e', effect: 'refuse' });
      oc = 3;
    } else if (requested > 2_000_000) {
      approvalOutcome = 'refuse';
      reasons.push({ code: 'ABOVE_ABSOLUTE_CEILING', message: `Requested ${fmt(requested)} is above the absolute ceiling of 2,000,000.`, nodeId: 'approval', params: { requestedAmount: requested }, ruleId: 'absolute-ceiling', effect: 'refuse' });
      oc = 3;
    } else if (requested <= gross) {
      approvalOutcome = 'accept';
      reasons.push({ code: 'WITHIN_LIMIT', message: `Requested ${fmt(requested)} is within the limit ${fmt(gross)}.`, nodeId: 'approval', params: { requestedAmount: requested, creditLimit: gross }, ruleId: 'within-limit', effect: 'accept' });
      if (oc < 1) oc = 1;
    } else {
      const level = LEVEL_CEILINGS.findIndex((ceiling) => authority <= ceiling);
      approvalOutcome = 'escalate';
      approvalLevel = levels[level]!;
      reasons.push({
        code: 'ABOVE_LIMIT',
        message: `Requested ${fmt(requested)} is above the limit ${fmt(gross)}; unsecured part ${fmt(authority)} goes to the level that covers it.`,
        nodeId: 'approval',
        params: { requestedAmount: requested, creditLimit: gross, authorityAmount: authority },
        effect: 'escalate',
      });
      if (oc < 2) oc = 2;
      if (lv < level) lv = level;
    }
    // Conditions: each rule in order, a later one overriding the terms an earlier one set.
    let maxPaymentTermDays: number | undefined;
    let prepaymentShare: number | undefined;
    let guaranteeRequired: boolean | undefined;
    let cashOnDelivery: boolean | undefined;
    if (termDays !== undefined && termDays > legalTermCapDays) {
      maxPaymentTermDays = legalTermCapDays;
      reasons.push({
        code: 'TERMS_ABOVE_LEGAL_CAP',
        message: `Payment terms of ${fmt(termDays)} days exceed the legal cap of ${fmt(legalTermCapDays)} days (Code de commerce L441-10): granted on ${fmt(legalTermCapDays)} days at most.`,
        nodeId: 'conditions',
        params: { paymentTermDays: termDays, legalTermCapDays },
        ruleId: 'legal-terms-cap',
      });
    }
    if (rank === 2) {
      maxPaymentTermDays = Math.min(legalTermCapDays, 45);
      reasons.push({ code: 'CONDITION_SHORTER_TERMS', message: `Class C: payment terms of ${fmt(maxPaymentTermDays)} days at most.`, nodeId: 'conditions', params: { maxPaymentTermDays }, ruleId: 'class-c-terms' });
    }
    if (rank === 3) {
      maxPaymentTermDays = 30;
      prepaymentShare = 0.3;
      guaranteeRequired = requested > gross;
      reasons.push({
        code: 'CONDITION_PREPAYMENT',
        message: `Class D: payment terms of 30 days at most and a prepayment of 30 % on each order; a bank or parent guarantee for any amount above the limit ${fmt(gross)}.`,
        nodeId: 'conditions',
        params: { creditLimit: gross },
        ruleId: 'class-d-conditions',
      });
    }
    if (rank === 4 && !continuedSupply) {
      maxPaymentTermDays = 0;
      prepaymentShare = 1;
      reasons.push({ code: 'CONDITION_CASH_IN_ADVANCE', message: 'No credit: orders are delivered only once paid in full.', nodeId: 'conditions', ruleId: 'class-e-cash-in-advance' });
    }
    if (continuedSupply) {
      maxPaymentTermDays = 0;
      cashOnDelivery = true;
      reasons.push({ code: 'CONDITION_CASH_ON_DELIVERY', message: 'If supply continues: cash on delivery.', nodeId: 'conditions', ruleId: 'post-opening-cash-on-delivery' });
    }
    const hasConditions = maxPaymentTermDays !== undefined || prepaymentShare !== undefined || guaranteeRequired !== undefined || cashOnDelivery !== undefined;

    const outcome = oc === 3 ? 'refuse' : oc === 2 ? 'escalate' : 'accept';
    return {
      outcome,
      approvalLevel: oc === 2 && lv >= 0 ? levels[lv] : null,
      score: score ?? null,
      scoreScale: scale,
      riskClass,
      creditLimit: { gross, unsecured, insurerCover: cover, guarantees, boundBy },
      collectionScenario: scenarios.get(scenario),
      reasons,
      scorecard: results,
      variables: {
        tangibleNetWorth: tangibleNetWorth ?? null,
        equityRatio: equityRatio ?? null,
        currentRatio: currentRatio ?? null,
        debtRatio: debtRatio ?? null,
        netMargin: netMargin ?? null,
        legalTermCapDays,
        creditNeed: creditNeed ?? null,
        concentrationCap: concentrationCap ?? null,
        criteriaKnown,
        insuredCover,
        score: score ?? null,
        concentrationExcess: concentrationExcess ?? null,
        riskClass,
        riskClassRank: rank,
        creditLimit: gross,
        unsecuredLimit: unsecured,
        limitBase: base,
        collectionScenario: scenario,
        approvalOutcome,
        approvalLevel,
        approvalAmount: requested,
        authorityAmount: authority,
        maxPaymentTermDays: maxPaymentTermDays ?? null,
        prepaymentShare: prepaymentShare ?? null,
        guaranteeRequired: guaranteeRequired ?? null,
        cashOnDelivery: cashOnDelivery ?? null,
      },
      conditions: hasConditions
        ? { paymentTermDays: maxPaymentTermDays ?? null, prepaymentShare: prepaymentShare ?? null, guaranteeRequired: guaranteeRequired ?? null, cashOnDelivery: cashOnDelivery ?? null }
        : null,
    };
  };
}
