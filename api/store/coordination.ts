/**
 * What several API instances on one store need to cooperate (part of the store contract,
 * tests/store/store-contract.ts): named leases, claimed webhook deliveries, and simulation jobs
 * kept in the store so any instance answers a poll.
 *
 * A lease is a compare-and-set on one record `{ name, owner, expiresAt }`: it is taken when free,
 * expired, or already held by the same owner (a renewal); otherwise the caller is told who holds it.
 * Times are ISO instants given by the caller (the domain's clock), compared as instants.
 */
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
