/**
 * Finds a row by a string key without keeping the key in memory: the index stores a 64-bit digest
 * of each key (two int32 from SHA-256, so a crafted collision would need a second preimage) and the
 * row, in an open-addressing table. ≈ 20 bytes per key instead of the key string plus a Map entry.
 * Callers that read the record anyway (the decision log) still compare the real key.
 */
import { createHash } from 'node:crypto';
import { Int32Column } from './columns.js';

export interface KeyDigest {
  hi: number;
  lo: number;
}

export function keyDigest(key: string): KeyDigest {
  const d = createHash('sha256').update(key).digest();
  return { hi: d.readInt32LE(0), lo: d.readInt32LE(4) };
}

export interface KeyHashIndexData {
  hi: string;
  lo: string;
  row: string;
}

export class KeyHashIndex {
  private readonly hi: Int32Column;
  private readonly lo: Int32Column;
  private readonly rows: Int32Column;
  /** entry number + 1 per slot; 0 = empty. Load ≤ 1/2. */
  private slots = new Int32Array(32);

  constructor(data?: KeyHashIndexData) {
    this.hi = data ? Int32Column.fromBase64(data.hi) : new Int32Column();
    this.lo = data ? Int32Column.fromBase64(data.lo) : new Int32Column();
    this.rows = data ? Int32Column.fromBase64(data.row) : new Int32Column();
    this.rehash(Math.max(32, nextPowerOfTwo(this.rows.length * 2 + 2)));
  }

  get size(): number {
    return this.rows.length;
  }

  /** The row stored under `key`, or -1. */
  get(key: string | KeyDigest): number {
    const { hi, lo } = typeof key === 'string' ? keyDigest(key) : key;
    const mask = this.slots.length - 1;
    for (let slot = lo & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]! - 1;
      if (entry < 0) return -1;
      if (this.lo.get(entry) === lo && this.hi.get(entry) === hi) return this.rows.get(entry);
    }
  }

  /** Stores `row` under `key` (replacing an earlier row for the same key). */
  set(key: string | KeyDigest, row: number): void {
    const { hi, lo } = typeof key === 'string' ? keyDigest(key) : key;
    const mask = this.slots.length - 1;
    let slot = lo & mask;
    for (; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]! - 1;
      if (entry < 0) break;
      if (this.lo.get(entry) === lo && this.hi.get(entry) === hi) {
        this.rows.set(entry, row);
        return;
      }
    }
    this.hi.push(hi);
    this.lo.push(lo);
    this.slots[slot] = this.rows.push(row) + 1;
    if (this.rows.length * 2 > this.slots.length) this.rehash(this.slots.length * 2);
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    const mask = size - 1;
    for (let entry = 0; entry < this.rows.length; entry++) {
      let slot = this.lo.get(entry) & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = entry + 1;
    }
  }

  toJSON(): KeyHashIndexData {
    return { hi: this.hi.toBase64(), lo: this.lo.toBase64(), row: this.rows.toBase64() };
  }
}

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
