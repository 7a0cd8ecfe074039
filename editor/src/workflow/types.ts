/** What the approval, alert and report endpoints return (see api/routes/approvals.ts, alerts.ts). */
import type { Decision } from '../../../engine/model/decision-schema.js';

export interface ApprovalStep {
  at: string;
  by: string;
  action: 'opened' | 'forwarded' | 'approved' | 'refused';
  level: string;
  amount: number | null;
  comment: string | null;
}

export interface Approval {
  id: string;
  decisionId: string;
  policyId: string;
  version: number;
  customerId: string | null;
  requestedAmount: number | null;
  authorityAmount: number | null;
  computedLimit: number | null;
  riskClass: string | null;
  requiredLevel: string;
  reasons: { code: string; message: string }[];
  requestedBy: string;
  status: 'pending' | 'approved' | 'refused';
  openedAt: string;
  updatedAt: string;
  dueAt: string | null;
  revision: number;
  history: ApprovalStep[];
  outcome: null | {
    action: 'approve' | 'refuse';
    amount: number | null;
    counterProposal: boolean;
    decidedBy: string;
    decidedAt: string;
    comment: string;
    manualDecisionId: string;
    reviewDate: string | null;
  };
  mayDecide: boolean;
}

export interface LoggedDecision {
  decisionId: string;
  policyId: string;
  version: number;
  customerId: string | null;
  facts: Record<string, unknown>;
  decision: Decision;
  outcome: Decision['outcome'];
  caller: string;
  evaluatedAt: string;
  source: 'automatic' | 'manual';
  relatesTo: string | null;
}

export interface ApprovalDetail {
  approval: Approval;
  decision: LoggedDecision | null;
  levels: { id: string; label?: string; maxAmount: number | null }[];
  history: LoggedDecision[];
}

export interface ApprovalDecisionBody {
  action: 'approve' | 'refuse' | 'forward';
  comment: string;
  amount?: number;
  level?: string;
}

export type AlertType = 'decision.worse' | 'approval.overdue' | 'limit.reviewDue' | 'exposure.overLimit';

export interface AlertItem {
  id: string;
  type: AlertType;
  severity: 'warning' | 'critical';
  policyId: string | null;
  customerId: string | null;
  approvalId: string | null;
  decisionId: string | null;
  raisedAt: string;
  message: string;
  details: Record<string, unknown>;
}

export interface RiskReport {
  generatedAt: string;
  period: { from: string; to: string; reviewWithinDays: number };
  pendingByLevel: { level: string; count: number; amount: number; oldestOpenedAt: string; ages: Record<'under1d' | '1to3d' | '3to7d' | 'over7d', number> }[];
  overdue: { approvalId: string; customerId: string | null; level: string; requestedAmount: number | null; openedAt: string; dueAt: string; hoursOverdue: number }[];
  overruns: { alertId: string; customerId: string | null; exposure: number; grantedLimit: number; overrun: number; raisedAt: string }[];
  reviewsDue: { approvalId: string; customerId: string | null; riskClass: string | null; amount: number | null; decidedBy: string; reviewDate: string; overdue: boolean }[];
  downgrades: { customerId: string | null; decisionId: string | null; from: string; to: string; raisedAt: string }[];
  totals: Record<'pending' | 'overdue' | 'overruns' | 'reviewsDue' | 'downgrades', number>;
}
