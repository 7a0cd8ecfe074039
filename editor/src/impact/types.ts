/** The simulation API's shapes, as the editor reads them (api/routes/simulations.ts). */
import type { Decision } from '../../../engine/model/decision-schema.js';

export type SimulationTargetRef = 'active' | 'draft' | number;

export interface PortfolioProblem {
  row: number;
  line?: number;
  column: string | null;
  message: string;
}

export interface RiskMap {
  riskClasses: string[];
  buckets: { label: string; min: number; max: number | null }[];
  counts: number[][];
  amounts: number[][];
  limits: number[][];
  total: { count: number; amount: number; limit: number };
}

export interface ImpactSide {
  outcomeCounts: number[];
  riskClassCounts: number[];
  grossLimit: number;
  grossLimitByClass: number[];
  escalations: number[];
  riskMap: RiskMap;
}

export interface CustomerSummary {
  outcome: Decision['outcome'];
  riskClass: string | null;
  score: number | null;
  grossLimit: number;
  approvalLevel: string | null;
}

export interface CustomerChange {
  rowNumber: number;
  customerId: string;
  outstanding: number;
  requestedAmount: number | null;
  a: CustomerSummary;
  b: CustomerSummary;
  limitDelta: number;
}

export interface ImpactSummary {
  rowCount: number;
  currency: string;
  outcomes: Decision['outcome'][];
  riskClasses: string[];
  approvalLevels: string[];
  a: ImpactSide;
  b: ImpactSide;
  migration: { outcome: number[][]; riskClass: number[][] };
  changed: { outcome: number; riskClass: number; limit: number; any: number };
  delta: { grossLimit: number };
  topChanges: CustomerChange[];
}

export interface TargetInfo {
  target: string;
  version: number | null;
  draftEtag: string | null;
}

export interface SimulationJob {
  jobId: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  createdAt: string;
  createdBy: string;
  finishedAt: string | null;
  source: { kind: 'upload'; format: string; bytes: number } | { kind: 'decisions'; from: string; to: string };
  from: TargetInfo;
  to: TargetInfo;
  progress: { done: number; total: number };
  portfolio: { recordCount: number; rejectedCount: number; errorCount: number; errors: PortfolioProblem[]; warnings: PortfolioProblem[] } | null;
  error: string | null;
  scores: { edges: number[]; a: number[]; b: number[]; missing: { a: number; b: number } } | null;
  result: ImpactSummary | null;
}

export interface SimulatedCustomer {
  row: number;
  customerId: string;
  decisionId: string | null;
  facts: Record<string, unknown>;
  a: Decision;
  b: Decision;
}
