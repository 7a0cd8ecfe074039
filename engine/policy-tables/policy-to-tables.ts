/**
 * A policy document → the sheets of its workbook: a read-me and one typed table per thing a credit
 * manager maintains (see table-specs.ts). Pure: the spreadsheet file itself is written in api/.
 */
import type { PolicyDocument, PolicyNode } from '../model/policy-schema.js';
import { localizedText } from '../i18n/localized-text.js';
import { encodeItem, type CellValue, type ColumnSpec } from './table-cells.js';
import { OTHER, README_SHEET, TABLES, TABLE_NAMES, WORKBOOK_FORMAT, type ChoiceList, type TableName, type TableSpec } from './table-specs.js';

export interface PolicySheet {
  name: string;
  table: TableName;
  en: string;
  fr: string;
  columns: ColumnSpec[];
  rows: CellValue[][];
  /** Data-validation lists by column key. */
  choices: Record<string, string[]>;
}

export interface ReadmeLine {
  key: string;
  en: string;
  fr: string;
  value: string;
}

export interface PolicyTables {
  readme: ReadmeLine[];
  sheets: PolicySheet[];
}

/** Where the document comes from, for the read-me sheet. */
export interface TablesSource {
  /** Version number, or null for a draft. */
  version: number | null;
  contentHash: string;
  /** ISO date-time of the export (the caller's clock: the engine reads none). */
  exportedAt: string;
}

type Item = Record<string, unknown>;
type Rows = Record<TableName, CellValue[][]>;

const asItem = (v: unknown): Item => v as Item;
const omit = (o: Item, keys: string[]): Item => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

/** Owned fields of the settings tables (everything else of the node's config stays as it is). */
export const LIMIT_SETTINGS = ['floor', 'ceiling', 'rounding', 'addInsurerCover'];

export function testColumns(document: Pick<PolicyDocument, 'inputs' | 'tests' | 'language'>): ColumnSpec[] {
  const names: string[] = [];
  const labels = new Map<string, string>();
  for (const input of document.inputs ?? []) {
    if (typeof input?.name !== 'string' || names.includes(input.name)) continue;
    names.push(input.name);
    if (input.label !== undefined) labels.set(input.name, localizedText(input.label, 'fr', document.language ?? 'en'));
  }
  for (const test of document.tests ?? []) for (const name of Object.keys(test?.facts ?? {})) if (!names.includes(name)) names.push(name);
  return names.map((name) => ({ key: `facts.${name}`, en: name, fr: labels.get(name) || name, kind: 'scalar', path: ['facts', name], width: Math.max(12, Math.min(24, name.length + 2)) }));
}

export function tableColumns(table: TableName, document: Pick<PolicyDocument, 'inputs' | 'tests' | 'language'>): ColumnSpec[] {
  const spec: TableSpec = TABLES[table];
  return table === 'tests' ? [...spec.columns, ...testColumns(document)] : spec.columns;
}

