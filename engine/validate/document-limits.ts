/**
 * Cheap refusal of oversized documents before ajv runs: a 100,000-node document must cost a
 * length check, not a full schema pass (allErrors would report every item).
 */
import { POLICY_LIMITS } from '../model/policy-schema.js';
import type { DiagnosticList } from './diagnostic.js';
import { pointer } from './json-pointer.js';
import { says } from '../i18n/diagnostic-messages.js';

/** Deeper than any valid document can be (conditions are capped at POLICY_LIMITS.conditionDepth). */
const MAX_NESTING = 64;
/** More JSON values than the stated limits allow in any realistic policy. */
const MAX_VALUES = 2_000_000;

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const lengthOf = (o: unknown, key: string): number => {
  if (o === null || typeof o !== 'object' || !hasOwn(o, key)) return 0;
  const v = (o as Record<string, unknown>)[key];
  return Array.isArray(v) ? v.length : 0;
};

/** Returns true when the document may go on to the schema stage. */
export function checkDocumentLimits(document: unknown, out: DiagnosticList): boolean {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) return true; // ajv says why
  const tooLarge = (path: string, what: string, count: number, limit: number) =>
    out.report('DOCUMENT_TOO_LARGE', path, says('tooMany', { count, what, limit }));

  const topLevel: [string, number][] = [
    ['nodes', POLICY_LIMITS.nodes],
    ['edges', POLICY_LIMITS.edges],
    ['inputs', POLICY_LIMITS.inputs],
    ['tests', POLICY_LIMITS.tests],
  ];
  let fine = true;
  for (const [key, limit] of topLevel) {
    const count = lengthOf(document, key);
    if (count > limit) {
      tooLarge(pointer(key), key, count, limit);
      fine = false;
    }
  }
  if (!fine) return false;

  // Items inside nodes: checked by the schema too, but only after walking every one of them.
  const nodes = (document as Record<string, unknown>).nodes;
  if (Array.isArray(nodes)) {
    nodes.forEach((node, i) => {
      const config = node !== null && typeof node === 'object' && hasOwn(node, 'config') ? (node as { config: unknown }).config : null;
      for (const [key, limit] of [
        ['criteria', POLICY_LIMITS.criteriaPerScorecard],
        ['rules', POLICY_LIMITS.rulesPerNode],
        ['variables', POLICY_LIMITS.rulesPerNode],
      ] as const) {
        const count = lengthOf(config, key);
        if (count > limit) {
          tooLarge(pointer('nodes', i, 'config', key), key, count, limit);
          fine = false;
        }
      }
    });
  }
  if (!fine) return false;

  // Nesting and total size, with an explicit stack: deep garbage must not overflow the call stack.
  const stack: [unknown, number][] = [[document, 0]];
  let values = 0;
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (++values > MAX_VALUES) {
      tooLarge('', 'values in the document', values, MAX_VALUES);
      return false;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_NESTING) {
      out.report('DOCUMENT_TOO_LARGE', '', says('nestsTooDeep', { limit: MAX_NESTING }));
      return false;
    }
    const children = Array.isArray(value) ? value : Object.values(value);
    for (const child of children) stack.push([child, depth + 1]);
  }
  return true;
}
