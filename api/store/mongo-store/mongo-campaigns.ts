/**
 * Review campaigns on MongoDB (../campaign-store.ts): collection `campaigns`, unique by pass key; the
 * report stored as JSON, beside the ids of the customers its lines still name (`customerIds`,
 * indexed: erasure finds the reports naming a customer) and when the run finished (retention).
 */
import type { ClientSession, Collection, Db } from 'mongodb';
import { decodeCampaignCursor, encodeCampaignCursor, withoutCustomer, type CampaignRecord } from '../campaign-store.js';
import { pageLimit } from '../pagination.js';
import { plain } from '../plain-json.js';
import { StoreError, type AuditEvent, type Page } from '../store.js';
import { duplicateKeyOn } from './mongo-errors.js';

interface CampaignDoc {
  _id: string;
  passKey: string;
  startedAt: string;
  recordJson: string;
  /** The customers its lines name (erased ones removed). */
  customerIds?: string[];
  finishedAt?: string | null;
}

/** The searchable fields beside the report. */
const named = (c: CampaignRecord) => ({
  customerIds: [...new Set(c.entries.flatMap((e) => (e.customerId === null ? [] : [e.customerId])))],
  finishedAt: c.finishedAt,
});

export async function ensureCampaignIndexes(db: Db): Promise<void> {
  const campaigns = db.collection<CampaignDoc>('campaigns');
  await campaigns.createIndex({ passKey: 1 }, { name: 'campaigns_pass', unique: true });
  await campaigns.createIndex({ startedAt: -1, _id: -1 }, { name: 'campaigns_newest' });
  await campaigns.createIndex({ customerIds: 1 }, { name: 'campaigns_customers' });
  await campaigns.createIndex({ finishedAt: 1, _id: 1 }, { name: 'campaigns_finished' });
  // Reports stored before the fields existed: computed once from the report (idempotent).
  for await (const d of campaigns.find({ customerIds: { $exists: false } })) await campaigns.updateOne({ _id: d._id }, { $set: named(fromDoc(d)) });
}

type Mutate = <T>(work: (session: import('mongodb').ClientSession | undefined) => Promise<{ result: T; audit: AuditEvent | null }>) => Promise<T>;
type Read = <T>(work: () => Promise<T>) => Promise<T>;

const fromDoc = (d: CampaignDoc) => JSON.parse(d.recordJson) as CampaignRecord;

export class MongoCampaigns {
  constructor(
    private readonly db: () => Db,
    private readonly mutate: Mutate,
    private readonly read: Read,
  ) {}

  private get campaigns(): Collection<CampaignDoc> {
    return this.db().collection<CampaignDoc>('campaigns');
  }

  async startCampaign(input: { campaign: CampaignRecord; audit: AuditEvent }): Promise<{ campaign: CampaignRecord; created: boolean }> {
    const c = plain(input.campaign);
    try {
      return await this.mutate<{ campaign: CampaignRecord; created: boolean }>(async (session) => {
        const known = await this.campaigns.findOne({ passKey: c.passKey }, { session });
        if (known) return { result: { campaign: fromDoc(known), created: false }, audit: null };
        await this.campaigns.insertOne({ _id: c.campaignId, passKey: c.passKey, startedAt: c.startedAt, recordJson: JSON.stringify(c), ...named(c) }, { session });
        return { result: { campaign: c, created: true }, audit: input.audit };
      });
    } catch (err) {
      if (!duplicateKeyOn(err)) throw err;
      const known = await this.campaigns.findOne({ passKey: c.passKey });
      return { campaign: fromDoc(known!), created: false }; // another instance started this pass meanwhile
    }
  }

  saveCampaign(input: { campaign: CampaignRecord; audit: AuditEvent | null }): Promise<CampaignRecord> {
    const c = plain(input.campaign);
    return this.mutate(async (session) => {
      const r = await this.campaigns.updateOne({ _id: c.campaignId }, { $set: { recordJson: JSON.stringify(c), ...named(c) } }, { session });
      if (r.matchedCount !== 1) throw new StoreError('NOT_FOUND', `campaign ${c.campaignId} does not exist`);
      return { result: c, audit: input.audit };
    });
  }

  getCampaign(campaignId: string): Promise<CampaignRecord | null> {
    return this.read(async () => {
      const d = await this.campaigns.findOne({ _id: campaignId });
      return d ? fromDoc(d) : null;
    });
  }

  listCampaigns(filter: { cursor?: string; limit?: number }): Promise<Page<CampaignRecord>> {
    const limit = pageLimit(filter.limit);
    let query: Record<string, unknown> = {};
    if (filter.cursor !== undefined) {
      const after = decodeCampaignCursor(filter.cursor);
      if (!after) throw new StoreError('NOT_FOUND', 'invalid or expired cursor');
      query = { $or: [{ startedAt: { $lt: after[0] } }, { startedAt: after[0], _id: { $lt: after[1] } }] };
    }
    return this.read(async () => {
      const docs = await this.campaigns.find(query, { sort: { startedAt: -1, _id: -1 }, limit: limit + 1 }).toArray();
      const items = docs.slice(0, limit).map(fromDoc);
      const last = items[items.length - 1];
      return { items, nextCursor: docs.length > limit && last ? encodeCampaignCursor(last) : null };
    });
  }

  /** Erasure, inside the store's erasure transaction: every report's lines about this customer lose its id; returns how many lines. */
  async erase(customerId: string, at: string, session: ClientSession | undefined): Promise<number> {
    let lines = 0;
    for (const d of await this.campaigns.find({ customerIds: customerId }, { session }).toArray()) {
      const changed = withoutCustomer(fromDoc(d), customerId, at);
      if (!changed) continue;
      await this.campaigns.updateOne({ _id: d._id }, { $set: { recordJson: JSON.stringify(changed.campaign), passKey: changed.campaign.passKey, ...named(changed.campaign) } }, { session });
      lines += changed.lines;
    }
    return lines;
  }

  /** Retention: runs finished before `before` (oldest first, at most `limit`) lose every customer id of their lines. */
  anonymiseCampaignsBefore(input: { before: string; at: string; limit: number; audit: AuditEvent }): Promise<{ runs: number; lines: number }> {
    return this.mutate(async (session) => {
      const docs = await this.campaigns
        .find({ finishedAt: { $ne: null, $lt: input.before }, 'customerIds.0': { $exists: true } }, { session, sort: { finishedAt: 1, _id: 1 }, limit: input.limit })
        .toArray();
      let lines = 0;
      for (const d of docs) {
        const changed = withoutCustomer(fromDoc(d), null, input.at);
        if (!changed) continue;
        await this.campaigns.updateOne({ _id: d._id }, { $set: { recordJson: JSON.stringify(changed.campaign), passKey: changed.campaign.passKey, ...named(changed.campaign) } }, { session });
        lines += changed.lines;
      }
      const n = { runs: docs.length, lines };
      return { result: n, audit: lines > 0 ? { ...input.audit, details: { ...input.audit.details, runs: n.runs, lines } } : null };
    });
  }
}
