/**
 * Portfolio files → typed customer rows, for impact simulations and risk maps.
 *
 * A portfolio is one customer per row: CSV (header = column names), a JSON array of objects, or
 * NDJSON (one object per line). Columns are the policy's declared inputs plus the optional
 * bookkeeping columns `customerId`, `outstanding` and `requestedAmount` (see portfolio-columns.ts).
 * Every row goes through `checkFacts`, like a decision request; a bad row is reported with its
 * row number, column and problem and left out, and the rest of the file carries on.
 *
 * Row numbers: `row` counts customer records from 1 (the CSV header is not a record); `line` is the
 * physical line of the file where the record starts (CSV and NDJSON; the CSV header is line 1), so
 * a person can find it in a text editor or a spreadsheet.
 *
 * Streaming: `startPortfolioParse` + `parsePortfolioChunk(state, chunk, {last})` accept the file in
 * pieces of any size (a record may be split across chunks) and return the rows completed so far,
 * so an upload can be evaluated while it arrives. `parsePortfolio` is the one-shot form.
 */
import Papa from 'papaparse';
import type { Facts, PolicyDocument, ScalarValue } from '../model/policy-schema.js';
import { checkFacts } from '../facts/check-facts.js';
import { factsAcceptor } from './accept-facts.js';
import { csvRowReader, type CsvRowReaders, type RowScratch } from './csv-row-reader.js';
import { clip, planColumns, parseNumberCell, plainNumber, type ColumnPlan } from './portfolio-columns.js';

export type PortfolioFormat = 'csv' | 'json' | 'ndjson';

export interface PortfolioRow {
  /** 1-based position among the file's customer records. */
  rowNumber: number;
  /** Line of the file where the record starts (CSV, NDJSON). */
  line?: number;
  /** From the `customerId` column; `#<rowNumber>` when absent. */
  customerId: string;
  /** Current exposure (open invoices) from the `outstanding` column; 0 when absent. */
  outstanding: number;
  /** The amount asked for (the fact of that name when the policy declares it), else null. */
  requestedAmount: number | null;
  /** Facts checked against the policy's inputs, ready for `evaluate`. */
  facts: Facts;
}

export interface PortfolioError {
  /** Customer record number; 0 for a problem with the header or the file as a whole. */
  row: number;
  line?: number;
  column: string | null;
  message: string;
}

export interface PortfolioBatch {
  rows: PortfolioRow[];
  /** Problems that left a row out. */
  errors: PortfolioError[];
  /** Problems that left nothing out (ignored columns, duplicate customer ids). */
  warnings: PortfolioError[];
}

export interface ParsedPortfolio extends PortfolioBatch {
  format: PortfolioFormat;
  columns: string[];
  /** Customer records read (good + bad). */
  recordCount: number;
  /** Rows left out; `errors` keeps at most `maxErrors` of their problems. */
  rejectedCount: number;
  errorCount: number;
}

export interface PortfolioParseOptions {
  /** Default: guessed from the first character ('[' JSON, '{' NDJSON, anything else CSV). */
  format?: PortfolioFormat;
  /** CSV delimiter; default: guessed from the header among , ; and tab. */
  delimiter?: string;
  /** Problems kept in `errors` (all are counted). Default 1000. */
  maxErrors?: number;
  /**
   * Read ordinary quote-free CSV rows with the generated row reader (csv-row-reader.ts). Default
   * true; false reads every row the general way (papaparse + checkFacts), for comparisons.
   */
  fastRows?: boolean;
}

/** A policy, or anything that carries one (a compiled policy). */
export type PolicySource = PolicyDocument | { document: PolicyDocument };

