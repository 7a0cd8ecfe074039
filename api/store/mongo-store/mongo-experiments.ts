/**
 * Champion/challenger experiments on MongoDB (../experiment-store.ts). The record is kept as JSON
 * text beside the fields queries use; `openPolicy` is set (to the policy id) only while the
 * experiment is proposed or running, and a partial unique index on it holds a policy to one open
 * experiment — the same arbiter as the decision log's requestId. Called inside the store's
 * mutate (session, audit entry) by mongo-store.ts.
 */
import type { ClientSession, Collection, Db } from 'mongodb';
import { OPEN_EXPERIMENT_STATUSES, type ExperimentRecord } from '../experiment-store.js';
import { StoreError } from '../store.js';
import { duplicateKeyOn } from './mongo-errors.js';

export const EXPERIMENTS_COLLECTION = 'experiments';

export interface ExperimentDoc {
  _id: string;
  policyId: string;
  status: ExperimentRecord['status'];
  openPolicy?: string;
  proposedAt: Date;
  revision: number;
  recordJson: string;
}

const toDoc = (e: ExperimentRecord): ExperimentDoc => ({
  _id: e.id,
  policyId: e.policyId,
  status: e.status,
  ...(OPEN_EXPERIMENT_STATUSES.includes(e.status) ? { openPolicy: e.policyId } : {}),
  proposedAt: new Date(e.proposedAt),
  revision: e.revision,
  recordJson: JSON.stringify(e),
});

const fromDoc = (d: ExperimentDoc): ExperimentRecord => JSON.parse(d.recordJson) as ExperimentRecord;

export async function ensureExperimentIndexes(db: Db): Promise<void> {
  const c = db.collection<ExperimentDoc>(EXPERIMENTS_COLLECTION);
  await Promise.all([
    c.createIndex({ openPolicy: 1 }, { unique: true, partialFilterExpression: { openPolicy: { $type: 'string' } }, name: 'experiments_one_open' }),
    c.createIndex({ policyId: 1, proposedAt: -1, _id: -1 }, { name: 'experiments_policy_time' }),
    c.createIndex({ proposedAt: -1, _id: -1 }, { name: 'experiments_time' }),
  ]);
}

export class MongoExperiments {
  constructor(private readonly db: () => Db) {}

  private get c(): Collection<ExperimentDoc> {
    return this.db().collection<ExperimentDoc>(EXPERIMENTS_COLLECTION);
  }

  async insert(e: ExperimentRecord, session: ClientSession | undefined): Promise<void> {
    try {
      await this.c.insertOne(toDoc(e), { session });
    } catch (err) {
      const fields = duplicateKeyOn(err);
      if (fields?.some((f) => f.includes('openPolicy') || f.includes('experiments_one_open'))) throw new StoreError('CONFLICT', `policy ${e.policyId} has an open experiment already`);
      if (fields) throw new StoreError('CONFLICT', `experiment ${e.id} exists already`);
      throw err;
    }
  }

  async get(id: string): Promise<ExperimentRecord | null> {
    const doc = await this.c.findOne({ _id: id });
    return doc ? fromDoc(doc) : null;
  }

  async open(policyId: string): Promise<ExperimentRecord | null> {
    const doc = await this.c.findOne({ openPolicy: { $eq: policyId, $type: 'string' } });
    return doc ? fromDoc(doc) : null;
  }

  async list(policyId: string | undefined, limit: number): Promise<ExperimentRecord[]> {
    const docs = await this.c.find(policyId === undefined ? {} : { policyId }, { sort: { proposedAt: -1, _id: -1 }, limit }).toArray();
    return docs.map(fromDoc);
  }

  /** Compare-and-set on the revision. */
  async update(e: ExperimentRecord, expectRevision: number, session: ClientSession | undefined): Promise<void> {
    const { _id, openPolicy, ...fields } = toDoc(e);
    try {
      const res = await this.c.updateOne({ _id, revision: expectRevision }, openPolicy ? { $set: { ...fields, openPolicy } } : { $set: fields, $unset: { openPolicy: '' } }, { session });
      if (res.matchedCount === 1) return;
    } catch (err) {
      if (duplicateKeyOn(err)) throw new StoreError('CONFLICT', `policy ${e.policyId} has an open experiment already`);
      throw err;
    }
    const stored = await this.c.findOne({ _id }, { session });
    if (!stored) throw new StoreError('NOT_FOUND', `experiment ${e.id} does not exist`);
    throw new StoreError('PRECONDITION_FAILED', `experiment ${e.id} changed meanwhile (revision ${stored.revision}, expected ${expectRevision})`);
  }
}
