/**
 * The floor: b2b-standard written by hand as one plain function, the way a developer would code
 * the policy without any engine. It returns only what the benchmark compares (no reasons, no
 * scorecard detail), so it is the fastest any implementation of this policy can reasonably be.
 * Same rounding rule as the engine (half away from zero on the decimal the float stands for).
 */
import { roundHalfAway as round } from './round-half-away.js';

export interface PeerDecision {
  outcome: 'accept' | 'refuse' | 'escalate';
  approvalLevel: string | null;
  score: number | null;
  riskClass: string;
  creditLimit: number;
  unsecuredLimit: number;
  collectionScenario: string;
}

type Facts = Record<string, unknown>;

const LEVELS = ['salesRep', 'creditAnalyst', 'creditManager', 'financeDirector', 'executiveCommittee'];
const CLASSES = ['A', 'B', 'C', 'D', 'E'];
const NET_WORTH_SHARE = [0.35, 0.35, 0.1, 0.1, 0];
const TURNOVER_SHARE = [0.1, 0.05, 0.03, 0.015, 0];

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const ratio = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined || b === undefined || b === 0 ? undefined : round(a / b, 1e4);

export function decideB2bStandard(facts: Facts): PeerDecision {
  const requested = facts.requestedAmount as number;
  const insolvent = facts.insolvencyProceedings === true;
  const years = num(facts.yearsInBusiness);
  const equity = num(facts.equity);
  const turnover = num(facts.annualTurnover);
  const purchases = num(facts.expectedAnnualPurchases);
  const delay = num(facts.avgPaymentDelayDays);
  const incidents = num(facts.paymentIncidents12m);
  const sector = facts.sectorRisk;
  const bureau = num(facts.bureauScore);
  const coverFact = num(facts.insurerCover);
  const guarantees = num(facts.guarantees) ?? 0;
  const sellerSales = num(facts.sellerAnnualSales);
  const totalAssets = num(facts.totalAssets);

  // Ratios.
  const tangibleNetWorth = equity === undefined ? undefined : round(equity - (num(facts.intangibleAssets) ?? 0), 100);
  const equityRatio = ratio(equity, totalAssets);
  const currentRatio = ratio(num(facts.currentAssets), num(facts.currentLiabilities));
  const debtRatio = ratio(num(facts.financialDebt), totalAssets);
  const netMargin = ratio(num(facts.netIncome), turnover);
  // Need: purchases with VAT, terms at most the legal cap (60 days, or 45 end of month + half a month), plus the delay.
  const endOfMonth = facts.endOfMonthTerms === true;
  const termCap = endOfMonth ? 45 : 60;
  const exposureDays = Math.min(num(facts.paymentTermDays) ?? 60, termCap) + (endOfMonth ? 15 : 0) + Math.max(0, delay ?? 0);
  const creditNeed = purchases === undefined ? undefined : round(((purchases * (1 + (num(facts.vatRate) ?? 0.2))) / 12) * exposureDays / 30, 100);
  // Insured part of the cover: share × named agreement − deductible; the discretionary limit for an unnamed buyer with no incident.
  const covered = coverFact !== undefined ? coverFact : incidents === 0 ? (num(facts.discretionaryLimit) ?? 0) : 0;
  const insuredCover = round(Math.max(0, (num(facts.insuredShare) ?? 0.9) * covered - (num(facts.insurerDeductible) ?? 0)), 100);
  const concentrationCap = sellerSales === undefined ? undefined : round(0.1 * sellerSales, 100);

  // Scorecard (reweight: a missing criterion drops out).
  let sw = 0;
  let sp = 0;
  let known = 0;
  if (years !== undefined) { sw += 10; sp += 10 * (years < 3 ? 0 : years < 10 ? 50 : 100); known++; }
  if (equityRatio !== undefined) { sw += 15; sp += 15 * (equityRatio < 0.1 ? 0 : equityRatio < 0.2 ? 40 : equityRatio < 0.35 ? 70 : 100); known++; }
  if (currentRatio !== undefined) { sw += 10; sp += 10 * (currentRatio < 1.5 ? 0 : currentRatio < 2.2 ? 50 : 100); known++; }
  if (netMargin !== undefined) { sw += 10; sp += 10 * (netMargin < 0.05 ? 0 : netMargin < 0.14 ? 50 : 100); known++; }
  if (debtRatio !== undefined) { sw += 10; sp += 10 * (debtRatio < 0.3 ? 100 : debtRatio < 0.5 ? 50 : 0); known++; }
  if (delay !== undefined) { sw += 15; sp += 15 * (delay < 0 ? 100 : delay < 5 ? 70 : delay < 15 ? 40 : delay < 30 ? 20 : 0); known++; }
  if (incidents !== undefined) { sw += 10; sp += 10 * (incidents < 1 ? 100 : incidents < 2 ? 60 : incidents < 3 ? 30 : 0); known++; }
  if (sector !== undefined && sector !== null) { sw += 5; sp += 5 * (sector === 'low' ? 100 : sector === 'medium' ? 60 : sector === 'high' ? 20 : 0); known++; }
  if (bureau !== undefined) { sw += 15; sp += 15 * (bureau < 20 ? 0 : bureau < 40 ? 25 : bureau < 60 ? 50 : bureau < 80 ? 75 : 100); known++; }
  const score = sw > 0 ? round(sp / sw, 100) : undefined;

  // Risk class and overrides.
  let rank = score === undefined ? 4 : score >= 80 ? 0 : score >= 65 ? 1 : score >= 50 ? 2 : score >= 35 ? 3 : 4;
  if (insolvent) rank = 4;
  if (incidents !== undefined && incidents >= 3 && rank < 3) rank = 3;

  // Credit limit: lowest present capacity (net worth's never below 0) + insured cover (none in E), ceiling 1,000,000, down to 500.
  const cover = rank === 4 ? 0 : insuredCover;
  let base: number | undefined;
  if (tangibleNetWorth !== undefined) base = Math.max(0, NET_WORTH_SHARE[rank] * tangibleNetWorth); // a negative net worth gives no capacity
  if (turnover !== undefined) { const c = TURNOVER_SHARE[rank] * turnover; if (base === undefined || c < base) base = c; }
  const need = creditNeed === undefined ? undefined : rank === 4 ? 0 : creditNeed; // class E: no need capacity
  if (need !== undefined && (base === undefined || need < base)) base = need;
  base = base === undefined ? 0 : round(base, 100);
  let gross = round(base + cover, 100);
  if (gross > 1_000_000) gross = 1_000_000;
  if (gross < 0) gross = 0;
  gross = round(Math.floor(round(gross / 500, 1e6)) * 500, 100);
  let unsecured = round(gross - cover - guarantees, 100);
  if (unsecured < 0) unsecured = 0;

  // Knock-outs, then approval; refuse beats escalate beats accept, highest level wins.
  let oc = 0;
  let lv = -1;
  const continuedSupply = insolvent && (facts.proceedingsType === 'safeguard' || facts.proceedingsType === 'receivership');
  if (insolvent && !continuedSupply) oc = 3;
  if (continuedSupply) { if (oc < 2) oc = 2; if (lv < 2) lv = 2; }
  if (known < 4) { if (oc < 2) oc = 2; if (lv < 1) lv = 1; }
  if (concentrationCap !== undefined && requested > concentrationCap) { if (oc < 2) oc = 2; if (lv < 3) lv = 3; }
  if ((rank === 4 && !continuedSupply) || requested > 2_000_000) oc = 3;
  else if (requested <= gross) { if (oc < 1) oc = 1; }
  else {
    const authority = Math.max(0, requested - cover - guarantees);
    const level = authority <= 5000 ? 0 : authority <= 25000 ? 1 : authority <= 100000 ? 2 : authority <= 500000 ? 3 : 4;
    if (oc < 2) oc = 2;
    if (lv < level) lv = level;
  }

  const scenario = facts.keyAccount === true && rank !== 4 ? 'keyAccounts' : rank <= 2 ? 'standard' : 'risky';
  return {
    outcome: oc === 3 ? 'refuse' : oc === 2 ? 'escalate' : 'accept',
    approvalLevel: oc === 2 && lv >= 0 ? LEVELS[lv] : null,
    score: score ?? null,
    riskClass: CLASSES[rank],
    creditLimit: gross,
    unsecuredLimit: unsecured,
    collectionScenario: scenario,
  };
}
