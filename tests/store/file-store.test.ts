/**
 * File-store specifics the contract cannot express: persistence across reopen, journal segments, torn
 * tails, tampering on disk, the single-owner lock, and disk faults (injected, and a real full disk
 * on a tmpfs when this machine allows mounting one).
 */
import { execFileSync, spawn } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../api/store/audit-chain.js';
import { FileStore, type FileStoreOptions } from '../../api/store/file-store/file-store.js';
import type { DiskOp } from '../../api/store/file-store/disk.js';
import { StoreError, type AuditEntry, type CreditgraphStore } from '../../api/store/store.js';
import { alertRecord, approvalRecord, decision, hashOf, policyDoc, writes } from './store-fixtures.js';

const dirs: string[] = [];
const stores: FileStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close().catch(() => undefined);
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cg-fs-'));
  dirs.push(dir);
  return dir;
}

async function openStore(dataDir: string, options: Partial<FileStoreOptions> = {}): Promise<FileStore> {
  const store = new FileStore({ dataDir, warn: () => undefined, ...options });
  await store.init();
  stores.push(store);
  return store;
}

async function closeStore(store: FileStore): Promise<void> {
  await store.close();
  stores.splice(stores.indexOf(store), 1);
}

const who = (actor: string, comment?: string) => ({ actor, comment });

/** Everything observable through the interface, for before/after comparisons. */
async function dump(store: CreditgraphStore) {
  const policies = await store.listPolicies();
  const audit: AuditEntry[] = [];
  for await (const e of store.allAudit()) audit.push(e);
  const perPolicy = await Promise.all(
    policies.map(async (p) => ({
      draft: await store.getDraft(p.id),
      versions: await Promise.all((await store.listVersions(p.id)).map((v) => store.getVersion(p.id, v.version))),
    })),
  );
  const users = await store.listUsers();
  const keys = await Promise.all(users.map((u) => store.listApiKeys(u.id)));
  const decisions = (await store.listDecisions({ limit: 500 })).items;
  return { policies, perPolicy, audit, users, keys, decisions };
}

async function workload(store: CreditgraphStore, id = 'p-w') {
  const draft = await writes.create(store, policyDoc(id), 'ana', 'create');
  const saved = await writes.save(store, policyDoc(id, 'edited'), draft.etag);
  const sub = await writes.submit(store, id, saved.etag);
  await writes.publish(store, id, sub.etag);
  await store.createUser({ id: `u-${id}`, name: 'U', roles: ['viewer'], delegationLevel: null, createdAt: '2026-01-01T00:00:00.000Z', disabled: false }, who('adam'));
  await store.createApiKey({ id: `k-${id}`, userId: `u-${id}`, keyHash: createHash('sha256').update(id).digest('hex'), prefix: 'cg_x', createdAt: '2026-01-01T00:00:00.000Z', revokedAt: null }, who('adam'));
  for (let i = 0; i < 5; i++) await store.appendDecision(decision({ policyId: id, requestId: `${id}-r${i}` }));
}

/** The journal segment file number `n` (1 is the first; the highest is appended to). */
const segment = (dir: string, n = 1) => path.join(dir, 'journal', `${String(n).padStart(8, '0')}.ndjson`);

const fsError = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

