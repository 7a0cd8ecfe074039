/**
 * The customer credit file on MongoDB (see ../customer-store.ts): collections `customers`
 * (compare-and-set on the etag), `customer_open_items` (upsert by item id; unchanged items left
 * alone) and `customer_exposures`. Records are stored as JSON strings beside the fields queried
 * (fact names may contain characters MongoDB treats specially); mutations run in the store's
 * transaction with their audit entry.
 */
import type { ClientSession, Collection, Db } from 'mongodb';
import { decodeCustomerCursor, encodeCustomerCursor, nameKey } from '../customer-cursor.js';
import type { CustomerFilter, CustomerRecord, ExposureRecord, OpenItemRecord } from '../customer-store.js';
import { instant } from '../instant.js';
import { pageLimit } from '../pagination.js';
import { plain } from '../plain-json.js';
import { StoreError, type AuditEvent, type Page } from '../store.js';
import { duplicateKeyOn } from './mongo-errors.js';

export const CUSTOMER_COLLECTIONS = { customers: 'customers', openItems: 'customer_open_items', exposures: 'customer_exposures' } as const;

interface CustomerDoc {
  _id: string;
  parentId: string | null;
  country: string | null;
  nameKey: string;
  reviewDate: string | null;
  etag: string;
  recordJson: string;
}
interface OpenItemDoc {
  _id: string;
  customerId: string;
  status: string;
  dueDate: string;
  recordJson: string;
}
interface ExposureDoc {
  _id: string;
  asOfDate: string;
  recordJson: string;
}

const toDoc = (c: CustomerRecord): CustomerDoc => ({
  _id: c.customerId,
  parentId: c.parentId,
  country: c.identity.country,
  nameKey: nameKey(c.identity.name),
  reviewDate: c.limit?.reviewDate ? instant(c.limit.reviewDate) : null,
  etag: c.etag,
  recordJson: JSON.stringify(c),
});
const fromJson = <T>(doc: { recordJson: string }) => JSON.parse(doc.recordJson) as T;

export async function ensureCustomerIndexes(db: Db): Promise<void> {
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const name of Object.values(CUSTOMER_COLLECTIONS)) if (!existing.has(name)) await db.createCollection(name).catch(() => undefined);
  await Promise.all([
    db.collection(CUSTOMER_COLLECTIONS.customers).createIndex({ parentId: 1, _id: 1 }, { name: 'customers_parent' }),
    db.collection(CUSTOMER_COLLECTIONS.customers).createIndex({ country: 1, _id: 1 }, { name: 'customers_country' }),
    db.collection(CUSTOMER_COLLECTIONS.customers).createIndex({ nameKey: 1, _id: 1 }, { name: 'customers_name' }),
    db.collection(CUSTOMER_COLLECTIONS.customers).createIndex({ reviewDate: 1, _id: 1 }, { name: 'customers_review' }),
    db.collection(CUSTOMER_COLLECTIONS.openItems).createIndex({ customerId: 1, status: 1, dueDate: 1, _id: 1 }, { name: 'open_items_customer' }),
    // The daily sweep's pages: snapshots computed for an earlier day.
    db.collection(CUSTOMER_COLLECTIONS.exposures).createIndex({ asOfDate: 1, _id: 1 }, { name: 'exposures_as_of' }),
  ]);
}

type Mutate = <T>(work: (session: ClientSession | undefined) => Promise<{ result: T; audit: AuditEvent | null }>) => Promise<T>;
type Read = <T>(work: () => Promise<T>) => Promise<T>;

export class MongoCustomers {
  constructor(
    private readonly db: () => Db,
    private readonly mutate: Mutate,
    private readonly read: Read,
  ) {}

  private get customers(): Collection<CustomerDoc> {
    return this.db().collection<CustomerDoc>(CUSTOMER_COLLECTIONS.customers);
  }
  private get items(): Collection<OpenItemDoc> {
    return this.db().collection<OpenItemDoc>(CUSTOMER_COLLECTIONS.openItems);
  }
  private get exposures(): Collection<ExposureDoc> {
    return this.db().collection<ExposureDoc>(CUSTOMER_COLLECTIONS.exposures);
  }

  getCustomer(customerId: string): Promise<CustomerRecord | null> {
    return this.read(async () => {
      const doc = await this.customers.findOne({ _id: customerId });
      return doc ? fromJson<CustomerRecord>(doc) : null;
    });
  }

  getCustomers(customerIds: string[]): Promise<CustomerRecord[]> {
    return this.read(async () => (await this.customers.find({ _id: { $in: [...new Set(customerIds)] } }).toArray()).map((d) => fromJson<CustomerRecord>(d)));
  }

  async listCustomers(filter: CustomerFilter): Promise<Page<CustomerRecord>> {
    const limit = pageLimit(filter.limit);
    const query: Record<string, unknown> = {};
    if (filter.cursor !== undefined) query._id = { $gt: decodeCustomerCursor(filter.cursor) };
    if (filter.parentId !== undefined) query.parentId = filter.parentId;
    if (filter.country !== undefined) query.country = filter.country;
    if (filter.namePrefix !== undefined) {
      const prefix = nameKey(filter.namePrefix);
      query.nameKey = { $gte: prefix, $lt: `${prefix}\u{10FFFF}` };
    }
    if (filter.reviewDueBy !== undefined) query.reviewDate = { $ne: null, $lte: instant(filter.reviewDueBy) };
    return this.read(async () => {
      const docs = await this.customers.find(query, { sort: { _id: 1 }, limit: limit + 1 }).toArray();
      const items = docs.slice(0, limit).map((d) => fromJson<CustomerRecord>(d));
      const last = items[items.length - 1];
      return { items, nextCursor: docs.length > limit && last ? encodeCustomerCursor(last.customerId) : null };
    });
  }

