/**
 * OWASP CSV injection, on every CSV the product writes: the impact CSVs (engine/impact/impact-csv.ts,
 * served by the API and written by `creditgraph simulate --csv`). Text a caller supplied (customer
 * ids come from uploaded portfolios) that begins with = + - @ tab or carriage return is written as
 * text (a leading apostrophe), never as a formula; numbers, negative ones included, stay numbers.
 * The workbook writer's side is in workbook-file.test.ts.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../engine/compile/compile-policy.js';
import { impactSummaryToCsv, impactToCsv, parsePortfolio, simulateImpact } from '../../engine/impact/index.js';
import { shiftedClassThresholds, smallPolicy } from '../support/small-policy.js';

const policyA = compilePolicy(smallPolicy());
const policyB = compilePolicy(shiftedClassThresholds(smallPolicy()));
const RISKY = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-1+1', '@SUM(A1)', '\t=1+1', '\r=1+1'];

function result() {
  // Even rows: 15 years, retail → 0.6 × 100 + 0.4 × 40 = 76, class A then B: limit min(50 % × 200,000, 10 % × 600,000) = 60,000
  // then min(35 % × 200,000, 5 % × 600,000) = 30,000, a delta of −30,000. Odd rows: 2 years, industry → 0.4 × 80 = 32,
  // class C (limit 0) then B: min(35 % × 60,000 = 21,000, 5 % × 300,000 = 15,000), a delta of +15,000.
  const header = ['customerId', 'yearsInBusiness', 'sector', 'insolvencyProceedings', 'tangibleNetWorth', 'annualTurnover', 'requestedAmount'];
  const row = (id: string, i: number) => (i % 2 === 0 ? [id, 15, 'retail', false, 200000, 600000, 1000] : [id, 2, 'industry', false, 60000, 300000, 1000]);
  const csv = Papa.unparse([header, ...RISKY.map(row)], { newline: '\n' });
  const parsed = parsePortfolio(policyA, csv);
  expect(parsed.errors).toEqual([]);
  // The portfolio reader trims ids; JSON/NDJSON portfolios and future writers may not: set them as given.
  parsed.rows.forEach((r, i) => ((r as { customerId: string | null }).customerId = RISKY[i]!));
  return simulateImpact(policyA, policyB, parsed.rows, { keepCustomers: true });
}

describe('impact CSVs neutralise formulas', () => {
  for (const rows of ['all', 'top'] as const) {
    it(`per-customer CSV (rows=${rows}): every risky customer id is prefixed with an apostrophe, numbers stay numbers`, () => {
      const text = impactToCsv(result(), { rows });
      const parsed = Papa.parse<string[]>(text.trimEnd(), { newline: '\n' }).data;
      const header = parsed[0]!;
      const ids = parsed.slice(1).map((line) => line[header.indexOf('customerId')]!);
      if (rows === 'all') expect(ids.sort()).toEqual(RISKY.map((id) => `'${id}`).sort());
      for (const id of ids) expect(id.startsWith("'"), JSON.stringify(id)).toBe(true);
      // A negative limit delta is a number, not text to neutralise (−30,000 on the even rows, +15,000 on the odd ones).
      const deltas = parsed.slice(1).map((line) => line[header.indexOf('limitDelta')]!);
      if (rows === 'all') expect(deltas.sort()).toEqual(['-30000', '-30000', '-30000', '15000', '15000', '15000']);
      expect(deltas.some((d) => /^-\d/.test(d))).toBe(true);
    });
  }

  it('summary CSV: no cell begins with a formula character unless it is a number', () => {
    const lines = Papa.parse<string[]>(impactSummaryToCsv(result()).trimEnd(), { newline: '\n' }).data;
    expect(lines.length).toBeGreaterThan(10);
    for (const cell of lines.flat()) if (/^[=+\-@\t\r]/.test(cell)) expect(cell, cell).toMatch(/^-\d+(\.\d+)?$/);
  });
});
