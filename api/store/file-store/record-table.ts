/**
 * The index of a kind of record that lives on disk only (approval requests, alerts, webhook
 * deliveries): per record, where its latest version lies in the journal, its time and the coded
 * values it is filtered by — a few dozen bytes per record, whatever the record's size. Lists are
 * narrowed here and the records themselves read from disk.
 */
import { Float64Column, Int32Column } from './columns.js';
import { KeyHashIndex, type KeyHashIndexData } from './key-hash-index.js';
import { StringCodes } from './string-codes.js';

/** Where a record lies: a journal line, and which of its changes (-1 = the line's audit entry). */
export interface RecordPlace {
  segment: number;
  offset: number;
  length: number;
  change: number;
}

export interface RecordTableData {
  codes: string[];
  ids: KeyHashIndexData;
  segment: string;
  offset: string;
  length: string;
  change: string;
  time: string;
  due: string;
  fields: Record<string, string>;
}

export class RecordTable<F extends string> {
  private readonly codes: StringCodes;
  private readonly ids: KeyHashIndex;
  private readonly segment: Int32Column;
  private readonly offset: Int32Column;
  private readonly length: Int32Column;
  private readonly change: Int32Column;
  private readonly times: Float64Column;
  /** A deadline in ms (approval requests' dueAt), NaN for none. */
  private readonly due: Float64Column;
  private readonly fields: Record<F, Int32Column>;

  constructor(
    private readonly fieldNames: readonly F[],
    data?: RecordTableData,
  ) {
    this.codes = StringCodes.fromJSON(data?.codes ?? []);
    this.ids = new KeyHashIndex(data?.ids);
    const column = (s: string | undefined) => (s === undefined ? new Int32Column() : Int32Column.fromBase64(s));
    this.segment = column(data?.segment);
    this.offset = column(data?.offset);
    this.length = column(data?.length);
    this.change = column(data?.change);
    this.times = data ? Float64Column.fromBase64(data.time) : new Float64Column();
    this.due = data ? Float64Column.fromBase64(data.due) : new Float64Column();
    this.fields = Object.fromEntries(fieldNames.map((f) => [f, column(data?.fields[f])])) as Record<F, Int32Column>;
  }

  get size(): number {
    return this.segment.length;
  }

  /** The row of record `id`, or -1. */
  row(id: string): number {
    return this.ids.get(id);
  }

  /** Records the latest version of `id` (a new row, or its existing row updated). */
  put(id: string, place: RecordPlace, time: string, values: Record<F, string | null>, due: string | null = null): number {
    const dueMs = due === null ? NaN : Date.parse(due);
    let row = this.ids.get(id);
    if (row < 0) {
      row = this.segment.push(place.segment);
      this.offset.push(place.offset);
      this.length.push(place.length);
      this.change.push(place.change);
      this.times.push(Date.parse(time));
      this.due.push(dueMs);
      for (const f of this.fieldNames) this.fields[f].push(this.codes.code(values[f]));
      this.ids.set(id, row);
      return row;
    }
    this.segment.set(row, place.segment);
    this.offset.set(row, place.offset);
    this.length.set(row, place.length);
    this.change.set(row, place.change);
    this.times.set(row, Date.parse(time));
    this.due.set(row, dueMs);
    for (const f of this.fieldNames) this.fields[f].set(row, this.codes.code(values[f]));
    return row;
  }

  place(row: number): RecordPlace {
    return { segment: this.segment.get(row), offset: this.offset.get(row), length: this.length.get(row), change: this.change.get(row) };
  }

  time(row: number): number {
    return this.times.get(row);
  }

  /** Rows whose fields equal the filter's values (undefined = any), with time ≥ since and a deadline ≤ dueBy, oldest first. */
  rows(filter: Partial<Record<F, string>>, since = -Infinity, dueBy?: number): number[] {
    const wanted: [Int32Column, number][] = [];
    for (const f of this.fieldNames) {
      const value = filter[f];
      if (value === undefined) continue;
      const code = this.codes.find(value);
      if (code === undefined) return [];
      wanted.push([this.fields[f], code]);
    }
    const out: number[] = [];
    for (let row = 0; row < this.size; row++) {
      if (this.times.get(row) < since) continue;
      if (dueBy !== undefined && !(this.due.get(row) <= dueBy)) continue;
      if (wanted.every(([column, code]) => column.get(row) === code)) out.push(row);
    }
    return out;
  }

  toJSON(): RecordTableData {
    return {
      codes: this.codes.toJSON(),
      ids: this.ids.toJSON(),
      segment: this.segment.toBase64(),
      offset: this.offset.toBase64(),
      length: this.length.toBase64(),
      change: this.change.toBase64(),
      time: this.times.toBase64(),
      due: this.due.toBase64(),
      fields: Object.fromEntries(this.fieldNames.map((f) => [f, this.fields[f].toBase64()])),
    };
  }
}

/**
 * The newest `limit` rows by time, plus every row tied with the last one: the caller reads those
 * and orders them exactly (ties are broken by id, which only the records carry).
 */
export function newestRows(table: { time(row: number): number }, rows: number[], limit: number): number[] {
  const sorted = rows.slice().sort((a, b) => table.time(b) - table.time(a));
  if (sorted.length <= limit) return sorted;
  const edge = table.time(sorted[limit - 1]!);
  let end = limit;
  while (end < sorted.length && table.time(sorted[end]!) === edge) end++;
  return sorted.slice(0, end);
}
