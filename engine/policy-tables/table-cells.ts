/**
 * Cells of a policy table: what a spreadsheet cell may hold, and how one field of a policy item is
 * written into a typed column and read back from it. A value that does not fit its column (a label
 * that became an object, a fact that is null) is not forced in: it travels in the row's "other
 * fields" JSON cell instead, so nothing is lost and nothing is guessed.
 *
 * A text people read (label, name, reason message) has two columns, English and French. A plain
 * string — one text for every language — is written in the column of the policy's language and
 * the other is left blank; {en, fr} fills both. Read back, a text in the policy's language column
 * alone is a plain string, anything else is {en, fr} with the languages given: typing a French
 * label next to a plain one makes it bilingual, and editing one column changes only that language.
 */
import type { Language } from '../model/policy-schema.js';

/** What a cell holds once read: a spreadsheet's text, number, boolean, or nothing. */
export type CellValue = string | number | boolean | null;

/**
 * The type of a column. `points` are plain numbers; `percentPoints` are numbers meaning percent
 * (a weight of 25 = 25 %, shown with a % sign); `share` are fractions (0.35 = 35 %) shown in a real
 * percentage format; `amount` are money in the policy's currency.
 */
export type CellKind = 'id' | 'text' | 'enum' | 'number' | 'integer' | 'amount' | 'percentPoints' | 'share' | 'boolean' | 'json' | 'codes' | 'scalar';

export interface ColumnSpec {
  /** Stable key (also the field the column maps, when `path` is absent it is structural). */
  key: string;
  en: string;
  fr: string;
  kind: CellKind;
  /** Where the value sits inside the row's item; absent for structural columns (node, parent id…). */
  path?: readonly string[];
  /** Width in characters, wide enough to show the values. */
  width: number;
  /** Fixed allowed values (checked on import); lists that depend on the policy come from `choices`. */
  values?: readonly string[];
  /** A blank cell means null (e.g. a delegation level without ceiling). */
  blankIsNull?: boolean;
  /** One language of a localized text: the English and French columns map the same field. */
  language?: Language;
}

export interface TableProblem {
  sheet: string | null;
  /** 1-based spreadsheet row, null for a whole sheet or workbook. */
  row: number | null;
  /** Column letter (A, B, …), null for a whole row or sheet. */
  column: string | null;
  message: string;
}

/** `Bands!C7: 'abc' is not a number` — where, then what. */
export function problemText(p: TableProblem): string {
  const where = p.sheet === null ? '' : p.row === null ? `${p.sheet}: ` : `${p.sheet}!${p.column ?? ''}${p.row}: `;
  return `${where}${p.message}`;
}

export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/**
 * Text a spreadsheet file keeps exactly: XML turns a carriage return into a line feed and cannot
 * hold most control characters, so such text travels JSON-escaped in the other-fields cell.
 */
// eslint-disable-next-line no-control-regex
const cellText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '' && !/[\u0000-\u0008\u000b-\u001f\ufffe\uffff]/.test(v);

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The cell an item value becomes in a column of this kind, or undefined when it does not fit. */
export function toCell(value: unknown, column: ColumnSpec): CellValue | undefined {
  if (value === null) return column.blankIsNull ? null : undefined;
  switch (column.kind) {
    case 'id':
    case 'text':
    case 'enum':
      return cellText(value) ? value : undefined;
    case 'number':
    case 'amount':
    case 'percentPoints':
    case 'share':
      return typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0) ? value : undefined;
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) && !Object.is(value, -0) ? value : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'json':
      return value === undefined ? undefined : JSON.stringify(value);
    case 'codes':
      return Array.isArray(value) && value.length > 0 && value.every((c) => cellText(c) && /^[^,\s](?:[^,]*[^,\s])?$/.test(c)) ? value.join(', ') : undefined;
    case 'scalar':
      return cellText(value) || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0))
        ? value
        : undefined;
  }
}

/**
 * The cells of a localized text by language, or undefined when the columns cannot show it exactly
 * (an empty or odd version, an unknown key, {en} alone in an English policy — it would read back
 * as a plain string): such a value travels in the other-fields cell.
 */
