/**
 * The decision log: append-only segment files of framed NDJSON, written with group commit —
 * appends that arrive while a write is in flight (or within `groupCommitMs`) share one write and
 * one fsync, and each caller's promise resolves only after that fsync. That gives durable
 * acknowledgements at thousands of decisions per second. Records are read from disk on demand;
 * only the index lives in memory (rebuilt on open).
 */
import { readdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError, type DecisionFilter, type DecisionRecord, type Page } from '../store.js';
import { decodeDecisionCursor, encodeDecisionCursor, pageLimit } from '../pagination.js';
import { Disk, unavailable } from './disk.js';
import { frameText, scanFramed, scanOneLine } from './framed-lines.js';
import { DecisionIndex, type DecisionPlace } from './decision-index.js';
import type { Warn } from './journal.js';

export const DECISIONS_DIR = 'decisions';
const SEGMENT_NAME = /^(\d{8})\.ndjson$/;
const MAX_BATCH = 2000;

export interface DecisionLogOptions {
  /** How long the first append of a batch waits for company (ms). 0 = next turn of the event loop. */
  groupCommitMs: number;
  /** Start a new segment file beyond this size. */
  segmentBytes: number;
}

interface PendingAppend {
  record: DecisionRecord;
  line: Buffer;
  resolve(record: DecisionRecord): void;
  reject(err: unknown): void;
}

const segmentName = (n: number) => `${String(n).padStart(8, '0')}.ndjson`;

export class DecisionLog {
  private readonly index = new DecisionIndex();
  private readonly readers = new Map<number, FileHandle>();
  private queue: PendingAppend[] = [];
  private readonly pendingByRequest = new Map<string, Promise<DecisionRecord>>();
  private readonly pendingIds = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private drainPromise: Promise<void> | null = null;
  private activeSegment = 1;
  private activeHandle!: FileHandle;
  private activeSize = 0;
  private dirty = false;
  private closed = false;

  private constructor(
    private readonly dir: string,
    private readonly disk: Disk,
    private readonly options: DecisionLogOptions,
  ) {}

  static async open(dataDir: string, disk: Disk, warn: Warn, options: DecisionLogOptions): Promise<DecisionLog> {
    const dir = join(dataDir, DECISIONS_DIR);
    const log = new DecisionLog(dir, disk, options);
    await disk.mkdirp(dir).catch((err) => {
      throw unavailable(`creating ${dir}`, err);
    });
    const segments = (await readdir(dir))
      .map((name) => SEGMENT_NAME.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    if (segments.length === 0) segments.push(1);
    for (const segment of segments) await log.loadSegment(segment, warn);
    return log;
  }

  private async loadSegment(segment: number, warn: Warn): Promise<void> {
    const path = join(this.dir, segmentName(segment));
    const handle = await this.disk.openReadWrite(path).catch((err) => {
      throw unavailable(`opening ${path}`, err);
    });
    const { size } = await handle.stat();
    const buf = Buffer.alloc(size);
    if (size > 0) await handle.read(buf, 0, size, 0);
    const scan = scanFramed(buf);
    for (const line of scan.lines) {
      if (line.state === 'unreadable') {
        warn(`decision log ${path}: skipping an unreadable record at byte ${line.offset}`);
        continue;
      }
      if (line.state === 'checksum-mismatch') warn(`decision log ${path}: record at byte ${line.offset} does not match its checksum (edited on disk?)`);
      const record = line.value as DecisionRecord;
      this.index.add({ ...record, requestId: record.requestId ?? null }, { segment, offset: line.offset, length: line.length });
    }
    if (scan.tailBytes > 0) {
      warn(`decision log ${path}: dropping ${scan.tailBytes} bytes of torn or invalid data at the end (a write interrupted by a crash)`);
      await this.disk.truncate(handle, path, scan.validLength).catch((err) => {
        throw unavailable(`truncating ${path}`, err);
      });
    }
    this.readers.set(segment, handle);
    this.activeSegment = segment;
    this.activeHandle = handle;
    this.activeSize = scan.validLength;
  }

  get count(): number {
    return this.index.size;
  }

  async append(input: DecisionRecord): Promise<{ record: DecisionRecord; duplicate: boolean }> {
    if (this.closed) throw new StoreError('UNAVAILABLE', 'the store is closed');
    // Serialised once, for the line. The record returned is the caller's (shallow-copied): the log
    // keeps no reference to it, so a caller changing it later changes nothing stored.
    const record: DecisionRecord = { ...input, requestId: input.requestId ?? null }; // a missing requestId means none
    const json = JSON.stringify(record);
    const requestKey = record.requestId !== null ? `${record.policyId}\u0000${record.requestId}` : null;
    if (requestKey !== null) {
      const existing = await this.findByRequest(record.policyId, record.requestId!);
      if (existing) return { record: existing, duplicate: true };
      const pending = this.pendingByRequest.get(requestKey);
      if (pending) {
        const first = await pending.catch(() => null);
        // The first append of this requestId failed: ours may still succeed.
        return first ? { record: JSON.parse(JSON.stringify(first)) as DecisionRecord, duplicate: true } : this.append(input);
      }
    }
    if (this.index.get(record.decisionId) >= 0 || this.pendingIds.has(record.decisionId)) {
      throw new StoreError('CONFLICT', `decision ${record.decisionId} exists already`);
    }
    const done = new Promise<DecisionRecord>((resolve, reject) => {
      this.queue.push({ record, line: frameText(json), resolve, reject });
    });
    if (requestKey !== null) this.pendingByRequest.set(requestKey, done);
    this.pendingIds.add(record.decisionId);
    this.schedule();
    try {
      return { record: await done, duplicate: false };
    } finally {
      if (requestKey !== null) this.pendingByRequest.delete(requestKey);
      this.pendingIds.delete(record.decisionId);
    }
  }

  private schedule(): void {
    if (this.drainPromise || this.timer) return; // a running drain picks up what was queued meanwhile
    const fire = () => {
      this.timer = null;
      this.drainPromise = this.drain();
    };
    this.timer = this.options.groupCommitMs > 0 ? setTimeout(fire, this.options.groupCommitMs) : (setImmediate(fire) as unknown as NodeJS.Timeout);
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.writeBatch(this.queue.splice(0, MAX_BATCH));
    } finally {
      this.drainPromise = null; // set in the same turn as the empty-queue check: no append is stranded
    }
  }

