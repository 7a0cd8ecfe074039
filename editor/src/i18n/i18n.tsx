/**
 * The one i18n layer: typed dictionaries (English is the reference; French must have every key,
 * the compiler and a unit test check it), `{name}` interpolation, rendered as text only.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type MessageKey } from './en.js';
import { fr } from './fr.js';
import { localizedText, withLocalizedText } from '../../../engine/i18n/localized-text.js';
import type { LocalizedText } from '../../../engine/model/policy-schema.js';

export type Locale = 'en' | 'fr';
export const LOCALES: Locale[] = ['en', 'fr'];
export const dictionaries: Record<Locale, Record<MessageKey, string>> = { en, fr };
export type { MessageKey };

export type Params = Record<string, string | number | null | undefined>;

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const template = dictionaries[locale][key] ?? en[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (params[name] === undefined || params[name] === null ? m : String(params[name])));
}

/** For keys built at run time (`kind.${kind}`): falls back to the raw key when unknown. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

export type Translate = (key: MessageKey, params?: Params) => string;

interface I18nValue {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
  /** Translate a dynamic key, or show it as it is. */
  tk(key: string, params?: Params): string;
  formatNumber(n: number, options?: Intl.NumberFormatOptions): string;
  /** A policy text (plain, or {en, fr}) in the interface's language. */
  lt(text: LocalizedText | undefined | null): string;
  /** A policy text with the interface's language version set to `value` (a plain text stays plain). */
  lw(text: LocalizedText | undefined, value: string): LocalizedText | undefined;
  formatDate(iso: string): string;
}

const I18nContext = createContext<I18nValue | null>(null);
const LOCALE_STORAGE = 'creditgraph.locale';

function initialLocale(): Locale {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(LOCALE_STORAGE) : null;
  if (saved === 'en' || saved === 'fr') return saved;
  return typeof navigator !== 'undefined' && navigator.language?.startsWith('fr') ? 'fr' : 'en';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  // The page's language from the first render (the API client asks the server for texts in it, screen
  // readers read it), and whenever the editor's changes.
  const [locale, setLocaleState] = useState<Locale>(() => {
    const l = initialLocale();
    if (typeof document !== 'undefined') document.documentElement.lang = l;
    return l;
  });
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = useCallback((l: Locale) => {
    setLocaleState(l);
    localStorage.setItem(LOCALE_STORAGE, l);
    document.documentElement.lang = l;
  }, []);
  const value = useMemo<I18nValue>(() => {
    const numberFormat = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB');
    return {
      locale,
      setLocale,
      t: (key, params) => translate(locale, key, params),
      tk: (key, params) => (isMessageKey(key) ? translate(locale, key, params) : key),
      lt: (text) => localizedText(text, locale),
      lw: (text, value) => (text !== null && typeof text === 'object' ? withLocalizedText(text, locale, value) : value || undefined),
      formatNumber: (n, options) => (options ? new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', options).format(n) : numberFormat.format(n)),
      formatDate: (iso) => {
        const d = new Date(iso);
        return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
      },
    };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
