/**
 * The store contract on MongoDB. Runs only when MONGODB_URI is set and a server answers within
 * ~2 s; otherwise the suite is skipped and the reason printed (no MongoDB server can be installed
 * on the development machine, and a mock would prove nothing).
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { MongoStore } from '../../api/store/mongo-store/mongo-store.js';
import { describeStoreContract } from './store-contract.js';
import { mongoUnreachableReason } from './mongo-reachable.js';

const uri = process.env.MONGODB_URI?.trim();

const reason = await mongoUnreachableReason(uri ?? '');

if (reason !== null || !uri) {
  console.warn(`MongoDB contract suite skipped: ${reason}`);
  describe.skip('store contract: MongoDB', () => {
    it('needs a reachable MONGODB_URI', () => undefined);
  });
} else {
  describeStoreContract('MongoDB', async (options) => {
    const dbName = `creditgraph_test_${randomBytes(4).toString('hex')}`;
    const store = new MongoStore({ uri, dbName, serverSelectionTimeoutMS: 2000, auditKey: options?.auditKey ?? null });
    await store.init();
    return {
      store,
      async cleanup() {
        await store.close();
        const client = new MongoClient(uri);
        try {
          await client.db(dbName).dropDatabase();
        } finally {
          await client.close();
        }
      },
    };
  });

}

// Needs no server: a closed port must fail fast and cleanly.
describe('MongoDB store: unreachable server', () => {
  it('fails fast with UNAVAILABLE and ping() false', async () => {
    const store = new MongoStore({ uri: 'mongodb://127.0.0.1:1/creditgraph', dbName: 'x', serverSelectionTimeoutMS: 300 });
    await expect(store.init()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(await store.ping()).toBe(false);
  });
});