export interface PortfolioParseState {
  readonly document: PolicyDocument;
  format: PortfolioFormat | undefined;
  delimiter: string | undefined;
  newline: '\n' | '\r\n' | undefined;
  maxErrors: number;
  buffer: string;
  /** CSV: where the quote scan of `buffer` stopped, and whether it stopped inside quotes. */
  scanned: number;
  inQuotes: boolean;
  started: boolean;
  finished: boolean;
  plan: ColumnPlan[] | undefined;
  columns: string[];
  /** The generated readers of this header's ordinary rows (null: none applies; undefined: not yet planned). */
  rowReader: CsvRowReaders | null | undefined;
  /** Reused for the ASCII bytes of each quote-free piece (grows to the largest piece). */
  bytes: Uint8Array;
  fastRows: boolean;
  requestedIsFact: boolean;
  outstandingIsFact: boolean;
  /** Next physical line and next record number. */
  line: number;
  record: number;
  recordCount: number;
  rejectedCount: number;
  errorCount: number;
  errorsKept: number;
  /**
   * Customer ids seen, for the "appears more than once" warning. While the file's ids come in
   * strictly increasing order (exports are often sorted) none can repeat, so they are only listed
   * (`idsInOrder`, cheaper than hashing each into the set); the first id out of order moves them
   * into `seenIds`.
   */
  seenIds: Set<string>;
  idsInOrder: string[] | null;
  warnedKeys: Set<string>;
}

export function startPortfolioParse(policy: PolicySource, options: PortfolioParseOptions = {}): PortfolioParseState {
  const document = 'document' in policy ? policy.document : policy;
  return {
    document,
    format: options.format,
    delimiter: options.delimiter,
    newline: undefined,
    maxErrors: options.maxErrors ?? 1000,
    buffer: '',
    scanned: 0,
    inQuotes: false,
    started: false,
    finished: false,
    plan: undefined,
    columns: [],
    rowReader: undefined,
    bytes: NO_BYTES,
    fastRows: options.fastRows ?? true,
    requestedIsFact: document.inputs.some((input) => input.name === 'requestedAmount'),
    outstandingIsFact: document.inputs.some((input) => input.name === 'outstanding'),
    line: 1,
    record: 0,
    recordCount: 0,
    rejectedCount: 0,
    errorCount: 0,
    errorsKept: 0,
    seenIds: new Set(),
    idsInOrder: [],
    warnedKeys: new Set(),
  };
}

/**
 * Feed the next piece of the file. Returns the rows and problems completed by this piece; with
 * `last: true` everything left is flushed (a file need not end with a newline).
 */
export function parsePortfolioChunk(state: PortfolioParseState, chunk: string, options: { last?: boolean } = {}): PortfolioBatch {
  if (state.finished) throw new Error('parsePortfolioChunk: the parse already received its last chunk');
  const last = options.last === true;
  const batch: PortfolioBatch = { rows: [], errors: [], warnings: [] };
  let text = chunk;
  if (!state.started) {
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.trim() === '' && !last) {
      state.buffer += text;
      return batch;
    }
    state.started = true;
    text = state.buffer + text;
    state.buffer = '';
    state.format ??= guessFormat(text);
  }
  if (last) state.finished = true;
  switch (state.format) {
    case 'csv':
      feedCsv(state, text, last, batch);
      break;
    case 'ndjson':
      feedNdjson(state, text, last, batch);
      break;
    case 'json':
      feedJsonArray(state, text, last, batch);
      break;
  }
  return batch;
}

