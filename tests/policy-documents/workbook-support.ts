/** Helpers for the workbook tests: raw downloads and uploads, and editing a workbook as a spreadsheet program saves it. */
import ExcelJS from 'exceljs';
import type { TestApp } from '../api/support/test-app.js';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function download(t: TestApp, path: string, key: string): Promise<{ status: number; type: string; bytes: Buffer; headers: Headers }> {
  const res = await fetch(`${t.url}/api/v1${path}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

/** Opens a workbook, lets `edit` change it, and saves it again, as a spreadsheet program would. */
export async function editWorkbook(bytes: Buffer, edit: (wb: ExcelJS.Workbook) => void | Promise<void>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  await edit(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The data row (1-based sheet row) whose first cells are `key`. */
export function rowWhere(ws: ExcelJS.Worksheet, match: (row: ExcelJS.Row) => boolean): ExcelJS.Row {
  for (let r = 3; r <= ws.rowCount; r++) if (match(ws.getRow(r))) return ws.getRow(r);
  throw new Error(`no matching row in ${ws.name}`);
}

/** The column (1-based) whose English header (row 1) is `header`: a person finds columns by their titles. */
export function columnOf(ws: ExcelJS.Worksheet, header: string): number {
  const values = ws.getRow(1).values as unknown[];
  const at = values.indexOf(header);
  if (at < 1) throw new Error(`no column "${header}" in ${ws.name}`);
  return at;
}
