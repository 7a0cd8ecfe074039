/**
 * Which store serves: SQLite in DATA_DIR unless MONGODB_URI is set. The hand-made file store was
 * removed, so `STORE=file` (or any value but `sqlite`) stops the real server at start with one
 * message naming the allowed values — before anything is written in DATA_DIR.
 */
import { spawn } from 'node:child_process';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore } from '../../api/store/create-store.js';
import { ROOT, tempDir } from '../reliability/support/server-process.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function start(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', NODE_ENV: 'test', LOG_LEVEL: 'warn', MONGODB_URI: '', WORKERS: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    child.once('exit', (code) => resolve({ code, out }));
  });
}

describe('choosing the store', () => {
  it.each([
    ['file', /STORE=file is no longer supported.*Allowed values of STORE: sqlite/],
    ['postgres', /STORE must be one of: sqlite \(got postgres\)/],
  ])('STORE=%s: the server exits 1 with one line naming the allowed values, writing nothing', async (value, message) => {
    const parent = await tempDir('cg-store-choice-');
    dirs.push(parent);
    const dataDir = path.join(parent, 'data');
    const r = await start({ STORE: value, DATA_DIR: dataDir });
    expect(r.code).toBe(1);
    const lines = r.out.trim().split('\n');
    expect(lines, r.out).toHaveLength(1);
    expect(lines[0]).toMatch(/^creditgraph: /);
    expect(lines[0]).toMatch(message);
    expect(await readdir(parent)).toEqual([]); // no data folder created
  }, 60_000);

  it('createStore refuses them too, and gives SQLite for sqlite or nothing', async () => {
    await expect(createStore({ STORE: 'file', DATA_DIR: '/nonexistent' })).rejects.toThrow(/Allowed values of STORE: sqlite/);
    await expect(createStore({ STORE: 'FILE ', DATA_DIR: '/nonexistent' })).rejects.toThrow(/no longer supported/);
    expect((await createStore({ DATA_DIR: '/nonexistent' })).kind).toBe('sqlite');
    expect((await createStore({ STORE: 'SQLite', DATA_DIR: '/nonexistent' })).kind).toBe('sqlite');
  });
});
