/**
 * The policy workbook as an .xlsx file (exceljs): written from engine/policy-tables' sheets with
 * real number formats, frozen bilingual headers, widths and drop-down lists; read back into raw
 * sheets, refusing what a table cannot mean — formulas, merged cells, dates, error values, files
 * that are not workbooks. The engine then maps the sheets to a document and checks every cell.
 * exceljs is loaded on first use, so it costs nothing at start-up.
 */
import type ExcelJS from 'exceljs';
import {
  HEADER_ROWS,
  README_HELP,
  README_SHEET,
  isShareParameter,
  policyToTables,
  type CellKind,
  type CellValue,
  type PolicySheet,
  type PolicyTables,
  type RawWorkbook,
  type TableProblem,
  type TablesSource,
} from '../policy-engine.js';
import type { PolicyDocument } from '../../engine/index.js';

let excel: Promise<typeof ExcelJS> | null = null;
const exceljs = () => (excel ??= import('exceljs').then((m) => (m as unknown as { default?: typeof ExcelJS }).default ?? (m as unknown as typeof ExcelJS)));

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Rows below the data that keep the drop-down lists, so added rows get them too. */
const SPARE_ROWS = 200;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };
const TEXT_KINDS = new Set<CellKind>(['id', 'text', 'enum', 'json', 'codes']);

/** Fewest decimals (up to `max`) that show a number exactly. */
function decimalsOf(value: number, max: number): number {
  for (let d = 0; d < max; d++) if (Number(value.toFixed(d)) === value) return d;
  return max;
}
const fraction = (d: number) => (d > 0 ? `.${'0'.repeat(d)}` : '');

/** The cell's number format: a real one for numbers, '@' (text) for text so typing keeps it text. */
export function numberFormat(kind: CellKind, value: CellValue, share = false): string | undefined {
  if (typeof value === 'string') return '@';
  if (typeof value !== 'number') return TEXT_KINDS.has(kind) ? '@' : undefined;
  if (share) return `0${fraction(decimalsOf(value * 100, 4))}%`;
  switch (kind) {
    case 'amount':
      return `#,##0${fraction(decimalsOf(value, 2))}`;
    case 'percentPoints':
      return `0${fraction(decimalsOf(value, 4))}" %"`;
    case 'integer':
      return '0';
    default:
      return 'General';
  }
}

function addReadme(wb: ExcelJS.Workbook, tables: PolicyTables): void {
  const ws = wb.addWorksheet(README_SHEET, { properties: { tabColor: { argb: 'FF1F4E79' } } });
  ws.columns = [{ width: 34 }, { width: 38 }, { width: 70 }];
  ws.addRow(['creditgraph — policy workbook', 'creditgraph — classeur de politique de crédit']).font = { bold: true, size: 14 };
  for (const line of tables.readme) {
    const row = ws.addRow([line.en, line.fr, line.value]);
    row.getCell(3).numFmt = '@';
    row.getCell(1).font = { bold: true };
  }
  ws.addRow([]);
  ws.addRow(['How to re-import', 'Comment réimporter']).font = { bold: true };
  for (const help of README_HELP) ws.addRow([help.en, help.fr]).alignment = { wrapText: true, vertical: 'top' };
  ws.addRow([]);
  ws.addRow(['Sheets', 'Feuilles']).font = { bold: true };
  for (const sheet of tables.sheets) ws.addRow([`${sheet.name}: ${sheet.en}`, sheet.fr]).alignment = { wrapText: true, vertical: 'top' };
}

function addTable(wb: ExcelJS.Workbook, sheet: PolicySheet): void {
  const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROWS }] });
  ws.columns = sheet.columns.map((c) => ({ width: c.width }));
  const en = ws.addRow(sheet.columns.map((c) => c.en));
  const fr = ws.addRow(sheet.columns.map((c) => c.fr));
  for (const row of [en, fr]) {
    row.font = { bold: row === en, italic: row === fr };
    row.eachCell((cell) => {
      cell.fill = HEADER_FILL;
      cell.numFmt = '@';
    });
  }
  const parameterAt = sheet.table === 'limitParameters' ? sheet.columns.findIndex((c) => c.key === 'parameter') : -1;
  for (const cells of sheet.rows) {
    const row = ws.addRow(cells.map((v) => v ?? null));
    sheet.columns.forEach((column, i) => {
      const share = column.key === 'value' && parameterAt >= 0 && isShareParameter(String(cells[parameterAt] ?? ''));
      const format = numberFormat(column.kind, cells[i] ?? null, share);
      if (format) row.getCell(i + 1).numFmt = format;
    });
  }
  // Drop-down lists for enums and for ids the policy defines (classes, levels, scenarios).
  const last = HEADER_ROWS + sheet.rows.length + SPARE_ROWS;
  sheet.columns.forEach((column, i) => {
    const values = sheet.choices[column.key] ?? (column.values ? [...column.values] : null);
    if (!values || values.length === 0) return;
    const list = `"${values.join(',')}"`;
    if (list.length > 255) return; // Excel's limit for an inline list
    const letter = ws.getColumn(i + 1).letter;
    (ws as unknown as { dataValidations: { add(range: string, rule: Record<string, unknown>): void } }).dataValidations.add(`${letter}${HEADER_ROWS + 1}:${letter}${last}`, {
      type: 'list',
      allowBlank: true,
      formulae: [list],
      showErrorMessage: true,
      errorTitle: column.en,
      error: `${values.join(', ')}`,
    });
  });
}

