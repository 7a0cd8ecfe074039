/**
 * The audit trail's index: the entries themselves stay in the journal lines that carry them (each
 * with the change it records); memory keeps, per entry, its seq, policy and place — and the last
 * entry whole, which the next one chains to.
 */
import type { AuditEntry } from '../store.js';
import { Int32Column } from './columns.js';
import type { RecordPlace } from './record-table.js';
import { NO_CODE, StringCodes } from './string-codes.js';

export interface AuditIndexData {
  last: AuditEntry | null;
  policies: string[];
  seq: string;
  policy: string;
  segment: string;
  offset: string;
  length: string;
}

export class AuditIndex {
  last: AuditEntry | null;
  private readonly policies: StringCodes;
  private readonly seq: Int32Column;
  private readonly policy: Int32Column;
  private readonly segment: Int32Column;
  private readonly offset: Int32Column;
  private readonly length: Int32Column;

  constructor(data?: AuditIndexData) {
    const column = (s: string | undefined) => (s === undefined ? new Int32Column() : Int32Column.fromBase64(s));
    this.last = data?.last ?? null;
    this.policies = StringCodes.fromJSON(data?.policies ?? []);
    this.seq = column(data?.seq);
    this.policy = column(data?.policy);
    this.segment = column(data?.segment);
    this.offset = column(data?.offset);
    this.length = column(data?.length);
  }

  get size(): number {
    return this.seq.length;
  }

  add(entry: AuditEntry, place: RecordPlace): void {
    this.seq.push(entry.seq);
    this.policy.push(this.policies.code(entry.policyId ?? null));
    this.segment.push(place.segment);
    this.offset.push(place.offset);
    this.length.push(place.length);
    this.last = entry;
  }

  place(row: number): RecordPlace {
    return { segment: this.segment.get(row), offset: this.offset.get(row), length: this.length.get(row), change: -1 };
  }

  /** Up to `limit` + 1 rows, newest first, with seq < before (and of `policyId` if given). */
  newest(limit: number, before: number, policyId?: string): number[] {
    const code = policyId === undefined ? undefined : (this.policies.find(policyId) ?? NO_CODE - 1);
    const out: number[] = [];
    for (let row = this.size - 1; row >= 0 && out.length <= limit; row--) {
      if (this.seq.get(row) >= before) continue;
      if (code !== undefined && this.policy.get(row) !== code) continue;
      out.push(row);
    }
    return out;
  }

  seqOf(row: number): number {
    return this.seq.get(row);
  }

  toJSON(): AuditIndexData {
    return {
      last: this.last,
      policies: this.policies.toJSON(),
      seq: this.seq.toBase64(),
      policy: this.policy.toBase64(),
      segment: this.segment.toBase64(),
      offset: this.offset.toBase64(),
      length: this.length.toBase64(),
    };
  }
}
