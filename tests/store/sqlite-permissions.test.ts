/**
 * Issue 13 row 11: the data folder holds every fact decided on and the webhook signing secrets, so
 * only the server's account may read it: 0600 files, 0700 folders — for new data, and for a folder
 * written by an older version with 0644 files (tightened on open). On the SQLite store: the
 * database and its -wal and -shm files.
 */
import { chmod, mkdtemp, readdir, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../api/store/sqlite-store/sqlite-store.js';
import { webhookCreated } from '../../api/domain/audit-events.js';
import type { WebhookRecord } from '../../api/store/store.js';
import { decision, policyDoc, writes } from './store-fixtures.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function modes(dir: string): Promise<{ path: string; mode: number; dir: boolean }[]> {
  const out = [{ path: dir, mode: (await stat(dir)).mode & 0o777, dir: true }];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await modes(p)));
    else out.push({ path: p, mode: (await stat(p)).mode & 0o777, dir: false });
  }
  return out;
}

describe('SQLite store permissions', () => {
  it('writes 0600 files in 0700 folders, even with a permissive umask', async () => {
    const parent = await mkdtemp(path.join(tmpdir(), 'cg-perm-'));
    dirs.push(parent);
    const dataDir = path.join(parent, 'data');
    const old = process.umask(0o000);
    try {
      const store = new SqliteStore({ dataDir, log: () => undefined });
      await store.init();
      await writes.create(store, policyDoc('perm-policy'));
      const hook: WebhookRecord = { id: 'whk_1', url: 'https://example.com/hook', events: ['alert.raised'], secret: 'whsec_x', description: null, active: true, createdAt: new Date().toISOString(), createdBy: 'adam' };
      await store.createWebhook(hook, webhookCreated(hook, { actor: 'adam' }));
      await store.appendDecision(decision({ policyId: 'perm-policy' }));
      const seen = await modes(dataDir);
      await store.close();
      expect(seen.filter((e) => !e.dir).length).toBeGreaterThan(1);
      for (const e of seen) expect({ path: e.path, mode: e.mode.toString(8) }).toEqual({ path: e.path, mode: e.dir ? '700' : '600' });
    } finally {
      process.umask(old);
    }
  });

  it('tightens a data folder written with 0644 files and 0755 folders when it opens it (its own files; the folder closes the rest)', async () => {
    const parent = await mkdtemp(path.join(tmpdir(), 'cg-perm-'));
    dirs.push(parent);
    const dataDir = path.join(parent, 'data');
    const first = new SqliteStore({ dataDir, log: () => undefined });
    await first.init();
    await writes.create(first, policyDoc('perm-policy'));
    await first.close();
    await mkdir(path.join(dataDir, 'extra'), { recursive: true });
    await writeFile(path.join(dataDir, 'extra', 'note.txt'), 'x');
    for (const e of await modes(dataDir)) await chmod(e.path, e.dir ? 0o755 : 0o644);
    const again = new SqliteStore({ dataDir, log: () => undefined });
    await again.init();
    await writes.create(again, policyDoc('perm-policy-2'));
    const seen = await modes(dataDir);
    await again.close();
    // The folder is the server's alone again, so nothing in it can be reached by other accounts;
    // the database and its -wal / -shm files are 0600 themselves. Files the store did not write
    // (an old file-store folder being imported, say) are left as they are.
    const own = seen.filter((e) => e.path === dataDir || path.basename(e.path).startsWith('creditgraph.sqlite'));
    expect(own.map((e) => path.basename(e.path)).sort()).toEqual(['creditgraph.sqlite', 'creditgraph.sqlite-shm', 'creditgraph.sqlite-wal', 'data']);
    for (const e of own) expect({ path: e.path, mode: e.mode.toString(8) }).toEqual({ path: e.path, mode: e.dir ? '700' : '600' });
  });
});
