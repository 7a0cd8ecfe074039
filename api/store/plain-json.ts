/**
 * Copies through JSON. Stores keep and return plain-JSON copies, so a caller can never alter
 * stored state through a reference, and what a store returns now is exactly what it returns after
 * a restart (undefined properties dropped, the same way the files and MongoDB drop them).
 */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
