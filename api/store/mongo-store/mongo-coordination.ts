/**
 * Leases, claimed deliveries and simulation jobs on MongoDB (see ../coordination.ts). Times are
 * stored as real dates (compared as instants, TTL-indexable). A lease is one findOneAndUpdate with
 * upsert: the filter matches only a lease that is ours or expired, so when another owner holds a
 * live one the upsert's insert hits the unique _id and the caller is told no.
 */
import { Binary, type ClientSession, type Collection, type Db } from 'mongodb';
import type { JobRecord, LeaseRecord } from '../coordination.js';
import { instant } from '../instant.js';
import type { DeliveryRecord } from '../store.js';
import { duplicateKeyOn } from './mongo-errors.js';
import type { DeliveryDoc } from './mongo-documents.js';
import { COLLECTIONS } from './mongo-indexes.js';

export interface LeaseDoc {
  _id: string;
  owner: string;
  acquiredAt: Date;
  expiresAt: Date;
  /** Bumped by every job admission: a write both racing admissions touch, so one of them retries. */
  admissions?: number;
}

export interface JobDoc {
  _id: string;
  policyId: string;
  status: JobRecord['status'];
  owner: string;
  leaseUntil: Date;
  createdAt: Date;
  updatedAt: Date;
  stateJson: string;
  result: Binary | null;
}

const leaseFromDoc = (d: LeaseDoc): LeaseRecord => ({ name: d._id, owner: d.owner, acquiredAt: d.acquiredAt.toISOString(), expiresAt: d.expiresAt.toISOString() });

const jobToDoc = (j: JobRecord): JobDoc => ({
  _id: j.jobId,
  policyId: j.policyId,
  status: j.status,
  owner: j.owner,
  leaseUntil: new Date(j.leaseUntil),
  createdAt: new Date(j.createdAt),
  updatedAt: new Date(j.updatedAt),
  stateJson: JSON.stringify(j.state),
  result: j.result ? new Binary(j.result) : null,
});

const jobFromDoc = (d: JobDoc): JobRecord => ({
  jobId: d._id,
  policyId: d.policyId,
  status: d.status,
  owner: d.owner,
  leaseUntil: d.leaseUntil.toISOString(),
  createdAt: d.createdAt.toISOString(),
  updatedAt: d.updatedAt.toISOString(),
  state: JSON.parse(d.stateJson) as Record<string, unknown>,
  result: d.result ? new Uint8Array(d.result.buffer) : null,
});

/** A delivery as claimed: the record's JSON, with the claim's nextAttemptAt from the document. */
const claimedFromDoc = (d: DeliveryDoc): DeliveryRecord => ({ ...(JSON.parse(d.recordJson) as DeliveryRecord), nextAttemptAt: d.nextAttemptAt });

export class MongoCoordination {
  constructor(private readonly db: () => Db) {}

  private get leases(): Collection<LeaseDoc> {
    return this.db().collection<LeaseDoc>(COLLECTIONS.leases);
  }
  private get jobs(): Collection<JobDoc> {
    return this.db().collection<JobDoc>(COLLECTIONS.simulationJobs);
  }
  private get deliveries(): Collection<DeliveryDoc> {
    return this.db().collection<DeliveryDoc>(COLLECTIONS.deliveries);
  }

  async acquireLease(input: { name: string; owner: string; at: string; ttlMs: number }): Promise<LeaseRecord | null> {
    const at = new Date(instant(input.at));
    const expiresAt = new Date(at.getTime() + input.ttlMs);
    try {
      const doc = await this.leases.findOneAndUpdate(
        { _id: input.name, $or: [{ owner: input.owner }, { expiresAt: { $lte: at } }] },
        { $set: { owner: input.owner, acquiredAt: at, expiresAt } },
        { upsert: true, returnDocument: 'after' },
      );
      return doc ? leaseFromDoc(doc) : null;
    } catch (err) {
      if (duplicateKeyOn(err)) return null; // held by another owner, not expired
      throw err;
    }
  }

  async releaseLease(name: string, owner: string): Promise<boolean> {
    return (await this.leases.deleteOne({ _id: name, owner })).deletedCount === 1;
  }

  async getLease(name: string): Promise<LeaseRecord | null> {
    const doc = await this.leases.findOne({ _id: name });
    return doc ? leaseFromDoc(doc) : null;
  }

  /** One findOneAndUpdate per delivery: each is claimed atomically, by one caller. */
  async claimDueDeliveries(input: { now: string; until: string; limit: number }): Promise<DeliveryRecord[]> {
    const now = instant(input.now);
    const until = instant(input.until);
    const claimed: DeliveryRecord[] = [];
    while (claimed.length < input.limit) {
      const doc = await this.deliveries.findOneAndUpdate(
        { status: 'pending', nextAttemptAt: { $ne: null, $lte: now } },
        { $set: { nextAttemptAt: until } },
        { sort: { nextAttemptAt: 1, _id: 1 }, returnDocument: 'after' },
      );
      if (!doc) break;
      claimed.push(claimedFromDoc(doc));
    }
    return claimed;
  }

  /** Runs inside the store's transaction (`session`): the admission counter makes racing admissions conflict. */
  async insertJob(job: JobRecord, maxActive: number, session: ClientSession | undefined): Promise<boolean> {
    const at = new Date(instant(job.createdAt));
    await this.leases.updateOne({ _id: 'simulation-jobs.admission' }, { $inc: { admissions: 1 }, $setOnInsert: { owner: '', acquiredAt: at, expiresAt: at } }, { upsert: true, session });
    const active = await this.jobs.countDocuments({ status: { $in: ['queued', 'running'] }, leaseUntil: { $gt: at } }, { session });
    if (active >= maxActive) return false;
    try {
      await this.jobs.insertOne(jobToDoc(job), { session });
    } catch (err) {
      if (duplicateKeyOn(err)) return false;
      throw err;
    }
    return true;
  }

  async updateJob(job: JobRecord): Promise<boolean> {
    const { _id, ...fields } = jobToDoc(job);
    return (await this.jobs.updateOne({ _id, owner: job.owner }, { $set: fields })).matchedCount === 1;
  }

  async getJob(jobId: string): Promise<JobRecord | null> {
    const doc = await this.jobs.findOne({ _id: jobId });
    return doc ? jobFromDoc(doc) : null;
  }

  async listJobs(policyId: string, limit: number): Promise<JobRecord[]> {
    const docs = await this.jobs.find({ policyId }, { sort: { createdAt: -1, _id: -1 }, limit, projection: { result: 0 } }).toArray();
    return docs.map((d) => jobFromDoc({ ...d, result: null }));
  }

  async forgetJobs(keep: number): Promise<number> {
    const old = await this.jobs.find({ status: { $in: ['done', 'failed'] } }, { sort: { createdAt: -1, _id: -1 }, skip: keep, projection: { _id: 1 } }).toArray();
    if (!old.length) return 0;
    return (await this.jobs.deleteMany({ _id: { $in: old.map((d) => d._id) }, status: { $in: ['done', 'failed'] } })).deletedCount;
  }
}
