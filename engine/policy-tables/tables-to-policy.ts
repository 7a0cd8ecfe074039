/**
 * The sheets of a workbook, read back → the policy document they describe, on top of the document
 * they change (the draft): what the tables hold (bands, classes, levels, steps, tests…) comes from
 * the rows; everything else (formulas, conditions of rules, the graph, layout) stays as it is.
 * Every problem names its sheet, row and column; with any problem there is no document, so an
 * import with a problem changes nothing.
 */
import type { PolicyDocument } from '../model/policy-schema.js';
import { columnLetter, decodeItem, fromCell, type CellValue, type ColumnSpec, type TableProblem } from './table-cells.js';
import { EARLIER_WORKBOOK_FORMATS, HEADER_ROWS, OTHER, README_SHEET, TABLES, TABLE_NAMES, WORKBOOK_FORMAT, WORKBOOK_SHEETS, type TableName } from './table-specs.js';
import { LIMIT_SETTINGS, tableColumns } from './policy-to-tables.js';

/** One sheet as read from a file: its header row (row 1) and its data rows (from row 3). */
export interface RawSheet {
  name: string;
  header: CellValue[];
  rows: CellValue[][];
}

export interface RawWorkbook {
  /** Read-me lines: the English label (column A) → value (column C). */
  readme: Record<string, CellValue> | null;
  sheets: RawSheet[];
}

export interface TablesImport {
  /** Null when there is any problem. */
  document: PolicyDocument | null;
  problems: TableProblem[];
  /** What the read-me says the workbook was exported from. */
  source: { policyId: string | null; version: string | null; contentHash: string | null };
}

type Item = Record<string, unknown>;
const isRecord = (v: unknown): v is Item => v !== null && typeof v === 'object' && !Array.isArray(v);
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

interface Row {
  sheet: string;
  row: number;
  columns: ColumnSpec[];
  cells: CellValue[];
}

