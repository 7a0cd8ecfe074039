/**
 * One process owns a data folder: the file store keeps its state in memory and appends at
 * offsets it tracks, so a second writer would corrupt it. The lock file holds the owner's pid;
 * a lock left by a dead process (kill -9) is taken over.
 */
import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError } from '../store.js';

const heldInThisProcess = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

export interface DataLock {
  release(): Promise<void>;
}

export async function acquireDataLock(dir: string): Promise<DataLock> {
  const path = join(dir, 'LOCK');
  if (heldInThisProcess.has(path)) throw new StoreError('UNAVAILABLE', `data folder ${dir} is already open in this process`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.sync();
      await handle.close();
      heldInThisProcess.add(path);
      return {
        async release() {
          heldInThisProcess.delete(path);
          await unlink(path).catch(() => undefined);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StoreError('UNAVAILABLE', `cannot lock data folder ${dir}: ${(err as Error).message}`);
      }
    }
    const content = await readFile(path, 'utf8').catch(() => '');
    const pid = Number.parseInt(content.trim(), 10);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
      throw new StoreError('UNAVAILABLE', `data folder ${dir} is in use by process ${pid} (lock file ${path}); one process owns a file store`);
    }
    // Stale: its owner is gone. Re-read just before removing, so a lock another starter has just
    // taken over is not removed (a narrow race remains: two starters taking over the same stale lock).
    if ((await readFile(path, 'utf8').catch(() => '')) === content) await unlink(path).catch(() => undefined);
  }
  throw new StoreError('UNAVAILABLE', `cannot lock data folder ${dir}: another process raced for it`);
}