  /** One write + one fsync for the whole batch; never throws (each caller gets the outcome). */
  private async writeBatch(batch: PendingAppend[]): Promise<void> {
    const path = join(this.dir, segmentName(this.activeSegment));
    try {
      if (this.dirty) {
        await this.disk.truncate(this.activeHandle, path, this.activeSize);
        this.dirty = false;
      }
      if (this.activeSize >= this.options.segmentBytes) await this.rotate();
    } catch (err) {
      for (const p of batch) p.reject(unavailable(`preparing the decision log`, err));
      return;
    }
    const activePath = join(this.dir, segmentName(this.activeSegment));
    try {
      await this.disk.writeDurable(this.activeHandle, activePath, Buffer.concat(batch.map((p) => p.line)), this.activeSize);
    } catch (err) {
      await this.disk.truncate(this.activeHandle, activePath, this.activeSize).catch(() => {
        this.dirty = true;
      });
      const error = unavailable(`writing ${activePath}`, err);
      for (const p of batch) p.reject(error);
      return;
    }
    let offset = this.activeSize;
    for (const p of batch) {
      this.index.add(p.record as DecisionRecord & { requestId: string | null }, { segment: this.activeSegment, offset, length: p.line.length });
      offset += p.line.length;
    }
    this.activeSize = offset;
    for (const p of batch) p.resolve(p.record);
  }

  private async rotate(): Promise<void> {
    const next = this.activeSegment + 1;
    const handle = await this.disk.openReadWrite(join(this.dir, segmentName(next)));
    this.readers.set(next, handle);
    this.activeSegment = next;
    this.activeHandle = handle;
    this.activeSize = 0;
  }

  async get(decisionId: string): Promise<DecisionRecord | null> {
    const row = this.index.get(decisionId);
    return row < 0 ? null : this.read(this.index.place(row), decisionId);
  }

  async findByRequest(policyId: string, requestId: string): Promise<DecisionRecord | null> {
    const row = this.index.rowForRequest(policyId, requestId);
    if (row < 0) return null;
    const record = await this.read(this.index.place(row), this.index.position(row).id);
    return record.policyId === policyId && record.requestId === requestId ? record : null; // the index keeps digests, the record decides
  }

  async list(filter: DecisionFilter): Promise<Page<DecisionRecord>> {
    const limit = pageLimit(filter.limit);
    const rows = this.index.query({
      policyId: filter.policyId,
      customerId: filter.customerId,
      outcome: filter.outcome,
      from: filter.from,
      to: filter.to,
      after: filter.cursor ? decodeDecisionCursor(filter.cursor) : undefined,
      limit,
    });
    const page = rows.slice(0, limit);
    const items = await Promise.all(page.map((row) => this.read(this.index.place(row), this.index.position(row).id)));
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > limit && last !== undefined ? encodeDecisionCursor(this.index.position(last)) : null };
  }

  private async read(place: DecisionPlace, decisionId: string): Promise<DecisionRecord> {
    let handle = this.readers.get(place.segment);
    if (!handle) {
      handle = await open(join(this.dir, segmentName(place.segment)), 'r');
      this.readers.set(place.segment, handle);
    }
    const buf = Buffer.alloc(place.length);
    try {
      await handle.read(buf, 0, place.length, place.offset);
    } catch (err) {
      throw unavailable(`reading decision ${decisionId}`, err);
    }
    const line = scanOneLine(buf);
    if (!line) throw new StoreError('UNAVAILABLE', `decision ${decisionId} is unreadable on disk`);
    return line.value as DecisionRecord;
  }

  /** Waits for queued appends to be written, then closes the files. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) {
      clearTimeout(this.timer);
      clearImmediate(this.timer as unknown as NodeJS.Immediate);
      this.timer = null;
      this.drainPromise = this.drain();
    }
    await this.drainPromise;
    await Promise.all([...this.readers.values()].map((h) => h.close().catch(() => undefined)));
    this.readers.clear();
  }
}
