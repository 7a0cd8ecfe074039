/**
 * The small words every message is built from, per language: how a name is quoted ('x' / « x »),
 * how a number reads (60,000 / 60 000), a value, a list, a "did you mean". French follows French
 * typography: guillemets with no-break spaces, a narrow no-break space before ; : ? !
 */
import type { Language } from '../model/policy-schema.js';

export const NBSP = '\u00a0';
/** Narrow no-break space: before ; : ? ! in French. */
export const NNBSP = '\u202f';

const NUMBER_FORMATS: Record<Language, Intl.NumberFormat> = {
  en: new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 }),
  fr: new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 6 }),
};

export interface Words {
  readonly language: Language;
  /** A name or id: 'years' / « years ». */
  q(name: unknown): string;
  /** A number per locale: 60,000 · 60 000; 0.35 · 0,35. */
  n(value: unknown): string;
  /** A value of the document as it is quoted: strings quoted (shortened), numbers per locale, lists and objects by kind. */
  v(value: unknown): string;
  /** Items joined with ", " (each through `item`, plain by default). */
  list(items: readonly unknown[], item?: (x: unknown) => string): string;
  /** " (did you mean 'x'?)" or '' when there is no suggestion. */
  mean(suggestion: string | null | undefined): string;
}

function makeWords(language: Language): Words {
  const fr = language === 'fr';
  const n = (value: unknown): string =>
    typeof value === 'number' ? (Number.isFinite(value) ? NUMBER_FORMATS[language].format(value) : String(value)) : String(value);
  const q = (name: unknown): string => (fr ? `«${NBSP}${String(name)}${NBSP}»` : `'${String(name)}'`);
  return {
    language,
    q,
    n,
    v(value) {
      if (typeof value === 'string') return q(value.length > 60 ? value.slice(0, 57) + '…' : value);
      if (typeof value === 'number') return n(value);
      if (value === null || value === undefined || typeof value === 'boolean') return String(value);
      if (Array.isArray(value)) return fr ? 'une liste' : 'a list';
      return fr ? 'un objet' : 'an object';
    },
    list: (items, item = String) => items.map(item).join(', '),
    mean: (suggestion) => (suggestion ? (fr ? ` (vouliez-vous dire ${q(suggestion)}${NNBSP}?)` : ` (did you mean ${q(suggestion)}?)`) : ''),
  };
}

export const WORDS: Record<Language, Words> = { en: makeWords('en'), fr: makeWords('fr') };
export const LANGUAGES: readonly Language[] = ['en', 'fr'];
