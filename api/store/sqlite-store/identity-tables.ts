/** Users and API keys: insert-if-new, get, find by key hash (unique index), list. */
import type { ApiKeyRecord, UserRecord } from '../store.js';
import type { Db } from './database.js';

export class IdentityTables {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      getUser: db.prepare<[string], { json: string }>('SELECT json FROM users WHERE id = ?'),
      listUsers: db.prepare<[], { json: string }>('SELECT json FROM users ORDER BY rowid'),
      insertUser: db.prepare<[string, string]>('INSERT INTO users (id, json) VALUES (?, ?)'),
      getKey: db.prepare<[string], { json: string }>('SELECT json FROM api_keys WHERE id = ?'),
      keyByHash: db.prepare<[string], { json: string }>('SELECT json FROM api_keys WHERE key_hash = ?'),
      keysOfUser: db.prepare<[string], { json: string }>('SELECT json FROM api_keys WHERE user_id = ? ORDER BY rowid'),
      insertKey: db.prepare<[string, string, string, string]>('INSERT INTO api_keys (id, key_hash, user_id, json) VALUES (?, ?, ?, ?)'),
      updateKey: db.prepare<[string, string]>('UPDATE api_keys SET json = ? WHERE id = ?'),
    };
  }

  getUser(id: string): UserRecord | null {
    const row = this.s.getUser.get(id);
    return row ? (JSON.parse(row.json) as UserRecord) : null;
  }

  listUsers(): UserRecord[] {
    return this.s.listUsers.all().map((r) => JSON.parse(r.json) as UserRecord);
  }

  /** False when the id is taken. */
  insertUser(user: UserRecord): boolean {
    if (this.s.getUser.get(user.id)) return false;
    this.s.insertUser.run(user.id, JSON.stringify(user));
    return true;
  }

  getKey(id: string): ApiKeyRecord | null {
    const row = this.s.getKey.get(id);
    return row ? (JSON.parse(row.json) as ApiKeyRecord) : null;
  }

  findKeyByHash(keyHash: string): ApiKeyRecord | null {
    const row = this.s.keyByHash.get(keyHash);
    return row ? (JSON.parse(row.json) as ApiKeyRecord) : null;
  }

  listKeys(userId: string): ApiKeyRecord[] {
    return this.s.keysOfUser.all(userId).map((r) => JSON.parse(r.json) as ApiKeyRecord);
  }

  /** False when the id or the hash is taken. */
  insertKey(key: ApiKeyRecord): boolean {
    if (this.s.getKey.get(key.id) || this.s.keyByHash.get(key.keyHash)) return false;
    this.s.insertKey.run(key.id, key.keyHash, key.userId, JSON.stringify(key));
    return true;
  }

  updateKey(key: ApiKeyRecord): void {
    this.s.updateKey.run(JSON.stringify(key), key.id);
  }
}
