/**
 * Figures the policy takes from outside (a formula variable's `reference`: the ECB rate of the
 * late-payment penalties, a legal amount) carry the date they apply from and how often they
 * change. The engine has no clock: the caller passes today's date (`today`), and a figure older
 * than the current period (half-year or year) is a warning — the rate may still be right, but
 * someone must look it up again.
 */
import type { PolicyDocument } from '../model/policy-schema.js';
import type { DiagnosticList } from './diagnostic.js';
import { pointer } from './json-pointer.js';
import { says } from '../i18n/diagnostic-messages.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date that exists (2025-02-30 does not), as YYYY-MM-DD; null otherwise. */
export function calendarDate(text: string): { year: number; month: number; day: number } | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (days === undefined || day < 1 || day > days) return null;
  return { year, month, day };
}

/** The first day of the period `today` is in: 1 January or 1 July (halfYearly), 1 January (yearly). */
export function periodStart(today: string, review: 'halfYearly' | 'yearly'): string | null {
  const d = calendarDate(today);
  if (!d) return null;
  return review === 'yearly' || d.month < 7 ? `${d.year}-01-01` : `${d.year}-07-01`;
}

export function checkReferenceFigures(doc: PolicyDocument, out: DiagnosticList, today?: string): void {
  doc.nodes.forEach((node, n) => {
    if (node.kind !== 'formula') return;
    node.config.variables.forEach((variable, v) => {
      const reference = variable.reference;
      if (!reference) return;
      const at = pointer('nodes', n, 'config', 'variables', v, 'reference', 'asOf');
      if (!calendarDate(reference.asOf)) {
        out.report('REFERENCE_DATE_INVALID', at, says('referenceDateInvalid', { name: variable.name, asOf: reference.asOf }));
        return;
      }
      if (today === undefined || reference.review === undefined) return;
      const since = periodStart(today, reference.review);
      // ISO dates compare as strings.
      if (since !== null && reference.asOf < since)
        out.report('REFERENCE_OUT_OF_DATE', at, says('referenceOutOfDate', { name: variable.name, asOf: reference.asOf, since, review: reference.review, source: reference.source }));
    });
  });
}
