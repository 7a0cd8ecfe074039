/**
 * The generated CSV row reader (the fast path) changes nothing a person sees: on random files —
 * shuffled, repeated, unknown and missing columns, three delimiters, both newlines, a byte-order
 * mark, bad and odd cells (spaces, exponents, 17 digits, -0, `yes`, non-breaking spaces, quotes,
 * quoted newlines, non-ASCII text, which switches a piece from the bytes reader to the text
 * reader), short and long rows, blank lines, random chunk sizes — the parse gives exactly the rows
 * (facts in the same key order, -0 kept apart from 0), errors, warnings and counters of the
 * general path (papaparse + checkFacts for every row); and where a piece is cut changes nothing.
 * The seed is the run's (printed; TEST_SEED to replay) unless CG_SEED gives one.
 */
import { describe, expect, it } from 'vitest';
import { parsePortfolioChunk, portfolioSummary, startPortfolioParse, type PortfolioBatch } from '../../engine/impact/index.js';
import { decimalAt } from '../../engine/impact/csv-row-reader.js';
import { plainNumber } from '../../engine/impact/portfolio-columns.js';
import type { PolicyDocument } from '../../engine/model/policy-schema.js';
import { smallPolicy, withEmployees } from '../support/small-policy.js';
import { testSeed } from '../support/test-seed.js';

const seed = Number(process.env.CG_SEED ?? testSeed() % 1_000_000_007);
console.log(`csv-row-reader seed: ${seed} (TEST_SEED replays the run, CG_SEED=${seed} this file alone)`);

/** mulberry32: small, seeded. */
function random(s: number): () => number {
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The small policy with its integer input (tests/support/small-policy.ts: `withEmployees`). */
function basePolicy(): PolicyDocument {
  return withEmployees(smallPolicy());
}

/** The base policy, plus a free-text input and `outstanding` declared as a fact (the parser then reads the figure from the facts). */
function widerPolicy(): PolicyDocument {
  const policy = basePolicy();
  return {
    ...policy,
    id: 'wider-test',
    inputs: [
      ...policy.inputs,
      { name: 'note', type: 'string', required: false },
      { name: 'outstanding', type: 'number', min: -1000, max: 1e9, required: false },
      { name: 'staff', type: 'integer', min: -5, max: 10, required: true },
    ],
  };
}

const CELLS = [
  '', '', '0', '-0', '+3', '5', '5.', '.5', '0.1', '3.1', '12.75', '99.999', '100', '101', '-1', '-0.0', '1e3', '1E-2', '2.5e', '12345678901234567',
  '123456789012345', '1234567890123456', '9007199254740993', '0.000000000000001', ' 5', '5 ', '\u00a05', 'abc', '-', '.', '+', '1,5', 'true', 'false',
  'TRUE', 'yes', 'no', '1', 'maybe', 'retail', 'industry', ' retail', 'retail\u00a0', 'mining', 'RETAIL', 'x', 'c7', '  ', '\t', '"quoted"', '"a,b"', 'it\'s', 'é',
  'Société', '5€', '😀', '"two\nlines"', '"crlf\r\ninside"', '"say ""hi"""', '\u007f', '7\r',
];

const REQUIRED = ['requestedAmount', 'yearsInBusiness', 'sector', 'insolvencyProceedings', 'tangibleNetWorth', 'annualTurnover'];
const COLUMNS = ['customerId', ...REQUIRED, 'insurerCover', 'employees', 'outstanding', 'note', 'staff', 'notes', 'extra'];

function randomFile(next: () => number, delimiter: string, newline: string): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  // The six required columns are each left out now and then only: a file without one refuses every row.
  const header = COLUMNS.filter((column) => next() < (REQUIRED.includes(column) ? 0.97 : 0.8)).sort(() => next() - 0.5);
  if (next() < 0.2 && header.length > 0) header.push(pick(header)); // a repeated column
  if (next() < 0.1) header[0] = ` ${header[0]}`;
  const lines = [header.join(delimiter)];
  const rows = 1 + Math.floor(next() * 60);
  for (let r = 0; r < rows; r++) {
    const roll = next();
    if (roll < 0.04) {
      lines.push('');
      continue;
    }
    if (roll < 0.07) {
      lines.push(delimiter.repeat(Math.max(0, header.length - 1)));
      continue;
    }
    const width = next() < 0.9 ? header.length : Math.max(1, header.length + pick([-2, -1, 1, 2]));
    const cells: string[] = [];
    for (let c = 0; c < width; c++) {
      // Mostly ordinary cells, so the fast path answers often; now and then an odd one.
      const column = header[c];
      const good =
        column === 'customerId' ? `c${r}`
        : column === 'insolvencyProceedings' ? pick(['true', 'false', 'false', '0', 'no'])
        : column === 'sector' ? pick(['retail', 'industry', 'services'])
        : column === 'note' ? pick(['fine', '', 'x y'])
        : column === 'staff' ? pick(['1', '10', '0'])
        : String(Math.floor(next() * 100));
      cells.push(next() < 0.85 ? good : pick(CELLS));
    }
    lines.push(cells.join(delimiter));
  }
  let text = lines.join(newline);
  if (next() < 0.7) text += newline;
  if (next() < 0.05) text = text.replace(/\r\n/, '\n'); // a mixed file
  if (next() < 0.1) text = `\ufeff${text}`; // a spreadsheet's byte-order mark
  return text;
}

