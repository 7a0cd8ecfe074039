import type { Db } from './database.js';
export async function importFileStoreIfPresent(_db: Db, _dataDir: string, _log: (m: string) => void): Promise<void> {}
