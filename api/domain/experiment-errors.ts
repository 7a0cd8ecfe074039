/** A rule of experiments broken, told in the caller's language (the problem's detail in English or French). */
import { DomainError, type DomainErrorCode, type ErrorItem, type LocalizedError } from './errors.js';

type Extras = { errors?: ErrorItem[]; [extension: string]: unknown };

class BilingualError extends DomainError implements LocalizedError {
  constructor(
    code: DomainErrorCode,
    private readonly texts: { en: string; fr: string },
    extras: Extras,
  ) {
    super(code, texts.en, extras);
  }
  inLanguage(language: 'en' | 'fr') {
    return { detail: this.texts[language], extras: this.extras };
  }
}

export const experimentError = (code: DomainErrorCode, en: string, fr: string, extras: Extras = {}): DomainError => new BilingualError(code, { en, fr }, extras);
