/**
 * Leases and simulation jobs (see ../coordination.ts). Every method runs inside the caller's
 * BEGIN IMMEDIATE transaction, so each read-then-write is a compare-and-set across processes.
 */
import type { JobRecord, LeaseRecord } from '../coordination.js';
import type { Db } from './database.js';

interface JobRow {
  job_id: string;
  policy_id: string;
  status: JobRecord['status'];
  owner: string;
  lease_until: string;
  created_at: string;
  updated_at: string;
  state: string;
  result: Buffer | null;
}

const fromRow = (r: JobRow, withResult = true): JobRecord => ({
  jobId: r.job_id,
  policyId: r.policy_id,
  status: r.status,
  owner: r.owner,
  leaseUntil: r.lease_until,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  state: JSON.parse(r.state) as Record<string, unknown>,
  result: withResult && r.result ? new Uint8Array(r.result) : null,
});

const leaseFromRow = (r: { name: string; owner: string; acquired_at: string; expires_at: string }): LeaseRecord => ({
  name: r.name,
  owner: r.owner,
  acquiredAt: r.acquired_at,
  expiresAt: r.expires_at,
});

export class CoordinationTables {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      getLease: db.prepare<[string], { name: string; owner: string; acquired_at: string; expires_at: string }>('SELECT * FROM leases WHERE name = ?'),
      putLease: db.prepare<[string, string, string, string]>(
        'INSERT INTO leases (name, owner, acquired_at, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at',
      ),
      dropLease: db.prepare<[string, string]>('DELETE FROM leases WHERE name = ? AND owner = ?'),
      getJob: db.prepare<[string], JobRow>('SELECT * FROM simulation_jobs WHERE job_id = ?'),
      activeJobs: db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM simulation_jobs WHERE status IN ('queued', 'running') AND lease_until > ?"),
      insertJob: db.prepare<[string, string, string, string, string, string, string, string, Buffer | null]>(
        'INSERT INTO simulation_jobs (job_id, policy_id, status, owner, lease_until, created_at, updated_at, state, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      updateJob: db.prepare<[string, string, string, string, Buffer | null, string, string]>(
        'UPDATE simulation_jobs SET status = ?, lease_until = ?, updated_at = ?, state = ?, result = ? WHERE job_id = ? AND owner = ?',
      ),
      listJobs: db.prepare<[string, number], JobRow>(
        'SELECT job_id, policy_id, status, owner, lease_until, created_at, updated_at, state, NULL AS result FROM simulation_jobs WHERE policy_id = ? ORDER BY created_at DESC, job_id DESC LIMIT ?',
      ),
      forgetJobs: db.prepare<[number]>(
        `DELETE FROM simulation_jobs WHERE job_id IN (
           SELECT job_id FROM simulation_jobs WHERE status IN ('done', 'failed') ORDER BY created_at DESC, job_id DESC LIMIT -1 OFFSET ?)`,
      ),
    };
  }

  getLease(name: string): LeaseRecord | null {
    const row = this.s.getLease.get(name);
    return row ? leaseFromRow(row) : null;
  }

  /** The compare-and-set of acquireLease (the caller holds the write lock). */
  acquireLease(name: string, owner: string, at: string, expiresAt: string): LeaseRecord | null {
    const held = this.getLease(name);
    if (held && held.owner !== owner && held.expiresAt > at) return null;
    this.s.putLease.run(name, owner, at, expiresAt);
    return { name, owner, acquiredAt: at, expiresAt };
  }

  releaseLease(name: string, owner: string): boolean {
    return this.s.dropLease.run(name, owner).changes === 1;
  }

  getJob(jobId: string): JobRecord | null {
    const row = this.s.getJob.get(jobId);
    return row ? fromRow(row) : null;
  }

  activeJobs(at: string): number {
    return this.s.activeJobs.get(at)!.n;
  }

  insertJob(j: JobRecord): boolean {
    if (this.s.getJob.get(j.jobId)) return false;
    this.s.insertJob.run(j.jobId, j.policyId, j.status, j.owner, j.leaseUntil, j.createdAt, j.updatedAt, JSON.stringify(j.state), j.result ? Buffer.from(j.result) : null);
    return true;
  }

  updateJob(j: JobRecord): boolean {
    return this.s.updateJob.run(j.status, j.leaseUntil, j.updatedAt, JSON.stringify(j.state), j.result ? Buffer.from(j.result) : null, j.jobId, j.owner).changes === 1;
  }

  listJobs(policyId: string, limit: number): JobRecord[] {
    return this.s.listJobs.all(policyId, limit).map((r) => fromRow(r, false));
  }

  forgetJobs(keep: number): number {
    return this.s.forgetJobs.run(keep).changes;
  }
}
