/**
 * Replay window: the logged decisions of a policy between two dates become a portfolio ("what
 * would last month's requests have got under the new version?"). Each automatic decision is one
 * row: its facts, `customerId` (the decision id when the caller sent none) and `outstanding` (the
 * exposure the caller declared, when it did). The rows are written as NDJSON so they go through the
 * same parser as an upload: facts the other version's inputs refuse are row errors, not a crash.
 */
import { DomainError } from '../domain/errors.js';
import type { CreditgraphStore } from '../store/store.js';

/** A replay reads the log into memory: past this many decisions, ask for a shorter window. */
export const MAX_REPLAY_DECISIONS = 200_000;

export interface ReplayRows {
  ndjson: Uint8Array;
  /** decisionIds[row − 1] is the logged decision behind row `row`. */
  decisionIds: string[];
}

export async function replayRows(store: CreditgraphStore, policyId: string, from: string, to: string): Promise<ReplayRows> {
  if (!(Date.parse(from) < Date.parse(to))) throw new DomainError('INVALID_REQUEST', `The replay window is empty: "from" (${from}) must be before "to" (${to}).`);
  const lines: string[] = [];
  const decisionIds: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listDecisions({ policyId, from, to, limit: 500, ...(cursor ? { cursor } : {}) });
    for (const record of page.items) {
      if (record.source !== 'automatic') continue; // manual records answer an escalation: not a request
      if (decisionIds.length >= MAX_REPLAY_DECISIONS)
        throw new DomainError('INVALID_REQUEST', `More than ${MAX_REPLAY_DECISIONS.toLocaleString('en')} decisions in the window: choose a shorter one.`);
      const row: Record<string, unknown> = { ...record.facts, customerId: record.customerId ?? record.decisionId };
      if (typeof record.exposure === 'number' && !('outstanding' in record.facts)) row.outstanding = record.exposure;
      lines.push(JSON.stringify(row));
      decisionIds.push(record.decisionId);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  // The log lists newest first; a replay reads like the log of the period, oldest first.
  lines.reverse();
  decisionIds.reverse();
  return { ndjson: new TextEncoder().encode(lines.join('\n')), decisionIds };
}
