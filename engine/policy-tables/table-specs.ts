/**
 * The tables a credit manager maintains in a spreadsheet, one sheet each: their columns (typed,
 * labelled in English and French) and which part of the policy document they hold. The order of
 * the columns is the contract of the workbook: an import checks it.
 */
import { COLLECTION_ACTIONS } from '../model/policy-schema.js';
import type { ColumnSpec, CellKind } from './table-cells.js';

export const WORKBOOK_FORMAT = 'creditgraph-policy-workbook/2';
/** Format 1 had one label column per text; its workbooks are refused with a way forward. */
export const EARLIER_WORKBOOK_FORMATS = ['creditgraph-policy-workbook/1'];
/** Row 1: English headers, row 2: French headers, data from row 3. */
export const HEADER_ROWS = 2;
export const README_SHEET = 'ReadMe';

const col = (key: string, en: string, fr: string, kind: CellKind, width: number, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  key,
  en,
  fr,
  kind,
  width,
  ...extra,
});
const field = (path: string, en: string, fr: string, kind: CellKind, width: number, extra: Partial<ColumnSpec> = {}) =>
  col(path, en, fr, kind, width, { path: path.split('.'), ...extra });

/**
 * A text people read (label, name, reason message): two columns, English then French, mapping the
 * same field. A plain string sits in the column of the policy's language; see table-cells.ts.
 */
const LANGUAGE_WORDS = { en: { en: 'English', fr: 'anglais' }, fr: { en: 'French', fr: 'français' } } as const;
const texts = (path: string, en: string, fr: string, width: number): ColumnSpec[] =>
  (['en', 'fr'] as const).map((language) =>
    field(path, `${en} (${LANGUAGE_WORDS[language].en})`, `${fr} (${LANGUAGE_WORDS[language].fr})`, 'text', width, { key: `${path}:${language}`, language }),
  );

const NODE = col('node', 'Node', 'Nœud', 'id', 14);
export const OTHER = col('other', 'Other fields (JSON)', 'Autres champs (JSON)', 'json', 28);

/** Which list of the policy a column's data-validation list comes from. */
export type ChoiceList = 'classes' | 'scenarios' | 'levels';

export interface TableSpec {
  sheet: string;
  en: string;
  fr: string;
  /** Structural columns first (which node / parent the row belongs to), then the item's fields, then OTHER when present. */
  columns: ColumnSpec[];
  /** Columns whose values must be one of a list of the policy (data validation). */
  choices?: Record<string, ChoiceList>;
  /** Extra columns after the fixed ones are allowed (the golden tests' facts, one per column). */
  openEnded?: boolean;
}

