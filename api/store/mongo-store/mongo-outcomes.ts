/**
 * Outcomes and monitoring settings on MongoDB (see ../outcome-store.ts). An outcome document is the
 * record with `_id` = its outcomeId; the unique index on `idempotencyKey` makes a concurrent report
 * of the same item fail (the transaction is retried or the caller told CONFLICT).
 */
import type { ClientSession, Collection, Db } from 'mongodb';
import type { MonitoringSettingsRecord, StoredOutcome } from '../outcome-store.js';
import { StoreError } from '../store.js';

export const OUTCOME_COLLECTIONS = { outcomes: 'outcomes', monitoringSettings: 'monitoring_settings' } as const;

type OutcomeDoc = StoredOutcome & { _id: string };
type SettingsDoc = MonitoringSettingsRecord & { _id: string };

const fromDoc = ({ _id, ...rest }: OutcomeDoc): StoredOutcome => rest;

export async function ensureOutcomeIndexes(db: Db): Promise<void> {
  const outcomes = db.collection(OUTCOME_COLLECTIONS.outcomes);
  await Promise.all([
    outcomes.createIndex({ idempotencyKey: 1 }, { unique: true, name: 'outcomes_key_unique' }),
    outcomes.createIndex({ decisionId: 1 }, { name: 'outcomes_decision', partialFilterExpression: { decisionId: { $type: 'string' } } }),
    outcomes.createIndex({ customerId: 1, date: 1 }, { name: 'outcomes_customer', partialFilterExpression: { customerId: { $type: 'string' } } }),
  ]);
}

export class MongoOutcomes {
  constructor(private readonly database: () => Db) {}

  private get outcomes(): Collection<OutcomeDoc> {
    return this.database().collection<OutcomeDoc>(OUTCOME_COLLECTIONS.outcomes);
  }

  private get settings(): Collection<SettingsDoc> {
    return this.database().collection<SettingsDoc>(OUTCOME_COLLECTIONS.monitoringSettings);
  }

  async byKeys(keys: string[]): Promise<StoredOutcome[]> {
    return (await this.outcomes.find({ idempotencyKey: { $in: keys } }).toArray()).map(fromDoc);
  }

  /** Inside the store's mutation: all new, or CONFLICT (keys checked first, then the unique index). */
  async insert(records: StoredOutcome[], session: ClientSession | undefined): Promise<void> {
    const keys = new Set(records.map((o) => o.idempotencyKey));
    if (keys.size !== records.length || new Set(records.map((o) => o.outcomeId)).size !== records.length) throw new StoreError('CONFLICT', 'an outcome key or id is repeated');
    const clash = await this.outcomes.findOne({ $or: [{ idempotencyKey: { $in: [...keys] } }, { _id: { $in: records.map((o) => o.outcomeId) } }] }, { session, projection: { idempotencyKey: 1 } });
    if (clash) throw new StoreError('CONFLICT', `outcome ${clash.idempotencyKey} was recorded already`);
    if (records.length) await this.outcomes.insertMany(records.map((o) => ({ _id: o.outcomeId, ...o })), { session, ordered: true });
  }

  async outcomesFor(decisionIds: string[], customerIds: string[]): Promise<StoredOutcome[]> {
    const docs = await this.outcomes
      .find({ $or: [{ decisionId: { $in: decisionIds } }, { decisionId: null, customerId: { $in: customerIds } }] }, { sort: { date: 1, _id: 1 } })
      .toArray();
    return docs.map(fromDoc);
  }

  /** For an erasure on MongoDB (inside its transaction): the customer's outcomes lose the id and what derives from it. */
  async erase(customerId: string, at: string, session: ClientSession | undefined): Promise<number> {
    const docs = await this.outcomes.find({ customerId }, { session, projection: { _id: 1 } }).toArray();
    for (const d of docs)
      await this.outcomes.updateOne({ _id: d._id }, { $set: { customerId: null, idempotencyKey: `erased:${d._id}`, bodyHash: null, erasedAt: at } }, { session });
    return docs.length;
  }

  async getSettings(policyId: string): Promise<MonitoringSettingsRecord | null> {
    const doc = await this.settings.findOne({ _id: policyId });
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return rest;
  }

  async putSettings(settings: MonitoringSettingsRecord, session: ClientSession | undefined): Promise<void> {
    await this.settings.replaceOne({ _id: settings.policyId }, settings, { upsert: true, session });
  }
}
