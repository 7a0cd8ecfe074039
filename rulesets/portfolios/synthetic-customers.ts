/**
 * A deterministic synthetic B2B portfolio: customers whose figures hang together (a company's size
 * drives its turnover, its balance sheet follows its turnover, weak companies pay late and have
 * incidents), so simulations show the migrations a real book would. Pure (no Node built-ins): the
 * benchmark, the tests and the CLI share it. Distributions are documented in README.md.
 *
 * Facts are drawn for the inputs the b2b-standard policy declares; any other declared input gets a
 * plain draw from its type and bounds, so the generator works for any policy. Every value respects
 * the policy's min / max / enum / required declarations.
 */
import type { InputDeclaration, PolicyDocument, ScalarValue } from '../../engine/model/policy-schema.js';

/** mulberry32: a tiny, well-known 32-bit PRNG; plenty for synthetic data, identical everywhere. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Draw {
  constructor(private readonly next: () => number) {}
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.next();
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Standard normal by Box–Muller (one value per call keeps the draw order simple). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]: log(0) is impossible
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** Log-normal with the given median and log-scale sigma. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }
  poisson(lambda: number): number {
    // Knuth: fine for the small rates used here.
    const limit = Math.exp(-Math.min(lambda, 30));
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
  pick<T>(weighted: readonly (readonly [T, number])[]): T {
    let u = this.next();
    for (const [value, weight] of weighted) {
      if (u < weight) return value;
      u -= weight;
    }
    return weighted[weighted.length - 1][0];
  }
}

export type CompanySize = 'micro' | 'small' | 'medium' | 'large';

/** Share of the book and median turnover (EUR) by company size. */
export const SIZES: readonly (readonly [CompanySize, number, number])[] = [
  ['micro', 0.45, 250_000],
  ['small', 0.3, 2_500_000],
  ['medium', 0.18, 20_000_000],
  ['large', 0.07, 150_000_000],
];

const MEDIAN_YEARS: Record<CompanySize, number> = { micro: 6, small: 12, medium: 20, large: 35 };
const FILED_ACCOUNTS: Record<CompanySize, number> = { micro: 0.85, small: 0.95, medium: 0.98, large: 0.99 };
const KEY_ACCOUNT: Record<CompanySize, number> = { micro: 0.005, small: 0.02, medium: 0.08, large: 0.3 };
/** Median share of the customer's turnover bought from us: one supplier among many for a big buyer. */
const PURCHASE_SHARE: Record<CompanySize, number> = { micro: 0.1, small: 0.06, medium: 0.02, large: 0.005 };

/** The seller's own annual sales: one figure for the whole book (it is ours, not the customer's); the 10,000-customer sample buys about 2.9 billion a year from it. */
export const SELLER_ANNUAL_SALES = 3_000_000_000;

/** Kind of collective proceedings of an insolvent customer: most openings are direct liquidations. */
const PROCEEDINGS = [['liquidation', 0.7], ['receivership', 0.25], ['safeguard', 0.05]] as const;

