/** The store contract on the embedded SQLite store, each test in its own temp data folder. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../../api/store/sqlite-store/sqlite-store.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('SQLite store', async (options) => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'cg-sqlite-'));
  const store = new SqliteStore({ dataDir, log: () => undefined, auditKey: options?.auditKey ?? null });
  await store.init();
  return {
    store,
    async cleanup() {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
});
