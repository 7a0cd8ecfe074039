/** The auditor's calls: audit trail, decision log, replay, version history, replay-window impact, access log. */
import type { ApiClient } from '../api/client.js';

export interface AuditItem {
  seq: number;
  at: string;
  actor: string;
  action: string;
  policyId: string | null;
  version: number | null;
  contentHash: string | null;
  comment: string | null;
  details: Record<string, unknown> | null;
  intact?: boolean;
}

export interface LoggedDecision {
  decisionId: string;
  policyId: string;
  version: number;
  contentHash: string;
  customerId: string | null;
  outcome: 'accept' | 'refuse' | 'escalate';
  evaluatedAt: string;
  caller: string;
  source: 'automatic' | 'manual';
  seal?: 'intact' | 'altered' | 'unsealed';
  erasedAt?: string;
  decision: DecisionFields;
}

export interface DecisionFields {
  outcome: string;
  score?: number | null;
  riskClass?: string | null;
  approvalLevel?: string | null;
  creditLimit?: { gross?: number | null } | null;
  reasons?: { code: string; message: string }[];
}

export interface Replay {
  decisionId: string;
  original: { version: number; contentHash: string; decision: DecisionFields };
  replay: { version: number; contentHash: string; decision: DecisionFields };
  same: boolean;
  differences: { field: string; original: unknown; replay: unknown }[];
}

export interface Step {
  at: string;
  actor: string;
  comment: string | null;
  seq: number;
}

export interface VersionHistory {
  policyId: string;
  version: number;
  contentHash: string;
  publishedAt: string;
  edits: Step[];
  editors: string[];
  submitted: Step | null;
  rejected: Step[];
  approved: Step | null;
  activations: Step[];
}

export interface WindowImpact {
  status: string;
  error?: { message?: string } | null;
  result: { rowCount: number; changed: { outcome: number; riskClass: number; limit: number; any: number } } | null;
}

/** One read, from the access log (an `access.read` entry of the audit chain). */
export interface AccessRead {
  seq: number;
  at: string;
  reader: string;
  what: string;
  details: { decisionIds?: string[]; seqs?: number[]; policyId?: string; version?: number; count?: number; filter?: Record<string, unknown>; [k: string]: unknown };
}

export const READ_KINDS = ['decisions', 'decision', 'decision.replay', 'audit', 'access-log', 'version.history', 'export.audit', 'export.decisions', 'export.version'] as const;

const q = (params: Record<string, string | undefined>) => {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== '') as [string, string][];
  return entries.length ? `?${new URLSearchParams(entries).toString()}` : '';
};
const enc = encodeURIComponent;

export const auditApi = (api: ApiClient) => ({
  trail: (f: { actor?: string; action?: string; policyId?: string; from?: string; to?: string }) => api.getJson<{ items: AuditItem[] }>(`/audit${q({ ...f, limit: '200' })}`),
  decisions: (f: { policyId?: string; customerId?: string; outcome?: string; from?: string; to?: string }) => api.getJson<{ items: LoggedDecision[] }>(`/decisions${q({ ...f, limit: '100' })}`),
  replay: (decisionId: string, version: number) => api.postJson<Replay>(`/decisions/${enc(decisionId)}/replay`, { version }),
  versions: (policyId: string) => api.getJson<{ items: { version: number; publishedAt: string; author: string; approvedBy: string }[] }>(`/policies/${enc(policyId)}/versions`),
  history: (policyId: string, version: number) => api.getJson<VersionHistory>(`/policies/${enc(policyId)}/versions/${version}/history`),
  diff: (policyId: string, from: number, to: number) => api.getJson<{ changes: { message: string; cosmetic?: boolean }[] }>(`/policies/${enc(policyId)}/diff?from=${from}&to=${to}`),
  startWindow: (policyId: string, from: number, to: number, window: { from: string; to: string }) =>
    api.postJson<{ jobId: string }>(`/policies/${enc(policyId)}/simulations${q({ from: String(from), to: String(to) })}`, { source: 'decisions', ...window }),
  job: (policyId: string, jobId: string) => api.getJson<WindowImpact>(`/policies/${enc(policyId)}/simulations/${enc(jobId)}`),
  accessLog: (f: { actor?: string; what?: string; from?: string; to?: string }) => api.getJson<{ items: AccessRead[] }>(`/access-log${q({ ...f, limit: '200' })}`),
  /** A version's document (its delegation levels' labels). */
  version: (policyId: string, version: number) => api.getVersion(policyId, version),
  versionExport: (policyId: string, version: number) => api.file(`/policies/${enc(policyId)}/versions/${version}/export`),
});
