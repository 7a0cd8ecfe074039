/** Review campaigns in SQLite (campaign-store.ts): one row per run, unique by pass key. Call inside the store's transactions. */
import { decodeCampaignCursor, encodeCampaignCursor, type CampaignRecord } from '../campaign-store.js';
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
      first: db.prepare<[number], { json: string }>('SELECT json FROM campaigns ORDER BY started_at DESC, campaign_id DESC LIMIT ?'),
      after: db.prepare<[string, string, string, number], { json: string }>(
        'SELECT json FROM campaigns WHERE started_at < ? OR (started_at = ? AND campaign_id < ?) ORDER BY started_at DESC, campaign_id DESC LIMIT ?',
      ),
    };
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
