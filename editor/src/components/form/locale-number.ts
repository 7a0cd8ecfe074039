/**
 * Numbers as a person reads and types them: whole, with the language's thousands separators
 * (30,000 · 30 000) when shown, and typed either way (with or without separators; "," is the
 * decimal mark in French, a thousands separator in English).
 */
export type NumberLocale = 'en' | 'fr';

const formats = new Map<string, Intl.NumberFormat>();

export function formatGrouped(locale: NumberLocale, n: number): string {
  const tag = locale === 'fr' ? 'fr-FR' : 'en-GB';
  let f = formats.get(tag);
  if (!f) formats.set(tag, (f = new Intl.NumberFormat(tag, { maximumFractionDigits: 10 })));
  return f.format(n);
}

/** The number typed, or null when the text is not one (empty included). */
export function parseLocaleNumber(locale: NumberLocale, text: string): number | null {
  let s = text.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (s === '') return null;
  // English: "," only ever groups thousands. French: "," is the decimal mark, "." may group thousands.
  if (locale === 'fr') s = s.replace(/\.(?=\d{3}(\D|$))/g, '').replace(',', '.');
  else s = s.replace(/,/g, '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}
