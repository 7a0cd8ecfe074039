/**
 * The portfolio's common CSV row, read in one pass: a function generated once per (policy inputs,
 * header, delimiter) that walks a quote-free line cell by cell, converts each cell with the
 * column's own code (no cells array, no sliced number strings, no result objects) and checks it
 * as `checkFacts` would (type, range, enum, required), writing the facts with fixed keys.
 *
 * It answers only for rows it is sure of: a row that `csvRecord` + `checkFacts` would accept
 * unchanged. Anything else (a wrong cell count, spaces to trim, `1`/`yes` booleans, exponents,
 * a bad or missing value) returns null and the caller reads the line the general way, which words
 * the problems; so results, errors and row/line numbers are those of the general path (the
 * differential test `tests/impact/csv-row-reader.test.ts` compares both on random files).
 */
import type { Facts, PolicyDocument } from '../model/policy-schema.js';
import { plainNumber, type ColumnPlan } from './portfolio-columns.js';

/** Bookkeeping figures of the row being read (reset by the caller before each row). */
export interface RowScratch {
  customerId: string | undefined;
  outstanding: number;
  requested: number | null;
}

/** The facts of a sure row, or null: "read it the general way". */
export type CsvRowReader = (line: string, scratch: RowScratch) => Facts | null;

const readers = new WeakMap<PolicyDocument, Map<string, CsvRowReader | null>>();

/**
 * The reader for this header, or null when the fast path does not apply (a multi-character or
 * unusual delimiter, a required input without a column: every row then needs the general path).
 * Cached per document and header so each worker chunk reuses the same (already optimised) code.
 */
export function csvRowReader(document: PolicyDocument, plan: readonly ColumnPlan[], delimiter: string): CsvRowReader | null {
  let byHeader = readers.get(document);
  if (!byHeader) {
    byHeader = new Map();
    readers.set(document, byHeader);
  }
  const key = `${delimiter}\u0000${plan.map((c) => `${c.column}\u0001${c.ignored ? 1 : 0}`).join('\u0000')}`;
  let reader = byHeader.get(key);
  if (reader === undefined) {
    reader = buildReader(document, plan, delimiter);
    if (byHeader.size < 64) byHeader.set(key, reader);
  }
  return reader;
}

function buildReader(document: PolicyDocument, plan: readonly ColumnPlan[], delimiter: string): CsvRowReader | null {
  // Papaparse ignores these as delimiters (and guesses another): leave such files to it.
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r' || delimiter === '\uFEFF') return null;
  if (plan.length === 0) return null;
  const fed = new Set(plan.filter((c) => c.input).map((c) => c.column));
  if (document.inputs.some((input) => input.required && !fed.has(input.name))) return null;

  const constants: unknown[] = [];
  const constant = (value: unknown) => {
    constants.push(value);
    return `K[${constants.length - 1}]`;
  };
  const lines: string[] = ['const f = {};', 'let s = 0, e = 0, v = 0, c = "";'];
  const last = plan.length - 1;
  let unknownType = false;
  plan.forEach((column, i) => {
    // Where this cell ends: the next delimiter (there must be one), or the line's end for the last cell.
    lines.push(i < last ? `e = line.indexOf(D, s); if (e < 0) return null;` : `if (line.indexOf(D, s) >= 0) return null; e = line.length;`);
    const input = column.input;
    if (!input) {
      if (column.role === 'customerId') {
        lines.push(`if (e > s) { c = line.slice(s, e); if (edge(c)) return null; S.customerId = c; }`);
      } else if (column.role === 'outstanding' || column.role === 'requestedAmount') {
        const field = column.role === 'outstanding' ? 'outstanding' : 'requested';
        lines.push(`if (e > s) { v = num(line, s, e); if (!(v >= 0)) return null; S.${field} = v; }`);
      }
      // An ignored column: nothing to read.
    } else {
      const name = JSON.stringify(input.name);
      const missing = input.required ? 'return null;' : '';
      if (column.role === 'customerId') lines.push(`if (e > s) { c = line.slice(s, e); if (edge(c)) return null; S.customerId = c; }`);
      switch (input.type) {
        case 'number':
        case 'integer': {
          const tests = ['v !== v'];
          if (input.min !== undefined) tests.push(`v < ${constant(input.min)}`);
          if (input.max !== undefined) tests.push(`v > ${constant(input.max)}`);
          if (input.type === 'integer') tests.push('!Number.isInteger(v)');
          lines.push(`if (e > s) { v = num(line, s, e); if (${tests.join(' || ')}) return null; f[${name}] = v === 0 ? 0 : v; } else { ${missing} }`);
          break;
        }
        case 'boolean':
          lines.push(`if (e - s === 4 && line.startsWith("true", s)) f[${name}] = true; else if (e - s === 5 && line.startsWith("false", s)) f[${name}] = false; else if (e > s) return null; else { ${missing} }`);
          break;
        case 'enum': {
          // The value stored is the policy's own string (no per-row copy).
          const values = [...new Set(input.values ?? [])];
          const tests = values.map((value) => `(e - s === ${value.length} && line.startsWith(${JSON.stringify(value)}, s)) f[${name}] = ${JSON.stringify(value)};`);
          lines.push(`if (e === s) { ${missing} } else ${tests.map((t) => `if ${t} else `).join('')}return null;`);
          break;
        }
        case 'string':
          lines.push(`if (e > s) { c = line.slice(s, e); if (edge(c)) return null; f[${name}] = c; } else { ${missing} }`);
          break;
        default:
          unknownType = true;
      }
    }
    lines.push('s = e + 1;');
  });
  if (unknownType) return null;
  lines.push('return f;');
  const factory = new Function('D', 'K', 'num', 'edge', `return function readCsvRow(line, S) {\n${lines.join('\n')}\n};`) as (
    d: string,
    k: unknown[],
    n: typeof decimalAt,
    e: typeof hasTrimmableEdge,
  ) => CsvRowReader;
  return factory(delimiter, constants, decimalAt, hasTrimmableEdge);
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * `plainNumber(text.slice(s, e))` without the slice: digits, an optional sign and point. Up to 15
 * digits the mantissa is an exact integer and 10^k an exact double, so one division gives the
 * correctly rounded value `Number()` gives; longer numbers and exponents take `plainNumber`.
 */
export function decimalAt(text: string, s: number, e: number): number {
  let i = s;
  let c = text.charCodeAt(i);
  let negative = false;
  if (c === 45 || c === 43) {
    negative = c === 45;
    i++;
  }
  let m = 0;
  let digits = 0;
  let scale = 0;
  while (i < e && (c = text.charCodeAt(i)) >= 48 && c <= 57) {
    m = m * 10 + (c - 48);
    digits++;
    i++;
  }
  if (i < e && text.charCodeAt(i) === 46) {
    i++;
    while (i < e && (c = text.charCodeAt(i)) >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      scale++;
      i++;
    }
  }
  if (i !== e || digits === 0 || digits > 15) return plainNumber(text.slice(s, e));
  const value = scale === 0 ? m : m / POW10[scale]!;
  return negative ? -value : value;
}

/** Would `String#trim` change this non-empty text? (Control characters count as "maybe": the general path decides.) */
export function hasTrimmableEdge(text: string): boolean {
  return doubtfulEdge(text.charCodeAt(0)) || doubtfulEdge(text.charCodeAt(text.length - 1));
}

function doubtfulEdge(code: number): boolean {
  return code <= 32 || (code >= 0x7f && code <= 0xa0) || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}
