/**
 * Growable typed-array columns: the file store's indexes keep a few numbers per record instead of
 * the record itself (≈ 4–8 bytes per field instead of a JS object), and a column round-trips
 * through the snapshot as base64 of its bytes.
 */
abstract class Column<A extends Int32Array | Float64Array> {
  length = 0;
  protected data: A;

  constructor(initial: A) {
    this.data = initial;
  }

  protected abstract alloc(capacity: number): A;

  get(i: number): number {
    return this.data[i]!;
  }

  set(i: number, value: number): void {
    this.data[i] = value;
  }

  push(value: number): number {
    if (this.length === this.data.length) this.grow();
    this.data[this.length] = value;
    return this.length++;
  }

  /** Inserts at `i`, shifting the tail (sorted lists: appends are the common case, this the rare one). */
  insert(i: number, value: number): void {
    if (this.length === this.data.length) this.grow();
    this.data.copyWithin(i + 1, i, this.length);
    this.data[i] = value;
    this.length++;
  }

  private grow(): void {
    const next = this.alloc(Math.max(16, this.data.length * 2));
    next.set(this.data);
    this.data = next;
  }

  toBase64(): string {
    return Buffer.from(this.data.buffer, this.data.byteOffset, this.length * this.data.BYTES_PER_ELEMENT).toString('base64');
  }

  protected load(base64: string, bytesPerElement: number): void {
    const bytes = Buffer.from(base64, 'base64');
    this.length = bytes.length / bytesPerElement;
    this.data = this.alloc(Math.max(16, this.length));
    new Uint8Array(this.data.buffer).set(bytes);
  }
}

export class Int32Column extends Column<Int32Array> {
  constructor() {
    super(new Int32Array(16));
  }
  protected alloc(capacity: number): Int32Array {
    return new Int32Array(capacity);
  }
  static fromBase64(base64: string): Int32Column {
    const column = new Int32Column();
    column.load(base64, 4);
    return column;
  }
}

export class Float64Column extends Column<Float64Array> {
  constructor() {
    super(new Float64Array(16));
  }
  protected alloc(capacity: number): Float64Array {
    return new Float64Array(capacity);
  }
  static fromBase64(base64: string): Float64Column {
    const column = new Float64Column();
    column.load(base64, 8);
    return column;
  }
}
