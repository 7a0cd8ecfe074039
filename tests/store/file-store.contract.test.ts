/** The store contract on the embedded file store, each test in its own temp data folder. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileStore } from '../../api/store/file-store/file-store.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('file store', async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'cg-store-'));
  const store = new FileStore({ dataDir, warn: () => undefined });
  await store.init();
  return {
    store,
    async cleanup() {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
});
