/** A policy document ↔ the tables of its workbook (the spreadsheet file itself is api/'s). */
export { policyToTables, tableColumns, README_HELP, type PolicySheet, type PolicyTables, type ReadmeLine, type TablesSource } from './policy-to-tables.js';
export { tablesToPolicy, type RawSheet, type RawWorkbook, type TablesImport } from './tables-to-policy.js';
export { previewImport, type ImportPreview } from './import-preview.js';
export { columnLetter, problemText, type CellKind, type CellValue, type ColumnSpec, type TableProblem } from './table-cells.js';
export { HEADER_ROWS, README_SHEET, TABLES, TABLE_NAMES, WORKBOOK_FORMAT, WORKBOOK_SHEETS, isShareParameter, type TableName } from './table-specs.js';
