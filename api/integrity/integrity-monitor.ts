/**
 * What this process has found wrong with stored evidence: a version whose document no longer
 * matches its hash, an audit chain that does not verify, a logged decision that does not match its
 * seal, a decision-log chain with a decision missing. Each finding is logged once, raised once as a critical `integrity.mismatch` alert, and
 * reported by readiness until a verification that finds it gone clears it.
 */
import type { Logger } from 'pino';
import type { AlertRecord } from '../store/store.js';
import { randomUUID } from 'node:crypto';

export type FindingKind = 'version' | 'audit' | 'decision' | 'chain';

export interface IntegrityFinding {
  kind: FindingKind;
  /** What is concerned: `policyId@version`, `audit#seq`, a decision id, `decision-log` (its chain). */
  subject: string;
  policyId: string | null;
  detail: string;
  detectedAt: string;
}

export class IntegrityMonitor {
  private readonly findings = new Map<string, IntegrityFinding>();

  constructor(
    private readonly logger: Logger,
    private readonly now: () => Date,
    /** Stores alerts (deduplicated by key): the workflow's raise. Set once the workflow exists. */
    public raise: ((alerts: AlertRecord[]) => Promise<unknown>) | null = null,
  ) {}

  /** Records a finding (once per subject); the alert is raised in the background. */
  found(kind: FindingKind, subject: string, detail: string, policyId: string | null = null): IntegrityFinding {
    const key = `${kind}:${subject}`;
    const known = this.findings.get(key);
    if (known) return known;
    const finding: IntegrityFinding = { kind, subject, policyId, detail, detectedAt: this.now().toISOString() };
    this.findings.set(key, finding);
    this.logger.error({ integrity: { kind, subject, policyId } }, `integrity: ${detail}`);
    const alert: AlertRecord = {
      id: `alr_${randomUUID()}`,
      type: 'integrity.mismatch',
      dedupeKey: `integrity.mismatch:${key}`,
      severity: 'critical',
      policyId,
      customerId: null,
      approvalId: null,
      decisionId: kind === 'decision' ? subject : null,
      raisedAt: finding.detectedAt,
      message: detail,
      details: { kind, subject },
    };
    this.raise?.([alert]).catch((err: unknown) => this.logger.error({ err }, 'integrity: raising the alert failed'));
    return finding;
  }

  /** A full verification of `kind` replaces what was known about it (a restored record clears). */
  replace(kind: FindingKind, found: Omit<IntegrityFinding, 'detectedAt' | 'kind'>[]): void {
    const subjects = new Set(found.map((f) => `${kind}:${f.subject}`));
    for (const key of [...this.findings.keys()]) if (key.startsWith(`${kind}:`) && !subjects.has(key)) this.findings.delete(key);
    for (const f of found) this.found(kind, f.subject, f.detail, f.policyId);
  }

  list(): IntegrityFinding[] {
    return [...this.findings.values()];
  }

  /** When the verification this process runs at start (versions, audit trail) ended; null while it runs. */
  private checkedAtStart: string | null = null;

  startCheckDone(): void {
    this.checkedAtStart = this.now().toISOString();
  }

  /** What readiness shows. */
  summary(): { intact: boolean; findings: IntegrityFinding[]; checkedAtStart: string | null } {
    const findings = this.list();
    return { intact: findings.length === 0, findings, checkedAtStart: this.checkedAtStart };
  }
}
