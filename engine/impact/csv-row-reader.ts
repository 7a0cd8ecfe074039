/**
 * The portfolio's common CSV row, read in one pass: a function generated once per (policy inputs,
 * header, delimiter) that walks a quote-free line of the chunk's text character by character,
 * reads each number while it looks for the cell's end (no `indexOf` per cell, no sliced line, no
 * cells array, no sliced number strings), checks each cell as `checkFacts` would (type, range,
 * enum, required) and builds the facts object in one literal per set of present columns (a
 * generated maker per set: no property-by-property growth of the object).
 *
 * It answers only for rows it is sure of: a row that `csvRecord` + `checkFacts` would accept
 * unchanged. Anything else (a wrong cell count, spaces to trim, `1`/`yes` booleans, a bad or
 * missing value) returns null and the caller reads the line the general way, which words the
 * problems; so results, errors and row/line numbers are those of the general path (the
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

/**
 * The facts of a sure row, or null: "read it the general way". The row is `text` from `start` to
 * `end` (excluded; `end` is the newline's index or the text's length). A reader made for bytes
 * reads the characters from `bytes`, the same text encoded when it is all ASCII (one byte per
 * character, same offsets; `bytes[text.length]` must not be a digit): a typed-array read costs
 * less than `charCodeAt` on a sliced string. A reader made for text ignores `bytes`.
 */
export type CsvRowReader = (text: string, bytes: Uint8Array, start: number, end: number, scratch: RowScratch) => Facts | null;

/** The two forms of a header's reader: over ASCII bytes, over the text (for chunks with other characters). */
export interface CsvRowReaders {
  bytes: CsvRowReader;
  text: CsvRowReader;
}

const readers = new WeakMap<PolicyDocument, Map<string, CsvRowReaders | null>>();

/**
 * The reader for this header, or null when the fast path does not apply (a multi-character or
 * unusual delimiter, a required input without a column: every row then needs the general path).
 * Cached per document and header so each worker chunk reuses the same (already optimised) code.
 */
export function csvRowReader(document: PolicyDocument, plan: readonly ColumnPlan[], delimiter: string): CsvRowReaders | null {
  let byHeader = readers.get(document);
  if (!byHeader) {
    byHeader = new Map();
    readers.set(document, byHeader);
  }
  const key = `${delimiter}\u0000${plan.map((c) => `${c.column}\u0001${c.ignored ? 1 : 0}`).join('\u0000')}`;
  let reader = byHeader.get(key);
  if (reader === undefined) {
    const bytes = buildReader(document, plan, delimiter, 'bytes');
    reader = bytes && { bytes, text: buildReader(document, plan, delimiter, 'text')! };
    if (byHeader.size < 64) byHeader.set(key, reader);
  }
  return reader;
}

/** Facts columns a row's presence mask can describe exactly (bits of a double's integer range). */
const MAX_MASK_COLUMNS = 52;
/** Makers kept per reader; a file with more sets of present columns builds the rest key by key. */
const MAX_MAKERS = 1024;
/** Enum values compared character by character in the generated code (longer: `startsWith`). */
const INLINE_COMPARE = 24;

