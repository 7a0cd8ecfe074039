/**
 * The journal: an append-only file of commits (one framed line each, carrying the changed records
 * and their audit entry, so both survive a crash or neither does), plus a snapshot written at
 * compaction. Opening = load snapshot, replay the journal, cut off a torn tail.
 */
import { stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError } from '../store.js';
import { Disk, readIfExists, unavailable } from './disk.js';
import { frameLine, scanFramed } from './framed-lines.js';
import { applyCommit, emptyState, fromSnapshot, toSnapshot, type Commit, type SnapshotData, type StoreState } from './store-state.js';

export const JOURNAL_FILE = 'journal.ndjson';
export const SNAPSHOT_FILE = 'state.snapshot';

export type Warn = (message: string) => void;

export class Journal {
  /** Set when a failed append could not be rolled back: the next append must truncate first. */
  private dirty = false;
  /** Set while compaction may have replaced the file under our handle: never append to an unlinked inode. */
  private replacing = false;

  private constructor(
    private readonly disk: Disk,
    private readonly path: string,
    private readonly snapshotPath: string,
    private handle: FileHandle,
    private size: number,
  ) {}

  get bytes(): number {
    return this.size;
  }

  static async open(dir: string, disk: Disk, warn: Warn): Promise<{ journal: Journal; state: StoreState }> {
    const path = join(dir, JOURNAL_FILE);
    const snapshotPath = join(dir, SNAPSHOT_FILE);
    const { state, lastSeq } = await loadSnapshot(snapshotPath, warn);
    const snapshotCommits = state.commits;

    const buf = (await readIfExists(path)) ?? Buffer.alloc(0);
    const scan = scanFramed(buf);
    for (const line of scan.lines) {
      if (line.state === 'unreadable') {
        throw new StoreError('UNAVAILABLE', `journal ${path} is corrupt at byte ${line.offset} (an unreadable record before valid ones; not a torn write). Restore it from a backup.`);
      }
      if (line.state === 'checksum-mismatch') warn(`journal ${path}: record at byte ${line.offset} does not match its checksum (edited on disk?); the audit chain check will tell what changed`);
      const commit = line.value as Commit;
      // Numbered commits are ordered by n (some carry no audit entry); older ones by audit seq.
      const fresh = commit.n !== undefined ? commit.n > snapshotCommits : commit.audit !== null && commit.audit.seq > lastSeq;
      if (fresh) applyCommit(state, commit);
    }

    const handle = await disk.openReadWrite(path).catch((err) => {
      throw unavailable(`opening ${path}`, err);
    });
    if (scan.tailBytes > 0) {
      warn(`journal ${path}: dropping ${scan.tailBytes} bytes of torn or invalid data at the end (a write interrupted by a crash)`);
      await disk.truncate(handle, path, scan.validLength).catch(async (err) => {
        await handle.close();
        throw unavailable(`truncating ${path}`, err);
      });
    }
    return { journal: new Journal(disk, path, snapshotPath, handle, scan.validLength), state };
  }

  /** Durably appends one commit; throws StoreError('UNAVAILABLE') and leaves the file as it was on failure. */
  async append(commit: Commit): Promise<void> {
    const line = frameLine(commit);
    try {
      if (this.replacing) await this.followReplacement();
      if (this.dirty) {
        await this.disk.truncate(this.handle, this.path, this.size);
        this.dirty = false;
      }
      await this.disk.writeDurable(this.handle, this.path, line, this.size);
    } catch (err) {
      // Undo a partial write so it is neither replayed nor glued to the next record.
      await this.disk.truncate(this.handle, this.path, this.size).catch(() => {
        this.dirty = true;
      });
      throw unavailable(`writing ${this.path}`, err);
    }
    this.size += line.length;
  }

  /** Snapshot the state, then start an empty journal. A crash in between is harmless: replay skips seq ≤ snapshot. */
  async compact(state: StoreState): Promise<void> {
    await this.disk.writeFileAtomic(this.snapshotPath, frameLine(toSnapshot(state)));
    this.replacing = true;
    await this.disk.writeFileAtomic(this.path, '');
    await this.followReplacement();
  }

  /** After a compaction (complete or not): append to whatever file is now at `path`. */
  private async followReplacement(): Promise<void> {
    const [current, onDisk] = await Promise.all([this.handle.stat(), stat(this.path)]);
    if (current.ino !== onDisk.ino) {
      const fresh = await this.disk.openReadWrite(this.path);
      await this.handle.close().catch(() => undefined);
      this.handle = fresh;
      this.size = (await fresh.stat()).size;
      this.dirty = false;
    }
    this.replacing = false;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

async function loadSnapshot(path: string, warn: Warn): Promise<{ state: StoreState; lastSeq: number }> {
  const buf = await readIfExists(path);
  if (!buf) return { state: emptyState(), lastSeq: 0 };
  const scan = scanFramed(buf);
  const line = scan.lines.length === 1 && scan.tailBytes === 0 ? scan.lines[0] : undefined;
  // The snapshot is replaced by rename, never torn: anything else is damage we must not guess around.
  if (!line || line.state === 'unreadable') throw new StoreError('UNAVAILABLE', `snapshot ${path} is corrupt. Restore it from a backup.`);
  if (line.state === 'checksum-mismatch') warn(`snapshot ${path} does not match its checksum (edited on disk?); the audit chain check will tell what changed`);
  const data = line.value as SnapshotData;
  return { state: fromSnapshot(data), lastSeq: data.lastSeq };
}