/** Parse a whole file at once. */
export function parsePortfolio(policy: PolicySource, text: string, options: PortfolioParseOptions = {}): ParsedPortfolio {
  const state = startPortfolioParse(policy, options);
  // Fed in pieces, so the CSV reader's cells of one piece die young instead of all at once.
  const whole: PortfolioBatch = { rows: [], errors: [], warnings: [] };
  const format = state.format ?? guessFormat(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const piece = format === 'json' || text.length <= WHOLE_PIECE ? Math.max(1, text.length) : WHOLE_PIECE;
  for (let at = 0; ; at += piece) {
    const last = at + piece >= text.length;
    const batch = parsePortfolioChunk(state, text.slice(at, at + piece), { last });
    appendBatch(whole, batch, state.maxErrors);
    if (last) break;
  }
  return { ...whole, ...portfolioSummary(state) };
}

const WHOLE_PIECE = 1 << 20;

/** Adds a batch's rows and problems to `into`, keeping at most `maxWarnings` warnings (errors are capped by the parse). */
function appendBatch(into: PortfolioBatch, batch: PortfolioBatch, maxWarnings: number): void {
  for (const row of batch.rows) into.rows.push(row);
  for (const error of batch.errors) into.errors.push(error);
  for (const warning of batch.warnings) if (into.warnings.length < maxWarnings) into.warnings.push(warning);
}

/** Counters of a parse so far (for streamed parses, after the last chunk). */
export function portfolioSummary(state: PortfolioParseState): Omit<ParsedPortfolio, keyof PortfolioBatch> {
  return {
    format: state.format ?? 'csv',
    columns: state.columns,
    recordCount: state.recordCount,
    rejectedCount: state.rejectedCount,
    errorCount: state.errorCount,
  };
}

function guessFormat(text: string): PortfolioFormat {
  const first = text.trimStart()[0];
  return first === '[' ? 'json' : first === '{' ? 'ndjson' : 'csv';
}

// ---------------------------------------------------------------------------------------------
// CSV

function feedCsv(state: PortfolioParseState, chunk: string, last: boolean, batch: PortfolioBatch): void {
  let text = chunk;
  // The record left unfinished by the previous piece, when it and the head of this piece have no
  // quote, is completed and read on its own: the rest of the piece is then read in place (a slice)
  // instead of being copied into a concatenation (flattening a 1 MB concatenation cost more than
  // reading its quote-free rows). A quote-free record boundary changes nothing papaparse reads.
  const head = state.buffer !== '' && !state.inQuotes ? text.indexOf('\n') : -1;
  if (head >= 0 && text.lastIndexOf('"', head) < 0 && state.buffer.indexOf('"') < 0) {
    const carried = state.buffer + text.slice(0, head + 1);
    state.buffer = '';
    state.scanned = 0;
    readCsvRecords(state, carried, batch);
    text = text.slice(head + 1);
  }
  state.buffer += text;
  let complete: string;
  if (last) {
    complete = state.buffer;
    state.buffer = '';
  } else {
    const cut = lastRecordEnd(state);
    if (cut < 0) return;
    complete = state.buffer.slice(0, cut + 1);
    state.buffer = state.buffer.slice(cut + 1);
    state.scanned = state.buffer.length;
  }
  readCsvRecords(state, complete, batch);
}

/** Whole records (the last one may lack its newline only at the end of the file). */
function readCsvRecords(state: PortfolioParseState, complete: string, batch: PortfolioBatch): void {
  if (complete === '') return;
  if (!state.plan) {
    const headerEnd = endOfFirstRecord(complete);
    const headerText = complete.slice(0, headerEnd < 0 ? complete.length : headerEnd);
    state.newline = headerText.endsWith('\r') ? '\r\n' : '\n';
    state.delimiter ??= guessDelimiter(headerText);
    if (headerEnd < 0) {
      papaRecords(state, complete, batch);
      return;
    }
    // The header alone first: the rest may take the fast path even if the header is quoted.
    papaRecords(state, complete.slice(0, headerEnd + 1), batch);
    complete = complete.slice(headerEnd + 1);
    if (complete === '') return;
  }
  if (!state.rowReader || complete.indexOf('"') >= 0) {
    papaRecords(state, complete, batch);
    return;
  }
  // Quote-free, every newline ends a record: a large text is read in windows of about 1 MB so the
  // reader's bytes buffer stays that small whatever the caller's piece size.
  for (let from = 0; from < complete.length; ) {
    let to = from + FAST_WINDOW >= complete.length ? complete.length : complete.indexOf('\n', from + FAST_WINDOW) + 1;
    if (to === 0) to = complete.length;
    fastRecords(state, from === 0 && to === complete.length ? complete : complete.slice(from, to), state.rowReader, batch);
    from = to;
  }
}

function papaRecords(state: PortfolioParseState, complete: string, batch: PortfolioBatch): void {
  const parsed = Papa.parse<string[]>(complete, { delimiter: state.delimiter, newline: state.newline, skipEmptyLines: false, header: false });
  const records = parsed.data;
  // A text that ends with a newline makes Papa add an empty record after it that is no line at all.
  if (complete.endsWith('\n') && records.length > 0 && isBlank(records[records.length - 1])) records.pop();
  const multiline = complete.includes('"');
  // Only the last chunk can hold a quote that never closes (earlier ones are cut outside quotes).
  const unclosed = parsed.errors.some((error) => error.code === 'MissingQuotes') ? records.length - 1 : -1;
  for (let r = 0; r < records.length; r++) {
    const cells = records[r];
    const line = state.line;
    state.line += 1 + (multiline ? embeddedNewlines(cells) : 0);
    if (r === unclosed) {
      fileError(state, batch, { row: 0, line, column: null, message: `a quoted cell opened on line ${line} is never closed: the rest of the file was not read` });
      if (state.plan) {
        state.record++;
        state.recordCount++;
        state.rejectedCount++;
      }
      break;
    }
    if (!state.plan) {
      setHeader(state, cells, batch);
      continue;
    }
    if (isBlank(cells)) continue;
    csvRecord(state, cells, line, batch);
  }
}

/**
 * Quote-free text, record by record as papaparse's fast mode splits it (`split(newline)`, then
 * `split(delimiter)`): the generated reader takes the ordinary rows in place (no line is sliced),
 * any other row goes to `csvRecord` with exactly the cells papaparse would have given.
 */
function fastRecords(state: PortfolioParseState, complete: string, readers: CsvRowReaders, batch: PortfolioBatch): void {
  const newline = state.newline!;
  const n = complete.length;
  // One encodeInto for the piece: if every character is ASCII the bytes reader applies (same offsets).
  if (state.bytes.length < n + 1) state.bytes = new Uint8Array(Math.max(n + 1, state.bytes.length * 2));
  const bytes = state.bytes;
  const encoded = encoder.encodeInto(complete, bytes);
  const ascii = encoded.read === n && encoded.written === n;
  bytes[n] = 0; // not a digit: a number cell at the very end stops there
  const reader = ascii ? readers.bytes : readers.text;
  const delimiter = state.delimiter!;
  const emptyRowLength = state.plan!.length - 1;
  const scratch: RowScratch = { customerId: undefined, outstanding: 0, requested: null };
  const endsWithNewline = complete.endsWith('\n');
  let start = 0;
  while (start <= n) {
    let end = complete.indexOf(newline, start);
    const final = end < 0;
    if (final) {
      end = n;
      // Papa's empty last record after a closing newline is no line at all.
      if (endsWithNewline && (start === n || isBlank(complete.slice(start, end).split(delimiter)))) break;
    }
    const line = state.line++;
    if (end - start !== emptyRowLength) {
      scratch.customerId = undefined;
      scratch.outstanding = 0;
      scratch.requested = null;
      const facts = reader(complete, bytes, start, end, scratch);
      if (facts !== null) {
        start = end + newline.length;
        const rowNumber = ++state.record;
        state.recordCount++;
        keepRow(state, batch, rowNumber, line, scratch.customerId, scratch.outstanding, scratch.requested, facts);
        if (final) break;
        continue;
      }
    }
    const cells = (start === 0 && final ? complete : complete.slice(start, end)).split(delimiter);
    start = end + newline.length;
    if (!isBlank(cells)) csvRecord(state, cells, line, batch);
    if (final) break;
  }
}

const FAST_WINDOW = 1 << 20;
const encoder = new TextEncoder();
const NO_BYTES = new Uint8Array(0);

/**
 * Index of the last newline of `buffer` that ends a record (is outside quotes), or -1. A CSV quote
 * inside a field is doubled, so the parity of quotes seen tells whether a newline is inside one.
 */
function lastRecordEnd(state: PortfolioParseState): number {
  const buffer = state.buffer;
  const from = state.scanned;
  if (!state.inQuotes && buffer.indexOf('"', from) < 0) {
    state.scanned = buffer.length;
    const end = buffer.lastIndexOf('\n');
    return end >= from ? end : -1;
  }
  let inQuotes = state.inQuotes;
  let lastEnd = -1;
  for (let i = from; i < buffer.length; i++) {
    const c = buffer.charCodeAt(i);
    if (c === 34) inQuotes = !inQuotes;
    else if (c === 10 && !inQuotes) lastEnd = i;
  }
  // The state at the end of the buffer is also the state at the end of what is kept after the cut
  // (the cut is outside quotes), so the next scan resumes from there.
  state.inQuotes = inQuotes;
  state.scanned = buffer.length;
  return lastEnd;
}

function endOfFirstRecord(text: string): number {
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) inQuotes = !inQuotes;
    else if (c === 10 && !inQuotes) return i;
  }
  return -1;
}

