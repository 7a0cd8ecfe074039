/** The champion/challenger calls (api/routes/experiments.ts). */
import type { ApiClient } from '../api/client.js';

// The shapes are the API's own (type-only imports: nothing of api/ or engine/ is bundled by them).
import type { ExperimentComparisonView } from '../../../api/domain/experiment-comparison.js';
import type { experimentView } from '../../../api/domain/experiments.js';
import type { ComparedArm } from '../../../engine/monitoring/experiment-comparison.js';
export type { ArmSummary, DailyArm, OutcomeKey } from '../../../engine/monitoring/experiment-comparison.js';

export type Arm = ComparedArm;
export type Experiment = ReturnType<typeof experimentView>;
export type Comparison = ExperimentComparisonView;

const enc = encodeURIComponent;

export const experimentsApi = (api: ApiClient) => ({
  list: (policyId: string) => api.getJson<{ items: Experiment[] }>(`/policies/${enc(policyId)}/experiments`).then((r) => r.items),
  propose: (policyId: string, body: { challengerVersion: number; share: number; comment: string }) => api.postJson<Experiment>(`/policies/${enc(policyId)}/experiments`, body),
  act: (id: string, action: 'approve' | 'stop' | 'withdraw-change' | 'promote', body: { comment: string; revision: number }) => api.postJson<Experiment>(`/experiments/${enc(id)}/${action}`, body),
  share: (id: string, body: { share: number; comment: string; revision: number }) => api.postJson<Experiment>(`/experiments/${enc(id)}/share`, body),
  comparison: (id: string) => api.getJson<Comparison>(`/experiments/${enc(id)}/comparison`),
  csv: (id: string) => api.file(`/experiments/${enc(id)}/comparison.csv`),
});
