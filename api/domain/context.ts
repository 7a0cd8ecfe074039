/** What every use case works with: the store and the time. Injected, never imported as globals. */
import type { CreditgraphStore } from '../store/store.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface DomainContext {
  store: CreditgraphStore;
  clock: Clock;
}

/** Who acts, and why: every use case that changes something records it in the audit trail. */
export interface Actor {
  id: string;
}
