/**
 * The scale bench's logged decisions, as the decision endpoint would log them: record i is one of
 * 10,000 generated b2b-standard decisions, for customer `S<i mod customers>`, evaluated 3 s after
 * record i-1, sealed with its customer's salt (decision-seal.ts) and turned into the log's row
 * (decision-log.ts decisionRow) — the server's own code. Built in worker threads
 * (scale-row-worker.ts) so that sealing, the dearest part, runs on every core.
 */
import { createHash } from 'node:crypto';
import { compilePolicy, type Facts, type PolicyDocument } from '../../engine/index.js';
import { sealDecision } from '../../api/integrity/decision-seal.js';
import { decisionRow } from '../../api/store/sqlite-store/decision-log.js';
import type { CommitItem } from '../../api/store/sqlite-store/decision-commit-protocol.js';
import { benchFacts } from './customers.js';

export const SCALE_START = Date.parse('2026-01-01T00:00:00Z');
/** One logged decision every 3 s: 10M decisions span about a year. */
export const SCALE_STEP_MS = 3000;

export const scaleInstant = (i: number) => new Date(SCALE_START + i * SCALE_STEP_MS).toISOString();

/** A customer's salt for the generated log: derived from its id, so no map of a million salts is kept. */
export const scaleSalt = (customerId: string) => createHash('sha256').update(`scale-bench salt ${customerId}`).digest('hex');

export interface RowRange {
  /** Records [from, to). */
  from: number;
  to: number;
  customers: number;
  /** Records before this index carry their customer's salt as `newSalt` (its first decision in this fill). */
  saltsBefore: number;
  version: { version: number; contentHash: string };
}

export function scaleRowMaker(policy: PolicyDocument): (range: RowRange) => CommitItem[] {
  const facts: Facts[] = benchFacts(policy, 10_000);
  const compiled = compilePolicy(policy);
  const decisions = facts.map((f) => compiled.evaluate(f));
  return ({ from, to, customers, saltsBefore, version }) => {
    const rows: CommitItem[] = [];
    for (let i = from; i < to; i++) {
      const customerId = `S${i % customers}`;
      const salt = scaleSalt(customerId);
      const decision = decisions[i % decisions.length]!;
      const record = sealDecision(
        {
          decisionId: `dec_scale_${String(i).padStart(9, '0')}`,
          requestId: null,
          requestHash: null,
          policyId: 'b2b-standard',
          version: version.version,
          contentHash: version.contentHash,
          customerId,
          facts: facts[i % facts.length] as Record<string, unknown>,
          decision,
          outcome: decision.outcome,
          caller: 'system',
          evaluatedAt: scaleInstant(i),
          source: 'automatic',
          relatesTo: null,
        },
        salt,
      );
      const { item } = decisionRow(record);
      if (i < saltsBefore) item.newSalt = salt;
      rows.push(item);
    }
    return rows;
  };
}
