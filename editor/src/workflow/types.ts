/**
 * What the approval, alert and report endpoints return: the API's own types, imported type-only
 * (see api/store/store.ts, api/domain/approvals-alerts.ts), so there is no second copy to drift.
 */
import type { AlertRecord, ApprovalRecord } from '../../../api/store/store.js';
import type { logEntry } from '../../../api/domain/decision-views.js';
import type { readApproval } from '../../../api/domain/approvals-alerts.js';
import type { riskReport } from '../../../api/workflow/risk-report.js';

export type { ApprovalStep, AlertType } from '../../../api/store/store.js';
export type { ApprovalDecisionInput as ApprovalDecisionBody } from '../../../api/workflow/approval-decision.js';

/** A request, and whether the caller may decide it now. */
export type Approval = ApprovalRecord & { mayDecide: boolean };

/** A decision-log entry as the API shows it. */
export type LoggedDecision = ReturnType<typeof logEntry>;

export type ApprovalDetail = Awaited<ReturnType<typeof readApproval>>;

export type AlertItem = AlertRecord;

export type RiskReport = Awaited<ReturnType<typeof riskReport>>;
