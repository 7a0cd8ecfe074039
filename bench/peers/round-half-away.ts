/** The engine's rounding rule, restated for the peers: half away from zero on the decimal the float stands for. */
export function roundHalfAway(value: number, scale: number): number {
  const magnitude = value < 0 ? -value : value;
  const scaled = magnitude * scale;
  if (!(scaled < 4503599627370496)) return value;
  const whole = Math.floor(scaled);
  const rounded = scaled - whole >= 0.5 - scaled * 8 * Number.EPSILON ? whole + 1 : whole;
  const result = rounded / scale;
  return (value < 0 ? -result : result) + 0;
}
