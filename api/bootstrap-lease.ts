/**
 * First-start work under a store lease: of several instances starting together on an empty store,
 * one seeds the policies and users; the others wait until it is done (the lease is released, or
 * lapses if that instance died), then run the same idempotent steps and find everything there.
 */
import type { CreditgraphStore } from './store/store.js';

const LEASE_MS = 120_000;
const RETRY_MS = 200;

export async function underLease<T>(store: CreditgraphStore, name: string, owner: string, work: () => Promise<T>, now: () => Date = () => new Date()): Promise<T> {
  while (!(await store.acquireLease({ name, owner, at: now().toISOString(), ttlMs: LEASE_MS }))) {
    await new Promise((r) => setTimeout(r, RETRY_MS)); // another instance is seeding: its release (or expiry) is what we wait for
  }
  try {
    return await work();
  } finally {
    await store.releaseLease(name, owner).catch(() => undefined);
  }
}
