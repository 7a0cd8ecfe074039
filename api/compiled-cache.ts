/**
 * Compiled policies keyed by `policyId@contentHash`. A published version never changes, so an
 * entry never goes stale; the only reason to drop one is memory, hence a small LRU bound.
 */
import type { CompiledPolicy } from './policy-engine.js';

export class CompiledCache {
  private readonly entries = new Map<string, CompiledPolicy>();
  hits = 0;
  misses = 0;

  constructor(private readonly capacity = 256) {}

  get size(): number {
    return this.entries.size;
  }

  getOrCompile(policyId: string, contentHash: string, compile: () => CompiledPolicy): CompiledPolicy {
    const key = `${policyId}@${contentHash}`;
    const found = this.entries.get(key);
    if (found) {
      this.hits++;
      // Map keeps insertion order: re-inserting marks the entry most recently used.
      this.entries.delete(key);
      this.entries.set(key, found);
      return found;
    }
    this.misses++;
    const compiled = compile();
    this.entries.set(key, compiled);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return compiled;
  }
}
