/** Thrown by compilePolicy for what cannot be compiled; carries diagnostics like the validator's. */
import type { Diagnostic } from '../validate/diagnostic.js';

export type CompileDiagnostic = Diagnostic & { severity: 'error' };

export class PolicyInvalidError extends Error {
  readonly diagnostics: CompileDiagnostic[];
  constructor(diagnostics: CompileDiagnostic[]) {
    const first = diagnostics[0]?.message ?? 'invalid policy';
    super(diagnostics.length > 1 ? `${first} (and ${diagnostics.length - 1} more problems)` : first);
    this.name = 'PolicyInvalidError';
    this.diagnostics = diagnostics;
  }
}
