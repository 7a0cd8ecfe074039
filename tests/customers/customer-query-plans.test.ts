/**
 * The customer file's queries on SQLite are planned on an index, never as a scan of the table:
 * a customer's open items (every exposure computation), a group's entities (group figures, decisions
 * reading groupExposure), the limits due for review (review campaigns).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../api/store/sqlite-store/database.js';

let dir = '';
let db: Db;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cg-customer-plans-'));
  db = openDatabase({ dataDir: dir });
});
afterAll(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const plan = (sql: string, ...args: unknown[]) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');

it.each([
  ["a customer's open items", "SELECT json FROM customer_open_items WHERE customer_id = ? AND status = 'open' ORDER BY due_date, item_id", ['c'], 'customer_open_items_by_customer'],
  ["a customer's items, all", 'SELECT json FROM customer_open_items WHERE customer_id = ? ORDER BY due_date, item_id', ['c'], 'customer_open_items_by_customer'],
  ["a group's entities", 'SELECT json FROM customers WHERE parent_id = ? ORDER BY customer_id LIMIT ?', ['p', 500], 'customers_by_parent'],
  ['limits due for review', 'SELECT json FROM customers WHERE review_date IS NOT NULL AND review_date <= ? ORDER BY customer_id LIMIT ?', ['x', 50], 'customers_review'],
])('%s', (_name, sql, args, index) => {
  const p = plan(sql as string, ...(args as unknown[]));
  expect(p).toMatch(new RegExp(`USING (COVERING )?INDEX ${index as string}`));
  expect(p).not.toMatch(/SCAN (customers|customer_open_items)\b(?! USING)/);
});
