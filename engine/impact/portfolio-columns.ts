/**
 * The columns of a portfolio file: the policy's declared inputs plus three bookkeeping columns
 * that are not facts (unless the policy declares them): `customerId`, `outstanding` and
 * `requestedAmount`. CSV cells are text, so each column gets a converter chosen once from the
 * input's declared type; range, enum and required checks are left to `checkFacts` so a portfolio
 * row is judged exactly like a decision request.
 */
import type { InputDeclaration, PolicyDocument, ScalarValue } from '../model/policy-schema.js';

export const CUSTOMER_ID_COLUMN = 'customerId';
export const OUTSTANDING_COLUMN = 'outstanding';
export const REQUESTED_AMOUNT_COLUMN = 'requestedAmount';

/** What a cell converter gives back: a value, "missing", or a problem a person can fix. */
export type CellResult = { ok: true; value: ScalarValue | undefined } | { ok: false; message: string };

export type CellConverter = (cell: string) => CellResult;

const MISSING: CellResult = { ok: true, value: undefined };

// Plain decimal notation only: no thousands separators, no hex, no "Infinity"; a comma decimal
// ("12,5") is refused rather than guessed, because "1,250" is ambiguous.
export const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

const TRUE_WORDS = new Set(['true', '1', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'no']);

export function parseNumberCell(cell: string): CellResult {
  const text = hasEdgeSpace(cell) ? cell.trim() : cell;
  if (text === '') return MISSING;
  if (!isDecimal(text)) return { ok: false, message: `"${clip(text)}" is not a number (use digits and a decimal point, e.g. 1250.50)` };
  const value = Number(text);
  if (!Number.isFinite(value)) return { ok: false, message: `"${clip(text)}" is too large` };
  return { ok: true, value };
}

function hasEdgeSpace(text: string): boolean {
  return text.length > 0 && (text.charCodeAt(0) <= 32 || text.charCodeAt(text.length - 1) <= 32);
}

/** DECIMAL.test(text), by hand: the portfolio's hottest check (a million cells per 50,000 rows). */
function isDecimal(text: string): boolean {
  const n = text.length;
  let i = 0;
  let c = text.charCodeAt(0);
  if (c === 43 || c === 45) c = text.charCodeAt(++i); // + -
  let digits = 0;
  while (c >= 48 && c <= 57) {
    digits++;
    c = text.charCodeAt(++i);
  }
  if (c === 46) {
    // .
    c = text.charCodeAt(++i);
    while (c >= 48 && c <= 57) {
      digits++;
      c = text.charCodeAt(++i);
    }
  }
  if (digits === 0) return false;
  if (c === 101 || c === 69) {
    // e E
    c = text.charCodeAt(++i);
    if (c === 43 || c === 45) c = text.charCodeAt(++i);
    let exponent = 0;
    while (c >= 48 && c <= 57) {
      exponent++;
      c = text.charCodeAt(++i);
    }
    if (exponent === 0) return false;
  }
  return i === n;
}

/**
 * The common case without allocating a result: a plain decimal cell (no edge spaces) as its finite
 * number, or NaN for anything else (empty, spaced, not a number, too large), which the caller then
 * hands to the column's converter for the full answer.
 */
export function plainNumber(cell: string): number {
  if (cell.length === 0 || hasEdgeSpace(cell) || !isDecimal(cell)) return NaN;
  const value = Number(cell);
  return Number.isFinite(value) ? value : NaN;
}

export function parseIntegerCell(cell: string): CellResult {
  const result = parseNumberCell(cell);
  if (result.ok && result.value !== undefined && !Number.isInteger(result.value)) {
    return { ok: false, message: `"${clip(cell.trim())}" is not a whole number` };
  }
  return result;
}

export function parseBooleanCell(cell: string): CellResult {
  const text = cell.trim().toLowerCase();
  if (text === '') return MISSING;
  if (TRUE_WORDS.has(text)) return { ok: true, value: true };
  if (FALSE_WORDS.has(text)) return { ok: true, value: false };
  return { ok: false, message: `"${clip(cell.trim())}" is not a yes/no value (use true/false, 1/0 or yes/no)` };
}

export function parseTextCell(cell: string): CellResult {
  const text = cell.trim();
  return text === '' ? MISSING : { ok: true, value: text };
}

/** The converter for one declared input; enum values are checked later by checkFacts. */
export function converterFor(input: InputDeclaration): CellConverter {
  switch (input.type) {
    case 'number':
      return parseNumberCell;
    case 'integer':
      return parseIntegerCell;
    case 'boolean':
      return parseBooleanCell;
    case 'enum':
    case 'string':
      return parseTextCell;
  }
}

/** How a column of the file is used. */
export interface ColumnPlan {
  column: string;
  /** Declared input it feeds, if any. */
  input?: InputDeclaration;
  convert?: CellConverter;
  /** A bookkeeping column (customerId, outstanding, requestedAmount). */
  role?: 'customerId' | 'outstanding' | 'requestedAmount';
  /** Neither an input nor a bookkeeping column: reported once and ignored. */
  ignored: boolean;
  /** A number or integer input: try `plainNumber` before `convert`. */
  numeric?: 'number' | 'integer';
}

export function planColumns(document: PolicyDocument, header: readonly string[]): ColumnPlan[] {
  const inputs = new Map(document.inputs.map((input) => [input.name, input]));
  return header.map((raw) => {
    const column = raw.trim();
    const input = inputs.get(column);
    const role =
      column === CUSTOMER_ID_COLUMN
        ? 'customerId'
        : column === OUTSTANDING_COLUMN
          ? 'outstanding'
          : column === REQUESTED_AMOUNT_COLUMN
            ? 'requestedAmount'
            : undefined;
    if (input) {
      const numeric = input.type === 'number' || input.type === 'integer' ? input.type : undefined;
      return { column, input, convert: converterFor(input), role, ignored: false, ...(numeric ? { numeric } : {}) };
    }
    return { column, role, ignored: role === undefined };
  });
}

export function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
