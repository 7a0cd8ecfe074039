/**
 * Review campaigns (issue 24): each run re-decides the customers whose limit is due for review (or
 * one customer whose stored fact changed) and keeps a report of who moved. A run is identified by
 * its pass key (`scheduled:<day>`, `manual:<uuid>`, `facts:<customer's pseudonym>:<etag>`): starting a pass
 * that exists returns the stored run, so a repeated pass never re-decides anyone twice.
 *
 * Persistence only: api/domain/review-campaigns.ts decides who is due and what moved.
 * The report names customers (personal data), like the decision log.
 */
import type { CustomerAuditEvent, CustomerPage } from './customer-store.js';

export type CampaignKind = 'scheduled' | 'manual' | 'factChange';
export type CampaignStatus = 'running' | 'done';

/** Where a customer stood before or after the re-decision. */
export interface CampaignStanding {
  riskClass: string | null;
  limit: number | null;
  reviewDate: string | null;
}

/** One customer of a run. */
export interface CampaignEntry {
  /** null once the customer was erased (or the report passed its retention): the line stays, naming no one. */
  customerId: string | null;
  /** When the customer id was removed from this line (erasure or retention). */
  erasedAt?: string;
  policyId: string | null;
  /** accept / refuse: applied to the file's limit; escalate: an approval request opened; skipped / failed: nothing decided. */
  outcome: 'accept' | 'refuse' | 'escalate' | 'skipped' | 'failed';
  before: CampaignStanding;
  after: CampaignStanding;
  /** Class or limit changed (an escalation moves once a person decides). */
  moved: boolean;
  decisionId: string | null;
  approvalId: string | null;
  /** Why skipped or failed (English; the editor words the reason codes). */
  reason: string | null;
}

export interface CampaignCounts {
  due: number;
  redecided: number;
  moved: number;
  escalated: number;
  skipped: number;
  failed: number;
}

export interface CampaignRecord {
  campaignId: string;
  kind: CampaignKind;
  passKey: string;
  status: CampaignStatus;
  /** The policy a manual run asked for (null: each customer's limit's policy). */
  policyId: string | null;
  /** Customers whose review date is at or before this instant were due. */
  dueBy: string;
  startedAt: string;
  startedBy: string;
  finishedAt: string | null;
  counts: CampaignCounts;
  entries: CampaignEntry[];
}

export interface CampaignStore {
  /** Stores a new run, or returns the run already stored under its pass key (`created: false`). */
  startCampaign(input: { campaign: CampaignRecord; audit: CustomerAuditEvent }): Promise<{ campaign: CampaignRecord; created: boolean }>;
  /** Replaces a run (its report, status) with its audit entry; NOT_FOUND if unknown. */
  saveCampaign(input: { campaign: CampaignRecord; audit: CustomerAuditEvent | null }): Promise<CampaignRecord>;
  getCampaign(campaignId: string): Promise<CampaignRecord | null>;
  /** Newest first (startedAt, then id); cursor pages. A cursor the store did not issue → NOT_FOUND. */
  listCampaigns(filter: { cursor?: string; limit?: number }): Promise<CustomerPage<CampaignRecord>>;
  /**
   * Retention: the reports of runs finished before `before` that still name customers lose the
   * customer ids of their lines (at most `limit` runs, oldest first), with one audit entry when any.
   * Returns how many lines were rewritten and how many runs were touched (fewer than `limit`: done).
   */
  anonymiseCampaignsBefore(input: { before: string; at: string; limit: number; audit: CustomerAuditEvent }): Promise<{ runs: number; lines: number }>;
}

/** The report without this customer's id: its lines stay (counts, classes and limits, for statistics), naming no one. Null when it did not name them. */
export function withoutCustomer(c: CampaignRecord, customerId: string | null, at: string): { campaign: CampaignRecord; lines: number } | null {
  let lines = 0;
  const entries = c.entries.map((e) => {
    if (e.customerId === null || (customerId !== null && e.customerId !== customerId)) return e;
    lines += 1;
    return { ...e, customerId: null, erasedAt: at };
  });
  if (!lines) return null;
  // Runs stored before pass keys named the customer by pseudonym named it by id: that goes too.
  const passKey = c.kind === 'factChange' && entries.every((e) => e.customerId === null) ? `erased:${c.campaignId}` : c.passKey;
  return { campaign: { ...c, passKey, entries }, lines };
}

/** The list's cursor, the same opaque form in both stores. */
export const encodeCampaignCursor = (c: Pick<CampaignRecord, 'startedAt' | 'campaignId'>) => Buffer.from(JSON.stringify([c.startedAt, c.campaignId])).toString('base64url');
export function decodeCampaignCursor(cursor: string): [string, string] | null {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    // fall through
  }
  return null;
}
