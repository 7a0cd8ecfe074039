/**
 * Texts of a policy are a plain string (in the policy's language) or one per language. These pick
 * the text for a reader and write one language back without losing the others.
 */
import type { Language, LocalizedText } from '../model/policy-schema.js';

/**
 * The text in `language`; else in the policy's language (`fallback`); else any. A plain string is
 * the same in every language. Absent text gives ''.
 */
export function localizedText(text: LocalizedText | undefined | null, language: Language, fallback: Language = 'en'): string {
  if (text === undefined || text === null) return '';
  if (typeof text === 'string') return text;
  return text[language] ?? text[fallback] ?? text.en ?? text.fr ?? '';
}

/**
 * `text` with its `language` version set to `value`. A plain string stays a plain string when it is
 * written in the policy's language; written in another one, it becomes {policyLanguage: old, language: value}.
 */
export function withLocalizedText(text: LocalizedText | undefined, language: Language, value: string, policyLanguage: Language = 'en'): LocalizedText | undefined {
  if (text === undefined || (typeof text === 'string' && language === policyLanguage)) return value === '' ? undefined : value;
  const versions: { en?: string; fr?: string } = typeof text === 'string' ? { [policyLanguage]: text } : { ...text };
  if (value === '') delete versions[language];
  else versions[language] = value;
  return Object.keys(versions).length === 0 ? undefined : versions;
}

/** Every version of a text (a plain string once), e.g. to check the placeholders of each. */
export function textVersions(text: LocalizedText | undefined): string[] {
  if (text === undefined) return [];
  return typeof text === 'string' ? [text] : Object.values(text).filter((v): v is string => typeof v === 'string');
}

/** The best language for an Accept-Language header among ours; null when it names none of them. */
export function languageFromHeader(header: string | undefined | null): Language | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: (tag ?? '').trim().toLowerCase(), q: q ? Number(q.slice(2)) : 1, i };
    })
    .filter((r) => r.tag !== '' && Number.isFinite(r.q) && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    const primary = tag.split('-')[0];
    if (primary === 'en' || primary === 'fr') return primary;
  }
  return null;
}
