/**
 * The row and column labels of the impact tables (risk classes, delegation levels, collection
 * scenarios), taken from the two policies' documents — never from what the rows happen to give —
 * so every part of a split simulation has the same tables and parts can be added up cell by cell.
 */
import type { DecisionSummary } from '../compile/compile-policy.js';
import type { Decision } from '../model/decision-schema.js';
import type { Facts, OutcomeValue, PolicyDocument } from '../model/policy-schema.js';

/** What the impact analysis needs of a compiled policy (`compilePolicy`'s result fits). */
export interface EvaluatingPolicy {
  document: PolicyDocument;
  evaluate(facts: Facts): Decision;
  /** A function giving `summaryOf(evaluate(facts))` without building the rest of the decision; used when present. */
  summarizer?(): (facts: Facts) => DecisionSummary;
}

export const OUTCOMES: readonly OutcomeValue[] = ['accept', 'refuse', 'escalate'];

/** Label of the slot for "no value" (no class, not escalated, no scenario); not a valid id. */
export const NONE = '(none)';

export interface ImpactLabels {
  riskClasses: string[];
  approvalLevels: string[];
  scenarios: string[];
}

export function outcomeIndex(outcome: OutcomeValue): number {
  return outcome === 'accept' ? 0 : outcome === 'refuse' ? 1 : 2;
}

export function riskClassIds(document: PolicyDocument): string[] {
  const ids: string[] = [];
  for (const node of document.nodes) if (node.kind === 'riskClass') for (const c of node.config.classes) ids.push(c.id);
  return ids;
}

export function approvalLevelIds(document: PolicyDocument): string[] {
  const ids: string[] = [];
  for (const node of document.nodes) if (node.kind === 'approval') for (const level of node.config.levels) ids.push(level.id);
  return ids;
}

export function scenarioIds(document: PolicyDocument): string[] {
  const ids: string[] = [];
  for (const node of document.nodes) if (node.kind === 'collection') for (const s of node.config.scenarios) ids.push(s.id);
  return ids;
}

/** Labels of policy a in its order, then those only b has, then the "none" slot. */
export function impactLabels(a: PolicyDocument, b: PolicyDocument): ImpactLabels {
  return {
    riskClasses: union(riskClassIds(a), riskClassIds(b)),
    approvalLevels: union(approvalLevelIds(a), approvalLevelIds(b)),
    scenarios: union(scenarioIds(a), scenarioIds(b)),
  };
}

function union(first: string[], second: string[]): string[] {
  const labels = [...first];
  for (const id of second) if (!labels.includes(id)) labels.push(id);
  labels.push(NONE);
  return labels;
}

/** id → slot; null, undefined and unknown ids fall in the last ("none") slot. */
export class LabelIndex {
  private readonly slots: Map<string, number>;
  readonly none: number;
  constructor(readonly labels: string[]) {
    this.slots = new Map(labels.map((label, i) => [label, i]));
    this.none = labels.length - 1;
  }
  of(id: string | null | undefined): number {
    if (id == null) return this.none;
    // A handful of labels, and the decision's ids are the very strings of the compiled policy:
    // a scan with === (pointer-equal first) beats hashing on the hot path.
    const labels = this.labels;
    if (labels.length <= 16) {
      for (let i = 0; i < this.none; i++) if (labels[i] === id) return i;
      return this.none;
    }
    const slot = this.slots.get(id);
    return slot === undefined ? this.none : slot;
  }
}
