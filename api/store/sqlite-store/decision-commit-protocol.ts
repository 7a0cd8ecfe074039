/** Messages between the decision log and its commit worker (decision-commit-worker.mjs). */
export interface CommitItem {
  decisionId: string;
  policyId: string;
  requestId: string | null;
  customerId: string | null;
  outcome: string;
  evaluatedAt: string;
  /** The record's seal (decision-seal.ts), which its link in the decision-log chain covers. */
  recordHash: string | null;
  json: string;
  /** A customer's first salt, stored in the same transaction (the decision was sealed with it). */
  newSalt?: string;
}

export interface CommitRequest {
  id: number;
  items: CommitItem[];
  failWith?: { code: string; message: string };
}

export type Outcome = { kind: 'new' } | { kind: 'conflict' } | { kind: 'duplicate'; json: string } | { kind: 'salt-taken' };

export type CommitReply = { id: number; outcomes: Outcome[]; error?: undefined } | { id: number; error: { code: string; message: string }; outcomes?: undefined };
