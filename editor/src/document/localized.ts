/**
 * The two language versions of a policy text (a label, a reason message, a golden test name) as the
 * editor shows and writes them side by side. A plain string is the policy's language (its
 * `language`, default English); typing the other language turns it into {en, fr}; emptying one
 * version keeps the other (and a lone policy-language version becomes a plain string again).
 * Plain TypeScript: no React, no DOM.
 */
import { LANGUAGES, type Language, type LocalizedText } from '../../../engine/model/policy-schema.js';

export { LANGUAGES };
export type { Language };

/** The text of one language, '' when that version is missing. */
export function versionOf(text: LocalizedText | undefined | null, language: Language, policyLanguage: Language): string {
  if (text === undefined || text === null) return '';
  if (typeof text === 'string') return language === policyLanguage ? text : '';
  return text[language] ?? '';
}

/** `text` with its `language` version set to `value` ('' removes that version); the other version is kept. */
export function withVersion(text: LocalizedText | undefined, language: Language, value: string, policyLanguage: Language): LocalizedText | undefined {
  const versions: { en?: string; fr?: string } = text === undefined ? {} : typeof text === 'string' ? { [policyLanguage]: text } : { ...text };
  if (value === '') delete versions[language];
  else versions[language] = value;
  const present = LANGUAGES.filter((l) => versions[l] !== undefined);
  if (present.length === 0) return undefined;
  // One version in the policy's language reads as before: a plain string.
  if (present.length === 1 && present[0] === policyLanguage) return versions[policyLanguage];
  // Keep the key order stable (en, fr) whatever was typed first.
  const ordered: { en?: string; fr?: string } = {};
  for (const l of present) ordered[l] = versions[l];
  return ordered;
}

/** The languages `text` has a version in. */
export function languagesOf(text: LocalizedText | undefined | null, policyLanguage: Language): Language[] {
  if (text === undefined || text === null || text === '') return [];
  if (typeof text === 'string') return [policyLanguage];
  return LANGUAGES.filter((l) => (text[l] ?? '') !== '');
}

/** The policy's language: the language of its plain-string texts. */
export const policyLanguageOf = (doc: { language?: Language }): Language => doc.language ?? 'en';
