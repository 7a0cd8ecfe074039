/**
 * Who a key belongs to, remembered by key hash so a request does not read the key and its user
 * from the store every time. Only for a store this process owns alone (the file store): every
 * revocation then goes through this process, which clears the cache before answering, so a
 * revoked key fails on the very next request. With a shared store (MongoDB, several workers or
 * instances) another process may revoke, so there is no cache (capacity 0).
 *
 * A lookup that started before a clear() must not put its (possibly stale) answer back: each
 * clear() starts a new generation, and set() ignores answers from an older one.
 */
import type { Caller } from './caller.js';

export class CallerCache {
  private readonly entries = new Map<string, Caller>();
  private generationCount = 0;

  constructor(readonly capacity = 1000) {}

  /** Pass to set(): answers read from the store before a clear() are not kept. */
  get generation(): number {
    return this.generationCount;
  }

  get(keyHash: string): Caller | undefined {
    const caller = this.entries.get(keyHash);
    if (caller) {
      // Map keeps insertion order: re-inserting marks the entry most recently used.
      this.entries.delete(keyHash);
      this.entries.set(keyHash, caller);
    }
    return caller;
  }

  set(keyHash: string, caller: Caller, generation: number): void {
    if (this.capacity === 0 || generation !== this.generationCount) return;
    this.entries.set(keyHash, caller);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /** After any change to keys or users: forget every answer, and any lookup still in flight. */
  clear(): void {
    this.generationCount++;
    this.entries.clear();
  }
}
