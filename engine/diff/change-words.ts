/**
 * How a change is put into words for a credit manager: field names in plain words, amounts with
 * thousands separators, conditions as readable comparisons.
 */

/** Field names whose plain-words form is not just the camelCase split. */
const FIELD_WORDS: Record<string, string> = {
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

export function fieldWords(key: string): string {
  if (Object.prototype.hasOwnProperty.call(FIELD_WORDS, key)) return FIELD_WORDS[key]!;
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Fields holding ids, codes and enum values: shown bare (`outcome accept → escalate`), not quoted. */
const CODE_FIELDS = new Set([
  'id', 'kind', 'type', 'outcome', 'level', 'class', 'scenario', 'action', 'effect', 'code', 'mode',
  'missingRule', 'variable', 'output', 'score', 'riskClass', 'approvalLevel', 'collectionScenario',
  'currency', 'default', 'fact', 'operator', 'source', 'target', 'schemaVersion',
]);

export const isCodeField = (key: string): boolean => CODE_FIELDS.has(key);

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 10 });

/** 25000 → "25,000"; anything not a number as it is. */
export const numberText = (value: unknown): string => (typeof value === 'number' && Number.isFinite(value) ? NUMBER.format(value) : String(value));

const isScalar = (v: unknown): boolean => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** A value short enough to print in a one-line message, or null when the message just says "changed". */
export function shortValue(value: unknown, bare: boolean): string | null {
  if (value === null) return 'none';
  if (typeof value === 'number') return Number.isFinite(value) ? NUMBER.format(value) : String(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') {
    if (value.length > 80 || value.includes('\n')) return null;
    return bare ? value : JSON.stringify(value);
  }
  if (Array.isArray(value) && value.length <= 12 && value.every(isScalar)) {
    return `[${value.map((v) => shortValue(v, true)).join(', ')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length <= 4 && entries.every(([, v]) => typeof v === 'number')) {
      return `(${entries.map(([k, v]) => `${k} ${shortValue(v, true)}`).join(', ')})`;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Conditions (json-rules-engine format) as text, so a changed rule shows what it now tests.

const OPERATOR_TEXT: Record<string, string> = {
  equal: '=',
  notEqual: '≠',
  lessThan: '<',
  lessThanInclusive: '≤',
  greaterThan: '>',
  greaterThanInclusive: '≥',
  in: 'in',
  notIn: 'not in',
  contains: 'contains',
  doesNotContain: 'does not contain',
};

function operandText(value: unknown): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as { fact?: unknown }).fact === 'string') {
    return (value as { fact: string }).fact;
  }
  if (Array.isArray(value)) return `[${value.map(operandText).join(', ')}]`;
  if (typeof value === 'number') return NUMBER.format(value);
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

export function conditionText(condition: unknown, nested = false): string {
  if (condition === null || typeof condition !== 'object') return String(condition);
  const c = condition as Record<string, unknown>;
  const group = (items: unknown, joiner: string, empty: string) => {
    if (!Array.isArray(items)) return '?';
    if (items.length === 0) return empty;
    if (items.length === 1) return conditionText(items[0], nested);
    const text = items.map((item) => conditionText(item, true)).join(joiner);
    return nested ? `(${text})` : text;
  };
  if ('all' in c) return group(c.all, ' and ', 'always');
  if ('any' in c) return group(c.any, ' or ', 'never');
  if ('not' in c) return `not (${conditionText(c.not)})`;
  if ('condition' in c) return `condition ${String(c.condition)}`;
  if ('fact' in c) {
    const op = typeof c.operator === 'string' && Object.prototype.hasOwnProperty.call(OPERATOR_TEXT, c.operator) ? OPERATOR_TEXT[c.operator] : String(c.operator);
    return `${String(c.fact)} ${op} ${operandText(c.value)}`;
  }
  return JSON.stringify(condition);
}

/** A condition in a message, or null when it is too long to be read on one line. */
export function shortCondition(condition: unknown): string | null {
  const text = conditionText(condition);
  return text.length <= 160 ? `(${text})` : null;
}