describe('file store: persistence', () => {
  it('reopens with exactly the state it had', async () => {
    const dir = await tempDir();
    const store = await openStore(dir);
    await workload(store, 'p-a');
    await workload(store, 'p-b');
    const before = await dump(store);
    await closeStore(store);
    const reopened = await openStore(dir);
    expect(await dump(reopened)).toStrictEqual(before);
    expect((await verifyAuditChain(reopened.allAudit())).intact).toBe(true);
  });

  it('starts new journal segments with a snapshot, and replays snapshot + segments correctly', async () => {
    const dir = await tempDir();
    const store = await openStore(dir, { compactBytes: 4096 });
    await workload(store, 'p-a');
    await workload(store, 'p-b');
    const before = await dump(store);
    expect((await stat(path.join(dir, 'state.snapshot'))).size).toBeGreaterThan(0);
    const segments = (await readdir(path.join(dir, 'journal'))).sort();
    expect(segments.length).toBeGreaterThan(2);
    // A segment closes once it passes 4 KiB: all but its last line fit under that.
    for (const name of segments.slice(0, -1)) {
      const content = await readFile(path.join(dir, 'journal', name));
      expect(content.lastIndexOf(0x0a, content.length - 2) + 1).toBeLessThan(4096);
    }
    await closeStore(store);
    const reopened = await openStore(dir);
    expect(await dump(reopened)).toStrictEqual(before);
    expect((await verifyAuditChain(reopened.allAudit())).intact).toBe(true);
  });

  it('survives a crash between starting a segment and writing its snapshot (an older snapshot, or none)', async () => {
    const dir = await tempDir();
    const store = await openStore(dir, { compactBytes: 1 }); // every commit starts a new segment
    await workload(store, 'p-a');
    const olderSnapshot = await readFile(path.join(dir, 'state.snapshot'));
    await workload(store, 'p-b');
    const before = await dump(store);
    await closeStore(store);
    // As if the process died after creating the newest segments but before their snapshots:
    await writeFile(path.join(dir, 'state.snapshot'), olderSnapshot);
    const reopened = await openStore(dir);
    expect(await dump(reopened)).toStrictEqual(before);
    await closeStore(reopened);
    await rm(path.join(dir, 'state.snapshot')); // no snapshot at all: replay every segment
    expect(await dump(await openStore(dir))).toStrictEqual(before);
  });

  it('finds every approval request, alert and decision again through indexes reloaded from snapshots', async () => {
    const dir = await tempDir();
    const store = await openStore(dir, { compactBytes: 64 * 1024 }); // many segments and snapshots
    const n = 1600;
    const at = (i: number) => new Date(Date.UTC(2026, 2, 1) + i * 60_000).toISOString();
    for (let i = 0; i < n; i++) {
      await store.createApproval({ approval: approvalRecord(`apr-${i}`, at(i), `C-${i % 40}`), deliveries: [], audit: who('erp') });
      if (i % 3 === 0) await store.raiseAlerts({ alerts: [alertRecord(`al-${i}`, `key-${i}`, at(i), `C-${i % 40}`)], deliveries: [], audit: who('erp') });
    }
    await Promise.all(Array.from({ length: n }, (_, i) => store.appendDecision(decision({ policyId: 'p-many', requestId: `r-${i}`, customerId: `C-${i % 40}` }))));
    const before = await dump(store);
    await closeStore(store);
    expect((await readdir(path.join(dir, 'journal'))).length).toBeGreaterThan(10);

    const reopened = await openStore(dir);
    expect(await dump(reopened)).toStrictEqual(before);
    for (let i = 0; i < n; i += 7) expect((await reopened.getApproval(`apr-${i}`))?.customerId).toBe(`C-${i % 40}`);
    expect(await reopened.getApproval('apr-missing')).toBeNull();
    expect(await reopened.listApprovals({ customerId: 'C-7' })).toHaveLength(n / 40);
    // Dedupe keys survive too: raising a known situation again stores nothing.
    expect(await reopened.raiseAlerts({ alerts: [alertRecord('al-again', 'key-300', at(1), 'C-0')], deliveries: [], audit: who('erp') })).toEqual([]);
    expect(await reopened.raiseAlerts({ alerts: [alertRecord('al-new', 'key-new', at(n), 'C-0')], deliveries: [], audit: who('erp') })).toHaveLength(1);
    expect((await reopened.listAlerts({ customerId: 'C-0', limit: 3 })).map((a) => a.id)).toEqual(['al-new', 'al-1560', 'al-1440']);
    expect((await reopened.findDecisionByRequestId('p-many', 'r-1234'))?.customerId).toBe('C-34');
    expect((await reopened.listDecisions({ customerId: 'C-5', limit: 500 })).items).toHaveLength(n / 40);
    expect((await verifyAuditChain(reopened.allAudit())).count).toBe(before.audit.length + 1);
  });

  it('refuses a data folder of the single-file journal format, touching nothing', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'journal.ndjson'), 'old format\n');
    const store = new FileStore({ dataDir: dir, warn: () => undefined });
    await expect(store.init()).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('creditgraph 0.1') });
    expect(await readFile(path.join(dir, 'journal.ndjson'), 'utf8')).toBe('old format\n');
    await expect(stat(path.join(dir, 'LOCK'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('file store: a new segment interrupted by a disk fault', () => {
  for (const [failOp, what] of [
    ['open', 'opening the new segment'],
    ['rename', 'renaming the new snapshot into place'],
  ] as const) {
    it(`a failure ${what} loses nothing and later writes land in the live segment`, async () => {
      const dir = await tempDir();
      let armed = false;
      const store = await openStore(dir, {
        compactBytes: 1,
        faults: (op, file) => {
          if (armed && op === failOp && (file.startsWith(path.join(dir, 'journal') + path.sep) || file === path.join(dir, 'state.snapshot'))) {
            armed = false;
            throw fsError('EIO');
          }
        },
      });
      await workload(store, 'p-a');
      armed = true;
      await store.appendAudit({ action: 'note.during', audit: who('sam') }); // acknowledged; its compaction fails
      expect(armed).toBe(false);
      await store.appendAudit({ action: 'note.after', audit: who('sam') });
      await workload(store, 'p-b');
      const before = await dump(store);
      await closeStore(store);
      const reopened = await openStore(dir);
      expect(await dump(reopened)).toStrictEqual(before);
      expect((await verifyAuditChain(reopened.allAudit())).intact).toBe(true);
    });
  }
});

describe('file store: torn writes', () => {
  it('ignores and truncates a torn last journal line', async () => {
    const dir = await tempDir();
    const store = await openStore(dir);
    await workload(store);
    const before = await dump(store);
    await closeStore(store);
    const journal = segment(dir);
    const size = (await stat(journal)).size;
    await appendFile(journal, '0123456789abcdef {"audit":{"seq":99,"act'); // a record cut short by a crash
    const warnings: string[] = [];
    const reopened = await openStore(dir, { warn: (m) => warnings.push(m) });
    expect(await dump(reopened)).toStrictEqual(before);
    expect(warnings.join('\n')).toMatch(/dropping \d+ bytes of torn/);
    expect((await stat(journal)).size).toBe(size);
    // New writes go after the last good record and survive another reopen.
    await reopened.appendAudit({ action: 'note.added', audit: who('sam') });
    await closeStore(reopened);
    const again = await openStore(dir);
    expect((await verifyAuditChain(again.allAudit())).count).toBe(before.audit.length + 1);
  });

  it('drops complete garbage lines and binary junk at the end of the journal', async () => {
    const dir = await tempDir();
    const store = await openStore(dir);
    await workload(store);
    const before = await dump(store);
    await closeStore(store);
    await appendFile(segment(dir), Buffer.concat([Buffer.from('garbage line\n'), Buffer.from([0, 0, 0, 0xff, 0x0a, 0x00])]));
    const reopened = await openStore(dir);
    expect(await dump(reopened)).toStrictEqual(before);
  });

  it('ignores and truncates a torn last decision record', async () => {
    const dir = await tempDir();
    const store = await openStore(dir);
    await workload(store);
    const before = await dump(store);
    await closeStore(store);
    const segment = path.join(dir, 'decisions', (await readdir(path.join(dir, 'decisions')))[0]);
    const full = await readFile(segment);
    const lastLine = full.subarray(full.lastIndexOf(0x0a, full.length - 2) + 1);
    await appendFile(segment, lastLine.subarray(0, Math.floor(lastLine.length / 2)));
    const reopened = await openStore(dir);
    expect(await dump(reopened)).toStrictEqual(before);
    expect((await stat(segment)).size).toBe(full.length);
  });
});

describe('file store: tampering', () => {
  async function tamperedStore(edit: (lines: string[]) => string[]) {
    const dir = await tempDir();
    const store = await openStore(dir);
    await workload(store);
    await closeStore(store);
    const journal = segment(dir);
    const lines = (await readFile(journal, 'utf8')).split('\n').filter(Boolean);
    await writeFile(journal, edit(lines).join('\n') + '\n');
    const warnings: string[] = [];
    return { store: await openStore(dir, { warn: (m) => warnings.push(m) }), warnings };
  }

  it('detects an audit entry edited on disk', async () => {
    const { store, warnings } = await tamperedStore((lines) => lines.map((l, i) => (i === 2 ? l.replace('"actor":"ana"', '"actor":"mallory"') : l)));
    expect(await verifyAuditChain(store.allAudit())).toMatchObject({ intact: false, firstBrokenSeq: 3 });
    expect(warnings.join('\n')).toMatch(/checksum/);
  });

  it('detects an edit even when the tamperer recomputes the line checksum', async () => {
    const { store } = await tamperedStore((lines) =>
      lines.map((l, i) => {
        if (i !== 1) return l;
        const json = l.slice(17).replace('"actor":"ana"', '"actor":"mallory"');
        return `${createHash('sha256').update(json).digest('hex').slice(0, 16)} ${json}`;
      }),
    );
    const report = await verifyAuditChain(store.allAudit());
    expect(report).toMatchObject({ intact: false, firstBrokenSeq: 2 });
    expect(report.problem).toMatch(/altered/);
  });

  it('detects a deleted entry', async () => {
    const { store } = await tamperedStore((lines) => lines.filter((_, i) => i !== 1));
    expect(await verifyAuditChain(store.allAudit())).toMatchObject({ intact: false, firstBrokenSeq: 2 });
  });
});

describe('file store: one owner per data folder', () => {
  it('refuses a second store on the same folder in this process', async () => {
    const dir = await tempDir();
    await openStore(dir);
    const second = new FileStore({ dataDir: dir });
    await expect(second.init()).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/already open/) });
  });

  it('refuses a folder locked by another live process, naming it', async () => {
    const dir = await tempDir();
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await writeFile(path.join(dir, 'LOCK'), `${child.pid}\n`);
      const store = new FileStore({ dataDir: dir });
      await expect(store.init()).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining(`in use by process ${child.pid}`) });
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('takes over the lock of a dead process', async () => {
    const dir = await tempDir();
    const child = spawn('true', [], { stdio: 'ignore' });
    await new Promise((r) => child.on('exit', r));
    await writeFile(path.join(dir, 'LOCK'), `${child.pid}\n`);
    const store = await openStore(dir);
    expect(await store.ping()).toBe(true);
    expect((await readFile(path.join(dir, 'LOCK'), 'utf8')).trim()).toBe(String(process.pid));
  });
});

