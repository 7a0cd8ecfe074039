/**
 * Existing users lose nothing: a data folder written by the file store (the committed fixture,
 * written by the FileStore code before it was removed) is imported into SQLite on the first start.
 * What the SQLite store then answers is compared, call by call, with what the file store answered
 * on the same folder — recorded once, through the same calls as `everything()` below, in
 * `fixtures/file-store-folder.answers.json` while that code still existed (commit 0400057's
 * FileStore); the old files are left byte for byte as they were.
 */
import { createHash } from 'node:crypto';
import { appendFile, cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../api/store/audit-chain.js';
import { SqliteStore } from '../../api/store/sqlite-store/sqlite-store.js';
import type { AuditEntry, CreditgraphStore, DecisionRecord } from '../../api/store/store.js';
import { tempDir } from '../reliability/support/server-process.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/file-store-folder', import.meta.url));
const FILE_STORE_ANSWERS = fileURLToPath(new URL('./fixtures/file-store-folder.answers.json', import.meta.url));

/** What the file store answered through `everything()` on the fixture folder. */
async function fileStoreAnswers(): Promise<Awaited<ReturnType<typeof everything>>> {
  return JSON.parse(await readFile(FILE_STORE_ANSWERS, 'utf8'));
}
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function copyOfFixture(): Promise<string> {
  const dir = await tempDir('cg-import-');
  dirs.push(dir);
  await cp(FIXTURE, dir, { recursive: true });
  return dir;
}

async function fileHashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = createHash('sha256').update(await readFile(file)).digest('hex');
  }
  return out;
}

/** Everything a store answers, through the public interface. */
async function everything(store: CreditgraphStore) {
  const policies = await store.listPolicies();
  const perPolicy = await Promise.all(
    policies.map(async (p) => {
      const versions = await store.listVersions(p.id);
      return { draft: await store.getDraft(p.id), versions, documents: await Promise.all(versions.map((v) => store.getVersion(p.id, v.version))) };
    }),
  );
  const audit: AuditEntry[] = [];
  for await (const e of store.allAudit()) audit.push(e);
  const decisions: DecisionRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listDecisions({ cursor, limit: 37 });
    decisions.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const users = await store.listUsers();
  return {
    policies,
    perPolicy,
    audit,
    decisions,
    byRequest: await Promise.all(decisions.filter((d) => d.requestId).map((d) => store.findDecisionByRequestId(d.policyId, d.requestId!))),
    users,
    keys: await Promise.all(users.map((u) => store.listApiKeys(u.id))),
    keyByHash: await store.findApiKeyByHash('f'.repeat(64)),
    approvals: await store.listApprovals({}),
    due: await store.listApprovals({ status: 'pending', dueBy: '2026-06-03T09:03:00.000Z' }),
    alerts: await store.listAlerts({ limit: 500 }),
    webhooks: await store.listWebhooks(),
    deliveries: await store.listDeliveries({ limit: 500 }),
    dueDeliveries: await store.listDueDeliveries('2026-12-31T00:00:00.000Z', 100),
    customerPage: await store.listDecisions({ policyId: 'payment-plan', customerId: 'C-2', limit: 1 }),
  };
}

describe('import of a file-store data folder into SQLite', () => {
  it('imports everything on the first start, identical to what the file store served, and leaves the old files untouched', async () => {
    const expected = await fileStoreAnswers();
    expect(expected.decisions).toHaveLength(240);
    expect(expected.perPolicy.flatMap((p) => p.versions)).toHaveLength(3);
    expect(expected.audit.length).toBeGreaterThan(50);

    const dir = await copyOfFixture();
    const before = await fileHashes(dir);
    const log: string[] = [];
    const store = new SqliteStore({ dataDir: dir, log: (m) => log.push(m) });
    await store.init();
    try {
      expect(await everything(store)).toStrictEqual(expected);
      expect(await verifyAuditChain(store.allAudit())).toEqual({ intact: true, count: expected.audit.length, firstBrokenSeq: null, problem: null });
      const message = log.find((m) => m.startsWith('imported the file-store data'));
      expect(message).toContain(dir);
      expect(message).toMatch(/240 decisions/);
      expect(message).toMatch(/left untouched/);

      // The imported store carries on: the chain continues from the imported entries.
      await store.appendAudit({ action: 'note.added', audit: { actor: 'sam', comment: 'after import' } });
      expect((await verifyAuditChain(store.allAudit())).intact).toBe(true);
    } finally {
      await store.close();
    }

    // Old files: every one still there, byte for byte; the only new files are SQLite's.
    const after = await fileHashes(dir);
    for (const [file, hash] of Object.entries(before)) expect(after[file], file).toBe(hash);
    expect(Object.keys(after).filter((f) => !(f in before)).every((f) => f.startsWith('creditgraph.sqlite'))).toBe(true);

    // A second start does not import again (the note added after the import is still the last entry).
    const log2: string[] = [];
    const again = new SqliteStore({ dataDir: dir, log: (m) => log2.push(m) });
    await again.init();
    try {
      expect(log2).toEqual([]);
      const audit = (await again.listAudit({ limit: 1 })).items;
      expect(audit[0]).toMatchObject({ comment: 'after import', seq: expected.audit.length + 1 });
    } finally {
      await again.close();
    }
  });

  it('a torn last journal line (a crash mid-write) is not imported, as the file store would not load it', async () => {
    const dir = await copyOfFixture();
    const journal = path.join(dir, 'journal');
    const last = (await readdir(journal)).sort().pop()!;
    await appendFile(path.join(journal, last), '0123456789abcdef {"n":99999,"audit":nul');
    // The file store dropped a torn last line on open: it answered what it answered without it.
    const expected = await fileStoreAnswers();

    const log: string[] = [];
    const store = new SqliteStore({ dataDir: dir, log: (m) => log.push(m) });
    await store.init();
    try {
      expect(await everything(store)).toStrictEqual(expected);
      expect(log.some((m) => /torn data at the end/.test(m))).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('refuses to import while a file-store server still owns the folder', async () => {
    const dir = await copyOfFixture();
    await writeFile(path.join(dir, 'LOCK'), `${process.ppid}\n`); // a live process that is not us
    const store = new SqliteStore({ dataDir: dir, log: () => undefined });
    await expect(store.init()).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('in use by a file-store server') });
  });

  it('refuses a data folder of creditgraph 0.1 (a single journal.ndjson), touching nothing', async () => {
    const dir = await tempDir('cg-import-legacy-');
    dirs.push(dir);
    await writeFile(path.join(dir, 'journal.ndjson'), 'old format\n');
    const store = new SqliteStore({ dataDir: dir, log: () => undefined });
    await expect(store.init()).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('creditgraph 0.1') });
    expect(await readFile(path.join(dir, 'journal.ndjson'), 'utf8')).toBe('old format\n');
  });
});