export function tablesToPolicy(base: PolicyDocument, workbook: RawWorkbook): TablesImport {
  const problems: TableProblem[] = [];
  const source = readmeSource(workbook.readme);
  const sheetProblem = (sheet: string | null, message: string) => problems.push({ sheet, row: null, column: null, message });

  if (source.format !== null && EARLIER_WORKBOOK_FORMATS.includes(source.format)) {
    sheetProblem(README_SHEET, `This workbook has the earlier format ${source.format} (one label column instead of English and French): export the policy again and make the changes in the new workbook.`);
    return { document: null, problems, source };
  }
  if (!workbook.readme || source.format !== WORKBOOK_FORMAT) {
    sheetProblem(null, `This is not a creditgraph policy workbook (no ${README_SHEET} sheet naming the format ${WORKBOOK_FORMAT}): export one from the policy first.`);
    return { document: null, problems, source };
  }
  if (source.policyId !== base.id) {
    sheetProblem(README_SHEET, `This workbook was exported from policy "${source.policyId ?? '?'}", not "${base.id}": import it into that policy's draft.`);
    return { document: null, problems, source };
  }
  const names = workbook.sheets.map((s) => s.name);
  for (const name of names) if (!WORKBOOK_SHEETS.includes(name)) sheetProblem(name, `unknown sheet "${name}": a policy workbook has the sheets ${WORKBOOK_SHEETS.join(', ')}.`);
  for (const name of WORKBOOK_SHEETS) if (name !== README_SHEET && !names.includes(name)) sheetProblem(name, `the sheet "${name}" is missing: keep every sheet of the exported workbook (an empty table keeps its header rows).`);
  if (problems.length > 0) return { document: null, problems, source };

  const rowsOf = {} as Record<TableName, Row[]>;
  for (const table of TABLE_NAMES) rowsOf[table] = checkedRows(table, base, workbook.sheets.find((s) => s.name === TABLES[table].sheet)!, problems);
  if (problems.length > 0) return { document: null, problems, source };

  const document = structuredClone(base);
  const at = (r: Row, key: string) => r.columns.findIndex((c) => c.key === key);
  const cellProblem = (r: Row, index: number, message: string) => problems.push({ sheet: r.sheet, row: r.row, column: columnLetter(index), message });

  /** The row's item (its mapped fields and other-fields JSON), or null after reporting problems. */
  const itemOf = (r: Row): Item | null => {
    const otherAt = r.columns.indexOf(OTHER);
    const { item, problems: found } = decodeItem(r.cells, r.columns, otherAt >= 0 ? (r.cells[otherAt] ?? null) : null, otherAt, base.language ?? 'en');
    for (const p of found) cellProblem(r, p.index, p.message);
    return found.length === 0 ? item : null;
  };
  /** A structural id cell (node, criterion, class…), or null after reporting it. */
  const idOf = (r: Row, key: string): string | null => {
    const index = at(r, key);
    const cell = r.cells[index] ?? null;
    if (cell === null || (typeof cell === 'string' && cell.trim() === '')) {
      cellProblem(r, index, `${r.columns[index]!.en} is empty`);
      return null;
    }
    return String(cell).trim();
  };
  const nodesOf = (kind: string) => new Map(document.nodes.filter((n) => n.kind === kind).map((n) => [n.id, n as unknown as { id: string; config: Item }]));
  const KIND_WORDS: Record<string, string> = { scorecard: 'scorecard', riskClass: 'risk-class', creditLimit: 'credit-limit', approval: 'approval', collection: 'collection' };
  /** Groups rows by their node, reporting rows naming a node the policy does not have. */
  const byNode = (table: TableName, kind: string) => {
    const nodes = nodesOf(kind);
    const groups = new Map<string, Row[]>();
    for (const r of rowsOf[table]) {
      const id = idOf(r, 'node');
      if (id === null) continue;
      if (!nodes.has(id)) {
        cellProblem(r, at(r, 'node'), `the policy has no ${KIND_WORDS[kind]} node "${id}"${document.nodes.some((n) => n.id === id) ? ` ("${id}" is a ${document.nodes.find((n) => n.id === id)!.kind} node)` : ''}`);
        continue;
      }
      groups.set(id, [...(groups.get(id) ?? []), r]);
    }
    return { nodes, groups };
  };
  /** Settings tables: at most one row per node; a node without a row keeps its settings. */
  const settings = (table: TableName, kind: string, owned: (config: Item) => string[]) => {
    const { nodes, groups } = byNode(table, kind);
    for (const [id, rows] of groups) {
      for (const extra of rows.slice(1)) cellProblem(extra, at(extra, 'node'), `a second row for node "${id}" (row ${rows[0]!.row} has its settings)`);
      const item = itemOf(rows[0]!);
      if (!item) continue;
      const node = nodes.get(id)!;
      const kept = Object.fromEntries(Object.entries(node.config).filter(([k]) => !owned(node.config).includes(k)));
      node.config = { ...kept, ...item };
    }
  };

  // Scorecards: settings, criteria, bands.
  settings('scorecards', 'scorecard', (config) => Object.keys(config).filter((k) => k !== 'criteria'));
  {
    const { nodes, groups } = byNode('criteria', 'scorecard');
    const criteria = new Map<string, Map<string, Item>>();
    for (const [id, node] of nodes) {
      const list: Item[] = [];
      const byId = new Map<string, Item>();
      for (const r of groups.get(id) ?? []) {
        const item = itemOf(r);
        if (!item) continue;
        const criterion = { ...item, bands: [] as Item[] };
        list.push(criterion);
        if (typeof item.id === 'string' && !byId.has(item.id)) byId.set(item.id, criterion);
      }
      node.config = { ...node.config, criteria: list };
      criteria.set(id, byId);
    }
    const bands = byNode('bands', 'scorecard');
    for (const [id, rows] of bands.groups) {
      for (const r of rows) {
        const criterionId = idOf(r, 'criterion');
        if (criterionId === null) continue;
        const criterion = criteria.get(id)?.get(criterionId);
        if (!criterion) {
          cellProblem(r, at(r, 'criterion'), `scorecard "${id}" has no criterion "${criterionId}" on the Criteria sheet`);
          continue;
        }
        const item = itemOf(r);
        if (item) (criterion.bands as Item[]).push(item);
      }
    }
  }

  // Risk classes and overrides.
  {
    const classes = byNode('classes', 'riskClass');
    const overrides = byNode('overrides', 'riskClass');
    for (const [id, node] of classes.nodes) {
      const list = (classes.groups.get(id) ?? []).map(itemOf).filter(isRecord);
      const rules = (overrides.groups.get(id) ?? []).map(itemOf).filter(isRecord);
      const config: Item = { ...node.config, classes: list };
      if (rules.length > 0 || 'overrides' in node.config) config.overrides = rules;
      node.config = config;
    }
  }

  // Credit limits: settings and parameters per class.
  settings('limits', 'creditLimit', () => LIMIT_SETTINGS);
  {
    const { nodes, groups } = byNode('limitParameters', 'creditLimit');
    const valueColumn = TABLES.limitParameters.columns.find((c) => c.key === 'value')!;
    for (const [id, node] of nodes) {
      const params: Record<string, Record<string, number>> = {};
      for (const r of groups.get(id) ?? []) {
        const cls = idOf(r, 'class');
        const name = idOf(r, 'parameter');
        const index = at(r, 'value');
        const cell = r.cells[index] ?? null;
        if (cls === null || name === null) continue;
        if (cell === null || cell === '') {
          cellProblem(r, index, `no value for ${name} of class ${cls}`);
          continue;
        }
        const read = fromCell(cell, valueColumn);
        if (!read.ok) {
          cellProblem(r, index, read.message);
          continue;
        }
        if (params[cls] && Object.prototype.hasOwnProperty.call(params[cls], name)) {
          cellProblem(r, at(r, 'parameter'), `${name} of class ${cls} is given twice`);
          continue;
        }
        (params[cls] ??= {})[name] = read.value as number;
      }
      const config: Item = { ...node.config };
      if (Object.keys(params).length > 0 || 'classParameters' in config) config.classParameters = params;
      node.config = config;
    }
  }

  // Approval: delegation levels.
  {
    const { nodes, groups } = byNode('levels', 'approval');
    for (const [id, node] of nodes) node.config = { ...node.config, levels: (groups.get(id) ?? []).map(itemOf).filter(isRecord) };
  }

  // Collection: scenarios, their steps, scenario of each class.
  {
    const scenarios = byNode('scenarios', 'collection');
    const lists = new Map<string, Map<string, Item>>();
    for (const [id, node] of scenarios.nodes) {
      const byId = new Map<string, Item>();
      const list: Item[] = [];
      for (const r of scenarios.groups.get(id) ?? []) {
        const item = itemOf(r);
        if (!item) continue;
        const scenario = { ...item, steps: [] as Item[] };
        list.push(scenario);
        if (typeof item.id === 'string' && !byId.has(item.id)) byId.set(item.id, scenario);
      }
      lists.set(id, byId);
      node.config = { ...node.config, scenarios: list };
    }
    const steps = byNode('steps', 'collection');
    for (const [id, rows] of steps.groups) {
      for (const r of rows) {
        const scenarioId = idOf(r, 'scenario');
        if (scenarioId === null) continue;
        const scenario = lists.get(id)?.get(scenarioId);
        if (!scenario) {
          cellProblem(r, at(r, 'scenario'), `collection node "${id}" has no scenario "${scenarioId}" on the Scenarios sheet`);
          continue;
        }
        const item = itemOf(r);
        if (item) (scenario.steps as Item[]).push(item);
      }
    }
    const byClass = byNode('scenarioByClass', 'collection');
    for (const [id, node] of byClass.nodes) {
      const map: Record<string, string> = {};
      for (const r of byClass.groups.get(id) ?? []) {
        const cls = idOf(r, 'class');
        const scenario = idOf(r, 'scenario');
        if (cls === null || scenario === null) continue;
        if (Object.prototype.hasOwnProperty.call(map, cls)) cellProblem(r, at(r, 'class'), `class ${cls} already has a scenario (${map[cls]})`);
        else map[cls] = scenario;
      }
      node.config = { ...node.config, byClass: map };
    }
  }

  // Golden tests.
  document.tests = rowsOf.tests.map(itemOf).filter(isRecord) as unknown as PolicyDocument['tests'];

  return problems.length > 0 ? { document: null, problems, source } : { document, problems, source };
}