function guessDelimiter(header: string): string {
  let best = ',';
  let bestCount = count(header, ',');
  for (const candidate of [';', '\t']) {
    const n = count(header, candidate);
    if (n > bestCount) {
      best = candidate;
      bestCount = n;
    }
  }
  return best;
}

function count(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i >= 0; i = text.indexOf(char, i + 1)) n++;
  return n;
}

function embeddedNewlines(cells: string[]): number {
  let n = 0;
  for (const cell of cells) if (cell.includes('\n')) n += count(cell, '\n');
  return n;
}

function isBlank(cells: string[]): boolean {
  for (const cell of cells) if (cell.trim() !== '') return false;
  return true;
}

function setHeader(state: PortfolioParseState, header: string[], batch: PortfolioBatch): void {
  const plan = planColumns(state.document, header);
  const seen = new Set<string>();
  for (const column of plan) {
    if (seen.has(column.column)) {
      warn(state, batch, { row: 0, line: 1, column: column.column, message: `column "${clip(column.column)}" appears twice: the later one is ignored` });
      column.ignored = true;
      column.input = undefined;
      column.role = undefined;
      continue;
    }
    seen.add(column.column);
    if (column.ignored) warn(state, batch, { row: 0, line: 1, column: column.column, message: `column "${clip(column.column)}" is not an input of policy ${state.document.id}: ignored` });
  }
  state.plan = plan;
  state.columns = plan.map((column) => column.column);
  state.rowReader = state.fastRows && state.format === 'csv' ? csvRowReader(state.document, plan, state.delimiter!) : null;
  headerChecks(state, seen, batch);
}

