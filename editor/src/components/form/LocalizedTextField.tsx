/**
 * A policy text edited in both languages side by side: one field per language, each writing only
 * its own version (the other is kept). An empty version shows the other language as its
 * placeholder and is marked as missing, so an untranslated text is seen where it is edited.
 */
import { useId } from 'react';
import type { LocalizedText } from '../../../../engine/model/policy-schema.js';
import { LANGUAGES, versionOf, withVersion, type Language } from '../../document/localized.js';
import { useI18n, type Translate } from '../../i18n/i18n.js';
import type { CellValue, GridColumn } from './GridTable.js';

interface Props {
  label: string;
  value: LocalizedText | undefined;
  policyLanguage: Language;
  /** The next text, and the language typed in (its merge key: keystrokes in one field are one undo step). */
  onChange(next: LocalizedText | undefined, language: Language): void;
  /** JSON pointer of the text; each field gets path/en, path/fr. */
  path?: string;
  disabled?: boolean;
  className?: string;
  /** Keep the text from becoming empty (a golden test's name is required). */
  required?: boolean;
}

/** "Label (French)": the accessible name of one language's field. */
export const inLanguage = (t: Translate, label: string, language: Language) => t('lang.in', { label, language: t(`lang.${language}`) });

export function LocalizedTextField(props: Props) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className={`field localized-field${props.className ? ` ${props.className}` : ''}`} role="group" aria-labelledby={`${id}-label`} data-path={props.path}>
      <span className="localized-legend" id={`${id}-label`}>
        {props.label}
      </span>
      <div className="localized-pair">
        {LANGUAGES.map((language) => {
          const value = versionOf(props.value, language, props.policyLanguage);
          const other = LANGUAGES.filter((l) => l !== language).map((l) => versionOf(props.value, l, props.policyLanguage)).find((v) => v !== '') ?? '';
          const missing = value === '' && other !== '';
          return (
            <div className="localized-version" key={language}>
              <span className="lang-tag" aria-hidden="true">
                {t(`lang.short.${language}`)}
              </span>
              <input
                type="text"
                id={`${id}-${language}`}
                lang={language}
                aria-label={inLanguage(t, props.label, language)}
                value={value}
                placeholder={other}
                title={missing ? t('lang.missing', { language: t(`lang.${language}`) }) : undefined}
                data-missing={missing ? 'true' : undefined}
                data-path={props.path ? `${props.path}/${language}` : undefined}
                disabled={props.disabled}
                onChange={(e) => {
                  if (props.required && e.target.value === '' && other === '') return;
                  props.onChange(withVersion(props.value, language, e.target.value, props.policyLanguage), language);
                }}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}

/**
 * The two columns of a text in a grid table (English, French), for a row type whose text is read by
 * `get` and written by `set`.
 */
export function localizedColumns<Row>(opts: {
  key: string;
  header: string;
  t: Translate;
  policyLanguage: Language;
  get(row: Row): LocalizedText | undefined;
  set(row: Row, text: LocalizedText | undefined): void;
  /** The cell's accessible name before the language ("Label of class 2"). */
  label(row: Row, index: number): string;
  width?: string;
}): GridColumn<Row>[] {
  const { t, policyLanguage } = opts;
  return LANGUAGES.map((language) => {
    const other = (row: Row) => LANGUAGES.filter((l) => l !== language).map((l) => versionOf(opts.get(row), l, policyLanguage)).find((v) => v !== '') ?? '';
    return {
      key: `${opts.key}/${language}`,
      header: `${opts.header} · ${t(`lang.short.${language}`)}`,
      kind: 'text' as const,
      nullable: true,
      lang: language,
      width: opts.width,
      get: (row: Row) => versionOf(opts.get(row), language, policyLanguage),
      set: (row: Row, v: CellValue) => opts.set(row, withVersion(opts.get(row), language, v === null ? '' : String(v), policyLanguage)),
      placeholder: (row: Row) => other(row),
      missing: (row: Row) => versionOf(opts.get(row), language, policyLanguage) === '' && other(row) !== '',
      missingTitle: t('lang.missing', { language: t(`lang.${language}`) }),
      label: (row: Row, i: number) => inLanguage(t, opts.label(row, i), language),
    };
  });
}