describe('file store: disk faults', () => {
  /** A store whose write-side file operations fail with `code` while `failing` matches. */
  async function faultyStore() {
    const dir = await tempDir();
    const state = { failing: null as null | { ops: DiskOp[]; code: string } };
    const store = await openStore(dir, {
      faults: (op) => {
        if (state.failing && state.failing.ops.includes(op)) throw fsError(state.failing.code);
      },
    });
    await workload(store);
    return { dir, store, state };
  }

  for (const [code, ops] of [
    ['ENOSPC', ['write']],
    ['EROFS', ['write', 'open', 'truncate', 'fsync']],
    ['EACCES', ['write']],
    ['EIO', ['fsync']], // the bytes reach the file, then fsync fails: they must be rolled back
  ] as const) {
    it(`${code} on ${ops.join('/')}: writes fail with UNAVAILABLE, nothing is half-applied, reads keep working`, async () => {
      const { dir, store, state } = await faultyStore();
      const before = await dump(store);
      const draft = (await store.getDraft('p-w'))!;
      state.failing = { ops: [...ops], code };
      const settled = [
        writes.save(store, policyDoc('p-w', 'lost'), draft.etag),
        writes.create(store, policyDoc('p-new')),
        store.appendAudit({ action: 'note.added', audit: who('sam') }),
        store.appendDecision(decision({ policyId: 'p-w', requestId: 'during-fault' })),
        store.appendDecision(decision({ policyId: 'p-w' })),
      ].map((attempt) => attempt.then(() => null, (e: unknown) => e)); // concurrent, each outcome kept
      for (const outcome of settled) {
        const err = await outcome;
        expect(err).toBeInstanceOf(StoreError);
        expect((err as StoreError).code).toBe('UNAVAILABLE');
        expect((err as StoreError).message).toContain(code);
      }
      expect(await dump(store)).toStrictEqual(before);
      expect(await store.findDecisionByRequestId('p-w', 'during-fault')).toBeNull();

      // The disk recovers: the same writes now succeed (the draft's etag is still valid).
      state.failing = null;
      await writes.save(store, policyDoc('p-w', 'kept'), draft.etag);
      const kept = await store.appendDecision(decision({ policyId: 'p-w', requestId: 'during-fault' }));
      expect(kept.duplicate).toBe(false);
      const after = await dump(store);
      await closeStore(store);
      const reopened = await openStore(dir);
      expect(await dump(reopened)).toStrictEqual(after);
      expect((await reopened.getDraft('p-w'))!.document.description).toBe('kept');
      expect((await verifyAuditChain(reopened.allAudit())).intact).toBe(true);
    });
  }

  it('a failed fsync whose rollback also fails is cleaned up before the next write', async () => {
    const { dir, store, state } = await faultyStore();
    const before = await dump(store);
    state.failing = { ops: ['fsync', 'truncate'], code: 'EIO' };
    await expect(store.appendAudit({ action: 'note.lost', audit: who('sam') })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(store.appendDecision(decision({ policyId: 'p-w', requestId: 'lost' }))).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    state.failing = null;
    await store.appendAudit({ action: 'note.kept', audit: who('sam') });
    await store.appendDecision(decision({ policyId: 'p-w', requestId: 'kept' }));
    await closeStore(store);
    const reopened = await openStore(dir);
    const audit = (await dump(reopened)).audit;
    expect(audit.map((e) => e.action)).toEqual([...before.audit.map((e) => e.action), 'note.kept']);
    expect(await reopened.findDecisionByRequestId('p-w', 'lost')).toBeNull();
    expect(await reopened.findDecisionByRequestId('p-w', 'kept')).not.toBeNull();
    expect((await verifyAuditChain(reopened.allAudit())).intact).toBe(true);
  });

  it('a journal path that is not a file makes init fail with UNAVAILABLE and frees the lock', async () => {
    const dir = await tempDir();
    await mkdir(segment(dir), { recursive: true });
    const store = new FileStore({ dataDir: dir, warn: () => undefined });
    await expect(store.init()).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('EISDIR') });
    await expect(stat(path.join(dir, 'LOCK'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

// A real full disk: a 2 MiB tmpfs, filled up. Needs mount privileges (root with CAP_SYS_ADMIN).
const mountPoint = path.join(tmpdir(), `cg-full-disk-${process.pid}`);
const mountTmpfs = () => execFileSync('mkdir', ['-p', mountPoint]) && execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint], { stdio: 'pipe' });
const unmountTmpfs = () => execFileSync('umount', [mountPoint], { stdio: 'pipe' }) && execFileSync('rmdir', [mountPoint]);
function canMount(): string | null {
  try {
    mountTmpfs();
    unmountTmpfs();
    return null;
  } catch (err) {
    return `cannot mount a tmpfs here (${String((err as Error).message).split('\n')[0]})`;
  }
}
const mountProblem = canMount();
if (mountProblem) console.warn(`real disk-full test skipped: ${mountProblem}`);

describe.skipIf(mountProblem !== null)('file store: a real full disk (tmpfs)', () => {
  beforeAll(mountTmpfs);
  afterAll(unmountTmpfs);

  it('ENOSPC: writes fail with UNAVAILABLE, reads work, writes resume when space is freed', async () => {
    const dir = path.join(mountPoint, 'data');
    const store = new FileStore({ dataDir: dir, warn: () => undefined });
    await store.init();
    try {
      await workload(store);
      const before = await dump(store);
      const filler = path.join(mountPoint, 'filler');
      await writeFile(filler, Buffer.alloc(4 * 1024 * 1024)).catch((err: NodeJS.ErrnoException) => expect(err.code).toBe('ENOSPC'));
      const draft = (await store.getDraft('p-w'))!;
      // Each journal line holds a whole policy document (~40 KB): more than a full disk can take.
      await expect(writes.save(store, policyDoc('p-w', 'x'.repeat(5000)), draft.etag)).rejects.toMatchObject({
        code: 'UNAVAILABLE',
        message: expect.stringContaining('ENOSPC'),
      });
      const bulky = decision({ policyId: 'p-w', facts: { blob: 'y'.repeat(200_000) } });
      await expect(store.appendDecision(bulky)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      expect(await dump(store)).toStrictEqual(before);
      await rm(filler);
      await writes.save(store, policyDoc('p-w', 'after'), draft.etag);
      await store.appendDecision(bulky);
      const after = await dump(store);
      await store.close();
      const reopened = new FileStore({ dataDir: dir, warn: () => undefined });
      await reopened.init();
      expect(await dump(reopened)).toStrictEqual(after);
      await reopened.close();
    } finally {
      await store.close().catch(() => undefined);
    }
  });
});
