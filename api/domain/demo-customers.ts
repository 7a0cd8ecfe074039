/**
 * The seeded demo of the customer credit file (issue 24): customers of the 10k sample portfolio
 * (rulesets/portfolios/b2b-standard-10k.csv) loaded as credit files with synthetic open items, so a
 * new user sees overruns, a review campaign and groups out of the box. Deterministic: the same
 * rows, seed and day give the same files and items. The rules (seed 24, `rng` = mulberry32):
 *
 * - **files**: the row's b2b-standard inputs become stored facts — balance-sheet figures `erp` as of
 *   the last 31 December; `bureauScore`, `paymentIncidents12m` `bureau` and `avgPaymentDelayDays`
 *   `erp` as of 15 days ago; `sectorRisk` `analyst` 90 days ago; `insurerCover`/`insuredShare` the
 *   insurer cover from 1 January; insolvency the flag. `requestedAmount` is not a fact (each request's own);
 * - **limit**: what the customer asked for (`requestedAmount`), granted under b2b-standard between
 *   1 and 11 months ago; its review date 12 months after — except one customer in 12, whose review
 *   date passed 1–20 days ago (the first daily campaign re-decides those);
 * - **open items**: the row's `outstanding` split into 1–4 invoices issued 0–90 days ago with
 *   30-day terms, pushed later by the customer's average payment delay; one customer in 15 owes
 *   1.1–1.5 × its limit instead (an overrun, alerted without a decision call);
 * - **groups**: in each block of 50 rows the first heads a group of the next 4, with a group limit
 *   of 80 % of their limits (some groups pass it).
 *
 * Written through the use cases (audited under the actor `demo`, exposure and alerts computed), and
 * only into a store with no customer file at all.
 */
import { readFile } from 'node:fs/promises';
import type { Services } from '../services.js';
import { mulberry32 } from '../../rulesets/portfolios/synthetic-customers.js';
import { createCustomer, type FactUpdate } from './customers.js';
import { feedOpenItems, type OpenItemInput } from './customer-exposure.js';
import type { InsolvencyProcedure } from '../store/customer-store.js';

export const DEMO_SEED = 24;
const ACTOR = { id: 'demo' };
const BALANCE_SHEET = ['yearsInBusiness', 'equity', 'intangibleAssets', 'totalAssets', 'currentAssets', 'currentLiabilities', 'financialDebt', 'netIncome', 'annualTurnover', 'expectedAnnualPurchases', 'paymentTermDays', 'endOfMonthTerms', 'vatRate', 'guarantees', 'discretionaryLimit', 'insurerDeductible', 'keyAccount', 'sellerAnnualSales'];
const BUREAU = ['bureauScore', 'paymentIncidents12m'];

type Row = Record<string, string>;

function parseCsv(text: string): Row[] {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const cols = header!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}

const value = (v: string): number | boolean | string => (v === 'true' ? true : v === 'false' ? false : /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v);
const day = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);
const round = (n: number, to: number) => Math.max(to, Math.round(n / to) * to);

export interface DemoOptions {
  csvPath: string;
  rows: number;
}

/** Loads the demo; returns how many files it wrote (0: the store already had customers). */
export async function seedDemoCustomers(services: Services, options: DemoOptions): Promise<{ customers: number; items: number; groups: number }> {
  if ((await services.store.listCustomers({ limit: 1 })).items.length) return { customers: 0, items: 0, groups: 0 };
  const rows = parseCsv(await readFile(options.csvPath, 'utf8')).slice(0, options.rows);
  const rng = mulberry32(DEMO_SEED);
  const today = services.clock.now();
  const yearEnd = `${today.getUTCFullYear() - 1}-12-31`;
  const recent = day(addDays(today, -15));
  let groups = 0;
  let items = 0;
  const limits = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const id = row.customerId!;
    const facts: FactUpdate[] = [];
    for (const [k, raw] of Object.entries(row)) {
      if (raw === '' || ['customerId', 'outstanding', 'requestedAmount', 'insolvencyProceedings', 'proceedingsType', 'insurerCover', 'insuredShare'].includes(k)) continue;
      const source = BUREAU.includes(k) ? 'bureau' : k === 'sectorRisk' ? 'analyst' : 'erp';
      const asOf = BALANCE_SHEET.includes(k) ? yearEnd : k === 'sectorRisk' ? day(addDays(today, -90)) : recent;
      facts.push({ input: k, value: value(raw) as number, source, asOf });
    }
    const amount = round(Number(row.requestedAmount) || 5000, 500);
    limits.set(id, amount);
    const grantedAt = addDays(today, -Math.floor(30 + rng() * 300));
    const due = rng() < 1 / 12;
    const reviewDate = due ? day(addDays(today, -Math.ceil(1 + rng() * 19))) : day(addDays(grantedAt, 365));
    const block = i % 50;
    const head = block === 0 && i + 4 < rows.length;
    const parentId = block >= 1 && block <= 4 ? rows[i - block]!.customerId! : null;
    if (head) groups++;
    const groupLimit = head ? round(0.8 * rows.slice(i + 1, i + 5).reduce((s, r) => s + (Number(r.requestedAmount) || 5000), 0), 1000) : null;
    await createCustomer(services, ACTOR, {
      customerId: id,
      identity: { name: `Demo ${id}`, nationalId: String(300_000_000 + i * 7919).slice(0, 9), country: 'FR', currency: 'EUR' },
      parentId,
      cover: row.insurerCover ? { insurer: 'Demo Credit Insurance', amount: Number(row.insurerCover), insuredShare: row.insuredShare ? Number(row.insuredShare) : 0.9, from: `${today.getUTCFullYear()}-01-01` } : null,
      limit: { amount, grantedAt: grantedAt.toISOString(), reviewDate: reviewDate < day(grantedAt) ? day(grantedAt) : reviewDate, policyId: 'b2b-standard', riskClass: null },
      groupLimit: groupLimit ? { amount: groupLimit, grantedAt: grantedAt.toISOString() } : null,
      flags: row.insolvencyProceedings === 'true' ? { insolvency: { procedure: (row.proceedingsType || 'other') as InsolvencyProcedure, since: day(addDays(today, -60)) } } : undefined,
      facts,
      comment: 'seeded demo (docs/customers.md)',
    });
    // Open items: the row's outstanding, or an overrun for one customer in 15.
    const overrun = rng() < 1 / 15;
    const owed = overrun ? amount * (1.1 + rng() * 0.4) : Number(row.outstanding) || 0;
    const n = owed > 0 ? 1 + Math.floor(rng() * 4) : 0;
    const delay = Number(row.avgPaymentDelayDays) || 0;
    const batch: OpenItemInput[] = [];
    for (let k = 0; k < n; k++) {
      const issued = addDays(today, -Math.floor(rng() * 90 + delay * rng()));
      batch.push({ id: `${id}-INV-${k + 1}`, customerId: id, kind: 'invoice', amount: Math.round((owed / n) * 100) / 100, currency: 'EUR', issueDate: day(issued), dueDate: day(addDays(issued, 30)), status: 'open' });
    }
    if (batch.length) await feedOpenItems(services, ACTOR, batch, 'seeded demo');
    items += batch.length;
  }
  return { customers: rows.length, items, groups };
}
