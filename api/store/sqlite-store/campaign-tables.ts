/** Review campaigns in SQLite (campaign-store.ts): one row per run, unique by pass key. Call inside the store's transactions. */
import { decodeCampaignCursor, encodeCampaignCursor, withoutCustomer, type CampaignRecord } from '../campaign-store.js';
import { pageLimit } from '../pagination.js';
import { StoreError, type Page } from '../store.js';
import type { Db } from './database.js';

export class CampaignTables {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      get: db.prepare<[string], { json: string }>('SELECT json FROM campaigns WHERE campaign_id = ?'),
      byPass: db.prepare<[string], { json: string }>('SELECT json FROM campaigns WHERE pass_key = ?'),
      insert: db.prepare<[string, string, string, string]>('INSERT INTO campaigns (campaign_id, pass_key, started_at, json) VALUES (?, ?, ?, ?)'),
      update: db.prepare<[string, string]>('UPDATE campaigns SET json = ? WHERE campaign_id = ?'),
      rekey: db.prepare<[string, string, string]>('UPDATE campaigns SET json = ?, pass_key = ? WHERE campaign_id = ?'),
      first: db.prepare<[number], { json: string }>('SELECT json FROM campaigns ORDER BY started_at DESC, campaign_id DESC LIMIT ?'),
      after: db.prepare<[string, string, string, number], { json: string }>(
        'SELECT json FROM campaigns WHERE started_at < ? OR (started_at = ? AND campaign_id < ?) ORDER BY started_at DESC, campaign_id DESC LIMIT ?',
      ),
      // Erasure and retention scan the reports' lines (JSON1): rare, admin-started, one pass over the reports.
      naming: db.prepare<[string], { json: string }>(
        "SELECT json FROM campaigns WHERE EXISTS (SELECT 1 FROM json_each(campaigns.json, '$.entries') e WHERE json_extract(e.value, '$.customerId') = ?)",
      ),
      finishedNaming: db.prepare<[string, number], { json: string }>(
        "SELECT json FROM campaigns WHERE json_extract(json, '$.finishedAt') < ? AND EXISTS (SELECT 1 FROM json_each(campaigns.json, '$.entries') e WHERE json_type(e.value, '$.customerId') = 'text') ORDER BY json_extract(json, '$.finishedAt'), campaign_id LIMIT ?",
      ),
    };
  }

  /** Erasure: every report's lines about this customer lose its id; returns how many lines. */
  erase(customerId: string, at: string): number {
    let lines = 0;
    for (const row of this.s.naming.all(customerId)) {
      const changed = withoutCustomer(JSON.parse(row.json) as CampaignRecord, customerId, at);
      if (!changed) continue;
      this.rewrite(changed.campaign);
      lines += changed.lines;
    }
    return lines;
  }

  /** Retention: runs finished before `before` (oldest first, at most `limit`) lose every customer id of their lines. */
  anonymiseBefore(before: string, at: string, limit: number): { runs: number; lines: number } {
    let lines = 0;
    const rows = this.s.finishedNaming.all(before, limit);
    for (const row of rows) {
      const changed = withoutCustomer(JSON.parse(row.json) as CampaignRecord, null, at);
      if (!changed) continue;
      this.rewrite(changed.campaign);
      lines += changed.lines;
    }
    return { runs: rows.length, lines };
  }

  get(campaignId: string): CampaignRecord | null {
    const row = this.s.get.get(campaignId);
    return row ? (JSON.parse(row.json) as CampaignRecord) : null;
  }

  /** The stored run of this pass, or the new one inserted. */
  start(c: CampaignRecord): { campaign: CampaignRecord; created: boolean } {
    const row = this.s.byPass.get(c.passKey);
    if (row) return { campaign: JSON.parse(row.json) as CampaignRecord, created: false };
    this.s.insert.run(c.campaignId, c.passKey, c.startedAt, JSON.stringify(c));
    return { campaign: c, created: true };
  }

  /** A report rewritten by erasure or retention (its pass key may change with it). */
  private rewrite(c: CampaignRecord): void {
    this.s.rekey.run(JSON.stringify(c), c.passKey, c.campaignId);
  }

  save(c: CampaignRecord): void {
    if (this.s.update.run(JSON.stringify(c), c.campaignId).changes !== 1) throw new StoreError('NOT_FOUND', `campaign ${c.campaignId} does not exist`);
  }

  page(filter: { cursor?: string; limit?: number }): Page<CampaignRecord> {
    const limit = pageLimit(filter.limit);
    let rows: { json: string }[];
    if (filter.cursor !== undefined) {
      const after = decodeCampaignCursor(filter.cursor);
      if (!after) throw new StoreError('NOT_FOUND', 'invalid or expired cursor');
      rows = this.s.after.all(after[0], after[0], after[1], limit + 1);
    } else rows = this.s.first.all(limit + 1);
    const items = rows.slice(0, limit).map((r) => JSON.parse(r.json) as CampaignRecord);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCampaignCursor(last) : null };
  }
}