export const TABLES = {
  scorecards: {
    sheet: 'Scorecards',
    en: 'Scorecard settings: scale, missing-value rule, reasons given',
    fr: 'Paramètres des scorecards : échelle, règle des valeurs manquantes, motifs donnés',
    columns: [
      NODE,
      field('scale.min', 'Scale min', 'Échelle min', 'number', 11),
      field('scale.max', 'Scale max', 'Échelle max', 'number', 11),
      field('missingRule', 'Missing-value rule', 'Règle valeur manquante', 'enum', 20, { values: ['points', 'reweight'] }),
      field('explainTop', 'Reasons given', 'Motifs donnés', 'integer', 13),
      field('output', 'Output variable', 'Variable produite', 'id', 16),
      OTHER,
    ],
  },
  criteria: {
    sheet: 'Criteria',
    en: 'Scorecard criteria: variable, weight, points when missing',
    fr: 'Critères des scorecards : variable, poids, points si manquant',
    columns: [
      NODE,
      field('id', 'Criterion', 'Critère', 'id', 16),
      ...texts('label', 'Label', 'Libellé', 28),
      field('variable', 'Variable', 'Variable', 'id', 20),
      field('weight', 'Weight', 'Poids', 'percentPoints', 10),
      field('missingPoints', 'Points if missing', 'Points si manquant', 'number', 16),
      field('description', 'Description', 'Description', 'text', 30),
      OTHER,
    ],
  },
  bands: {
    sheet: 'Bands',
    en: 'Scorecard bands: from (inclusive), to (exclusive) or values, points',
    fr: 'Tranches des scorecards : de (inclus), à (exclu) ou valeurs, points',
    columns: [
      NODE,
      col('criterion', 'Criterion', 'Critère', 'id', 16),
      ...texts('label', 'Label', 'Libellé', 24),
      field('min', 'From (≥)', 'De (≥)', 'number', 12),
      field('max', 'To (<)', 'À (<)', 'number', 12),
      field('values', 'Values (JSON list)', 'Valeurs (liste JSON)', 'json', 22),
      field('points', 'Points', 'Points', 'number', 9),
      OTHER,
    ],
  },
  classes: {
    sheet: 'Classes',
    en: 'Risk-class ladder, best first: lowest score of each class, review period',
    fr: 'Échelle des classes de risque, la meilleure d’abord : score minimum, révision',
    columns: [
      NODE,
      field('id', 'Class', 'Classe', 'id', 10),
      ...texts('label', 'Label', 'Libellé', 22),
      field('minScore', 'Lowest score', 'Score minimum', 'number', 14),
      field('reviewMonths', 'Review (months)', 'Révision (mois)', 'integer', 15),
      field('description', 'Description', 'Description', 'text', 30),
      OTHER,
    ],
  },
  overrides: {
    sheet: 'Overrides',
    en: 'Risk-class overrides: when (condition), effect, class, reason',
    fr: 'Forçages de classe : quand (condition), effet, classe, motif',
    columns: [
      NODE,
      field('id', 'Override', 'Forçage', 'id', 14),
      ...texts('label', 'Label', 'Libellé', 28),
      field('effect', 'Effect', 'Effet', 'enum', 14, { values: ['force', 'noBetterThan'] }),
      field('class', 'Class', 'Classe', 'id', 9),
      field('reason.code', 'Reason code', 'Code motif', 'id', 20),
      ...texts('reason.message', 'Reason message', 'Message du motif', 36),
      field('when', 'When (condition, JSON)', 'Quand (condition, JSON)', 'json', 40),
      OTHER,
    ],
    choices: { class: 'classes' },
  },
  limits: {
    sheet: 'Limits',
    en: 'Credit-limit settings: floor, ceiling, rounding, insurer cover',
    fr: 'Paramètres de limite : plancher, plafond, arrondi, couverture assureur',
    columns: [
      NODE,
      field('floor', 'Floor', 'Plancher', 'amount', 12),
      field('ceiling', 'Ceiling', 'Plafond', 'amount', 14),
      field('rounding.step', 'Rounding step', 'Pas d’arrondi', 'amount', 14),
      field('rounding.mode', 'Rounding mode', 'Mode d’arrondi', 'enum', 14, { values: ['down', 'nearest', 'up'] }),
      field('addInsurerCover', 'Add insurer cover', 'Ajouter la couverture assureur', 'boolean', 18),
      OTHER,
    ],
  },
  limitParameters: {
    sheet: 'LimitParameters',
    en: 'Credit-limit parameters per risk class (shares, factors)',
    fr: 'Paramètres de limite par classe de risque (parts, coefficients)',
    columns: [
      NODE,
      col('class', 'Class', 'Classe', 'id', 9),
      col('parameter', 'Parameter', 'Paramètre', 'id', 20),
      col('value', 'Value', 'Valeur', 'number', 12),
    ],
    choices: { class: 'classes' },
  },
  levels: {
    sheet: 'Levels',
    en: 'Delegation levels, lowest authority first: highest amount each may approve (blank = no ceiling)',
    fr: 'Niveaux de délégation, du plus bas au plus haut : montant maximum accordé (vide = sans plafond)',
    columns: [
      NODE,
      field('id', 'Level', 'Niveau', 'id', 20),
      ...texts('label', 'Label', 'Libellé', 24),
      field('maxAmount', 'Ceiling', 'Plafond', 'amount', 14, { blankIsNull: true }),
      OTHER,
    ],
  },
  scenarios: {
    sheet: 'Scenarios',
    en: 'Dunning scenarios',
    fr: 'Scénarios de relance',
    columns: [
      NODE,
      field('id', 'Scenario', 'Scénario', 'id', 16),
      ...texts('label', 'Label', 'Libellé', 24),
      field('description', 'Description', 'Description', 'text', 30),
      OTHER,
    ],
  },
  steps: {
    sheet: 'Steps',
    en: 'Dunning steps: day relative to the due date (negative = before), action',
    fr: 'Étapes de relance : jour par rapport à l’échéance (négatif = avant), action',
    columns: [
      NODE,
      col('scenario', 'Scenario', 'Scénario', 'id', 16),
      field('day', 'Day', 'Jour', 'integer', 7),
      field('action', 'Action', 'Action', 'enum', 18, { values: COLLECTION_ACTIONS }),
      ...texts('label', 'Label', 'Libellé', 28),
      OTHER,
    ],
    choices: { scenario: 'scenarios' },
  },
  scenarioByClass: {
    sheet: 'ScenarioByClass',
    en: 'Dunning scenario of each risk class',
    fr: 'Scénario de relance de chaque classe de risque',
    columns: [NODE, col('class', 'Class', 'Classe', 'id', 9), col('scenario', 'Scenario', 'Scénario', 'id', 16)],
    choices: { class: 'classes', scenario: 'scenarios' },
  },
  tests: {
    sheet: 'Tests',
    en: 'Golden tests: expected results, then one column per fact',
    fr: 'Tests de référence : résultats attendus, puis une colonne par fait',
    columns: [
      field('id', 'Test', 'Test', 'id', 18),
      ...texts('name', 'Name', 'Nom', 30),
      field('description', 'Description', 'Description', 'text', 24),
      field('expect.outcome', 'Expected outcome', 'Résultat attendu', 'enum', 16, { values: ['accept', 'refuse', 'escalate'] }),
      field('expect.riskClass', 'Expected class', 'Classe attendue', 'id', 14),
      field('expect.score', 'Expected score', 'Score attendu', 'number', 14),
      field('expect.creditLimit', 'Expected limit', 'Limite attendue', 'amount', 14),
      field('expect.unsecuredLimit', 'Expected unsecured limit', 'Limite non couverte attendue', 'amount', 16),
      field('expect.approvalLevel', 'Expected level', 'Niveau attendu', 'id', 16),
      field('expect.collectionScenario', 'Expected scenario', 'Scénario attendu', 'id', 16),
      field('expect.reasons', 'Expected reasons', 'Motifs attendus', 'codes', 24),
      field('expect.variables', 'Expected variables (JSON)', 'Variables attendues (JSON)', 'json', 24),
      OTHER,
    ],
    choices: { 'expect.riskClass': 'classes', 'expect.approvalLevel': 'levels', 'expect.collectionScenario': 'scenarios' },
    openEnded: true,
  },
} satisfies Record<string, TableSpec>;

export type TableName = keyof typeof TABLES;
export const TABLE_NAMES = Object.keys(TABLES) as TableName[];
export const WORKBOOK_SHEETS = [README_SHEET, ...TABLE_NAMES.map((t) => TABLES[t].sheet)];

/** Class parameters that are fractions of a whole (shares, rates) get a percentage format. */
export const isShareParameter = (name: string) => /share|rate|ratio|percent|pct/i.test(name);
