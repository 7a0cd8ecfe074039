/**
 * Texts people read (diagnostics, change sentences, alert texts) are written in the reader's
 * language: these pick it from a request's Accept-Language and word the engine's diagnostics in it.
 */
export { diagnosticsIn, requestLanguage, type ApiDiagnostic, type Language } from '../policy-engine.js';