export async function writePolicyWorkbook(document: PolicyDocument, source: TablesSource): Promise<Buffer> {
  const tables = policyToTables(document, source);
  const wb = new (await exceljs()).Workbook();
  wb.creator = 'creditgraph';
  addReadme(wb, tables);
  for (const sheet of tables.sheets) addTable(wb, sheet);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface ReadWorkbook {
  workbook: RawWorkbook | null;
  problems: TableProblem[];
}

/** Reads an .xlsx into raw sheets; structural problems (not a workbook, formulas, merges…) are reported, not guessed around. */
export async function readPolicyWorkbook(bytes: Uint8Array): Promise<ReadWorkbook> {
  const notWorkbook = (why: string): ReadWorkbook => ({ workbook: null, problems: [{ sheet: null, row: null, column: null, message: `This file is not an .xlsx workbook (${why}): export one from creditgraph, edit it and save it as .xlsx.` }] });
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) return notWorkbook(bytes.length === 0 ? 'it is empty' : 'it is not a zip package');
  const wb = new (await exceljs()).Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  } catch (error) {
    return notWorkbook(`it cannot be read: ${(error as Error).message.slice(0, 120)}`);
  }
  if (wb.worksheets.length === 0) return notWorkbook('it has no sheet');
  const problems: TableProblem[] = [];
  const sheets: RawWorkbook['sheets'] = [];
  let readme: Record<string, CellValue> | null = null;
  for (const ws of wb.worksheets) {
    const merges = ((ws.model as { merges?: string[] }).merges ?? []).slice(0, 20);
    for (const range of merges) {
      const [first] = range.split(':');
      const m = /^([A-Z]+)(\d+)$/.exec(first ?? '');
      problems.push({ sheet: ws.name, row: m ? Number(m[2]) : null, column: m ? m[1]! : null, message: `merged cells (${range}): unmerge them, one value per cell` });
    }
    const width = ws.columnCount;
    const rows: CellValue[][] = [];
    for (let r = 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const cells: CellValue[] = [];
      for (let c = 1; c <= width; c++) {
        const cell = row.getCell(c);
        const read = cellValue(cell);
        if ('problem' in read) {
          if (problems.length < 200) problems.push({ sheet: ws.name, row: r, column: ws.getColumn(c).letter, message: read.problem });
          cells.push(null);
        } else cells.push(read.value);
      }
      rows.push(cells);
    }
    if (ws.name === README_SHEET) {
      readme = {};
      for (const cells of rows) if (typeof cells[0] === 'string') readme[cells[0].trim()] = cells[2] ?? null;
      continue;
    }
    sheets.push({ name: ws.name, header: rows[0] ?? [], rows: rows.slice(HEADER_ROWS) });
  }
  return { workbook: problems.length > 0 ? null : { readme, sheets }, problems };
}

function cellValue(cell: ExcelJS.Cell): { value: CellValue } | { problem: string } {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return { value: null };
  if (typeof v === 'string' || typeof v === 'boolean') return { value: v };
  if (typeof v === 'number') return Number.isFinite(v) ? { value: v } : { problem: 'not a finite number' };
  if (v instanceof Date) return { problem: `a date (${v.toISOString().slice(0, 10)}): a policy workbook holds numbers and text, type the value as text or a number` };
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    // LibreOffice saves a boolean cell as the formula TRUE() or FALSE(): that is a value.
    if (typeof o.formula === 'string' && /^(TRUE|FALSE)(\(\))?$/i.test(o.formula.trim())) return { value: /^TRUE/i.test(o.formula.trim()) };
    if ('formula' in o || 'sharedFormula' in o) {
      const formula = typeof o.formula === 'string' ? `=${o.formula}` : 'a shared formula';
      return { problem: `a formula (${formula.slice(0, 60)}): type the value itself, formulas are not imported` };
    }
    if ('error' in o) return { problem: `an error value (${String(o.error)})` };
    if (Array.isArray(o.richText)) return { value: (o.richText as { text: string }[]).map((t) => t.text).join('') };
    if ('text' in o && typeof o.text === 'string') return { value: o.text }; // a hyperlink: its text
  }
  return { problem: 'a value of an unknown kind' };
}
