/**
 * The words of the policy diff, in English and French: "Approval "Delegation", level "Credit
 * analyst": max amount 25,000 → 30,000" / « Délégation « Délégation », niveau « Analyste crédit »
 * : montant maximum 25 000 → 30 000 ». Each change is worded in both languages from the same walk.
 */
import type { Language, NodeKind } from '../model/policy-schema.js';
import { KIND_LABELS } from '../kinds/kind-labels.js';
import { NBSP, NNBSP } from './message-words.js';

const NUMBER: Record<Language, Intl.NumberFormat> = {
  en: new Intl.NumberFormat('en-US', { maximumFractionDigits: 10 }),
  fr: new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 10 }),
};

/** Field names whose plain-words form is not just the camelCase split. */
const FIELD_WORDS_EN: Record<string, string> = {
  minScore: 'minimum score',
  maxAmount: 'max amount',
  missingPoints: 'missing points',
  missingRule: 'missing rule',
  explainTop: 'criteria explained',
  authorityAmount: 'authority amount',
  addInsurerCover: 'add insurer cover',
  reviewMonths: 'review every (months)',
  expect: 'expected',
  when: 'condition',
};

const FIELD_WORDS_FR: Record<string, string> = {
  minScore: 'score minimum',
  minScoreInclusive: 'score minimum inclus',
  maxAmount: 'montant maximum',
  missingPoints: 'points si absent',
  missingRule: 'règle d’absence',
  explainTop: 'critères expliqués',
  authorityAmount: 'montant de délégation',
  addInsurerCover: 'ajouter la couverture de l’assureur',
  insurerCover: 'couverture de l’assureur',
  reviewMonths: 'revue tous les (mois)',
  serviceHours: 'délai de traitement (heures)',
  netWorthShare: 'part de la situation nette',
  turnoverShare: 'part du chiffre d’affaires',
  expect: 'attendu',
  when: 'condition',
  label: 'libellé',
  description: 'description',
  name: 'nom',
  weight: 'poids',
  points: 'points',
  min: 'min',
  max: 'max',
  minInclusive: 'min inclus',
  maxInclusive: 'max inclus',
  scale: 'échelle',
  scoring: 'calcul du score',
  expression: 'expression',
  decimals: 'décimales',
  unit: 'unité',
  required: 'obligatoire',
  requiredWhen: 'obligatoire quand',
  direction: 'sens',
  type: 'type',
  values: 'valeurs',
  outcome: 'décision',
  level: 'niveau',
  reason: 'motif',
  message: 'message',
  code: 'code',
  ceiling: 'plafond',
  floor: 'plancher',
  rounding: 'arrondi',
  step: 'pas',
  mode: 'mode',
  amount: 'montant',
  guarantees: 'garanties',
  day: 'jour',
  action: 'action',
  channel: 'canal',
  default: 'par défaut',
  effect: 'effet',
  class: 'classe',
  riskClass: 'classe de risque',
  creditLimit: 'encours autorisé',
  approvalLevel: 'niveau de délégation',
  collectionScenario: 'scénario de recouvrement',
  score: 'score',
  facts: 'faits',
  currency: 'devise',
  language: 'langue',
  schemaVersion: 'version du format',
  output: 'sortie',
  variable: 'variable',
  round: 'arrondi',
  tolerance: 'tolérance',
};

/** A node kind's name, as engine/kinds/ names it. */
const kindLabel = (kind: unknown, language: Language): string | null =>
  typeof kind === 'string' && Object.prototype.hasOwnProperty.call(KIND_LABELS, kind) ? KIND_LABELS[kind as NodeKind][language] : null;

/** Nouns naming items of the policy ("criterion", "band"…), as the diff writes them before a name or number. */
export type ChangeNoun =
  | 'criterion' | 'band' | 'class' | 'override' | 'capacity' | 'level' | 'rule' | 'scenario' | 'step' | 'action'
  | 'variable' | 'input' | 'test' | 'value' | 'returned variable' | 'reason' | 'fact' | 'node' | 'edge' | 'shared condition' | '';