export interface SyntheticCustomer {
  customerId: string;
  outstanding: number;
  facts: Record<string, ScalarValue | undefined>;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const roundTo = (x: number, step: number) => Math.round(x / step) * step;

/** One customer of the b2b model (every value drawn, in a fixed order, whether kept or not). */
const SIZE_SHARES = SIZES.map(([size, share]) => [size, share] as const);
const MEDIAN_TURNOVER = Object.fromEntries(SIZES.map(([size, , median]) => [size, median])) as Record<CompanySize, number>;

function b2bCustomer(d: Draw, index: number, proceedings: Draw): SyntheticCustomer {
  const size = d.pick(SIZE_SHARES);
  const median = MEDIAN_TURNOVER[size];
  const q = d.normal(); // latent financial health: drives ratios, payment behaviour, bureau score
  const turnover = roundTo(d.logNormal(median, 0.6), 1000);
  const years = Math.round(clamp(d.logNormal(MEDIAN_YEARS[size], 0.7), 0, 150));
  const filed = d.chance(FILED_ACCOUNTS[size]);
  const totalAssets = turnover * d.logNormal(0.75, 0.35);
  const equityRatio = clamp(0.28 + 0.12 * q + 0.08 * d.normal(), -0.4, 0.85);
  const hasIntangibles = d.chance(0.45);
  const intangibleShare = d.uniform(0.01, 0.12);
  const currentShare = clamp(0.6 + 0.12 * d.normal(), 0.2, 0.95);
  const currentRatio = d.logNormal(1.35 * Math.exp(0.15 * q), 0.3);
  const debtRatio = clamp((1 - equityRatio) * (0.35 + 0.12 * d.normal()), 0, 0.95);
  const margin = clamp(0.035 + 0.035 * q + 0.03 * d.normal(), -0.35, 0.3);
  const purchasesShare = Math.min(0.25, d.logNormal(PURCHASE_SHARE[size], 0.8));
  const termDays = d.pick([[30, 0.25], [45, 0.3], [60, 0.35], [90, 0.1]] as const);
  const knownPayer = d.chance(0.92);
  const delay = clamp(-3 + Math.exp(2.0 - 0.45 * q + 0.75 * d.normal()), -90, 365);
  const incidents = d.poisson(0.08 * Math.exp(-0.9 * q) + Math.max(0, delay) / 60);
  const sector = d.pick([['low', 0.25], ['medium', 0.45], ['high', 0.22], ['veryHigh', 0.08]] as const);
  const sectorKnown = d.chance(0.98);
  const bureau = clamp(Math.round(62 + 14 * q + 8 * d.normal()), 0, 100);
  const bureauKnown = d.chance(0.95);
  const insolvent = d.chance(Math.min(0.5, 0.004 * Math.exp(-1.5 * q)));
  const requestFactor = d.logNormal(1, 0.45);
  const insured = d.chance(0.4);
  const coverShare = d.uniform(0.3, 1);
  const guaranteed = d.chance(0.06);
  const guaranteeShare = d.uniform(0.1, 0.5);
  const keyAccount = d.chance(KEY_ACCOUNT[size]);
  const active = d.chance(0.82);
  const openShare = d.uniform(0.3, 1.2);

  const purchases = roundTo(turnover * purchasesShare, 100);
  const need = (purchases / 12) * (termDays / 30) * 1.2;
  const requested = Math.max(1000, roundTo(need * requestFactor, 500));
  const paidLate = knownPayer ? Math.max(0, delay) : 0;
  const outstanding = active ? Math.round((purchases / 12) * ((termDays + paidLate) / 30) * openShare * 100) / 100 : 0;

  return {
    customerId: `C${String(index).padStart(6, '0')}`,
    outstanding,
    facts: {
      requestedAmount: requested,
      insolvencyProceedings: insolvent,
      yearsInBusiness: years,
      equity: filed ? Math.round(equityRatio * totalAssets) : undefined,
      intangibleAssets: filed ? (hasIntangibles ? Math.round(intangibleShare * totalAssets) : 0) : undefined,
      totalAssets: filed ? Math.round(totalAssets) : undefined,
      currentAssets: filed ? Math.round(currentShare * totalAssets) : undefined,
      currentLiabilities: filed ? Math.round((currentShare * totalAssets) / currentRatio) : undefined,
      financialDebt: filed ? Math.round(debtRatio * totalAssets) : undefined,
      netIncome: filed ? Math.round(margin * turnover) : undefined,
      annualTurnover: filed ? turnover : undefined,
      expectedAnnualPurchases: purchases,
      paymentTermDays: termDays,
      avgPaymentDelayDays: knownPayer ? Math.round(delay * 10) / 10 : undefined,
      paymentIncidents12m: knownPayer ? incidents : undefined,
      sectorRisk: sectorKnown ? sector : undefined,
      bureauScore: bureauKnown ? bureau : undefined,
      insurerCover: insured ? Math.max(1000, roundTo(requested * coverShare, 1000)) : undefined,
      guarantees: guaranteed ? Math.max(1000, roundTo(requested * guaranteeShare, 1000)) : undefined,
      keyAccount,
      sellerAnnualSales: SELLER_ANNUAL_SALES,
      // Drawn from their own stream (only for insolvent customers), so the older columns keep their values.
      proceedingsType: insolvent ? proceedings.pick(PROCEEDINGS) : undefined,
      // The seller's credit-insurance contract and invoicing terms are left to the policy's defaults
      // (90 % insured share, no deductible, no discretionary limit, 20 % VAT, terms from the invoice date).
      insuredShare: undefined,
      insurerDeductible: undefined,
      discretionaryLimit: undefined,
      vatRate: undefined,
      endOfMonthTerms: undefined,
    },
  };
}

/** A value for an input the b2b model does not know: uniform within its bounds, by type. */
function plainValue(d: Draw, input: InputDeclaration): ScalarValue | undefined {
  const missing = !input.required && d.chance(0.05);
  let value: ScalarValue;
  switch (input.type) {
    case 'boolean':
      value = d.chance(0.1);
      break;
    case 'enum': {
      const values = input.values ?? [];
      value = values[Math.floor(d.uniform(0, values.length))] ?? '';
      break;
    }
    case 'string':
      value = `text-${Math.floor(d.uniform(0, 1000))}`;
      break;
    default: {
      const lo = input.min ?? 0;
      const hi = input.max ?? lo + 100_000;
      // Wide ranges (amounts) get a log-uniform draw so values look like amounts, not all billions.
      const x = hi - lo > 1e6 && lo >= 0 ? Math.exp(d.uniform(Math.log(1 + lo), Math.log(1 + Math.min(hi, 1e7)))) - 1 : d.uniform(lo, hi);
      value = input.type === 'integer' ? Math.round(x) : Math.round(x * 100) / 100;
    }
  }
  return missing ? undefined : value;
}

/** Puts a drawn value inside the input's declaration (bounds, integer, enum). */
function fit(input: InputDeclaration, value: ScalarValue | undefined): ScalarValue | undefined {
  if (value === undefined || value === null) return undefined;
  switch (input.type) {
    case 'number':
    case 'integer': {
      if (typeof value !== 'number') return undefined;
      let x = clamp(value, input.min ?? -Infinity, input.max ?? Infinity);
      if (input.type === 'integer') x = Math.round(x);
      return x;
    }
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'enum':
      return typeof value === 'string' && (input.values ?? []).includes(value) ? value : undefined;
    case 'string':
      return String(value);
  }
}

export interface GenerateOptions {
  rows: number;
  seed: number;
}

/** The customers of a synthetic portfolio for a policy; the same (policy inputs, rows, seed) give the same customers. */
export function generateCustomers(policy: PolicyDocument, options: GenerateOptions): SyntheticCustomer[] {
  const modelDraw = new Draw(mulberry32(options.seed));
  // Inputs outside the model draw from a second stream, so adding one to a policy does not reshuffle the others.
  const plainDraw = new Draw(mulberry32(options.seed ^ 0x9e3779b9));
  const proceedingsDraw = new Draw(mulberry32(options.seed ^ 0x85ebca6b));
  const customers: SyntheticCustomer[] = [];
  for (let i = 1; i <= options.rows; i++) {
    const modelled = b2bCustomer(modelDraw, i, proceedingsDraw);
    const facts: Record<string, ScalarValue | undefined> = {};
    for (const input of policy.inputs) {
      const known = Object.hasOwn(modelled.facts, input.name);
      let value = known ? fit(input, modelled.facts[input.name]) : plainValue(plainDraw, input);
      if (value === undefined && input.required) value = fit(input, plainValue(plainDraw, { ...input, required: true }));
      facts[input.name] = value;
    }
    customers.push({ customerId: modelled.customerId, outstanding: modelled.outstanding, facts });
  }
  return customers;
}

/** The portfolio as CSV: customerId, outstanding, then the policy's inputs in declared order. */
export function generatePortfolioCsv(policy: PolicyDocument, options: GenerateOptions): string {
  const header = ['customerId', 'outstanding', ...policy.inputs.map((input) => input.name)];
  const lines: string[] = [header.map(csvCell).join(',')];
  for (const customer of generateCustomers(policy, options)) {
    let line = `${csvCell(customer.customerId)},${customer.outstanding.toFixed(2)}`;
    for (const input of policy.inputs) {
      const value = customer.facts[input.name];
      line += `,${value === undefined || value === null ? '' : csvCell(String(value))}`;
    }
    lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}

/** RFC 4180 quoting, only where needed (a plain join: Papa.unparse is 3× slower on 100k rows). */
function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
