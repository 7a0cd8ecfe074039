/**
 * MongoDB rows 8 and 12 of issue 17, checked without a server: the client's settings (waits that
 * outlast an election, an overall operation limit, primary reads whatever the URI says, a bounded
 * pool) and which driver errors are worth a retry (503) and which are permanent (500).
 */
import { describe, expect, it } from 'vitest';
import { MongoClient, MongoNetworkError, MongoServerError } from 'mongodb';
import { mongoClientOptions, transactionsFor } from '../../api/store/mongo-store/mongo-store.js';
import { toStoreError } from '../../api/store/mongo-store/mongo-errors.js';
import { StoreError } from '../../api/store/store.js';
import { createStore } from '../../api/store/create-store.js';

const URI = 'mongodb://127.0.0.1:1/creditgraph';

describe('MongoDB client settings', () => {
  it('server selection waits out an election after start, operations have an overall limit, reads go to the primary, the pool is bounded', async () => {
    const client = new MongoClient(`${URI}?readPreference=secondary`, mongoClientOptions({}));
    try {
      expect(client.options.serverSelectionTimeoutMS).toBe(30_000);
      expect(client.options.socketTimeoutMS).toBe(30_000); // driver 7 ignores timeoutMS
      expect(client.options.waitQueueTimeoutMS).toBe(30_000);
      expect(client.options.readPreference.mode).toBe('primary');
      expect(client.options.maxPoolSize).toBe(20);
      expect(client.options.writeConcern).toMatchObject({ w: 'majority' });
    } finally {
      await client.close();
    }
    const sized = new MongoClient(URI, mongoClientOptions({ maxPoolSize: 5, operationTimeoutMS: 12_000 }));
    expect(sized.options.maxPoolSize).toBe(5);
    expect(sized.options.socketTimeoutMS).toBe(12_000);
    await sized.close();
  });

  it('start still fails fast on an unreachable server (the short timeout applies to start only)', async () => {
    const store = await createStore({ MONGODB_URI: URI, MONGODB_TIMEOUT_MS: '300' });
    const t0 = Date.now();
    await expect(store.init()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(Date.now() - t0).toBeLessThan(10_000); // not the 30 s of the client's own wait
  });
});

describe('MongoDB errors', () => {
  const server = (code: number, labels: string[] = []) => {
    const e = new MongoServerError({ code, errmsg: `error ${code}`, ok: 0 });
    for (const l of labels) e.addErrorLabel(l);
    return e;
  };

  it('permanent errors (not authorised, a bad query) stay errors: 500, not a retryable 503', () => {
    for (const code of [13, 18, 2, 9]) expect(toStoreError(server(code), URI)).not.toBeInstanceOf(StoreError);
  });

  it('unreachable servers, elections, step-downs and retryable labels are UNAVAILABLE (503)', () => {
    for (const err of [new MongoNetworkError('connection reset'), server(10107), server(11602), server(189), server(112, ['TransientTransactionError']), server(1, ['RetryableWriteError'])]) {
      const mapped = toStoreError(err, URI);
      expect(mapped).toBeInstanceOf(StoreError);
      expect((mapped as StoreError).code).toBe('UNAVAILABLE');
    }
  });
});

/**
 * Row 2: a standalone server has no transactions, so a crash could lose the audit entry of an
 * applied change. The rule reads the server's own `hello` answer (shapes as MongoDB documents them
 * for each topology); the connection itself is covered by `npm run test:mongo` where a server exists.
 */
describe('MongoDB topology at start (row 2)', () => {
  const standalone = { isWritablePrimary: true, maxWireVersion: 21, ok: 1 };
  const replicaSet = { isWritablePrimary: true, setName: 'rs0', hosts: ['mongo:27017'], maxWireVersion: 21, ok: 1 };
  const mongos = { isWritablePrimary: true, msg: 'isdbgrid', maxWireVersion: 21, ok: 1 };
  const uri = 'mongodb://user:secret@db.example:27017/creditgraph';

  it('a standalone server is refused with a message naming the fix, and never the credentials', () => {
    let error: unknown;
    try {
      transactionsFor(standalone, { uri });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('UNAVAILABLE');
    expect((error as Error).message).toMatch(/standalone server.*replica set.*MONGODB_ALLOW_STANDALONE=1/);
    expect((error as Error).message).not.toContain('secret');
  });

  it('runs without transactions on a standalone server only when allowed', () => {
    expect(transactionsFor(standalone, { uri, allowStandalone: true })).toBe(false);
    expect(() => transactionsFor(standalone, { uri, allowStandalone: true, transactions: 'on' })).toThrow(/does not support transactions/);
  });

  it('a replica set (even of one node) and a sharded cluster use transactions', () => {
    expect(transactionsFor(replicaSet, { uri })).toBe(true);
    expect(transactionsFor(mongos, { uri })).toBe(true);
    expect(transactionsFor(replicaSet, { uri, transactions: 'off' })).toBe(false);
  });
});
