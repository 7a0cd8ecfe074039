/**
 * Champion/challenger experiments as approvers run them (issue 22). Every change of which
 * version answers live traffic follows the publication rule: one approver proposes, ANOTHER
 * approves (four eyes), and each step is in the audit trail.
 *
 *   propose (approver A)  → proposed      approve (approver B ≠ A) → running
 *   running: propose a share change or a stop (A) → pending;  approve (B ≠ A) → applied
 *   a proposal not started yet may be withdrawn by any approver (it changes no traffic)
 *   promote = activate the challenger (the activation use case, audited as version.activated),
 *   which ends the experiment as promoted; activating any other version stops it (superseded).
 *
 * Who may call these is the route's permission (drafts:review: approvers); the rules between
 * the two people are here.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { MAX_CHALLENGER_PERCENT } from '../policy-engine.js';
import { StoreError } from '../store/store.js';
import type { ExperimentRecord } from '../store/experiment-store.js';
import { experimentEvent } from './audit-events.js';
import type { Actor, DomainContext } from './context.js';
import { auditContext, requirePolicy } from './draft-lifecycle.js';
import { experimentError } from './experiment-errors.js';
import { nextState, saveExperiment } from './experiment-lifecycle.js';
import { forgetOpenExperiment } from './experiment-arms.js';
import { activateVersion, type VersionCache } from './publish-activate.js';

export { MAX_CHALLENGER_PERCENT };

function checkShare(share: number, pointer: string): void {
  if (!Number.isFinite(share) || share < 0 || share > MAX_CHALLENGER_PERCENT)
    throw experimentError('INVALID_REQUEST', `The challenger's share must be from 0 to ${MAX_CHALLENGER_PERCENT} % (got ${share}).`, `La part du challenger doit être comprise entre 0 et ${MAX_CHALLENGER_PERCENT} % (reçu : ${share}).`, {
      errors: [{ pointer, detail: `must be a number from 0 to ${MAX_CHALLENGER_PERCENT}` }],
    });
}

export async function requireExperiment(ctx: DomainContext, experimentId: string): Promise<ExperimentRecord> {
  const e = await ctx.store.getExperiment(experimentId);
  if (!e) throw experimentError('NOT_FOUND', `No experiment "${experimentId}".`, `Aucune expérience « ${experimentId} ».`);
  return e;
}

/** The version `expectRevision` names must still be the stored one (the change the approver read). */
function checkRevision(e: ExperimentRecord, expectRevision: number | undefined): void {
  if (expectRevision !== undefined && expectRevision !== e.revision)
    throw experimentError('PRECONDITION_FAILED', `Experiment ${e.id} changed since you read it (revision ${e.revision}, you read ${expectRevision}): read it again.`, `L'expérience ${e.id} a changé depuis votre lecture (révision ${e.revision}, vous aviez lu ${expectRevision}) : relisez-la.`, { experimentId: e.id });
}

/**
 * Propose a challenger for the policy's active version. An open experiment whose champion is no
 * longer active (an activation that died before ending it) is closed first, as superseded.
 */
