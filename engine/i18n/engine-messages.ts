/**
 * The engine's own words, in every language of a policy: the reasons it adds by itself, and how
 * values appear in reason messages (numbers "60,000" in English, "60 000" in French).
 * Each message is a code with named parameters; the text is built from this catalog.
 */
import { formatValue, MISSING_TEXT } from '../compile/format-value.js';
import { roundHalfAway } from '../expression/decimal-rounding.js';
import type { Language } from '../model/policy-schema.js';

export const ENGINE_REASONS = {
  NO_OUTCOME: {
    en: 'No rule and no approval gave an outcome: refused by default',
    fr: 'Aucune règle ni approbation n’a donné de décision : refus par défaut',
  },
  SCORE_MISSING: {
    en: 'No score could be computed: the worst risk class applies',
    fr: 'Aucun score n’a pu être calculé : la plus mauvaise classe de risque s’applique',
  },
  NO_AUTHORITY: {
    en: 'No delegation level may approve {authorityAmount}',
    fr: 'Aucun niveau de délégation ne peut approuver {authorityAmount}',
  },
} as const satisfies Record<string, Record<Language, string>>;

/** Pieces of the SCORE_CRITERION explanation "<label> (<value>) cost <lost> points". */
export const SCORE_CRITERION_TEXT = {
  en: { cost: ') cost ', points: ' points', pointsOfSum: ' points of the sum' },
  fr: { cost: ') a coûté ', points: ' points', pointsOfSum: ' points de la somme' },
} as const satisfies Record<Language, Record<string, string>>;

const NARROW_NBSP = '\u202f';
const MISSING = { en: MISSING_TEXT, fr: 'n.d.' } as const;
const BOOLEAN = { en: ['false', 'true'], fr: ['faux', 'vrai'] } as const;

/** French digits: "60 000" and "1 234,5" (narrow no-break space, decimal comma), as Intl's fr-FR writes them. */
function frenchValue(value: unknown): string {
  if (typeof value === 'number') {
    const text = formatValue(value);
    if (text === MISSING_TEXT) return MISSING.fr;
    let out = '';
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      out += c === ',' ? NARROW_NBSP : c === '.' ? ',' : c;
    }
    return out;
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return BOOLEAN.fr[value ? 1 : 0];
  return MISSING.fr;
}

/** How a value reads in a reason message of that language. */
export const VALUE_FORMATTERS: Record<Language, (value: unknown) => string> = {
  en: formatValue,
  fr: frenchValue,
};

/** "{name}" placeholders of a catalog text filled with formatted values. */
export function fillMessage(template: string, params: Record<string, unknown>, language: Language): string {
  return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? VALUE_FORMATTERS[language](params[name]) : whole,
  );
}

/**
 * A number with exactly `decimals` decimals, rounded half away from zero, digits grouped as in
 * VALUE_FORMATTERS (`{z:3}` shows 2.858 as "2.858", 2.85 as "2.850"); anything else as usual.
 */
function fixed(language: Language) {
  const [group, point] = language === 'fr' ? [NARROW_NBSP, ','] : [',', '.'];
  return (value: unknown, decimals: number): string => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return VALUE_FORMATTERS[language](value);
    const text = Math.abs(roundHalfAway(value, decimals)).toFixed(decimals);
    const [whole, fraction] = text.split('.') as [string, string | undefined];
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
    const negative = value < 0 && Number(text) !== 0;
    return `${negative ? '-' : ''}${grouped}${fraction !== undefined ? point + fraction : ''}`;
  };
}

/** How a number reads with a stated number of decimals, per language. */
export const FIXED_FORMATTERS: Record<Language, (value: unknown, decimals: number) => string> = {
  en: fixed('en'),
  fr: fixed('fr'),
};
