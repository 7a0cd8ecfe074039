/**
 * Whether the MongoDB suites can run here: null when MONGODB_URI reaches a server within ~2 s,
 * else the one-line reason they are skipped (no MongoDB server can be installed on the development
 * machine, and a mock would prove nothing). Used by every suite of `npm run test:mongo`.
 */
import { MongoClient } from 'mongodb';
import { redactUri } from '../../api/store/mongo-store/mongo-errors.js';

export async function mongoUnreachableReason(uri: string): Promise<string | null> {
  if (!uri) return 'MONGODB_URI is not set (no MongoDB server can be installed on this machine; see docker-compose.yml)';
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 2000, connectTimeoutMS: 2000 });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
    return null;
  } catch (err) {
    return `cannot reach MongoDB at ${redactUri(uri)}: ${(err as Error).message}`;
  } finally {
    await client.close().catch(() => undefined);
  }
}