function buildReader(document: PolicyDocument, plan: readonly ColumnPlan[], delimiter: string, mode: 'bytes' | 'text'): CsvRowReader | null {
  // Papaparse ignores these as delimiters (and guesses another): leave such files to it.
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r' || delimiter === '\uFEFF') return null;
  if (plan.length === 0) return null;
  const fed = new Set(plan.filter((c) => c.input).map((c) => c.column));
  if (document.inputs.some((input) => input.required && !fed.has(input.name))) return null;
  if (plan.some((c) => c.input && !['number', 'integer', 'boolean', 'enum', 'string'].includes(c.input.type))) return null;

  const D = delimiter.charCodeAt(0);
  /** The generated read of the character at `index`. */
  const at = (index: string) => (mode === 'bytes' ? `b[${index}]` : `t.charCodeAt(${index})`);
  const constants: unknown[] = [];
  const constant = (value: unknown) => {
    constants.push(value);
    return `K[${constants.length - 1}]`;
  };
  // The facts columns in file order: fact j is written to V[j] and sets bit j of the mask M.
  const factColumns = plan.filter((c) => c.input).map((c) => c.input!);
  const facts = factColumns.map((input) => input.name);
  const useMask = facts.length <= MAX_MASK_COLUMNS;
  const store = (j: number, value: string) =>
    useMask ? `V[${j}] = ${value}; M += ${2 ** j};` : `f[${JSON.stringify(facts[j])}] = ${value};`;

  const last = plan.length - 1;
  const lines: string[] = [useMask ? 'let M = 0;' : 'const f = {};', 'let s = start, e = 0, i = 0, c = 0, m = 0, d = 0, k = 0, v = 0, neg = false, x = "";'];
  /** `e` = the end of the cell that starts at `s`: the next delimiter (there must be one), or the row's end for the last cell. */
  const findEnd = (col: number) =>
    `e = s; while (e < end && ${at('e')} !== ${D}) e++; ${col < last ? 'if (e === end) return null;' : 'if (e !== end) return null;'}`;
  /** x = the text of the non-empty cell s..e, or "not sure" when trimming might change it. */
  const text = () =>
    `c = ${at('s')}; if (c <= 32 || (c >= 127 && edge(c))) return null; c = ${at('e - 1')}; if (c <= 32 || (c >= 127 && edge(c))) return null; x = t.slice(s, e);`;
  /**
   * v = the number of the non-empty cell at s, e = its end. Digits, a sign and a point are read
   * as the end is looked for; up to 15 digits the mantissa is an exact integer and 10^k an exact
   * double, so one division gives the correctly rounded value Number() gives. Anything else
   * (exponents, longer numbers, not a number) takes plainNumber on the sliced cell.
   */
  const number = (col: number) => [
    `i = s; neg = false; m = 0; d = 0; k = 0; c = ${at('i')};`,
    `if (c === 45) { neg = true; c = ${at('++i')}; } else if (c === 43) c = ${at('++i')};`,
    `while (c >= 48 && c <= 57) { m = m * 10 + (c - 48); d++; c = ${at('++i')}; }`,
    `if (c === 46) { c = ${at('++i')}; while (c >= 48 && c <= 57) { m = m * 10 + (c - 48); d++; k++; c = ${at('++i')}; } }`,
    `if (${col < last ? `c === ${D}` : 'i === end'} && d !== 0 && d <= 15) { e = i; v = k === 0 ? m : m / P[k]; if (neg) v = -v; }`,
    `else { ${findEnd(col)} v = num(t.slice(s, e)); }`,
  ].join('\n');
  /** Is the cell at s empty? (Then e = s.) */
  const empty = (col: number) => (col < last ? `${at('s')} === ${D}` : 's === end');

  let j = -1;
  plan.forEach((column, col) => {
    const input = column.input;
    if (input) j++;
    lines.push(`// ${JSON.stringify(column.column)}`);
    if (!input) {
      if (column.role === 'customerId') {
        lines.push(`${findEnd(col)} if (e > s) { ${text()} S.customerId = x; }`);
      } else if (column.role === 'outstanding' || column.role === 'requestedAmount') {
        const field = column.role === 'outstanding' ? 'outstanding' : 'requested';
        lines.push(`if (${empty(col)}) e = s; else { ${number(col)}\nif (!(v >= 0)) return null; S.${field} = v; }`);
      } else {
        lines.push(findEnd(col)); // an ignored column: nothing to read
      }
      lines.push('s = e + 1;');
      return;
    }
    const missing = input.required ? 'return null;' : '';
    if (column.role === 'customerId') {
      // The id column is also an input: the id is read as text, the fact as its type.
      lines.push(`${findEnd(col)} if (e > s) { ${text()} S.customerId = x; }`);
    }
    const known = column.role === 'customerId'; // the cell's end is already known
    switch (input.type) {
      case 'number':
      case 'integer': {
        const tests = ['v !== v'];
        if (input.min !== undefined) tests.push(`v < ${constant(input.min)}`);
        if (input.max !== undefined) tests.push(`v > ${constant(input.max)}`);
        if (input.type === 'integer') tests.push('!Number.isInteger(v)');
        const read = known ? 'v = decimalAt(t, s, e);' : number(col);
        lines.push(`if (${known ? 'e === s' : empty(col)}) { e = s; ${missing} } else { ${read}\nif (${tests.join(' || ')}) return null; ${store(j, 'v === 0 ? 0 : v')} }`);
        break;
      }
      case 'boolean':
        if (!known) lines.push(findEnd(col));
        lines.push(
          `if (e - s === 4 && ${sameText('true', at)}) { ${store(j, 'true')} } else if (e - s === 5 && ${sameText('false', at)}) { ${store(j, 'false')} } else if (e > s) return null; else { ${missing} }`,
        );
        break;
      case 'enum': {
        // The value stored is the policy's own string (no per-row copy).
        if (!known) lines.push(findEnd(col));
        const values = [...new Set(input.values ?? [])];
        const tests = values.map((value) => `if (e - s === ${value.length} && ${sameText(value, at)}) { ${store(j, JSON.stringify(value))} } else `);
        lines.push(`if (e === s) { ${missing} } else ${tests.join('')}return null;`);
        break;
      }
      case 'string':
        if (!known) lines.push(findEnd(col));
        lines.push(`if (e > s) { ${text()} ${store(j, 'x')} } else { ${missing} }`);
        break;
    }
    lines.push('s = e + 1;');
  });
  lines.push(useMask ? 'return make(M);' : 'return f;');

  /** The facts object for one set of present columns, as one literal (keys in file order, as the general path adds them). */
  const makers = new Map<number, (values: unknown[]) => Facts>();
  const values: unknown[] = new Array(facts.length).fill(0);
  const byKey = (mask: number): Facts => {
    const f: Facts = {};
    for (let q = 0; q < facts.length; q++) if (Math.floor(mask / 2 ** q) % 2 === 1) f[facts[q]!] = values[q] as Facts[string];
    return f;
  };
  const literalKeys = facts.every((name) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && name !== '__proto__');
  const make = (mask: number): Facts => {
    let maker = makers.get(mask);
    if (maker === undefined) {
      if (!literalKeys || makers.size >= MAX_MAKERS) return byKey(mask);
      const keys: string[] = [];
      for (let q = 0; q < facts.length; q++) if (Math.floor(mask / 2 ** q) % 2 === 1) keys.push(`${facts[q]}: V[${q}]`);
      maker = new Function('V', `return { ${keys.join(', ')} };`) as (values: unknown[]) => Facts;
      makers.set(mask, maker);
    }
    return maker(values);
  };

  const factory = new Function(
    'K', 'P', 'V', 'make', 'num', 'decimalAt', 'edge',
    `return function ${mode === 'bytes' ? 'readCsvRowBytes' : 'readCsvRow'}(t, b, start, end, S) {\n${lines.join('\n')}\n};`,
  ) as (
    k: unknown[],
    p: number[],
    v: unknown[],
    make: (mask: number) => Facts,
    num: typeof plainNumber,
    da: typeof decimalAt,
    e: typeof doubtfulEdge,
  ) => CsvRowReader;
  return factory(constants, POW10, values, make, plainNumber, decimalAt, doubtfulEdge);
}

/** Generated test: does the text at s read `value`? (The caller has checked the length.) */
function sameText(value: string, at: (index: string) => string): string {
  if (value.length === 0) return 'true';
  if (value.length > INLINE_COMPARE) return `t.startsWith(${JSON.stringify(value)}, s)`;
  return Array.from(value, (_, q) => `${at(`s + ${q}`)} === ${value.charCodeAt(q)}`).join(' && ');
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
