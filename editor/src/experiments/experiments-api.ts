/** The champion/challenger calls (api/routes/experiments.ts). */
import type { ApiClient } from '../api/client.js';

export type Arm = 'champion' | 'challenger';
export type OutcomeKey = 'accept' | 'refuse' | 'escalate' | 'none';

export interface Experiment {
  id: string;
  policyId: string;
  championVersion: number;
  challengerVersion: number;
  share: number;
  status: 'proposed' | 'running' | 'stopped' | 'promoted';
  proposedBy: string;
  proposedAt: string;
  approvedBy: string | null;
  startedAt: string | null;
  endedBy: string | null;
  endedAt: string | null;
  pendingChange: { kind: 'share' | 'stop'; share: number | null; proposedBy: string; proposedAt: string; comment: string } | null;
  history: { at: string; by: string; action: string; share: number; comment: string | null }[];
  comment: string;
  revision: number;
}

export interface ArmSummary {
  decisions: number;
  byOutcome: Record<OutcomeKey, number>;
  byClass: Record<string, number>;
  byApprovalLevel: Record<string, number>;
  grantedLimits: number;
  escalations: number;
  acceptRate: number | null;
  escalationRate: number | null;
}

export interface DailyArm {
  answered: number;
  accept: number;
  refuse: number;
  escalate: number;
  grantedLimits: number;
}

export interface Comparison {
  experimentId: string;
  versions: Record<Arm, number>;
  decisions: number;
  answered: Record<Arm, number>;
  arms: Record<Arm, ArmSummary>;
  answeredBy: Record<Arm, ArmSummary>;
  agreement: Record<OutcomeKey, Record<OutcomeKey, number>>;
  agreementRate: number | null;
  daily: { date: string; decisions: number; champion: DailyArm; challenger: DailyArm }[];
}

const enc = encodeURIComponent;

export const experimentsApi = (api: ApiClient) => ({
  list: (policyId: string) => api.getJson<{ items: Experiment[] }>(`/policies/${enc(policyId)}/experiments`).then((r) => r.items),
  propose: (policyId: string, body: { challengerVersion: number; share: number; comment: string }) => api.postJson<Experiment>(`/policies/${enc(policyId)}/experiments`, body),
  act: (id: string, action: 'approve' | 'stop' | 'withdraw-change' | 'promote', body: { comment: string; revision: number }) => api.postJson<Experiment>(`/experiments/${enc(id)}/${action}`, body),
  share: (id: string, body: { share: number; comment: string; revision: number }) => api.postJson<Experiment>(`/experiments/${enc(id)}/share`, body),
  comparison: (id: string) => api.getJson<Comparison>(`/experiments/${enc(id)}/comparison`),
  csv: (id: string) => api.file(`/experiments/${enc(id)}/comparison.csv`),
});