  insertCustomer(customer: CustomerRecord, audit: AuditEvent): Promise<CustomerRecord> {
    const record = plain(customer);
    return this.mutate(async (session) => {
      try {
        await this.customers.insertOne(toDoc(record), { session });
      } catch (err) {
        if (duplicateKeyOn(err)) throw new StoreError('CONFLICT', `customer ${record.customerId} exists already`);
        throw err;
      }
      return { result: record, audit };
    });
  }

  /** Erasure, inside the caller's transaction: the file, its open items and exposure go; its entities lose the parent. */
  async erase(customerId: string, session: ClientSession | undefined): Promise<number> {
    for (const doc of await this.customers.find({ parentId: customerId }, { session }).toArray()) {
      const child = { ...fromJson<CustomerRecord>(doc), parentId: null };
      await this.customers.updateOne({ _id: doc._id }, { $set: { parentId: null, recordJson: JSON.stringify(child) } }, { session });
    }
    await this.items.deleteMany({ customerId }, { session });
    await this.exposures.deleteOne({ _id: customerId }, { session });
    return (await this.customers.deleteOne({ _id: customerId }, { session })).deletedCount;
  }

  putCustomer(input: { customer: CustomerRecord; expectEtag: string; audit: AuditEvent }): Promise<CustomerRecord> {
    const record = plain(input.customer);
    return this.mutate(async (session) => {
      const { _id, ...fields } = toDoc(record);
      const r = await this.customers.updateOne({ _id, etag: input.expectEtag }, { $set: fields }, { session });
      if (r.matchedCount !== 1) {
        const exists = await this.customers.findOne({ _id }, { session, projection: { _id: 1 } });
        throw exists
          ? new StoreError('PRECONDITION_FAILED', `customer ${_id} has changed since it was read (stale ETag)`)
          : new StoreError('NOT_FOUND', `customer ${_id} does not exist`);
      }
      return { result: record, audit: input.audit };
    });
  }

  saveOpenItems(input: { items: OpenItemRecord[]; audit: (changed: OpenItemRecord[]) => AuditEvent | null }): Promise<OpenItemRecord[]> {
    const items = input.items.map((i) => plain(i));
    return this.mutate(async (session) => {
      const stored = new Map((await this.items.find({ _id: { $in: items.map((i) => i.itemId) } }, { session }).toArray()).map((d) => [d._id, d.recordJson]));
      const changed: OpenItemRecord[] = [];
      for (const item of items) {
        const json = JSON.stringify(item);
        if (stored.get(item.itemId) === json) continue;
        stored.set(item.itemId, json);
        await this.items.replaceOne({ _id: item.itemId }, { customerId: item.customerId, status: item.status, dueDate: item.dueDate, recordJson: json }, { upsert: true, session });
        changed.push(item);
      }
      return { result: changed, audit: changed.length ? input.audit(changed) : null };
    });
  }

  listOpenItems(customerIds: string[], options: { all?: boolean } = {}): Promise<OpenItemRecord[]> {
    const ids = [...new Set(customerIds)];
    return this.read(async () =>
      (await this.items.find({ customerId: { $in: ids }, ...(options.all ? {} : { status: 'open' }) }, { sort: { customerId: 1, dueDate: 1, _id: 1 } }).toArray()).map((d) => fromJson<OpenItemRecord>(d)),
    );
  }

  getExposure(customerId: string): Promise<ExposureRecord | null> {
    return this.read(async () => {
      const doc = await this.exposures.findOne({ _id: customerId });
      return doc ? fromJson<ExposureRecord>(doc) : null;
    });
  }

  getExposures(customerIds: string[]): Promise<ExposureRecord[]> {
    return this.read(async () => (await this.exposures.find({ _id: { $in: [...new Set(customerIds)] } }).toArray()).map((d) => fromJson<ExposureRecord>(d)));
  }

  async putExposure(exposure: ExposureRecord): Promise<void> {
    const json = JSON.stringify(plain(exposure));
    await this.read(() => this.exposures.replaceOne({ _id: exposure.customerId }, { asOfDate: exposure.asOfDate, recordJson: json }, { upsert: true }));
  }

  async putExposures(exposures: ExposureRecord[]): Promise<void> {
    if (!exposures.length) return;
    const ops = exposures.map((e) => ({ replaceOne: { filter: { _id: e.customerId }, replacement: { asOfDate: e.asOfDate, recordJson: JSON.stringify(plain(e)) }, upsert: true } }));
    await this.read(() => this.exposures.bulkWrite(ops, { ordered: false }));
  }

  listExposedCustomerIds(input: { afterId: string | null; asOfBefore: string; limit: number }): Promise<string[]> {
    const query = { asOfDate: { $lt: input.asOfBefore }, ...(input.afterId === null ? {} : { _id: { $gt: input.afterId } }) };
    return this.read(async () => (await this.exposures.find(query, { sort: { _id: 1 }, limit: input.limit, projection: { _id: 1 } }).toArray()).map((d) => d._id));
  }
}
