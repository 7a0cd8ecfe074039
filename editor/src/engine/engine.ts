/**
 * The engine, loaded on demand in its own chunk (ajv, jsep and the compiler are not needed to
 * show the policy list). The very same engine/ code the API runs.
 */
export type Engine = typeof import('../../../engine/index.js');

let loading: Promise<Engine> | null = null;

export function loadEngine(): Promise<Engine> {
  loading ??= import('../../../engine/index.js');
  return loading;
}
