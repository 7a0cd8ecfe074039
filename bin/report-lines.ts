/** One line per problem or test case: easy to read, to grep and to paste into a ticket. */
import type { Diagnostic, GoldenResult, PolicyDocument } from '../engine/index.js';

export function diagnosticLine(d: Diagnostic): string {
  const where = `at ${d.path === '' ? '/' : d.path}${d.nodeId !== null ? ` (node ${d.nodeId})` : ''}`;
  return `${d.severity} ${d.code} ${where}: ${d.message}`;
}

const shown = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value));

/** `pass established: Established customer…` or `FAIL …: outcome expected refuse, got accept`. */
export function goldenLine(result: GoldenResult, document: PolicyDocument): string {
  const test = document.tests.find((t) => t.id === result.testId);
  const title = `${result.testId}${test ? `: ${test.name}` : ''}`;
  if (result.passed) return `pass ${title}`;
  const details = result.failures.map((f) => `${f.field} expected ${shown(f.expected)}, got ${shown(f.actual)}`);
  const factErrors = (result as { factErrors?: { message?: unknown; path?: unknown; fact?: unknown }[] }).factErrors ?? [];
  for (const e of factErrors) details.push(`facts refused: ${[e.fact ?? e.path, e.message].filter((x) => typeof x === 'string' && x).join(' ')}`);
  return `FAIL ${title}${details.length > 0 ? ` — ${details.join('; ')}` : ''}`;
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