export function policyToTables(document: PolicyDocument, source: TablesSource): PolicyTables {
  const rows = Object.fromEntries(TABLE_NAMES.map((t) => [t, []])) as unknown as Rows;
  const lists: Record<ChoiceList, Set<string>> = { classes: new Set(), scenarios: new Set(), levels: new Set() };
  const language = document.language ?? 'en';

  const push = (table: TableName, structural: CellValue[], item: Item) => {
    const columns = TABLES[table].columns;
    const { cells, other } = encodeItem(item, columns, language);
    structural.forEach((v, i) => (cells[i] = v));
    const otherAt = columns.indexOf(OTHER);
    if (otherAt >= 0) cells[otherAt] = other;
    rows[table].push(cells);
  };

  for (const node of document.nodes as PolicyNode[]) {
    const config = asItem(node.config);
    switch (node.kind) {
      case 'scorecard':
        push('scorecards', [node.id], omit(config, ['criteria']));
        for (const criterion of node.config.criteria) {
          push('criteria', [node.id], omit(asItem(criterion), ['bands']));
          for (const band of criterion.bands) push('bands', [node.id, criterion.id], asItem(band));
        }
        break;
      case 'riskClass':
        for (const c of node.config.classes) {
          lists.classes.add(c.id);
          push('classes', [node.id], asItem(c));
        }
        for (const o of node.config.overrides ?? []) push('overrides', [node.id], asItem(o));
        break;
      case 'creditLimit':
        push('limits', [node.id], Object.fromEntries(LIMIT_SETTINGS.filter((k) => k in config).map((k) => [k, config[k]])));
        for (const [cls, params] of Object.entries(node.config.classParameters ?? {})) {
          for (const [name, value] of Object.entries(params)) rows.limitParameters.push([node.id, cls, name, value]);
        }
        break;
      case 'approval':
        for (const level of node.config.levels) {
          lists.levels.add(level.id);
          push('levels', [node.id], asItem(level));
        }
        break;
      case 'collection':
        for (const scenario of node.config.scenarios) {
          lists.scenarios.add(scenario.id);
          push('scenarios', [node.id], omit(asItem(scenario), ['steps']));
          for (const step of scenario.steps) push('steps', [node.id, scenario.id], asItem(step));
        }
        for (const [cls, scenario] of Object.entries(node.config.byClass)) rows.scenarioByClass.push([node.id, cls, scenario]);
        break;
      default:
        break;
    }
  }

  const testCols = tableColumns('tests', document);
  for (const test of document.tests) {
    const { cells, other } = encodeItem(asItem(test), testCols, language);
    cells[testCols.indexOf(OTHER)] = other;
    rows.tests.push(cells);
  }

  const sheets = TABLE_NAMES.map((table): PolicySheet => {
    const spec: TableSpec = TABLES[table];
    const choices: Record<string, string[]> = {};
    for (const [key, list] of Object.entries(spec.choices ?? {})) choices[key] = [...lists[list]];
    return { name: spec.sheet, table, en: spec.en, fr: spec.fr, columns: tableColumns(table, document), rows: rows[table], choices };
  });

  return { readme: readmeLines(document, source), sheets };
}

function readmeLines(document: PolicyDocument, source: TablesSource): ReadmeLine[] {
  return [
    { key: 'policy', en: 'Policy id', fr: 'Identifiant de la politique', value: document.id },
    { key: 'name', en: 'Policy name', fr: 'Nom de la politique', value: document.name },
    { key: 'version', en: 'Version', fr: 'Version', value: source.version === null ? 'draft' : String(source.version) },
    { key: 'contentHash', en: 'Content hash (sha-256)', fr: 'Empreinte du contenu (sha-256)', value: source.contentHash },
    { key: 'exportedAt', en: 'Exported at', fr: 'Exporté le', value: source.exportedAt },
    { key: 'currency', en: 'Currency', fr: 'Devise', value: document.currency },
    { key: 'format', en: 'Workbook format', fr: 'Format du classeur', value: WORKBOOK_FORMAT },
  ];
}

/** How to re-import, in both languages, for the read-me sheet. */
export const README_HELP: { en: string; fr: string }[] = [
  {
    en: 'Edit the values of the other sheets, add or delete rows; keep the sheets, their names and the order of their columns.',
    fr: 'Modifiez les valeurs des autres feuilles, ajoutez ou supprimez des lignes ; gardez les feuilles, leurs noms et l’ordre des colonnes.',
  },
  {
    en: 'Type values, not formulas; do not merge cells. Row 1 (English) and row 2 (French) are the headers.',
    fr: 'Saisissez des valeurs, pas de formules ; ne fusionnez pas de cellules. Les lignes 1 (anglais) et 2 (français) sont les en-têtes.',
  },
  {
    en: 'Re-import into the draft of the same policy: the editor (Import workbook) or `creditgraph import-xlsx` shows every change in words and every problem (sheet!cell) before anything is saved.',
    fr: 'Réimportez dans le brouillon de la même politique : l’éditeur (Importer un classeur) ou `creditgraph import-xlsx` montre chaque changement en clair et chaque problème (feuille!cellule) avant tout enregistrement.',
  },
  {
    en: 'Labels, test names and reason messages have an English and a French column: edit either; a text given once (same in every language) is in the column of the policy language, the other left blank.',
    fr: 'Libellés, noms de tests et messages de motif ont une colonne anglaise et une colonne française : modifiez l’une ou l’autre ; un texte donné une seule fois (le même dans toutes les langues) est dans la colonne de la langue de la politique, l’autre reste vide.',
  },
  {
    en: 'The "Other fields (JSON)" column keeps what has no column of its own; conditions are written as JSON.',
    fr: 'La colonne « Autres champs (JSON) » garde ce qui n’a pas de colonne propre ; les conditions sont écrites en JSON.',
  },
];

export { README_SHEET };
