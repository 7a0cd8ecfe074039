/** The one typed client of the creditgraph API (`/api/v1`). Every call sends the signed-in key. */
import type { PolicyDocument } from '../../../engine/model/policy-schema.js';
import type { Static } from '@sinclair/typebox';
import type * as Schemas from '../../../api/schemas.js';
import type { DraftRecord, Role, VersionRecord, VersionSummary } from '../../../api/store/store.js';
import type { DecisionOutcome } from '../../../api/domain/decide.js';
import type { AlertItem, Approval, ApprovalDecisionBody, ApprovalDetail, RiskReport } from '../workflow/types.js';
import type { SimulatedCustomer, SimulationJob, SimulationTargetRef } from '../impact/types.js';

// API records and payloads: the types of the API's own schemas (type-only: nothing of api/ is bundled).
export type { Role } from '../../../api/store/store.js';
export type Me = Pick<Static<typeof Schemas.User>, 'id' | 'name' | 'delegationLevel'> & { roles: Role[] };
export type DraftSummary = Static<typeof Schemas.DraftSummary>;
export type PolicySummary = Static<typeof Schemas.PolicyListItem>;
export type Draft = DraftRecord;
export type { VersionSummary };
export type Version = VersionRecord;

export interface DiffChange {
  kind: string;
  area: string;
  nodeId: string | null;
  path: string;
  message: string;
}

export interface PolicyDiffResponse {
  changes: DiffChange[];
  nodes: { added: string[]; removed: string[]; changed: string[] };
  patch?: unknown[];
}

export type DecisionResponse = DecisionOutcome['body'];

