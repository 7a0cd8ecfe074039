/** The engine once loaded, as an observable value (null while its chunk loads). */
import { createStore } from '../document/store.js';
import { loadEngine, type Engine } from './engine.js';

export const engineStore = createStore<Engine | null>(null);

export function startLoadingEngine(): Promise<Engine> {
  return loadEngine().then((engine) => {
    engineStore.set(engine);
    return engine;
  });
}
