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
import { smallPolicy } from '../impact/small-policies.js';

const policyA = compilePolicy(smallPolicy({ B: 60, C: 40 }));
const policyB = compilePolicy(smallPolicy({ B: 75, C: 30 }));
const RISKY = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-1+1', '@SUM(A1)', '\t=1+1', '\r=1+1'];

function result() {
  const csv = Papa.unparse([['customerId', 'rating', 'requestedAmount', 'turnover'], ...RISKY.map((id, i) => [id, 70 - i * 5, 1000, 100000])], { newline: '\n' });
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
      // A negative limit delta is a number, not text to neutralise.
      const deltas = parsed.slice(1).map((line) => line[header.indexOf('limitDelta')]!);
      expect(deltas.some((d) => /^-\d/.test(d))).toBe(true);
    });
  }

  it('summary CSV: no cell begins with a formula character unless it is a number', () => {
    const lines = Papa.parse<string[]>(impactSummaryToCsv(result()).trimEnd(), { newline: '\n' }).data;
    expect(lines.length).toBeGreaterThan(10);
    for (const cell of lines.flat()) if (/^[=+\-@\t\r]/.test(cell)) expect(cell, cell).toMatch(/^-\d+(\.\d+)?$/);
  });
});