export function localizedCells(value: unknown, policyLanguage: Language): Partial<Record<Language, string>> | undefined {
  if (cellText(value)) return { [policyLanguage]: value };
  if (!isRecord(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length === 0 || !keys.every((k) => (k === 'en' || k === 'fr') && cellText(value[k]))) return undefined;
  if (keys.length === 1 && keys[0] === policyLanguage) return undefined;
  return value as Partial<Record<Language, string>>;
}

/** The cells of a localized text, read back: see localizedCells. */
function localizedValue(versions: Partial<Record<Language, string>>, policyLanguage: Language): unknown {
  const given = (['en', 'fr'] as const).filter((l) => versions[l] !== undefined);
  if (given.length === 1 && given[0] === policyLanguage) return versions[policyLanguage];
  return Object.fromEntries(given.map((l) => [l, versions[l]]));
}

export type CellRead = { ok: true; value: unknown } | { ok: false; message: string };

const NUMBER_TEXT = /^[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?$/;
const TRUE_WORDS = new Set(['true', 'vrai', 'yes', 'oui']);
const FALSE_WORDS = new Set(['false', 'faux', 'no', 'non']);
const quote = (v: CellValue) => `'${String(v).length > 60 ? `${String(v).slice(0, 57)}…` : String(v)}'`;

/** Reads a non-blank cell as a value of the column's kind, or says why it cannot. */
export function fromCell(cell: Exclude<CellValue, null>, column: ColumnSpec): CellRead {
  switch (column.kind) {
    case 'id':
    case 'text':
    case 'enum': {
      const text = typeof cell === 'string' ? cell : String(cell);
      if (column.values && !column.values.includes(text)) return { ok: false, message: `${quote(cell)} is not one of ${column.values.join(', ')}` };
      return { ok: true, value: text };
    }
    case 'number':
    case 'amount':
    case 'percentPoints':
    case 'share':
    case 'integer': {
      let n: number;
      if (typeof cell === 'number') n = cell;
      else if (typeof cell === 'string' && NUMBER_TEXT.test(cell.trim())) n = Number(cell.trim().replace(',', '.'));
      else return { ok: false, message: `${quote(cell)} is not a number` };
      if (!Number.isFinite(n)) return { ok: false, message: `${quote(cell)} is not a number` };
      if (column.kind === 'integer' && !Number.isInteger(n)) return { ok: false, message: `${quote(cell)} is not a whole number` };
      return { ok: true, value: Object.is(n, -0) ? 0 : n };
    }
    case 'boolean': {
      if (typeof cell === 'boolean') return { ok: true, value: cell };
      const word = String(cell).trim().toLowerCase();
      if (TRUE_WORDS.has(word)) return { ok: true, value: true };
      if (FALSE_WORDS.has(word)) return { ok: true, value: false };
      return { ok: false, message: `${quote(cell)} is not TRUE or FALSE` };
    }
    case 'json': {
      if (typeof cell !== 'string') return { ok: true, value: cell };
      try {
        return { ok: true, value: JSON.parse(cell, (key, v) => (key === '__proto__' ? undefined : v)) };
      } catch (error) {
        return { ok: false, message: `${quote(cell)} is not valid JSON (${(error as Error).message})` };
      }
    }
    case 'codes':
      return { ok: true, value: String(cell).split(',').map((c) => c.trim()).filter((c) => c !== '') };
    case 'scalar':
      return { ok: true, value: cell };
  }
}

export function getPath(item: unknown, path: readonly string[]): unknown {
  let v: unknown = item;
  for (const key of path) {
    if (!isRecord(v) || !Object.prototype.hasOwnProperty.call(v, key)) return undefined;
    v = v[key];
  }
  return v;
}

export function setPath(item: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let v = item;
  for (const key of path.slice(0, -1)) {
    if (!isRecord(v[key])) v[key] = {};
    v = v[key] as Record<string, unknown>;
  }
  v[path[path.length - 1]!] = value;
}

/** Removes a field; a container emptied by the removal goes too (it is rebuilt on import). */
function deletePath(item: Record<string, unknown>, path: readonly string[]): void {
  const parents: Record<string, unknown>[] = [item];
  for (const key of path.slice(0, -1)) {
    const next = parents[parents.length - 1]![key];
    if (!isRecord(next)) return;
    parents.push(next);
  }
  delete parents[parents.length - 1]![path[path.length - 1]!];
  for (let i = parents.length - 1; i > 0; i--) {
    if (Object.keys(parents[i]!).length > 0) break;
    delete parents[i - 1]![path[i - 1]!];
  }
}

/** One item → its cells in `columns` (structural columns left blank) plus the "other fields" JSON. */
export function encodeItem(item: Record<string, unknown>, columns: readonly ColumnSpec[], policyLanguage: Language = 'en'): { cells: CellValue[]; other: CellValue } {
  const rest = structuredClone(item);
  const cells = columns.map((column) => {
    if (!column.path) return null;
    const value = getPath(item, column.path);
    if (value === undefined) return null;
    if (column.language) {
      const versions = localizedCells(value, policyLanguage);
      if (versions === undefined) return null;
      deletePath(rest, column.path);
      return versions[column.language] ?? null;
    }
    const cell = toCell(value, column);
    if (cell === undefined) return null;
    deletePath(rest, column.path);
    return cell;
  });
  return { cells, other: Object.keys(rest).length > 0 ? JSON.stringify(rest) : null };
}

export interface CellProblem {
  index: number;
  message: string;
}

/** Cells (aligned with `columns`) and the "other fields" cell → one item, or the problems found. */
export function decodeItem(
  cells: readonly CellValue[],
  columns: readonly ColumnSpec[],
  other: CellValue,
  otherIndex: number,
  policyLanguage: Language = 'en',
): { item: Record<string, unknown>; problems: CellProblem[] } {
  const problems: CellProblem[] = [];
  let item: Record<string, unknown> = {};
  if (other !== null && !(typeof other === 'string' && other.trim() === '')) {
    const read = fromCell(other, { key: 'other', en: '', fr: '', kind: 'json', width: 0 });
    if (!read.ok) problems.push({ index: otherIndex, message: read.message });
    else if (!isRecord(read.value)) problems.push({ index: otherIndex, message: 'the other fields must be a JSON object, e.g. {"description": "…"}' });
    else item = read.value;
  }
  // The two columns of a localized text first, so the text takes its place among the fields.
  const texts = new Map<string, { versions: Partial<Record<Language, string>>; index: number; name: string }>();
  columns.forEach((column, index) => {
    if (!column.path || !column.language) return;
    const cell = cells[index] ?? null;
    const key = column.path.join('.');
    const text = texts.get(key) ?? { versions: {}, index: -1, name: column.en };
    texts.set(key, text);
    if (cell === null || (typeof cell === 'string' && cell.trim() === '')) return;
    text.versions[column.language] = typeof cell === 'string' ? cell : String(cell);
    if (text.index < 0) [text.index, text.name] = [index, column.en];
  });
  columns.forEach((column, index) => {
    if (!column.path) return;
    const cell = cells[index] ?? null;
    const blank = cell === null || (typeof cell === 'string' && cell.trim() === '');
    if (column.language) {
      const text = texts.get(column.path.join('.'))!;
      if (text.index !== index) return;
      if (getPath(item, column.path) !== undefined) return void problems.push({ index, message: `${text.name} is also given in the other fields (JSON) column: keep one` });
      return void setPath(item, column.path, localizedValue(text.versions, policyLanguage));
    }
    let value: unknown;
    if (blank) {
      if (!column.blankIsNull) return;
      value = null;
    } else {
      const read = fromCell(cell, column);
      if (!read.ok) return void problems.push({ index, message: read.message });
      value = read.value;
    }
    if (getPath(item, column.path) !== undefined) {
      if (blank) return; // the other-fields JSON carries a value the column could not show
      return void problems.push({ index, message: `${column.en} is also given in the other fields (JSON) column: keep one` });
    }
    setPath(item, column.path, value);
  });
  return { item, problems };
}