export async function proposeExperiment(ctx: DomainContext, actor: Actor, input: { policyId: string; challengerVersion: number; share: number; comment: string }): Promise<ExperimentRecord> {
  const policy = await requirePolicy(ctx, input.policyId);
  if (policy.activeVersion === null) throw experimentError('NO_ACTIVE_VERSION', `Policy "${input.policyId}" has no active version: there is no champion to challenge.`, `La politique « ${input.policyId} » n'a pas de version active : il n'y a pas de champion à défier.`);
  checkShare(input.share, '/share');
  const challenger = await ctx.store.getVersion(input.policyId, input.challengerVersion);
  if (!challenger)
    throw experimentError('NOT_FOUND', `Policy "${input.policyId}" has no published version ${input.challengerVersion}.`, `La politique « ${input.policyId} » n'a pas de version publiée ${input.challengerVersion}.`, { errors: [{ pointer: '/challengerVersion', detail: 'no such published version' }] });
  if (challenger.version === policy.activeVersion)
    throw experimentError('INVALID_REQUEST', `Version ${challenger.version} is the active version (the champion): choose another published version as challenger.`, `La version ${challenger.version} est la version active (le champion) : choisissez une autre version publiée comme challenger.`, {
      errors: [{ pointer: '/challengerVersion', detail: 'is the active version' }],
    });
  const at = ctx.clock.now().toISOString();
  const stale = await ctx.store.openExperiment(input.policyId);
  if (stale && stale.championVersion !== policy.activeVersion) {
    await saveExperiment(ctx, stale, nextState(stale, at, actor.id, 'superseded', { status: 'stopped', endedBy: actor.id, endedAt: at, pendingChange: null }, null), 'experiment.superseded', actor, 'its champion is no longer the active version');
  } else if (stale) {
    throw experimentError('CONFLICT', `Policy "${input.policyId}" has an open experiment already (${stale.id}, ${stale.status}): stop it first.`, `La politique « ${input.policyId} » a déjà une expérience ouverte (${stale.id}, ${stale.status}) : arrêtez-la d'abord.`, { experimentId: stale.id });
  }
  const experiment: ExperimentRecord = {
    id: `exp_${randomUUID()}`,
    policyId: input.policyId,
    championVersion: policy.activeVersion,
    challengerVersion: challenger.version,
    share: input.share,
    salt: randomBytes(16).toString('hex'),
    status: 'proposed',
    proposedBy: actor.id,
    proposedAt: at,
    approvedBy: null,
    startedAt: null,
    endedBy: null,
    endedAt: null,
    pendingChange: null,
    history: [{ at, by: actor.id, action: 'proposed', share: input.share, comment: input.comment }],
    comment: input.comment,
    revision: 1,
    updatedAt: at,
  };
  try {
    forgetOpenExperiment(ctx.store, input.policyId);
    return await ctx.store.insertExperiment({ experiment, audit: experimentEvent('experiment.proposed', experiment, auditContext(actor, input.comment)) });
  } catch (err) {
    if (err instanceof StoreError && err.code === 'CONFLICT')
      throw experimentError('CONFLICT', `Policy "${input.policyId}" has an open experiment already: read the policy's experiments again.`, `La politique « ${input.policyId} » a déjà une expérience ouverte : relisez ses expériences.`);
    throw err;
  }
}

/** Why this person may not approve what is pending on this experiment (four eyes), or null. */
export function experimentFourEyesRefusal(e: ExperimentRecord, approver: string): { en: string; fr: string } | null {
  if (e.status === 'proposed' && e.proposedBy === approver)
    return { en: 'You proposed this experiment: another approver must start it.', fr: 'Vous avez proposé cette expérience : un autre approbateur doit la démarrer.' };
  if (e.status === 'running' && e.pendingChange?.proposedBy === approver)
    return { en: 'You proposed this change: another approver must approve it.', fr: 'Vous avez proposé cette modification : un autre approbateur doit l\'approuver.' };
  return null;
}

/** The second approver: starts a proposed experiment, or applies the pending share change or stop. */
export async function approveExperiment(ctx: DomainContext, actor: Actor, input: { experimentId: string; comment: string; expectRevision?: number }): Promise<ExperimentRecord> {
  const e = await requireExperiment(ctx, input.experimentId);
  checkRevision(e, input.expectRevision);
  const pending = e.status === 'proposed' || (e.status === 'running' && e.pendingChange !== null);
  if (!pending) throw experimentError('CONFLICT', `Experiment ${e.id} has nothing to approve (it is ${e.status}).`, `L'expérience ${e.id} n'a rien à approuver (statut : ${e.status}).`, { experimentId: e.id });
  const refusal = experimentFourEyesRefusal(e, actor.id);
  if (refusal) throw experimentError('FOUR_EYES', refusal.en, refusal.fr);
  const at = ctx.clock.now().toISOString();
  if (e.status === 'proposed') {
    const policy = await requirePolicy(ctx, e.policyId);
    if (policy.activeVersion !== e.championVersion)
      throw experimentError(
        'CONFLICT',
        `Version ${e.championVersion} is no longer the active version of "${e.policyId}" (now ${policy.activeVersion}): withdraw this proposal and propose again.`,
        `La version ${e.championVersion} n'est plus la version active de « ${e.policyId} » (c'est la ${policy.activeVersion}) : retirez cette proposition et proposez à nouveau.`,
        { experimentId: e.id },
      );
    return saveExperiment(ctx, e, nextState(e, at, actor.id, 'approved', { status: 'running', approvedBy: actor.id, startedAt: at }, input.comment), 'experiment.started', actor, input.comment);
  }
  const change = e.pendingChange!;
  if (change.kind === 'stop')
    return saveExperiment(ctx, e, nextState(e, at, actor.id, 'stopped', { status: 'stopped', endedBy: actor.id, endedAt: at, pendingChange: null }, input.comment), 'experiment.stopped', actor, input.comment, { proposedBy: change.proposedBy });
  return saveExperiment(ctx, e, nextState(e, at, actor.id, 'changeApproved', { share: change.share!, pendingChange: null }, input.comment), 'experiment.shareChanged', actor, input.comment, {
    previousShare: e.share,
    proposedBy: change.proposedBy,
  });
}

