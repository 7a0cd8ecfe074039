/**
 * Every write-side file operation of the file store goes through `Disk`, for two reasons:
 * each one maps an OS error (ENOSPC, EROFS, EACCES, EIO…) to StoreError('UNAVAILABLE'), and a
 * test can inject such an error at a chosen operation (`faults`) — as root, chmod cannot make a
 * folder read-only, so that is the honest way to exercise the failure paths.
 */
import { chmod, open, rename, mkdir, readdir, readFile, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { StoreError } from '../store.js';

export type DiskOp = 'open' | 'write' | 'fsync' | 'truncate' | 'rename' | 'mkdir';

/** Called before each write-side operation; throw (e.g. an Error with code 'ENOSPC') to simulate a fault. */
export type FaultHook = (op: DiskOp, path: string) => void;

export function unavailable(what: string, err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  const e = err as NodeJS.ErrnoException;
  return new StoreError('UNAVAILABLE', `${what} failed: ${e?.code ?? 'ERROR'} ${e?.message ?? String(err)}`);
}

/**
 * The data folder holds every fact ever decided on and the webhook signing secrets: only the
 * account running the server may read it (files 0600, folders 0700), whatever the umask.
 */
export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/** Brings a data folder written by an older version (0644 files) down to 0600/0700, recursively. */
export async function tightenPermissions(dir: string): Promise<void> {
  await chmod(dir, DIR_MODE);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) await tightenPermissions(p);
    else if (entry.isFile()) await chmod(p, FILE_MODE);
  }
}

export class Disk {
  constructor(private readonly faults?: FaultHook) {}

  private check(op: DiskOp, path: string): void {
    this.faults?.(op, path);
  }

  async mkdirp(path: string): Promise<void> {
    this.check('mkdir', path);
    await mkdir(path, { recursive: true, mode: DIR_MODE });
  }

  /** Opens for positional reads and writes, creating the file if needed. */
  async openReadWrite(path: string): Promise<FileHandle> {
    this.check('open', path);
    try {
      return await open(path, 'r+');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      const handle = await open(path, 'w+', FILE_MODE);
      await this.fsyncDir(dirname(path)); // the new name itself must survive a crash
      return handle;
    }
  }

  /** Writes all of `data` at `position` and fsyncs: returns only once the bytes are durable. */
  async writeDurable(handle: FileHandle, path: string, data: Buffer, position: number): Promise<void> {
    this.check('write', path);
    let done = 0;
    while (done < data.length) {
      const { bytesWritten } = await handle.write(data, done, data.length - done, position + done);
      done += bytesWritten;
    }
    this.check('fsync', path);
    await handle.datasync();
  }

  async truncate(handle: FileHandle, path: string, length: number): Promise<void> {
    this.check('truncate', path);
    await handle.truncate(length);
    await handle.datasync();
  }

  /** Replace `path` atomically: temp file, fsync, rename, fsync of the folder. */
  async writeFileAtomic(path: string, data: Buffer | string): Promise<void> {
    const tmp = `${path}.tmp`;
    this.check('open', tmp);
    const handle = await open(tmp, 'w', FILE_MODE);
    try {
      this.check('write', tmp);
      await handle.writeFile(data);
      this.check('fsync', tmp);
      await handle.sync();
    } finally {
      await handle.close();
    }
    this.check('rename', path);
    await rename(tmp, path);
    await this.fsyncDir(dirname(path));
  }

  async fsyncDir(path: string): Promise<void> {
    this.check('fsync', path);
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}

export async function readIfExists(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
