/**
 * Where the integrity keys come from: a key file outside DATA_DIR, generated with a log line on a
 * first start outside production, required in production (the server refuses to start), never
 * inside DATA_DIR; `keyedFrom` recorded once so an older, unkeyed chain still verifies.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultKeyFile, KeyError, loadServerKeys, recordKeyedFrom } from '../../api/integrity/server-keys.js';
import { main } from '../../bin/cli.js';
import { ROOT } from '../reliability/support/server-process.js';

const dir = mkdtempSync(path.join(tmpdir(), 'creditgraph-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the integrity keys', () => {
  it('are generated outside DATA_DIR on a first start outside production, with a log line, then reused', () => {
    const dataDir = path.join(dir, 'data');
    const logs: string[] = [];
    const first = loadServerKeys({ env: {}, dataDir, production: false, log: (m) => logs.push(m) });
    const file = defaultKeyFile(dataDir);
    expect(first.file).toBe(file);
    expect(file.startsWith(dataDir + path.sep)).toBe(false);
    expect(logs).toEqual([expect.stringContaining(`generated the integrity keys (audit HMAC key, Ed25519 signing key) in ${file}`)]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = loadServerKeys({ env: {}, dataDir, production: true, log: (m) => logs.push(m) });
    expect(again.fingerprint).toBe(first.fingerprint);
    expect(logs).toHaveLength(1);
    // keyedFrom: recorded once, as the seq after the last entry of the chain found at that start.
    const keyed = recordKeyedFrom(again, 41, (m) => logs.push(m));
    expect(keyed.keyedFrom).toBe(42);
    expect(JSON.parse(readFileSync(file, 'utf8')).keyedFrom).toBe(42);
    expect(recordKeyedFrom(loadServerKeys({ env: {}, dataDir, production: true, log: () => {} }), 99, () => {}).keyedFrom).toBe(42);
    expect(logs[1]).toContain('keyed from entry 42');
  });

  it('are refused missing in production, inside DATA_DIR, or half given', () => {
    const dataDir = path.join(dir, 'prod-data');
    expect(() => loadServerKeys({ env: {}, dataDir, production: true, log: () => {} })).toThrow(/NODE_ENV=production needs the integrity keys.*creditgraph init-keys/);
    expect(() => loadServerKeys({ env: { CREDITGRAPH_KEY_FILE: path.join(dataDir, 'keys.json') }, dataDir, production: false, log: () => {} })).toThrow(/inside DATA_DIR/);
    expect(() => loadServerKeys({ env: { CREDITGRAPH_AUDIT_KEY: 'ab'.repeat(32) }, dataDir, production: false, log: () => {} })).toThrow(KeyError);
  });

  it('init-keys writes a file production accepts, and never overwrites one', async () => {
    const file = path.join(dir, 'etc', 'integrity-keys.json');
    const out: string[] = [];
    expect(await main(['init-keys', file], { out: (l) => out.push(l), err: (l) => out.push(l) })).toBe(0);
    expect(loadServerKeys({ env: { CREDITGRAPH_KEY_FILE: file }, dataDir: path.join(dir, 'x'), production: true, log: () => {} }).keyedFrom).toBeNull();
    expect(await main(['init-keys', file], { out: (l) => out.push(l), err: (l) => out.push(l) })).toBe(2);
    expect(out.join('\n')).toContain('never overwritten');
  });

  it('the real server refuses to start in production without them, saying how to make them', () => {
    const dataDir = path.join(dir, 'server-data');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 300_000,
      env: { ...process.env, NODE_ENV: 'production', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', MONGODB_URI: '', CREDITGRAPH_KEY_FILE: '', CREDITGRAPH_AUDIT_KEY: '', CREDITGRAPH_SIGNING_KEY: '' },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('NODE_ENV=production needs the integrity keys');
  });
});