/** RFC 9457 problem details, as the API returns them. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { pointer?: string; detail?: string; message?: string }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }
}

export type VersionRef = number | 'draft' | 'active';

export class ApiClient {
  constructor(
    private readonly key: string,
    private readonly base = '/api/v1',
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  private async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ data: T; headers: Headers }> {
    const res = await this.fetchImpl(this.base + path, {
      method,
      headers: {
        authorization: `Bearer ${this.key}`,
        accept: 'application/json',
        // the server words its answers (problems, diagnostics, decisions) in the editor's language
        ...(typeof document !== 'undefined' && document.documentElement.lang ? { 'accept-language': document.documentElement.lang } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body instanceof Blob ? body : body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let data: unknown = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    if (!res.ok) {
      const problem = (data && typeof data === 'object' ? data : { title: res.statusText || 'Error', status: res.status }) as Problem;
      throw new ApiError(res.status, { ...problem, status: problem.status ?? res.status, title: problem.title ?? res.statusText });
    }
    return { data: data as T, headers: res.headers };
  }

  async me(): Promise<Me> {
    return (await this.request<Me>('GET', '/me')).data;
  }

  async listPolicies(): Promise<PolicySummary[]> {
    return (await this.request<{ items: PolicySummary[] }>('GET', '/policies')).data.items;
  }

  async createPolicy(document: PolicyDocument): Promise<unknown> {
    return (await this.request('POST', '/policies', { document })).data;
  }

  async getDraft(policyId: string): Promise<Draft> {
    const { data, headers } = await this.request<Draft>('GET', `/policies/${enc(policyId)}/draft`);
    return { ...data, etag: headers.get('etag') ?? data.etag };
  }

  /** Saves the draft; a stale etag gives ApiError 412. Returns the new etag. */
  async saveDraft(policyId: string, document: PolicyDocument, etag: string, comment?: string): Promise<Draft> {
    const { data, headers } = await this.request<Draft>('PUT', `/policies/${enc(policyId)}/draft`, { document, ...(comment ? { comment } : {}) }, { 'if-match': etag });
    return { ...data, etag: headers.get('etag') ?? data.etag };
  }

  async submitDraft(policyId: string, comment: string): Promise<Draft> {
    return (await this.request<Draft>('POST', `/policies/${enc(policyId)}/draft/submit`, { comment })).data;
  }

  async approveDraft(policyId: string, comment: string): Promise<VersionSummary> {
    return (await this.request<VersionSummary>('POST', `/policies/${enc(policyId)}/draft/approve`, { comment })).data;
  }

  async rejectDraft(policyId: string, comment: string): Promise<Draft> {
    return (await this.request<Draft>('POST', `/policies/${enc(policyId)}/draft/reject`, { comment })).data;
  }

  async listVersions(policyId: string): Promise<VersionSummary[]> {
    return (await this.request<{ items: VersionSummary[] }>('GET', `/policies/${enc(policyId)}/versions`)).data.items;
  }

  async getVersion(policyId: string, version: number): Promise<Version> {
    return (await this.request<Version>('GET', `/policies/${enc(policyId)}/versions/${version}`)).data;
  }

  async activate(policyId: string, version: number, comment: string): Promise<unknown> {
    return (await this.request('POST', `/policies/${enc(policyId)}/activate`, { version, comment })).data;
  }

  async diff(policyId: string, from: VersionRef, to: VersionRef): Promise<PolicyDiffResponse> {
    return (await this.request<PolicyDiffResponse>('GET', `/policies/${enc(policyId)}/diff?from=${from}&to=${to}`)).data;
  }

  async decide(policyId: string, facts: Record<string, unknown>): Promise<DecisionResponse> {
    return (await this.request<DecisionResponse>('POST', `/policies/${enc(policyId)}/decisions`, { facts })).data;
  }

  // Approval workflow (issue 8) ------------------------------------------------------------------

  async listApprovals(query: { status?: Approval['status']; policyId?: string } = {}): Promise<Approval[]> {
    return (await this.request<{ items: Approval[] }>('GET', `/approvals${queryString(query)}`)).data.items;
  }

  async getApproval(id: string): Promise<ApprovalDetail> {
    return (await this.request<ApprovalDetail>('GET', `/approvals/${enc(id)}`)).data;
  }

  async decideApproval(id: string, body: ApprovalDecisionBody): Promise<{ approval: Approval }> {
    return (await this.request<{ approval: Approval }>('POST', `/approvals/${enc(id)}/decision`, body)).data;
  }

  async listAlerts(query: { type?: string; limit?: number } = {}): Promise<AlertItem[]> {
    return (await this.request<{ items: AlertItem[] }>('GET', `/alerts${queryString(query)}`)).data.items;
  }

  async riskReport(query: { from?: string; reviewWithinDays?: number } = {}): Promise<RiskReport> {
    return (await this.request<RiskReport>('GET', `/reports/risk${queryString(query)}`)).data;
  }

  // Impact simulations (issue 5) -----------------------------------------------------------------

  /** A portfolio file (CSV, JSON, NDJSON) sent as the raw body, or a replay window of logged decisions. */
  async startSimulation(policyId: string, from: SimulationTargetRef, to: SimulationTargetRef, portfolio: { file: Blob; type: string } | { replay: { from: string; to: string } }): Promise<SimulationJob> {
    const path = `/policies/${enc(policyId)}/simulations${queryString({ from: String(from), to: String(to) })}`;
    if ('replay' in portfolio) return (await this.request<SimulationJob>('POST', path, { source: 'decisions', ...portfolio.replay })).data;
    const res = await this.fetchImpl(this.base + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.key}`, accept: 'application/json', 'content-type': portfolio.type },
      body: portfolio.file,
    });
    const data = (await res.json().catch(() => null)) as SimulationJob | Problem | null;
    if (!res.ok) throw new ApiError(res.status, (data as Problem | null) ?? { title: res.statusText, status: res.status });
    return data as SimulationJob;
  }
  async getSimulation(policyId: string, jobId: string): Promise<SimulationJob> {
    return (await this.request<SimulationJob>('GET', `/policies/${enc(policyId)}/simulations/${enc(jobId)}`)).data;
  }
  async listSimulations(policyId: string): Promise<SimulationJob[]> {
    return (await this.request<{ items: SimulationJob[] }>('GET', `/policies/${enc(policyId)}/simulations`)).data.items;
  }
  async getSimulatedCustomer(policyId: string, jobId: string, row: number): Promise<SimulatedCustomer> {
    return (await this.request<SimulatedCustomer>('GET', `/policies/${enc(policyId)}/simulations/${enc(jobId)}/customers/${row}`)).data;
  }
  /** The per-customer CSV, as a Blob to save (the download needs the key, so no plain link). */
  async simulationCsv(policyId: string, jobId: string): Promise<Blob> {
    const res = await this.fetchImpl(`${this.base}/policies/${enc(policyId)}/simulations/${enc(jobId)}/result.csv`, { headers: { authorization: `Bearer ${this.key}` } });
    if (!res.ok) throw new ApiError(res.status, { title: res.statusText, status: res.status });
    return res.blob();
  }
  /** A file the API serves under /api/v1 (workbooks, committee documents), as a Blob: the key goes in a header, so no plain link. */
  async file(path: string): Promise<Blob> {
    const res = await this.fetchImpl(this.base + path, { headers: { authorization: `Bearer ${this.key}` } });
    if (!res.ok) throw new ApiError(res.status, { title: res.statusText, status: res.status });
    return res.blob();
  }
  /** Dry run of a workbook import into the draft: the changes in words and the problems, nothing saved. */
  async previewWorkbook(policyId: string, file: Blob): Promise<WorkbookPreview> {
    return (await this.request<WorkbookPreview>('POST', `/policies/${enc(policyId)}/draft/workbook/preview`, file, { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })).data;
  }
}

export interface WorkbookPreview {
  ok: boolean;
  problems: { sheet: string | null; row: number | null; column: string | null; message: string; text: string }[];
  changes: { message: string; nodeId?: string | null }[];
  validation: { valid: boolean; diagnostics: { severity: 'error' | 'warning'; message: string; path: string }[] } | null;
  document: PolicyDocument | null;
}

const enc = encodeURIComponent;

const queryString = (q: Record<string, string | number | undefined>) => {
  const parts = Object.entries(q).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${enc(k)}=${enc(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
};

export const KEY_STORAGE = 'creditgraph.apiKey';
