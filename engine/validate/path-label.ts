/**
 * Turns a JSON pointer into words a policy owner recognises: "/nodes/1/config/criteria/0/weight"
 * becomes "Scorecard 'score', criterion 'years', weight" (« Grille de score « score », critère
 * « years », weight » in French; field names stay the format's own).
 */
import type { Language } from '../model/policy-schema.js';
import { WORDS } from '../i18n/message-words.js';
import { segmentsOf } from './json-pointer.js';

const KIND_LABEL_EN: Record<string, string> = {
  formula: 'Formula',
  scorecard: 'Scorecard',
  riskClass: 'Risk class',
  creditLimit: 'Credit limit',
  approval: 'Approval',
  collection: 'Collection',
  rules: 'Rules',
  decision: 'Decision',
};

const KIND_LABEL_FR: Record<string, string> = {
  formula: 'Formule',
  scorecard: 'Grille de score',
  riskClass: 'Classe de risque',
  creditLimit: 'Encours autorisé',
  approval: 'Délégation',
  collection: 'Recouvrement',
  rules: 'Règles',
  decision: 'Décision',
};

const ITEM_NOUN_FR: Record<string, string> = {
  inputs: 'entrée',
  edges: 'lien',
  tests: 'cas de référence',
  variables: 'variable',
  criteria: 'critère',
  bands: 'tranche',
  classes: 'classe',
  overrides: 'forçage',
  capacities: 'capacité',
  levels: 'niveau',
  rules: 'règle',
  actions: 'action',
  scenarios: 'scénario',
  steps: 'étape',
};

/** Arrays whose items are named by their id/name/position rather than shown as a field path. */
const ITEM_NOUN_EN: Record<string, string> = {
  inputs: 'input',
  edges: 'edge',
  tests: 'test',
  variables: 'variable',
  criteria: 'criterion',
  bands: 'band',
  classes: 'class',
  overrides: 'override',
  capacities: 'capacity',
  levels: 'level',
  rules: 'rule',
  actions: 'action',
  scenarios: 'scenario',
  steps: 'step',
};

const own = (value: unknown, key: string): unknown =>
  value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;

export function describePath(document: unknown, path: string, language: Language = 'en'): string {
  const fr = language === 'fr';
  const KIND_LABEL = fr ? KIND_LABEL_FR : KIND_LABEL_EN;
  const ITEM_NOUN = fr ? ITEM_NOUN_FR : ITEM_NOUN_EN;
  const quoted = (value: unknown): string | null => (typeof value === 'string' && value.length <= 80 ? WORDS[language].q(value) : null);
  const segments = segmentsOf(path);
  const parts: string[] = [];
  const field: string[] = [];
  let here: unknown = document;
  for (let i = 0; i < segments.length; i++) {
    const key = segments[i]!;
    const next = own(here, key);
    const index = segments[i + 1];
    const isIndexed = Array.isArray(next) && index !== undefined && /^\d+$/.test(index);
    if (i === 0 && key === 'nodes' && isIndexed) {
      const node = own(next, index);
      const kind = own(node, 'kind');
      const kindLabel = (typeof kind === 'string' && Object.prototype.hasOwnProperty.call(KIND_LABEL, kind) && KIND_LABEL[kind]) || (fr ? 'Nœud' : 'Node');
      parts.push(`${kindLabel} ${quoted(own(node, 'id')) ?? Number(index) + 1}`);
      here = node;
      i++;
      continue;
    }
    if (i === 0 && key === 'conditions' && index !== undefined) {
      parts.push(fr ? `condition partagée ${WORDS.fr.q(index)}` : `shared condition '${index}'`);
      here = own(next, index);
      i++;
      continue;
    }
    if (key === 'config' && field.length === 0) {
      here = next;
      continue;
    }
    if (isIndexed && field.length === 0 && Object.prototype.hasOwnProperty.call(ITEM_NOUN, key)) {
      const item = own(next, index);
      const name = quoted(own(item, 'id')) ?? quoted(own(item, 'name'));
      parts.push(`${ITEM_NOUN[key]} ${name ?? Number(index) + 1}`);
      here = item;
      i++;
      continue;
    }
    if (isIndexed) {
      field.push(`${key}[${index}]`);
      here = own(next, index);
      i++;
      continue;
    }
    field.push(key);
    here = next;
  }
  if (parts.length === 0 && field.length === 0) return fr ? 'Politique' : 'Policy';
  if (field.length > 0) parts.push(field.join('.'));
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
