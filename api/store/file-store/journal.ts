/**
 * The journal: append-only segment files of commits (one framed line each, carrying the changed
 * records and their audit entry, so both survive a crash or neither does), and a snapshot of the
 * in-memory state written each time a new segment starts.
 *
 *   journal/00000001.ndjson …   segments; the highest is the one appended to
 *   state.snapshot              state + indexes as of the start of segment `segment`
 *
 * Segments are never rewritten (only a torn tail is cut off): they are where the audit trail,
 * approval requests and alerts are read from. Opening = load the snapshot, replay the segments
 * from its `segment` on, cut off a torn tail.
 */
import { readdir, open, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError } from '../store.js';
import { Disk, readIfExists, unavailable } from './disk.js';
import { frameLine, scanFramed, scanOneLine } from './framed-lines.js';
import { applyCommit, fromSnapshot, toSnapshot, type Commit, type LinePlace, type SnapshotData, type StoreState } from './store-state.js';

export const JOURNAL_DIR = 'journal';
export const SNAPSHOT_FILE = 'state.snapshot';
/** The single journal file of data folders written before segments existed. */
export const LEGACY_JOURNAL_FILE = 'journal.ndjson';

const SEGMENT_NAME = /^(\d{8})\.ndjson$/;
const segmentName = (n: number) => `${String(n).padStart(8, '0')}.ndjson`;

export type Warn = (message: string) => void;

export class Journal {
  /** Set when a failed append could not be rolled back: the next append must truncate first. */
  private dirty = false;
  private readonly readers = new Map<number, FileHandle>();

  private constructor(
    private readonly disk: Disk,
    private readonly dir: string,
    private readonly snapshotPath: string,
    private active: number,
    private handle: FileHandle,
    private size: number,
  ) {
    this.readers.set(active, handle);
  }

  /** Bytes in the segment being appended to. */
  get bytes(): number {
    return this.size;
  }

  segmentPath(segment: number): string {
    return join(this.dir, segmentName(segment));
  }

