/**
 * Timestamps as instants: every ISO 8601 form the API accepts (`…Z`, `…+01:00`, with or without
 * milliseconds) becomes the one canonical form stored and compared (`toISOString()`, UTC with
 * milliseconds), so comparing two stored strings compares the instants.
 */
export function instant(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 instant: ${iso}`);
  return new Date(ms).toISOString();
}
