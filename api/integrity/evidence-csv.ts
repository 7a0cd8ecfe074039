/**
 * The CSV side of exports (papaparse): one row per record, nested values as JSON text, and cells
 * that a spreadsheet would run as a formula (=, +, -, @ first) escaped.
 */
import Papa from 'papaparse';
import type { AuditEntry, DecisionRecord } from '../store/store.js';

const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : v);

/** A CSV table (also used by the experiment comparison export). */
export function csv(columns: string[], rows: unknown[][]): string {
  return Papa.unparse({ fields: columns, data: rows.map((r) => r.map(cell)) }, { escapeFormulae: true, newline: '\r\n' }) + '\r\n';
}

export function auditCsv(entries: AuditEntry[]): string {
  const columns = ['seq', 'at', 'actor', 'action', 'policyId', 'version', 'contentHash', 'comment', 'details', 'prevHash', 'hash', 'mac'];
  return csv(
    columns,
    entries.map((e) => columns.map((c) => (e as unknown as Record<string, unknown>)[c])),
  );
}

export function decisionsCsv(records: DecisionRecord[]): string {
  const columns = ['decisionId', 'evaluatedAt', 'policyId', 'version', 'contentHash', 'customerId', 'requestId', 'outcome', 'score', 'riskClass', 'creditLimit', 'approvalLevel', 'caller', 'source', 'relatesTo', 'recordHash'];
  return csv(
    columns,
    records.map((r) => {
      const d = r.decision as unknown as Record<string, unknown>;
      const limit = d.creditLimit as { gross?: number } | null | undefined;
      return [r.decisionId, r.evaluatedAt, r.policyId, r.version, r.contentHash, r.customerId, r.requestId, r.outcome, d.score, d.riskClass, limit?.gross ?? null, d.approvalLevel, r.caller, r.source, r.relatesTo, r.recordHash];
    }),
  );
}
