/**
 * Personal data on MongoDB, as privacy-tables.ts does it on SQLite: one random salt per customer
 * (collection `customer_salts`, _id = customer id), and the primitives of erasure and retention —
 * rewrite a customer's decisions (the domain says how), drop the customer id from its approval
 * requests, alerts and webhook deliveries, destroy its salt. Erasure runs inside the store's
 * transaction (the session given); salts are created outside one, by upserts that a racer cannot
 * duplicate (the first salt written wins, both callers read it back).
 */
import { randomBytes } from 'node:crypto';
import type { ClientSession, Collection, Db } from 'mongodb';
import type { DecisionRecord } from '../store.js';
import { bsonDate, type AlertDoc, type ApprovalDoc, type DecisionDoc, type DeliveryDoc } from './mongo-documents.js';
import { COLLECTIONS } from './mongo-indexes.js';

export interface SaltDoc {
  _id: string;
  salt: string;
  createdAt: Date;
}

type Json = Record<string, unknown>;

export class MongoPrivacy {
  constructor(private readonly db: () => Db) {}

  private get salts(): Collection<SaltDoc> {
    return this.db().collection<SaltDoc>(COLLECTIONS.customerSalts);
  }
  private get decisions(): Collection<DecisionDoc> {
    return this.db().collection<DecisionDoc>(COLLECTIONS.decisions);
  }
  private get approvals(): Collection<ApprovalDoc> {
    return this.db().collection<ApprovalDoc>(COLLECTIONS.approvals);
  }
  private get alerts(): Collection<AlertDoc> {
    return this.db().collection<AlertDoc>(COLLECTIONS.alerts);
  }
  private get deliveries(): Collection<DeliveryDoc> {
    return this.db().collection<DeliveryDoc>(COLLECTIONS.deliveries);
  }

  async customerSalts(customerIds: string[], create: boolean, at: Date): Promise<Record<string, string>> {
    const read = async () => Object.fromEntries((await this.salts.find({ _id: { $in: customerIds } }).toArray()).map((d) => [d._id, d.salt]));
    const known: Record<string, string> = await read();
    const missing = customerIds.filter((id) => !known[id]);
    if (!create || missing.length === 0) return known;
    await this.salts.bulkWrite(
      missing.map((id) => ({ updateOne: { filter: { _id: id }, update: { $setOnInsert: { salt: randomBytes(32).toString('hex'), createdAt: at } }, upsert: true } })),
      { ordered: false },
    );
    return read();
  }

  /** The customer's salt, this one if none existed (the first writer wins): the caller compares. */
  async saltOrThis(customerId: string, salt: string, at: Date): Promise<string> {
    await this.salts.updateOne({ _id: customerId }, { $setOnInsert: { salt, createdAt: at } }, { upsert: true });
    return (await this.salts.findOne({ _id: customerId }))!.salt;
  }