function readmeSource(readme: Record<string, CellValue> | null) {
  const text = (key: string) => {
    const v = readme?.[key];
    return v === undefined || v === null ? null : String(v).trim();
  };
  return { policyId: text('Policy id'), version: text('Version'), contentHash: text('Content hash (sha-256)'), format: text('Workbook format') };
}

/** Header check (same columns, same order) and the non-empty data rows of one sheet. */
function checkedRows(table: TableName, base: PolicyDocument, sheet: RawSheet, problems: TableProblem[]): Row[] {
  const spec = TABLES[table];
  const fixed = spec.columns;
  const header = sheet.header.map((h) => (h === null ? '' : String(h).trim()));
  const before = problems.length;
  fixed.forEach((column, i) => {
    if (header[i] === column.en) return;
    const found = header[i] ? `"${header[i]}"` : 'nothing';
    const moved = header.indexOf(column.en);
    problems.push({
      sheet: sheet.name,
      row: 1,
      column: columnLetter(i),
      message: `expected the column "${column.en}" here, found ${found}${moved >= 0 ? ` ("${column.en}" is in column ${columnLetter(moved)})` : ''}: keep the columns in the order of the export`,
    });
  });
  let columns = fixed;
  if ('openEnded' in spec && spec.openEnded) {
    // The golden tests' facts: one column per fact, named by its header.
    const extra: ColumnSpec[] = [];
    const known = new Map(tableColumns(table, base).map((c) => [c.en, c]));
    for (let i = fixed.length; i < header.length; i++) {
      const name = header[i]!;
      if (name === '' && sheet.rows.every((r) => r[i] === null || r[i] === undefined || r[i] === '')) {
        extra.push({ ...OTHER, key: `unused${i}`, path: undefined });
        continue;
      }
      if (!NAME.test(name) || extra.some((c) => c.en === name) || fixed.some((c) => c.en === name)) {
        problems.push({ sheet: sheet.name, row: 1, column: columnLetter(i), message: `"${name}" is not a fact name (each column after "${OTHER.en}" is one fact, named once)` });
        continue;
      }
      extra.push(known.get(name) ?? { key: `facts.${name}`, en: name, fr: name, kind: 'scalar', path: ['facts', name], width: 12 });
    }
    columns = [...fixed, ...extra];
  } else {
    for (let i = fixed.length; i < header.length; i++) {
      if (header[i] === '' && sheet.rows.every((r) => r[i] === null || r[i] === undefined || r[i] === '')) continue;
      problems.push({ sheet: sheet.name, row: 1, column: columnLetter(i), message: `unexpected column "${header[i]}": this sheet has ${fixed.length} columns (${fixed.map((c) => c.en).join(', ')})` });
    }
  }
  if (problems.length > before) return [];
  const rows: Row[] = [];
  sheet.rows.forEach((cells, i) => {
    if (cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))) return; // blank lines are ignored
    rows.push({ sheet: sheet.name, row: i + HEADER_ROWS + 1, columns, cells });
  });
  return rows;
}