/**
 * Ask to change the share or stop. On a running experiment it waits for a second approver; a
 * proposal not started yet is simply withdrawn (stop) — it answers no traffic.
 */
export async function proposeExperimentChange(
  ctx: DomainContext,
  actor: Actor,
  input: { experimentId: string; change: { kind: 'share'; share: number } | { kind: 'stop' }; comment: string; expectRevision?: number },
): Promise<ExperimentRecord> {
  const e = await requireExperiment(ctx, input.experimentId);
  checkRevision(e, input.expectRevision);
  const at = ctx.clock.now().toISOString();
  if (e.status === 'proposed' && input.change.kind === 'stop')
    return saveExperiment(ctx, e, nextState(e, at, actor.id, 'withdrawn', { status: 'stopped', endedBy: actor.id, endedAt: at }, input.comment), 'experiment.withdrawn', actor, input.comment);
  if (e.status !== 'running') throw experimentError('CONFLICT', `Experiment ${e.id} is ${e.status}: only a running experiment can be changed.`, `L'expérience ${e.id} est ${e.status} : seule une expérience en cours peut être modifiée.`, { experimentId: e.id });
  if (e.pendingChange)
    throw experimentError(
      'CONFLICT',
      `Experiment ${e.id} has a change waiting for approval already (${e.pendingChange.kind}, by ${e.pendingChange.proposedBy}): approve or withdraw it first.`,
      `L'expérience ${e.id} a déjà une modification en attente d'approbation (${e.pendingChange.kind}, par ${e.pendingChange.proposedBy}) : approuvez-la ou retirez-la d'abord.`,
      { experimentId: e.id },
    );
  if (input.change.kind === 'share') {
    checkShare(input.change.share, '/share');
    if (input.change.share === e.share) throw experimentError('INVALID_REQUEST', `The share is ${e.share} % already.`, `La part est déjà de ${e.share} %.`, { errors: [{ pointer: '/share', detail: 'is the current share' }] });
  }
  const pendingChange = { kind: input.change.kind, share: input.change.kind === 'share' ? input.change.share : null, proposedBy: actor.id, proposedAt: at, comment: input.comment };
  return saveExperiment(ctx, e, nextState(e, at, actor.id, 'changeProposed', { pendingChange }, input.comment), 'experiment.changeProposed', actor, input.comment);
}

/** Withdraw the pending change (its proposer changing their mind, or a second approver who disagrees). */
export async function withdrawExperimentChange(ctx: DomainContext, actor: Actor, input: { experimentId: string; comment: string; expectRevision?: number }): Promise<ExperimentRecord> {
  const e = await requireExperiment(ctx, input.experimentId);
  checkRevision(e, input.expectRevision);
  if (e.status !== 'running' || !e.pendingChange) throw experimentError('CONFLICT', `Experiment ${e.id} has no change waiting for approval.`, `L'expérience ${e.id} n'a aucune modification en attente d'approbation.`, { experimentId: e.id });
  const at = ctx.clock.now().toISOString();
  return saveExperiment(ctx, e, nextState(e, at, actor.id, 'changeWithdrawn', { pendingChange: null }, input.comment), 'experiment.changeWithdrawn', actor, input.comment, { withdrawn: e.pendingChange });
}

/** Promote the challenger: activate its version (audited as an activation), which ends the experiment as promoted. */
export async function promoteChallenger(ctx: DomainContext & { versions: VersionCache }, actor: Actor, input: { experimentId: string; comment: string; expectRevision?: number }): Promise<ExperimentRecord> {
  const e = await requireExperiment(ctx, input.experimentId);
  checkRevision(e, input.expectRevision);
  if (e.status !== 'running') throw experimentError('CONFLICT', `Experiment ${e.id} is ${e.status}: only a running experiment's challenger can be promoted.`, `L'expérience ${e.id} est ${e.status} : seul le challenger d'une expérience en cours peut être promu.`, { experimentId: e.id });
  await activateVersion(ctx, actor, { policyId: e.policyId, version: e.challengerVersion, comment: input.comment });
  return requireExperiment(ctx, e.id);
}

export async function listExperiments(ctx: DomainContext, filter: { policyId?: string; limit?: number }): Promise<ExperimentRecord[]> {
  if (filter.policyId !== undefined) await requirePolicy(ctx, filter.policyId);
  return ctx.store.listExperiments(filter);
}

/** An experiment as the API shows it: everything but the salt (with it, anyone could tell who is in which arm). */
export const experimentView = (e: ExperimentRecord) => {
  const { salt: _secret, ...rest } = e;
  return rest;
};