const NOUNS_FR: Record<ChangeNoun, string> = {
  criterion: 'critère', band: 'tranche', class: 'classe', override: 'forçage', capacity: 'capacité', level: 'niveau',
  rule: 'règle', scenario: 'scénario', step: 'étape', action: 'action', variable: 'variable', input: 'entrée',
  test: 'cas de référence', value: 'valeur', 'returned variable': 'variable renvoyée', reason: 'motif', fact: 'fait',
  node: 'nœud', edge: 'lien', 'shared condition': 'condition partagée', '': '',
};

const OPERATORS: Record<Language, Record<string, string>> = {
  en: { equal: '=', notEqual: '≠', lessThan: '<', lessThanInclusive: '≤', greaterThan: '>', greaterThanInclusive: '≥', in: 'in', notIn: 'not in', contains: 'contains', doesNotContain: 'does not contain' },
  fr: { equal: '=', notEqual: '≠', lessThan: '<', lessThanInclusive: '≤', greaterThan: '>', greaterThanInclusive: '≥', in: 'parmi', notIn: 'hors de', contains: 'contient', doesNotContain: 'ne contient pas' },
};

/** French nouns of the diff that are feminine: what is added or removed agrees with them. */
const FEMININE = ['tranche', 'classe', 'capacité', 'règle', 'étape', 'action', 'variable', 'entrée', 'valeur', 'condition', 'mise en page'];
const feminine = (item: string) => FEMININE.some((noun) => item === noun || item.startsWith(noun + ' '));

export interface ChangeWords {
  readonly language: Language;
  /** "max amount" / "montant maximum". */
  field(key: string): string;
  kind(kind: unknown): string;
  noun(noun: ChangeNoun): string;
  /** A name people gave: "Payment delay" in quotes / « Payment delay ». */
  quote(name: string): string;
  number(value: unknown): string;
  yes: string;
  no: string;
  none: string;
  /** Between the head and what happened: ": " / " : " (narrow no-break space). */
  colon: string;
  setTo(shown: string): string;
  removedWas(shown: string): string;
  added: string;
  removed: string;
  changed: string;
  moved(from: number, to: number): string;
  /** "<item> added", agreeing with the item's noun in French ("tranche 3 ajoutée"). */
  itemAdded(item: string): string;
  itemRemoved(item: string): string;
  itemMoved(item: string, from: number, to: number): string;
  policy: string;
  placedInLayout: string;
  removedFromLayout: string;
  movedInLayout: string;
  viewportChanged: string;
  layout(kind: 'added' | 'removed'): string;
  operator(op: string): string;
  and: string;
  or: string;
  not: string;
  always: string;
  never: string;
  condition: string;
  /** Band ranges: "from 10 to 30", "above 3", "below 3"… */
  band: {
    between(min: string, max: string, minOut: boolean, maxIn: boolean): string;
    above(min: string): string;
    atLeast(min: string): string;
    upTo(max: string): string;
    below(max: string): string;
    any: string;
    points(points: string): string;
  };
  day(day: string): string;
  outcome(outcome: string): string;
  reason(code: string): string;
  set(variable: string): string;
}

