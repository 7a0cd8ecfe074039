/**
 * The customer credit file in SQLite (migration 4): customers (compare-and-set on the etag, the
 * columns the list filters by), their open items (upsert by item id, unchanged items left alone)
 * and exposure snapshots. Call inside the store's transactions.
 */
import { encodeCustomerCursor, decodeCustomerCursor, nameKey } from '../customer-cursor.js';
import type { CustomerFilter, CustomerRecord, ExposureRecord, OpenItemRecord } from '../customer-store.js';
import { instant } from '../instant.js';
import { pageLimit } from '../pagination.js';
import type { Page } from '../store.js';
import type { Db } from './database.js';
import { FilteredQuery } from './query-builder.js';

const reviewColumn = (c: CustomerRecord) => (c.limit?.reviewDate ? instant(c.limit.reviewDate) : null);

export class CustomerTables {
  private readonly s;
  private readonly list;

  constructor(db: Db) {
    this.s = {
      get: db.prepare<[string], { json: string }>('SELECT json FROM customers WHERE customer_id = ?'),
      insert: db.prepare<[string, string | null, string | null, string, string | null, string, string]>(
        'INSERT INTO customers (customer_id, parent_id, country, name_key, review_date, etag, json) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      cas: db.prepare<[string | null, string | null, string, string | null, string, string, string, string]>(
        'UPDATE customers SET parent_id = ?, country = ?, name_key = ?, review_date = ?, etag = ?, json = ? WHERE customer_id = ? AND etag = ?',
      ),
      getItem: db.prepare<[string], { json: string }>('SELECT json FROM customer_open_items WHERE item_id = ?'),
      putItem: db.prepare<[string, string, string, string, string]>(
        `INSERT INTO customer_open_items (item_id, customer_id, status, due_date, json) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (item_id) DO UPDATE SET customer_id = excluded.customer_id, status = excluded.status, due_date = excluded.due_date, json = excluded.json`,
      ),
      openItemsOf: db.prepare<[string], { json: string }>("SELECT json FROM customer_open_items WHERE customer_id = ? AND status = 'open' ORDER BY due_date, item_id"),
      allItemsOf: db.prepare<[string], { json: string }>('SELECT json FROM customer_open_items WHERE customer_id = ? ORDER BY due_date, item_id'),
      getExposure: db.prepare<[string], { json: string }>('SELECT json FROM customer_exposures WHERE customer_id = ?'),
      putExposure: db.prepare<[string, string]>('INSERT INTO customer_exposures (customer_id, json) VALUES (?, ?) ON CONFLICT (customer_id) DO UPDATE SET json = excluded.json'),
      exposedAfter: db.prepare<[string, string, number], { customer_id: string }>(
        "SELECT customer_id FROM customer_exposures WHERE customer_id > ? AND json_extract(json, '$.asOfDate') < ? ORDER BY customer_id LIMIT ?",
      ),
      // Erasure.
      dropCustomer: db.prepare<[string]>('DELETE FROM customers WHERE customer_id = ?'),
      dropItems: db.prepare<[string]>('DELETE FROM customer_open_items WHERE customer_id = ?'),
      dropExposure: db.prepare<[string]>('DELETE FROM customer_exposures WHERE customer_id = ?'),
      childrenOf: db.prepare<[string], { json: string }>('SELECT json FROM customers WHERE parent_id = ?'),
      unparent: db.prepare<[string, string]>('UPDATE customers SET parent_id = NULL, json = ? WHERE customer_id = ?'),
    };
    this.list = new FilteredQuery(db, 'SELECT json FROM customers', 'customer_id');
  }

  get(customerId: string): CustomerRecord | null {
    const row = this.s.get.get(customerId);
    return row ? (JSON.parse(row.json) as CustomerRecord) : null;
  }

  /** False when the id is taken. */
  insert(c: CustomerRecord): boolean {
    if (this.s.get.get(c.customerId)) return false;
    this.s.insert.run(c.customerId, c.parentId, c.identity.country, nameKey(c.identity.name), reviewColumn(c), c.etag, JSON.stringify(c));
    return true;
  }

  /** 'missing' | 'moved' | 'ok' */
  replace(c: CustomerRecord, expectEtag: string): 'missing' | 'moved' | 'ok' {
    const changed = this.s.cas.run(c.parentId, c.identity.country, nameKey(c.identity.name), reviewColumn(c), c.etag, JSON.stringify(c), c.customerId, expectEtag).changes;
    if (changed === 1) return 'ok';
    return this.s.get.get(c.customerId) ? 'moved' : 'missing';
  }

  page(filter: CustomerFilter): Page<CustomerRecord> {
    const limit = pageLimit(filter.limit);
    const after = filter.cursor !== undefined ? decodeCustomerCursor(filter.cursor) : undefined;
    const prefix = filter.namePrefix !== undefined ? nameKey(filter.namePrefix) : undefined;
    const rows = this.list.all(
      [
        ['customer_id > ?', after],
        ['parent_id = ?', filter.parentId],
        ['country = ?', filter.country],
        ['name_key >= ?', prefix],
        ["name_key < ? || char(1114111)", prefix],
        ['review_date IS NOT NULL AND review_date <= ?', filter.reviewDueBy !== undefined ? instant(filter.reviewDueBy) : undefined],
      ],
      limit + 1,
    );
    const items = rows.slice(0, limit).map((r) => JSON.parse(r.json) as CustomerRecord);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCustomerCursor(last.customerId) : null };
  }

  /** The items that differ from what is stored, after storing them. */
  saveItems(items: OpenItemRecord[]): OpenItemRecord[] {
    const changed: OpenItemRecord[] = [];
    for (const item of items) {
      const json = JSON.stringify(item);
      if (this.s.getItem.get(item.itemId)?.json === json) continue;
      this.s.putItem.run(item.itemId, item.customerId, item.status, item.dueDate, json);
      changed.push(item);
    }
    return changed;
  }

  items(customerIds: string[], all: boolean): OpenItemRecord[] {
    const stmt = all ? this.s.allItemsOf : this.s.openItemsOf;
    return [...new Set(customerIds)].sort().flatMap((id) => stmt.all(id).map((r) => JSON.parse(r.json) as OpenItemRecord));
  }

  getExposure(customerId: string): ExposureRecord | null {
    const row = this.s.getExposure.get(customerId);
    return row ? (JSON.parse(row.json) as ExposureRecord) : null;
  }

  putExposure(e: ExposureRecord): void {
    this.s.putExposure.run(e.customerId, JSON.stringify(e));
  }

  exposedAfter(afterId: string | null, asOfBefore: string, limit: number): string[] {
    return this.s.exposedAfter.all(afterId ?? '', asOfBefore, limit).map((r) => r.customer_id);
  }

  /** Erasure: the file, its items, its exposure; children lose the parent's id. Returns 1 when a file existed. */
  erase(customerId: string): number {
    for (const row of this.s.childrenOf.all(customerId)) {
      const child = JSON.parse(row.json) as CustomerRecord;
      this.s.unparent.run(JSON.stringify({ ...child, parentId: null }), child.customerId);
    }
    this.s.dropItems.run(customerId);
    this.s.dropExposure.run(customerId);
    return this.s.dropCustomer.run(customerId).changes;
  }
}
