/** The customer page's calls: files, exposure, group, alerts, approvals, decisions, campaigns. */
import type { ApiClient } from '../api/client.js';
import type { LocalizedText } from '../../../engine/model/policy-schema.js';

export interface StoredFact {
  value: number | string | boolean | null;
  source: string;
  asOf: string;
}
export interface CustomerLimit {
  amount: number;
  grantedAt: string;
  reviewDate: string | null;
  expiresAt: string | null;
  decisionId: string | null;
  policyId: string | null;
  riskClass: string | null;
}
export interface CustomerFile {
  customerId: string;
  identity: { name: string; nationalId: string | null; country: string | null; currency: string };
  parentId: string | null;
  facts: Record<string, StoredFact>;
  cover: { insurer: string | null; amount: number; insuredShare: number; from: string; to: string | null } | null;
  limit: CustomerLimit | null;
  groupLimit: { amount: number } | null;
  flags: {
    dispute: { since: string; amount: number | null; note: string | null } | null;
    promiseToPay: { date: string; amount: number } | null;
    insolvency: { procedure: string; since: string } | null;
  };
  updatedAt: string;
}
export interface Aged {
  notDue: number;
  d1to30: number;
  d31to60: number;
  d61to90: number;
  over90: number;
}
export interface Exposure {
  currency: string;
  outstanding: number;
  aged: Aged;
  credits: number;
  overdue: number;
  dso: number | null;
  openItems: number;
  limit: number | null;
  headroom: number | null;
  cover: number | null;
  uncovered: number | null;
}
export interface Group {
  parentId: string;
  currency: string;
  exposure: number;
  overdue: number;
  groupLimit: number | null;
  headroom: number | null;
  notSummed: string[];
  entities: { customerId: string; name: string; limit: number | null; outstanding: number; overdue: number; currency: string }[];
}
export interface CustomerAlert {
  id: string;
  type: string;
  severity: string;
  message: string;
  raisedAt: string;
}
export interface CustomerApproval {
  id: string;
  status: string;
  requiredLevel: string;
  requestedAmount: number | null;
  computedLimit: number | null;
  openedAt: string;
  policyId: string;
}
export interface CustomerDecision {
  decisionId: string;
  policyId: string;
  version: number;
  outcome: string;
  evaluatedAt: string;
  source: 'automatic' | 'manual';
  caller: string;
  decision: { score?: number | null; riskClass?: string | null; creditLimit?: { gross?: number | null } | null; approvalLevel?: string | null };
}
export interface Standing {
  riskClass: string | null;
  limit: number | null;
  reviewDate: string | null;
}
export interface CampaignEntry {
  /** null: the customer was erased (or the report passed its retention period). */
  customerId: string | null;
  erasedAt?: string;
  policyId: string | null;
  outcome: 'accept' | 'refuse' | 'escalate' | 'skipped' | 'failed';
  before: Standing;
  after: Standing;
  moved: boolean;
  decisionId: string | null;
  approvalId: string | null;
  reason: string | null;
}
export interface Campaign {
  campaignId: string;
  kind: 'scheduled' | 'manual' | 'factChange';
  status: 'running' | 'done';
  policyId: string | null;
  startedAt: string;
  startedBy: string;
  finishedAt: string | null;
  counts: { due: number; redecided: number; moved: number; escalated: number; skipped: number; failed: number };
  entries?: CampaignEntry[];
}

/** Labels as the policy stores them (a text, or one per language): worded with the i18n's `lt`. */
export interface PolicyWords {
  inputs: Record<string, LocalizedText | undefined>;
  levels: Record<string, LocalizedText | undefined>;
}

const enc = encodeURIComponent;

export const customersApi = (api: ApiClient) => ({
  list: (name: string, cursor?: string) =>
    api.getJson<{ items: CustomerFile[]; nextCursor: string | null }>(`/customers?limit=50${name ? `&name=${enc(name)}` : ''}${cursor ? `&cursor=${enc(cursor)}` : ''}`),
  file: (id: string) => api.getJson<CustomerFile>(`/customers/${enc(id)}`),
  exposure: (id: string) => api.getJson<Exposure>(`/customers/${enc(id)}/exposure`),
  group: (id: string) => api.getJson<Group>(`/customers/${enc(id)}/group`),
  alerts: (id: string) => api.getJson<{ items: CustomerAlert[] }>(`/alerts?customerId=${enc(id)}&limit=50`),
  approvals: async (id: string) => {
    const all = await Promise.all((['pending', 'approved', 'refused'] as const).map((s) => api.getJson<{ items: CustomerApproval[] }>(`/approvals?status=${s}&customerId=${enc(id)}`)));
    return all.flatMap((r) => r.items).sort((a, b) => b.openedAt.localeCompare(a.openedAt));
  },
  /** The customer's own decision history (approvers and auditors: customers:history). */
  decisions: (id: string) => api.getJson<{ items: CustomerDecision[] }>(`/customers/${enc(id)}/decisions?limit=50`),
  /** The words a policy gives its codes: input labels and delegation levels (from its active version). */
  policyWords: async (policyId: string): Promise<PolicyWords> => {
    const v = await api.getJson<{ document: { inputs: { name: string; label?: LocalizedText }[]; nodes: { kind: string; config?: { levels?: { id: string; label?: LocalizedText }[] } }[] } }>(`/policies/${enc(policyId)}/versions/active`);
    const levels = v.document.nodes.find((n) => n.kind === 'approval')?.config?.levels ?? [];
    return { inputs: Object.fromEntries(v.document.inputs.map((i) => [i.name, i.label])), levels: Object.fromEntries(levels.map((l) => [l.id, l.label])) };
  },
  campaigns: () => api.getJson<{ items: Campaign[] }>('/campaigns?limit=50'),
  campaign: (id: string) => api.getJson<Campaign>(`/campaigns/${enc(id)}`),
  runCampaign: () => api.postJson<Campaign>('/campaigns', {}),
});
