/**
 * How a change is put into words for a credit manager: field names in plain words, amounts with
 * thousands separators, conditions as readable comparisons, in English or French
 * (engine/i18n/change-messages.ts holds the words of each language).
 */
import { CHANGE_WORDS, type ChangeWords } from '../i18n/change-messages.js';
import type { Language } from '../model/policy-schema.js';

const wordsOf = (language: Language): ChangeWords => CHANGE_WORDS[language];

export function fieldWords(key: string, language: Language = 'en'): string {
  return wordsOf(language).field(key);
}

/** Fields holding ids, codes and enum values: shown bare (`outcome accept → escalate`), not quoted. */
const CODE_FIELDS = new Set([
  'id', 'kind', 'type', 'outcome', 'level', 'class', 'scenario', 'action', 'effect', 'code', 'mode',
  'missingRule', 'variable', 'output', 'score', 'riskClass', 'approvalLevel', 'collectionScenario',
  'currency', 'default', 'fact', 'operator', 'source', 'target', 'schemaVersion',
]);

export const isCodeField = (key: string): boolean => CODE_FIELDS.has(key);

/** 25000 → "25,000" (English) or "25 000" (French); anything not a number as it is. */
export const numberText = (value: unknown, language: Language = 'en'): string => wordsOf(language).number(value);

const isScalar = (v: unknown): boolean => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** A value short enough to print in a one-line message, or null when the message just says "changed". */
export function shortValue(value: unknown, bare: boolean, language: Language = 'en'): string | null {
  const w = wordsOf(language);
  if (value === null) return w.none;
  if (typeof value === 'number') return w.number(value);
  if (typeof value === 'boolean') return value ? w.yes : w.no;
  if (typeof value === 'string') {
    if (value.length > 80 || value.includes('\n')) return null;
    return bare ? value : language === 'fr' ? w.quote(value) : JSON.stringify(value);
  }
  if (Array.isArray(value) && value.length <= 12 && value.every(isScalar)) {
    return `[${value.map((v) => shortValue(v, true, language)).join(', ')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length <= 4 && entries.every(([, v]) => typeof v === 'number')) {
      return `(${entries.map(([k, v]) => `${k} ${shortValue(v, true, language)}`).join(', ')})`;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Conditions (json-rules-engine format) as text, so a changed rule shows what it now tests.

function operandText(value: unknown, w: ChangeWords): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as { fact?: unknown }).fact === 'string') {
    return (value as { fact: string }).fact;
  }
  if (Array.isArray(value)) return `[${value.map((v) => operandText(v, w)).join(', ')}]`;
  if (typeof value === 'number') return w.number(value);
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

export function conditionText(condition: unknown, nested = false, language: Language = 'en'): string {
  const w = wordsOf(language);
  if (condition === null || typeof condition !== 'object') return String(condition);
  const c = condition as Record<string, unknown>;
  const group = (items: unknown, joiner: string, empty: string) => {
    if (!Array.isArray(items)) return '?';
    if (items.length === 0) return empty;
    if (items.length === 1) return conditionText(items[0], nested, language);
    const text = items.map((item) => conditionText(item, true, language)).join(joiner);
    return nested ? `(${text})` : text;
  };
  if ('all' in c) return group(c.all, w.and, w.always);
  if ('any' in c) return group(c.any, w.or, w.never);
  if ('not' in c) return `${w.not} (${conditionText(c.not, false, language)})`;
  if ('condition' in c) return `${w.condition} ${String(c.condition)}`;
  if ('fact' in c) return `${String(c.fact)} ${w.operator(String(c.operator))} ${operandText(c.value, w)}`;
  return JSON.stringify(condition);
}

/** A condition in a message, or null when it is too long to be read on one line. */
export function shortCondition(condition: unknown, language: Language = 'en'): string | null {
  const text = conditionText(condition, false, language);
  return text.length <= 160 ? `(${text})` : null;
}
