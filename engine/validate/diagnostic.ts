/** A diagnostic, and the list every check appends to. */
import { DIAGNOSTIC_CODES, type DiagnosticCode } from './diagnostic-codes.js';
import { segmentsOf, valueAt } from './json-pointer.js';
import { describePath } from './path-label.js';
import { renderText, type DiagnosticText } from '../i18n/diagnostic-messages.js';
import { NNBSP } from '../i18n/message-words.js';
import type { Language } from '../model/policy-schema.js';

export type { DiagnosticText };
export { says } from '../i18n/diagnostic-messages.js';

export interface Diagnostic {
  code: DiagnosticCode;
  severity: 'error' | 'warning';
  /** The node the problem is in (for badges in the editor), or null for document-level problems. */
  nodeId: string | null;
  /** JSON pointer into the document, e.g. /nodes/2/config/criteria/1/weight. */
  path: string;
  /** Where and what, in English: "Scorecard 'scoring', criterion 'years', weight: must be ≤ 100 (found 200)". */
  message: string;
  /** The same message in every language the engine speaks (the editor switches language without validating again). */
  messages: Record<Language, string>;
  /** The values the message shows, the same in every language (names, numbers, the allowed values…). */
  params: Record<string, unknown>;
  /** MONOTONICITY_VIOLATION: the two requests, identical but for one input, that decide the wrong way round. */
  counterexample?: { before: Record<string, unknown>; after: Record<string, unknown> };
}

export interface ReportOptions {
  /** Override the node resolved from the path (e.g. an edge problem shown on the node it touches). */
  nodeId?: string | null;
  /** Where the "Scorecard 'x', criterion 'y'" prefix is read from, when not `path`. */
  labelPath?: string;
  counterexample?: Diagnostic['counterexample'];
}

export class DiagnosticList {
  readonly items: Diagnostic[] = [];
  constructor(private readonly document: unknown) {}

  report(code: DiagnosticCode, path: string, detail: DiagnosticText, options: ReportOptions = {}): void {
    const where = options.labelPath ?? path;
    const messages = {
      en: `${describePath(this.document, where, 'en')}: ${renderText(detail, 'en')}`,
      fr: `${describePath(this.document, where, 'fr')}${NNBSP}: ${renderText(detail, 'fr')}`,
    };
    this.items.push({
      code,
      severity: DIAGNOSTIC_CODES[code].severity,
      nodeId: options.nodeId !== undefined ? options.nodeId : nodeIdAt(this.document, path),
      path,
      message: messages.en,
      messages,
      params: detail.params,
      ...(options.counterexample ? { counterexample: options.counterexample } : {}),
    });
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
}

/** "/nodes/3/…" → the id of node 3, when it has a string id. */
export function nodeIdAt(document: unknown, path: string): string | null {
  const [first, index] = segmentsOf(path);
  if (first !== 'nodes' || index === undefined || !/^\d+$/.test(index)) return null;
  const id = valueAt(document, `/nodes/${index}/id`);
  return typeof id === 'string' ? id : null;
}

/** A diagnostic as a reader of `language` gets it: `message` in that language (`messages` dropped). */
export function diagnosticIn(diagnostic: Diagnostic, language: Language): Omit<Diagnostic, 'messages'> {
  const { messages, ...rest } = diagnostic;
  return { ...rest, message: messages?.[language] ?? diagnostic.message };
}

/** A diagnostic without a document path label (the compiler's): both languages from its text. */
export function plainDiagnostic(code: DiagnosticCode, nodeId: string | null, path: string, detail: DiagnosticText): Diagnostic & { severity: 'error' } {
  const messages = { en: renderText(detail, 'en'), fr: renderText(detail, 'fr') };
  return { code, severity: 'error', nodeId, path, message: messages.en, messages, params: detail.params };
}
