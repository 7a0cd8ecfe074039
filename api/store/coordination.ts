/**
 * What several API instances on one store need to cooperate (part of the store contract,
 * tests/store/store-contract.ts): named leases, claimed webhook deliveries, and simulation jobs
 * kept in the store so any instance answers a poll.
 *
 * A lease is a compare-and-set on one record `{ name, owner, expiresAt }`: it is taken when free,
 * expired, or already held by the same owner (a renewal); otherwise the caller is told who holds it.
 * Times are ISO instants given by the caller (the domain's clock), compared as instants.
 */
import type { DeliveryRecord } from './store.js';

export interface LeaseRecord {
  name: string;
  /** Who holds it: an instance id (host, pid, random suffix). */
  owner: string;
  acquiredAt: string;
  expiresAt: string;
}

export type JobState = 'queued' | 'running' | 'done' | 'failed';

/**
 * A simulation job as stored: the columns instances filter on, the JSON a poll shows while it runs
 * (`state`), and the finished result as opaque bytes (the impact layer serialises it).
 * `owner` and `leaseUntil` are the claim of the instance whose workers run it; the runner renews the
 * claim with each progress write, so a job whose claim lapsed was abandoned (its instance stopped).
 */
export interface JobRecord {
  jobId: string;
  policyId: string;
  status: JobState;
  owner: string;
  leaseUntil: string;
  createdAt: string;
  updatedAt: string;
  state: Record<string, unknown>;
  result: Uint8Array | null;
}

export interface CoordinationStore {
  /**
   * Take or renew the lease `name` for `owner` until `at` + `ttlMs`: succeeds when nobody holds it,
   * its holder's expiry is at or before `at`, or `owner` holds it already. One atomic
   * compare-and-set: of racing callers, one gets it. Returns the lease now held by `owner`, or null.
   */
  acquireLease(input: { name: string; owner: string; at: string; ttlMs: number }): Promise<LeaseRecord | null>;
  /** Give the lease up if `owner` holds it (true), else change nothing (false). */
  releaseLease(name: string, owner: string): Promise<boolean>;
  getLease(name: string): Promise<LeaseRecord | null>;

  /**
   * Claim the pending deliveries due at `now` (nextAttemptAt ≤ now), oldest first, by moving their
   * nextAttemptAt to `until` in the same atomic step: a claimed delivery is due for nobody else
   * until then (if the claimer dies mid-send, it becomes due again). Returns them as claimed.
   */
  claimDueDeliveries(input: { now: string; until: string; limit: number }): Promise<DeliveryRecord[]>;

  /**
   * Store a new job if fewer than `maxActive` jobs are queued or running with a live claim at
   * `job.createdAt`; false (nothing written) when that many are. CONFLICT if the id exists.
   */
  insertJob(job: JobRecord, maxActive: number): Promise<boolean>;
  /** Replace a job if `job.owner` still holds it (false: another instance took it, or it is gone). */
  updateJob(job: JobRecord): Promise<boolean>;
  getJob(jobId: string): Promise<JobRecord | null>;
  /** A policy's jobs, newest first, without their result bytes (null). */
  listJobs(policyId: string, limit: number): Promise<JobRecord[]>;
  /** Delete finished jobs beyond the newest `keep` (all policies together); returns how many went. */
  forgetJobs(keep: number): Promise<number>;
}