const EN: ChangeWords = {
  language: 'en',
  field: (key) => (Object.prototype.hasOwnProperty.call(FIELD_WORDS_EN, key) ? FIELD_WORDS_EN[key]! : key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()),
  kind: (kind) => kindLabel(kind, 'en') ?? 'Node',
  noun: (noun) => noun,
  quote: (name) => `"${name}"`,
  number: (value) => (typeof value === 'number' && Number.isFinite(value) ? NUMBER.en.format(value) : String(value)),
  yes: 'yes',
  no: 'no',
  none: 'none',
  colon: ': ',
  setTo: (shown) => `set to ${shown}`,
  removedWas: (shown) => `removed (was ${shown})`,
  added: 'added',
  removed: 'removed',
  changed: 'changed',
  moved: (from, to) => `moved from position ${from} to ${to}`,
  itemAdded: (item) => `${item} added`,
  itemRemoved: (item) => `${item} removed`,
  itemMoved: (item, from, to) => `${item} moved from position ${from} to ${to}`,
  policy: 'Policy',
  placedInLayout: 'placed in the layout',
  removedFromLayout: 'removed from the layout',
  movedInLayout: 'moved in the layout',
  viewportChanged: 'viewport changed',
  layout: (kind) => `layout ${kind}`,
  operator: (op) => OPERATORS.en[op] ?? op,
  and: ' and ',
  or: ' or ',
  not: 'not',
  always: 'always',
  never: 'never',
  condition: 'condition',
  band: {
    between: (min, max, minOut, maxIn) => `${minOut ? 'above' : 'from'} ${min} ${maxIn ? 'up to' : 'to'} ${max}${maxIn ? ' included' : ''}`,
    above: (min) => `above ${min}`,
    atLeast: (min) => `${min} and above`,
    upTo: (max) => `up to ${max}`,
    below: (max) => `below ${max}`,
    any: 'any value',
    points: (points) => `${points} points`,
  },
  day: (day) => `day ${day}`,
  outcome: (outcome) => `outcome ${outcome}`,
  reason: (code) => `reason ${code}`,
  set: (variable) => `set ${variable}`,
};

const FR: ChangeWords = {
  language: 'fr',
  field: (key) => (Object.prototype.hasOwnProperty.call(FIELD_WORDS_FR, key) ? FIELD_WORDS_FR[key]! : key),
  kind: (kind) => kindLabel(kind, 'fr') ?? 'Nœud',
  noun: (noun) => NOUNS_FR[noun] ?? noun,
  quote: (name) => `«${NBSP}${name}${NBSP}»`,
  number: (value) => (typeof value === 'number' && Number.isFinite(value) ? NUMBER.fr.format(value) : String(value)),
  yes: 'oui',
  no: 'non',
  none: 'aucun',
  colon: `${NNBSP}: `,
  setTo: (shown) => `fixé à ${shown}`,
  removedWas: (shown) => `supprimé (était ${shown})`,
  added: 'ajouté',
  removed: 'supprimé',
  changed: 'modifié',
  moved: (from, to) => `déplacé de la position ${from} à la position ${to}`,
  itemAdded: (item) => `${item} ajouté${feminine(item) ? 'e' : ''}`,
  itemRemoved: (item) => `${item} supprimé${feminine(item) ? 'e' : ''}`,
  itemMoved: (item, from, to) => `${item} déplacé${feminine(item) ? 'e' : ''} de la position ${from} à la position ${to}`,
  policy: 'Politique',
  placedInLayout: 'placé dans la mise en page',
  removedFromLayout: 'retiré de la mise en page',
  movedInLayout: 'déplacé dans la mise en page',
  viewportChanged: 'vue modifiée',
  layout: (kind) => (kind === 'added' ? 'mise en page ajoutée' : 'mise en page supprimée'),
  operator: (op) => OPERATORS.fr[op] ?? op,
  and: ' et ',
  or: ' ou ',
  not: 'non',
  always: 'toujours',
  never: 'jamais',
  condition: 'condition',
  band: {
    between: (min, max, minOut, maxIn) => `${minOut ? 'au-dessus de' : 'de'} ${min} ${maxIn ? 'à' : 'à moins de'} ${max}${maxIn ? ' inclus' : ''}`,
    above: (min) => `au-dessus de ${min}`,
    atLeast: (min) => `${min} et plus`,
    upTo: (max) => `jusqu’à ${max}`,
    below: (max) => `moins de ${max}`,
    any: 'toute valeur',
    points: (points) => `${points} points`,
  },
  day: (day) => `jour ${day}`,
  outcome: (outcome) => `décision ${outcome}`,
  reason: (code) => `motif ${code}`,
  set: (variable) => `calcule ${variable}`,
};

export const CHANGE_WORDS: Record<Language, ChangeWords> = { en: EN, fr: FR };