  async erase(customerId: string, anonymise: (r: DecisionRecord) => DecisionRecord, session: ClientSession | undefined): Promise<{ decisions: number; approvals: number; alerts: number }> {
    const decisions = await this.decisions.find({ customerId }, { session, projection: { decisionId: 1, recordJson: 1 } }).toArray();
    for (const doc of decisions) await this.rewriteDecision(doc, anonymise, session);
    const approvals = await this.approvals.find({ customerId }, { session, projection: { recordJson: 1 } }).toArray();
    for (const doc of approvals)
      await this.approvals.updateOne({ _id: doc._id }, { $set: { customerId: null, recordJson: JSON.stringify({ ...(JSON.parse(doc.recordJson) as Json), customerId: null }) } }, { session });
    const alerts = await this.alerts.find({ customerId }, { session, projection: { recordJson: 1 } }).toArray();
    for (const doc of alerts)
      await this.alerts.updateOne({ _id: doc._id }, { $set: { customerId: null, recordJson: JSON.stringify({ ...(JSON.parse(doc.recordJson) as Json), customerId: null }) } }, { session });
    // Webhook deliveries carry the approval request or alert they announced (a scan: erasures are rare).
    const quoted = JSON.stringify(customerId);
    const deliveries = await this.deliveries.find({ recordJson: { $regex: quoted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') } }, { session, projection: { recordJson: 1 } }).toArray();
    for (const doc of deliveries) {
      const d = JSON.parse(doc.recordJson) as { payload?: { approval?: Json; alert?: Json } };
      for (const part of [d.payload?.approval, d.payload?.alert]) if (part && part.customerId === customerId) part.customerId = null;
      await this.deliveries.updateOne({ _id: doc._id }, { $set: { recordJson: JSON.stringify(d) } }, { session });
    }
    await this.salts.deleteOne({ _id: customerId }, { session });
    return { decisions: decisions.length, approvals: approvals.length, alerts: alerts.length };
  }

  /**
   * Approval requests (opened before `before`) or alerts (raised before it) that still name a
   * customer, oldest first, after the keyset position `after` (at, id): privacy-tables.ts `customerRecordsBefore`.
   */
  async customerRecordsBefore(kind: 'approvals' | 'alerts', before: string, after: { at: string; id: string } | null, limit: number): Promise<unknown[]> {
    const time = kind === 'approvals' ? 'openedAt' : 'raisedAt';
    const filter: Record<string, unknown> = { customerId: { $ne: null }, [time]: { $lt: bsonDate(before) } };
    if (after) {
      const at = bsonDate(after.at);
      filter.$or = [{ [time]: { $gt: at } }, { [time]: at, _id: { $gt: after.id } }];
    }
    const collection = this.db().collection<{ _id: string; recordJson: string }>(kind === 'approvals' ? COLLECTIONS.approvals : COLLECTIONS.alerts);
    const docs = await collection.find(filter, { sort: { [time]: 1, _id: 1 }, limit, projection: { recordJson: 1 } }).toArray();
    return docs.map((d) => JSON.parse(d.recordJson) as unknown);
  }

  /** The customer id removed from these approval requests and alerts, and from the deliveries that announced them (privacy-tables.ts `removeCustomerIds`). */
  async removeCustomerIds(approvalIds: string[], alertIds: string[], session: ClientSession | undefined): Promise<{ approvals: number; alerts: number }> {
    const counts = { approvals: 0, alerts: 0 };
    const removed: { kind: 'approvals' | 'alerts'; id: string; customerId: unknown }[] = [];
    for (const [kind, ids] of [['approvals', approvalIds], ['alerts', alertIds]] as const) {
      const collection = this.db().collection<{ _id: string; customerId: string | null; recordJson: string }>(kind === 'approvals' ? COLLECTIONS.approvals : COLLECTIONS.alerts);
      for (const id of ids) {
        const doc = await collection.findOne({ _id: id, customerId: { $ne: null } }, { session, projection: { recordJson: 1 } });
        if (!doc) continue; // gone, or without a customer already
        const record = JSON.parse(doc.recordJson) as Json;
        await collection.updateOne({ _id: id }, { $set: { customerId: null, recordJson: JSON.stringify({ ...record, customerId: null }) } }, { session });
        counts[kind]++;
        removed.push({ kind, id, customerId: record.customerId });
      }
    }
    if (removed.length === 0) return counts;
    // Webhook deliveries carry the request or alert they announced: one scan for the whole batch.
    const quoted = removed.map((r) => JSON.stringify(r.id).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const deliveries = await this.deliveries.find({ recordJson: { $regex: quoted.join('|') } }, { session, projection: { recordJson: 1 } }).toArray();
    for (const doc of deliveries) {
      const delivery = JSON.parse(doc.recordJson) as { payload?: { approval?: Json; alert?: Json } };
      let changed = false;
      for (const r of removed) {
        const part = r.kind === 'approvals' ? delivery.payload?.approval : delivery.payload?.alert;
        if (part && part.id === r.id && part.customerId === r.customerId) {
          part.customerId = null;
          changed = true;
        }
      }
      if (changed) await this.deliveries.updateOne({ _id: doc._id }, { $set: { recordJson: JSON.stringify(delivery) } }, { session });
    }
    return counts;
  }

  /** Decisions evaluated before `before` and not anonymised yet, oldest first, at most `limit`. */
  async anonymiseBefore(before: string, limit: number, anonymise: (r: DecisionRecord) => DecisionRecord, session: ClientSession | undefined): Promise<number> {
    const docs = await this.decisions
      .find({ evaluatedAt: { $lt: bsonDate(before) }, erasedAt: null }, { session, sort: { evaluatedAt: 1, decisionId: 1 }, limit, projection: { decisionId: 1, recordJson: 1 } })
      .toArray();
    for (const doc of docs) await this.rewriteDecision(doc, anonymise, session);
    return docs.length;
  }

  /** The anonymised record replaces the stored one; its erasedAt (set by the domain) keeps retention from picking it again. */
  private async rewriteDecision(doc: Pick<DecisionDoc, 'decisionId' | 'recordJson'>, anonymise: (r: DecisionRecord) => DecisionRecord, session: ClientSession | undefined): Promise<void> {
    const erased = anonymise(JSON.parse(doc.recordJson) as DecisionRecord);
    await this.decisions.updateOne(
      { decisionId: doc.decisionId },
      { $set: { customerId: erased.customerId ?? null, erasedAt: bsonDate(erased.erasedAt ?? new Date().toISOString()), recordJson: JSON.stringify(erased) } },
      { session },
    );
  }
}
