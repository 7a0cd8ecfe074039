/** A SELECT whose WHERE clause depends on which filters are set; one prepared statement per shape. */
import type Database from 'better-sqlite3';
import type { Db } from './database.js';

type Statement = Database.Statement<unknown[], unknown>;

export class FilteredQuery {
  private readonly cache = new Map<string, Statement>();

  constructor(
    private readonly db: Db,
    private readonly select: string,
    private readonly orderBy: string,
  ) {}

  /** `conditions`: [sql with one ?, value]; an undefined value leaves the condition out. */
  all(conditions: [string, unknown][], limit?: number): { json: string }[] {
    const used = conditions.filter(([, value]) => value !== undefined);
    const where = used.length ? ` WHERE ${used.map(([sql]) => sql).join(' AND ')}` : '';
    const sql = `${this.select}${where} ORDER BY ${this.orderBy}${limit !== undefined ? ' LIMIT ?' : ''}`;
    let stmt = this.cache.get(sql);
    if (!stmt) this.cache.set(sql, (stmt = this.db.prepare<unknown[], unknown>(sql)));
    const args = used.map(([, value]) => value);
    return (limit !== undefined ? stmt.all(...args, limit) : stmt.all(...args)) as { json: string }[];
  }
}