function parseInPieces(policy: PolicyDocument, text: string, fastRows: boolean, pieces: number[]) {
  const state = startPortfolioParse(policy, { fastRows, maxErrors: 100_000 });
  const all: PortfolioBatch = { rows: [], errors: [], warnings: [] };
  let at = 0;
  let p = 0;
  for (;;) {
    const size = pieces[p++ % pieces.length]!;
    const last = at + size >= text.length;
    const batch = parsePortfolioChunk(state, text.slice(at, at + size), { last });
    all.rows.push(...batch.rows);
    all.errors.push(...batch.errors);
    all.warnings.push(...batch.warnings);
    at += size;
    if (last) break;
  }
  return { ...all, ...portfolioSummary(state) };
}

/** JSON that tells -0 from 0 and keeps key order. */
function exact(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (Object.is(v, -0) ? '-0 (negative zero)' : v));
}

describe('the generated CSV row reader', () => {
  it('gives the general path’s rows, errors, warnings and counters on random files', () => {
    const next = random(seed);
    let fastRowsSeen = 0;
    for (let file = 0; file < 400; file++) {
      const policy = next() < 0.5 ? basePolicy() : widerPolicy();
      const delimiter = [',', ';', '\t'][Math.floor(next() * 3)]!;
      const newline = next() < 0.7 ? '\n' : '\r\n';
      const text = randomFile(next, delimiter, newline);
      const pieces = Array.from({ length: 3 }, () => 1 + Math.floor(next() * (next() < 0.5 ? 40 : text.length)));
      const fast = parseInPieces(policy, text, true, pieces);
      const general = parseInPieces(policy, text, false, pieces);
      expect(exact(fast), `file ${file} (seed ${seed}):\n${JSON.stringify(text)}`).toBe(exact(general));
      fastRowsSeen += fast.rows.length;
    }
    expect(fastRowsSeen).toBeGreaterThan(1000);
  });

  it('gives the same answer wherever a small file is cut in two', () => {
    const next = random(seed + 2);
    let cuts = 0;
    for (let file = 0; file < 8; file++) {
      const policy = next() < 0.5 ? basePolicy() : widerPolicy();
      const delimiter = [',', ';', '\t'][Math.floor(next() * 3)]!;
      const text = randomFile(next, delimiter, next() < 0.5 ? '\n' : '\r\n').slice(0, 1200);
      for (const fastRows of [true, false]) {
        const whole = exact(parseInPieces(policy, text, fastRows, [text.length]));
        for (let cut = 1; cut < text.length; cut++) {
          expect(exact(parseInPieces(policy, text, fastRows, [cut, text.length])), `file ${file} cut at ${cut} (seed ${seed}):\n${JSON.stringify(text)}`).toBe(whole);
          cuts++;
        }
      }
    }
    expect(cuts).toBeGreaterThan(1000);
  });

  it('reads plain decimals exactly as Number() does, without slicing', () => {
    const next = random(seed + 1);
    const digits = () => String(Math.floor(next() * 10));
    for (let i = 0; i < 50_000; i++) {
      let text = next() < 0.2 ? (next() < 0.5 ? '-' : '+') : '';
      const whole = Math.floor(next() * 18);
      for (let d = 0; d < whole; d++) text += digits();
      if (next() < 0.6) {
        text += '.';
        const fraction = Math.floor(next() * 18);
        for (let d = 0; d < fraction; d++) text += digits();
      }
      if (next() < 0.05) text += `e${Math.floor(next() * 400) - 200}`;
      const framed = `x,${text},y`;
      expect(Object.is(decimalAt(framed, 2, 2 + text.length), plainNumber(text)), text).toBe(true);
    }
  });

  it('reads an ordinary file the fast way (and the same as the general way)', () => {
    const csv =
      'customerId,yearsInBusiness,sector,insolvencyProceedings,tangibleNetWorth,annualTurnover,requestedAmount,outstanding,insurerCover,employees\n' +
      'c1,12,industry,false,-2500.5,100000,15000,0,5000,12\nc2,-0,retail,true,0,0.5,1,,,\n';
    const fast = parseInPieces(basePolicy(), csv, true, [csv.length]);
    // Empty optional cells are missing facts; -0 becomes 0; a net worth may be negative (no minimum).
    expect(fast.rows).toEqual([
      {
        rowNumber: 1,
        line: 2,
        customerId: 'c1',
        outstanding: 0,
        requestedAmount: 15000,
        facts: { yearsInBusiness: 12, sector: 'industry', insolvencyProceedings: false, tangibleNetWorth: -2500.5, annualTurnover: 100000, requestedAmount: 15000, insurerCover: 5000, employees: 12 },
      },
      {
        rowNumber: 2,
        line: 3,
        customerId: 'c2',
        outstanding: 0,
        requestedAmount: 1,
        facts: { yearsInBusiness: 0, sector: 'retail', insolvencyProceedings: true, tangibleNetWorth: 0, annualTurnover: 0.5, requestedAmount: 1 },
      },
    ]);
    expect(Object.is(fast.rows[1]!.facts.yearsInBusiness, 0)).toBe(true);
    expect(exact(fast)).toBe(exact(parseInPieces(basePolicy(), csv, false, [csv.length])));
  });
});
