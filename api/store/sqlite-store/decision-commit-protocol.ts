/** Messages between the decision log and its commit worker (decision-commit-worker.mjs). */
export interface CommitItem {
  decisionId: string;
  policyId: string;
  requestId: string | null;
  customerId: string | null;
  outcome: string;
  evaluatedAt: string;
  json: string;
}

export interface CommitRequest {
  id: number;
  items: CommitItem[];
  failWith?: { code: string; message: string };
}

export type Outcome = { kind: 'new' } | { kind: 'conflict' } | { kind: 'duplicate'; json: string };

export type CommitReply = { id: number; outcomes: Outcome[]; error?: undefined } | { id: number; error: { code: string; message: string }; outcomes?: undefined };