/** A required input with no column fails every row: say it once, up front. */
function headerChecks(state: PortfolioParseState, present: Set<string>, batch: PortfolioBatch): void {
  for (const input of state.document.inputs) {
    if (input.required && !present.has(input.name)) {
      fileError(state, batch, { row: 0, line: state.format === 'csv' ? 1 : undefined, column: input.name, message: `required input "${input.name}" has no column: every row will be refused` });
    }
  }
}

function csvRecord(state: PortfolioParseState, cells: string[], line: number, batch: PortfolioBatch): void {
  const plan = state.plan!;
  const rowNumber = ++state.record;
  state.recordCount++;
  const problems: PortfolioError[] = [];
  const facts: Facts = {};
  let customerId: string | undefined;
  let outstanding = 0;
  let requested: number | null = null;
  for (let i = 0; i < cells.length; i++) {
    const column = plan[i];
    const cell = cells[i];
    if (column === undefined) {
      if (cell.trim() !== '') problems.push({ row: rowNumber, line, column: null, message: `has ${cells.length} cells but the header has ${plan.length} columns` });
      break;
    }
    if (column.ignored) continue;
    if (column.role === 'customerId') {
      const id = cell.trim();
      if (id !== '') customerId = id;
      if (!column.input) continue;
    }
    if (column.role === 'outstanding' && !column.input) {
      const result = parseNumberCell(cell);
      if (!result.ok) problems.push({ row: rowNumber, line, column: column.column, message: result.message });
      else if (typeof result.value === 'number') outstanding = result.value;
      continue;
    }
    if (column.role === 'requestedAmount' && !column.input) {
      const result = parseNumberCell(cell);
      if (!result.ok) problems.push({ row: rowNumber, line, column: column.column, message: result.message });
      else if (typeof result.value === 'number') requested = result.value;
      continue;
    }
    if (column.numeric !== undefined) {
      const value = plainNumber(cell);
      if (value === value && (column.numeric === 'number' || Number.isInteger(value))) {
        facts[column.column] = value;
        continue;
      }
    }
    const result = column.convert!(cell);
    if (!result.ok) problems.push({ row: rowNumber, line, column: column.column, message: result.message });
    else if (result.value !== undefined) facts[column.column] = result.value;
  }
  finishRow(state, batch, { rowNumber, line, customerId, outstanding, requested, facts, problems });
}

// ---------------------------------------------------------------------------------------------
// JSON and NDJSON

