/**
 * How an experiment record moves from one state to the next, and what an activation does to it.
 * Kept apart from the use cases (experiments.ts) so publish-activate.ts can call the activation
 * hook without importing them (they import the activation).
 */
import { StoreError } from '../store/store.js';
import type { ExperimentRecord, ExperimentStep } from '../store/experiment-store.js';
import { experimentEvent, type ExperimentAction } from './audit-events.js';
import type { Actor, DomainContext } from './context.js';
import { auditContext } from './draft-lifecycle.js';
import { experimentError } from './experiment-errors.js';
import { forgetOpenExperiment } from './experiment-arms.js';

/** The next state of an experiment, one history step longer and one revision on. */
export function nextState(e: ExperimentRecord, at: string, by: string, action: ExperimentStep['action'], change: Partial<ExperimentRecord>, comment: string | null): ExperimentRecord {
  const next = { ...e, ...change, revision: e.revision + 1, updatedAt: at };
  return { ...next, history: [...e.history, { at, by, action, share: next.share, comment }] };
}

/** Write the next state with its audit event; a concurrent change surfaces as CONFLICT (read it again). */
export async function saveExperiment(ctx: DomainContext, before: ExperimentRecord, next: ExperimentRecord, action: ExperimentAction, actor: Actor, comment: string | null, details?: Record<string, unknown>): Promise<ExperimentRecord> {
  forgetOpenExperiment(ctx.store, before.policyId);
  try {
    return await ctx.store.updateExperiment({ experiment: next, expectRevision: before.revision, audit: experimentEvent(action, next, auditContext(actor, comment, details)) });
  } catch (err) {
    if (err instanceof StoreError && (err.code === 'PRECONDITION_FAILED' || err.code === 'CONFLICT'))
      throw experimentError('CONFLICT', `Experiment ${before.id} was changed by someone else a moment ago: read it again.`, `L'expérience ${before.id} vient d'être modifiée par quelqu'un d'autre : relisez-la.`, { experimentId: before.id });
    throw err;
  }
}

/**
 * After a policy's active version changed: its open experiment ends. Activating the challenger is
 * its promotion; activating any other version supersedes it (a running experiment is stopped, a
 * proposal withdrawn), since its champion no longer answers. Each audited.
 */
export async function endExperimentOnActivation(ctx: DomainContext, actor: Actor, input: { policyId: string; version: number; comment: string }): Promise<ExperimentRecord | null> {
  const open = await ctx.store.openExperiment(input.policyId);
  if (!open || open.championVersion === input.version) return null;
  const at = ctx.clock.now().toISOString();
  const promoted = open.status === 'running' && open.challengerVersion === input.version;
  const next = nextState(open, at, actor.id, promoted ? 'promoted' : 'superseded', { status: promoted ? 'promoted' : 'stopped', endedBy: actor.id, endedAt: at, pendingChange: null }, input.comment);
  return saveExperiment(ctx, open, next, promoted ? 'experiment.promoted' : 'experiment.superseded', actor, input.comment, { activatedVersion: input.version });
}
