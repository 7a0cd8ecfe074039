/** A diagnostic, and the list every check appends to. */
import { DIAGNOSTIC_CODES, type DiagnosticCode } from './diagnostic-codes.js';
import { segmentsOf, valueAt } from './json-pointer.js';
import { describePath } from './path-label.js';

export interface Diagnostic {
  code: DiagnosticCode;
  severity: 'error' | 'warning';
  /** The node the problem is in (for badges in the editor), or null for document-level problems. */
  nodeId: string | null;
  /** JSON pointer into the document, e.g. /nodes/2/config/criteria/1/weight. */
  path: string;
  message: string;
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

  report(code: DiagnosticCode, path: string, detail: string, options: ReportOptions = {}): void {
    const label = describePath(this.document, options.labelPath ?? path);
    this.items.push({
      code,
      severity: DIAGNOSTIC_CODES[code].severity,
      nodeId: options.nodeId !== undefined ? options.nodeId : nodeIdAt(this.document, path),
      path,
      message: `${label}: ${detail}`,
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