function feedNdjson(state: PortfolioParseState, chunk: string, last: boolean, batch: PortfolioBatch): void {
  state.buffer += chunk;
  const cut = last ? state.buffer.length : state.buffer.lastIndexOf('\n') + 1;
  if (cut <= 0) return;
  const complete = state.buffer.slice(0, cut);
  state.buffer = state.buffer.slice(cut);
  if (!state.plan) startObjectRows(state);
  let start = 0;
  while (start < complete.length) {
    let end = complete.indexOf('\n', start);
    if (end < 0) end = complete.length;
    const text = complete.slice(start, end).trim();
    const line = state.line++;
    start = end + 1;
    if (text === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const rowNumber = ++state.record;
      state.recordCount++;
      reject(state, batch, [{ row: rowNumber, line, column: null, message: `not valid JSON: ${(error as Error).message}` }]);
      continue;
    }
    objectRecord(state, value, line, batch);
  }
}

function feedJsonArray(state: PortfolioParseState, chunk: string, last: boolean, batch: PortfolioBatch): void {
  // A JSON array cannot be split safely without a streaming JSON parser: it is read whole.
  state.buffer += chunk;
  if (!last) return;
  const text = state.buffer;
  state.buffer = '';
  startObjectRows(state);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    fileError(state, batch, { row: 0, column: null, message: `not valid JSON: ${(error as Error).message}` });
    return;
  }
  if (!Array.isArray(value)) {
    fileError(state, batch, { row: 0, column: null, message: 'a JSON portfolio must be an array of customer objects' });
    return;
  }
  for (const item of value) objectRecord(state, item, undefined, batch);
}

/** Object rows name their fields one by one: columns are learnt as they appear. */
function startObjectRows(state: PortfolioParseState): void {
  state.plan = [];
  state.columns = [];
}

const BOOKKEEPING = new Set(['customerId', 'outstanding', 'requestedAmount']);

function objectRecord(state: PortfolioParseState, value: unknown, line: number | undefined, batch: PortfolioBatch): void {
  const rowNumber = ++state.record;
  state.recordCount++;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    reject(state, batch, [{ row: rowNumber, line, column: null, message: 'a customer must be a JSON object' }]);
    return;
  }
  const problems: PortfolioError[] = [];
  const facts: Facts = {};
  let customerId: string | undefined;
  let outstanding = 0;
  let requested: number | null = null;
  const declared = inputNames(state);
  for (const key of Object.keys(value)) {
    const cell = (value as Record<string, unknown>)[key];
    if (!state.warnedKeys.has(key)) {
      state.warnedKeys.add(key);
      state.columns.push(key);
      if (!declared.has(key) && !BOOKKEEPING.has(key)) warn(state, batch, { row: rowNumber, line, column: key, message: `field "${clip(key)}" is not an input of policy ${state.document.id}: ignored` });
    }
    if (key === 'customerId') {
      if (typeof cell === 'string' || typeof cell === 'number') customerId = String(cell);
      else if (cell !== null && cell !== undefined) problems.push({ row: rowNumber, line, column: key, message: 'customerId must be a string or a number' });
      if (!declared.has(key)) continue;
    }
    if ((key === 'outstanding' || key === 'requestedAmount') && !declared.has(key)) {
      if (cell === null || cell === undefined) continue;
      if (typeof cell !== 'number' || !Number.isFinite(cell)) problems.push({ row: rowNumber, line, column: key, message: `${key} must be a number` });
      else if (key === 'outstanding') outstanding = cell;
      else requested = cell;
      continue;
    }
    if (!declared.has(key)) continue;
    // null means missing, as in a decision request; anything else is judged by checkFacts.
    if (cell !== null && cell !== undefined) facts[key] = cell as ScalarValue;
  }
  finishRow(state, batch, { rowNumber, line, customerId, outstanding, requested, facts, problems });
}

