/**
 * The language of what people read in a response (diagnostics, diff sentences, alert texts, the
 * detail of a policy problem): the caller's Accept-Language among ours, English by default. The
 * response says which one it chose (Content-Language) and that it depends on the header (Vary).
 */
import type { Request, Response } from 'express';
import { requestLanguage, type Language } from '../domain/reader-language.js';
import type { HeaderSpec } from './route.js';

export type { Language };

/** Accept-Language → `en` or `fr`; English when the header names neither. */
export const responseLanguage = (req: Request): Language => requestLanguage(req.get('accept-language')) ?? 'en';

/** The response's language, announced on it (also when the handler ends in a problem). */
export function answerIn(req: Request, res: Response): Language {
  const language = responseLanguage(req);
  res.setHeader('Content-Language', language);
  res.vary('Accept-Language');
  return language;
}

/** The request header, as the OpenAPI document lists it. */
export const ACCEPT_LANGUAGE: HeaderSpec = {
  name: 'Accept-Language',
  required: false,
  description: 'Language of the texts people read (diagnostics, change sentences, alert texts, the problem detail): `en` (default) or `fr`, e.g. `fr-FR,fr;q=0.9`.',
};

/** The response header, as the OpenAPI document lists it. */
export const CONTENT_LANGUAGE = { 'Content-Language': 'The language the texts are written in: `en` or `fr`.' } as const;
