/**
 * The embedded store's side of "every hot query uses an index" (issue 17; MongoDB's side is
 * tests/store/mongo-explain.test.ts): the sweep's, the job cap's and the dispatch's statements are
 * planned on an index by SQLite, never as a scan of the table.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../api/store/sqlite-store/database.js';

let dir = '';
let db: Db;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cg-plans-'));
  db = openDatabase({ dataDir: dir });
});
afterAll(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const plan = (sql: string, ...args: unknown[]) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');

describe('SQLite query plans of the cooperating-instances queries', () => {
  it.each([
    ['review sweep', "SELECT json FROM approvals WHERE status = ? AND json_extract(json, '$.outcome.reviewDate') IS NOT NULL AND json_extract(json, '$.outcome.reviewDate') <= ?", ['approved', 'x'], 'approvals_review'],
    ['overdue sweep', 'SELECT json FROM approvals WHERE status = ? AND due_at IS NOT NULL AND due_at <= ?', ['pending', 'x'], 'approvals_due'],
    ['job cap', "SELECT count(*) AS n FROM simulation_jobs WHERE status IN ('queued', 'running') AND lease_until > ?", ['x'], 'simulation_jobs_by_status'],
    ['jobs of a policy', 'SELECT job_id FROM simulation_jobs WHERE policy_id = ? ORDER BY created_at DESC, job_id DESC LIMIT 10', ['p'], 'simulation_jobs_by_policy'],
    ['due deliveries (claims)', "SELECT json FROM deliveries WHERE status = 'pending' AND next_attempt_at IS NOT NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 20", ['x'], 'deliveries_'], // deliveries_due or _by_status: SQLite picks by its statistics
  ])('%s: %s', (_name, sql, args, index) => {
    const p = plan(sql as string, ...(args as unknown[]));
    expect(p).toMatch(new RegExp(`USING (COVERING )?INDEX ${index as string}`));
    expect(p).not.toMatch(/SCAN (approvals|simulation_jobs|deliveries)\b(?! USING)/);
  });
});