const inputNameCache = new WeakMap<PolicyDocument, Set<string>>();
function inputNames(state: PortfolioParseState): Set<string> {
  let names = inputNameCache.get(state.document);
  if (!names) {
    names = new Set(state.document.inputs.map((input) => input.name));
    inputNameCache.set(state.document, names);
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// Shared: check the facts, keep or reject the row.

interface RawRow {
  rowNumber: number;
  line: number | undefined;
  customerId: string | undefined;
  outstanding: number;
  requested: number | null;
  facts: Facts;
  problems: PortfolioError[];
}

function finishRow(state: PortfolioParseState, batch: PortfolioBatch, raw: RawRow): void {
  const { rowNumber, line, problems } = raw;
  // Most rows are good: the fast acceptor says so without ajv (see accept-facts.ts).
  if (problems.length === 0 && raw.outstanding >= 0 && (raw.requested === null || raw.requested >= 0) && factsAcceptor(state.document)(raw.facts)) {
    keepRow(state, batch, rowNumber, line, raw.customerId, raw.outstanding, raw.requested, raw.facts);
    return;
  }
  // Cells that did not convert are already reported; checkFacts judges the rest (ranges, enums,
  // required inputs) so the person sees every problem of the row at once.
  const check = checkFacts(state.document, raw.facts);
  if (!check.ok) {
    const reported = new Set(problems.map((problem) => problem.column));
    for (const error of check.errors) {
      const column = error.field || null;
      if (column !== null && reported.has(column)) continue;
      problems.push({ row: rowNumber, line, column, message: error.message });
    }
  }
  if (raw.outstanding < 0) problems.push({ row: rowNumber, line, column: 'outstanding', message: `outstanding ${raw.outstanding} is negative` });
  if (raw.requested !== null && raw.requested < 0) problems.push({ row: rowNumber, line, column: 'requestedAmount', message: `requestedAmount ${raw.requested} is negative` });
  if (problems.length > 0 || !check.ok) {
    reject(state, batch, problems);
    return;
  }
  keepRow(state, batch, rowNumber, line, raw.customerId, raw.outstanding, raw.requested, check.facts);
}

function keepRow(
  state: PortfolioParseState,
  batch: PortfolioBatch,
  rowNumber: number,
  line: number | undefined,
  rawCustomerId: string | undefined,
  rawOutstanding: number,
  rawRequested: number | null,
  facts: Facts,
): void {
  const customerId = rawCustomerId ?? `#${rowNumber}`;
  if (rawCustomerId !== undefined && !inOrder(state, customerId)) {
    // One hash lookup: the set grows unless the id was there already.
    const seen = state.seenIds.size;
    if (state.seenIds.add(customerId).size === seen) warn(state, batch, { row: rowNumber, line, column: 'customerId', message: `customer "${clip(customerId)}" appears more than once` });
  }
  // A policy may itself declare `requestedAmount` or `outstanding` as facts: the fact is the figure.
  const requested = state.requestedIsFact ? (typeof facts.requestedAmount === 'number' ? facts.requestedAmount : null) : rawRequested;
  const outstanding = state.outstandingIsFact ? (typeof facts.outstanding === 'number' && facts.outstanding > 0 ? facts.outstanding : 0) : rawOutstanding;
  // One literal with every key (same key order as before: `line` last), not a shape change per row.
  batch.rows.push(
    line !== undefined
      ? { rowNumber, customerId, outstanding, requestedAmount: requested, facts, line }
      : { rowNumber, customerId, outstanding, requestedAmount: requested, facts },
  );
}

/** Is `id` after every id seen so far (so new)? Then it is listed; else the ids move into the set. */
function inOrder(state: PortfolioParseState, id: string): boolean {
  const ids = state.idsInOrder;
  if (ids === null) return false;
  if (ids.length === 0 || id > ids[ids.length - 1]!) {
    ids.push(id);
    return true;
  }
  for (const seen of ids) state.seenIds.add(seen);
  state.idsInOrder = null;
  return false;
}

function reject(state: PortfolioParseState, batch: PortfolioBatch, problems: PortfolioError[]): void {
  state.rejectedCount++;
  for (const problem of problems) fileError(state, batch, problem);
}

function fileError(state: PortfolioParseState, batch: PortfolioBatch, problem: PortfolioError): void {
  state.errorCount++;
  if (state.errorsKept >= state.maxErrors) return;
  state.errorsKept++;
  if (problem.line === undefined) delete problem.line;
  batch.errors.push(problem);
}

function warn(state: PortfolioParseState, batch: PortfolioBatch, problem: PortfolioError): void {
  if (batch.warnings.length >= state.maxErrors) return;
  if (problem.line === undefined) delete problem.line;
  batch.warnings.push(problem);
}