  static async open(dataDir: string, disk: Disk, warn: Warn): Promise<{ journal: Journal; state: StoreState }> {
    if (await stat(join(dataDir, LEGACY_JOURNAL_FILE)).then(() => true, () => false)) {
      throw new StoreError('UNAVAILABLE', `${dataDir} holds a journal.ndjson: a data folder of creditgraph 0.1, before journal segments. Export its policies with that version, or start from an empty folder.`);
    }
    const dir = join(dataDir, JOURNAL_DIR);
    await disk.mkdirp(dir).catch((err) => {
      throw unavailable(`creating ${dir}`, err);
    });
    const snapshotPath = join(dataDir, SNAPSHOT_FILE);
    const snapshot = await loadSnapshot(snapshotPath, warn);
    const state = fromSnapshot(snapshot);
    const first = snapshot?.segment ?? 1;
    const segments = (await readdir(dir))
      .map((name) => SEGMENT_NAME.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .filter((n) => n >= first)
      .sort((a, b) => a - b);
    if (segments.length === 0) segments.push(first);

    let handle: FileHandle | undefined;
    let size = 0;
    for (const [i, segment] of segments.entries()) {
      const path = join(dir, segmentName(segment));
      const buf = (await readIfExists(path)) ?? Buffer.alloc(0);
      const scan = scanFramed(buf);
      for (const line of scan.lines) {
        if (line.state === 'unreadable') {
          throw new StoreError('UNAVAILABLE', `journal ${path} is corrupt at byte ${line.offset} (an unreadable record before valid ones; not a torn write). Restore it from a backup.`);
        }
        if (line.state === 'checksum-mismatch') warn(`journal ${path}: record at byte ${line.offset} does not match its checksum (edited on disk?); the audit chain check will tell what changed`);
        const commit = line.value as Commit;
        if (commit.n > state.commits) applyCommit(state, commit, { segment, offset: line.offset, length: line.length });
      }
      if (i < segments.length - 1) {
        if (scan.tailBytes > 0) warn(`journal ${path}: ignoring ${scan.tailBytes} bytes of invalid data at the end of a closed segment`);
        continue;
      }
      handle = await disk.openReadWrite(path).catch((err) => {
        throw unavailable(`opening ${path}`, err);
      });
      size = scan.validLength;
      if (scan.tailBytes > 0) {
        warn(`journal ${path}: dropping ${scan.tailBytes} bytes of torn or invalid data at the end (a write interrupted by a crash)`);
        await disk.truncate(handle, path, size).catch(async (err) => {
          await handle!.close();
          throw unavailable(`truncating ${path}`, err);
        });
      }
    }
    return { journal: new Journal(disk, dir, snapshotPath, segments[segments.length - 1]!, handle!, size), state };
  }

  /** Durably appends one commit and tells where it lies; throws StoreError('UNAVAILABLE') and leaves the file as it was on failure. */
  async append(commit: Commit): Promise<LinePlace> {
    const line = frameLine(commit);
    const path = this.segmentPath(this.active);
    try {
      if (this.dirty) {
        await this.disk.truncate(this.handle, path, this.size);
        this.dirty = false;
      }
      await this.disk.writeDurable(this.handle, path, line, this.size);
    } catch (err) {
      // Undo a partial write so it is neither replayed nor glued to the next record.
      await this.disk.truncate(this.handle, path, this.size).catch(() => {
        this.dirty = true;
      });
      throw unavailable(`writing ${path}`, err);
    }
    const place = { segment: this.active, offset: this.size, length: line.length };
    this.size += line.length;
    return place;
  }

  /**
   * Starts the next segment, then snapshots the state as of its start. A crash in between is
   * harmless: the older snapshot replays the extra segment. Throws if the new segment cannot be
   * created (appends then continue in the current one).
   */
  async rotate(state: StoreState): Promise<void> {
    const next = this.active + 1;
    const handle = await this.disk.openReadWrite(this.segmentPath(next));
    if (this.dirty) await this.disk.truncate(this.handle, this.segmentPath(this.active), this.size).catch(() => undefined);
    this.readers.set(next, handle);
    this.active = next;
    this.handle = handle;
    this.size = 0;
    this.dirty = false;
    await this.disk.writeFileAtomic(this.snapshotPath, frameLine(toSnapshot(state, next)));
  }

  /** The commit whose line lies at `place`. */
  async read(place: LinePlace): Promise<Commit> {
    const buf = Buffer.alloc(place.length);
    const path = this.segmentPath(place.segment);
    try {
      let handle = this.readers.get(place.segment);
      if (!handle) {
        handle = await open(path, 'r');
        this.readers.set(place.segment, handle);
      }
      await handle.read(buf, 0, place.length, place.offset);
    } catch (err) {
      throw unavailable(`reading ${path}`, err);
    }
    const line = scanOneLine(buf);
    if (!line) {
      throw new StoreError('UNAVAILABLE', `journal ${path}: no record at byte ${place.offset} (edited on disk?)`);
    }
    return line.value as Commit;
  }

  /** The commits at `places`, in order; each segment is read once per run of places in it (audit verification reads everything). */
  async *readAll(places: Iterable<LinePlace>): AsyncIterable<Commit> {
    let segment = -1;
    let buf: Buffer = Buffer.alloc(0);
    for (const place of places) {
      if (place.segment !== segment) {
        segment = place.segment;
        const path = this.segmentPath(segment);
        buf = await readIfExists(path).then(
          (b) => b ?? Buffer.alloc(0),
          (err) => {
            throw unavailable(`reading ${path}`, err);
          },
        );
      }
      const line = scanOneLine(buf.subarray(place.offset, place.offset + place.length));
      if (!line) {
        throw new StoreError('UNAVAILABLE', `journal ${this.segmentPath(segment)}: no record at byte ${place.offset} (edited on disk?)`);
      }
      yield line.value as Commit;
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.readers.values()].map((h) => h.close().catch(() => undefined)));
    this.readers.clear();
  }
}

async function loadSnapshot(path: string, warn: Warn): Promise<SnapshotData | null> {
  const buf = await readIfExists(path);
  if (!buf) return null;
  const scan = scanFramed(buf);
  const line = scan.lines.length === 1 && scan.tailBytes === 0 ? scan.lines[0] : undefined;
  // The snapshot is replaced by rename, never torn: anything else is damage we must not guess around.
  if (!line || line.state === 'unreadable') throw new StoreError('UNAVAILABLE', `snapshot ${path} is corrupt. Restore it from a backup.`);
  if (line.state === 'checksum-mismatch') warn(`snapshot ${path} does not match its checksum (edited on disk?); the audit chain check will tell what changed`);
  const data = line.value as SnapshotData;
  if (data.format !== 2) throw new StoreError('UNAVAILABLE', `snapshot ${path} is from an older creditgraph (before journal segments); start from an empty folder.`);
  return data;
}

