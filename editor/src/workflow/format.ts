/** Small display helpers of the workflow screens. */
export function ageOf(fromIso: string, now = Date.now()): { hours: number; days: number } {
  const hours = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 3_600_000));
  return { hours, days: Math.floor(hours / 24) };
}
