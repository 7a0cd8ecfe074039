/**
 * The champion/challenger part of deciding (decide.ts): which version answers this request, and
 * the other arm's answer, evaluated in shadow and logged beside it.
 *
 * - Only when the policy's experiment RUNS, the request does not pin a version, and the
 *   experiment's champion is still the active version (an activation that died before ending the
 *   experiment leaves it inert, never wrong).
 * - The arm: the customer's point hash(policyId, customerId, salt) in [0, 1) below the share →
 *   challenger (engine/monitoring/champion-challenger.ts), so a customer stays in one arm. Without a
 *   customerId the requestId is hashed instead; with neither, the champion answers (and the
 *   challenger is still evaluated in shadow).
 * - The answering arm's version checks the facts (a refusal is the caller's 422, as if that version
 *   were active); the shadow arm never fails the request: facts it refuses are logged as its problem.
 *
 * Hot path: whether a policy has an open experiment is one indexed read, kept per process for at
 * most a second (changes made by this process are seen at once; by another instance, within 1 s).
 */
import type { ExperimentRecord } from '../store/experiment-store.js';
import type { CreditgraphStore, DecisionExperiment } from '../store/store.js';
import type { Services } from '../services.js';
import type { ResolvedVersion } from '../version-resolver.js';
import type { DecisionRequest } from '../schemas.js';
import { performance } from 'node:perf_hooks';
import { assignArm, checkFactsQuietly as checkFacts, compileVersion, evaluate } from '../policy-engine.js';

const TTL_MS = 1000;
const open = new WeakMap<CreditgraphStore, Map<string, { until: number; experiment: ExperimentRecord | null }>>();

/** This process changed the policy's experiment: read it again on the next decision. */
export function forgetOpenExperiment(store: CreditgraphStore, policyId: string): void {
  open.get(store)?.delete(policyId);
}

async function openExperiment(store: CreditgraphStore, policyId: string): Promise<ExperimentRecord | null> {
  let byPolicy = open.get(store);
  if (!byPolicy) open.set(store, (byPolicy = new Map()));
  const now = performance.now();
  const hit = byPolicy.get(policyId);
  if (hit && hit.until > now) return hit.experiment;
  const experiment = await store.openExperiment(policyId);
  byPolicy.set(policyId, { until: now + TTL_MS, experiment });
  return experiment;
}

export interface ArmChoice {
  experiment: ExperimentRecord;
  arm: 'champion' | 'challenger';
  answering: ResolvedVersion;
  shadow: ResolvedVersion;
}

/** A published version other than the active one, compiled and cached like it (no second policy read). */
async function versionOf(services: Pick<Services, 'versions'>, active: ResolvedVersion, version: number): Promise<ResolvedVersion> {
  const { versions } = services;
  const { contentHash, document } = await versions.content(active.policy.id, version);
  const compiled = versions.compiled.getOrCompile(active.policy.id, contentHash, () => compileVersion(document, `Version ${version} of "${active.policy.id}"`));
  return { policy: active.policy, version, contentHash, document, compiled };
}

/** The arms of the running experiment for this request, or null when none applies. */
export async function experimentArms(services: Pick<Services, 'store' | 'versions'>, policyId: string, request: DecisionRequest, resolved: ResolvedVersion): Promise<ArmChoice | null> {
  if (request.version !== undefined && request.version !== null) return null;
  const experiment = await openExperiment(services.store, policyId);
  if (!experiment || experiment.status !== 'running' || experiment.championVersion !== resolved.version) return null;
  const challenger = await versionOf(services, resolved, experiment.challengerVersion);
  const key = request.customerId ?? request.requestId ?? null;
  const arm = key === null ? 'champion' : assignArm({ policyId, customerId: key, salt: experiment.salt, challengerPercent: experiment.share }).arm;
  return arm === 'challenger' ? { experiment, arm, answering: challenger, shadow: resolved } : { experiment, arm, answering: resolved, shadow: challenger };
}

/** The other arm's answer on the same facts, for the log (never acted on). */
export function shadowDecision(choice: ArmChoice, facts: unknown): DecisionExperiment {
  const { shadow } = choice;
  const base = { arm: choice.arm === 'champion' ? ('challenger' as const) : ('champion' as const), version: shadow.version, contentHash: shadow.contentHash };
  const checked = checkFacts(shadow.compiled, facts);
  if (!checked.ok) {
    const problem = `Version ${shadow.version} refuses these facts: ${checked.errors.map((e) => `${e.field || 'facts'}: ${e.message}`).join('; ')}`.slice(0, 500);
    return { experimentId: choice.experiment.id, arm: choice.arm, shadow: { ...base, outcome: null, score: null, riskClass: null, creditLimit: null, approvalLevel: null, problem } };
  }
  const d = evaluate(shadow.compiled, checked.facts, false);
  return {
    experimentId: choice.experiment.id,
    arm: choice.arm,
    shadow: { ...base, outcome: d.outcome, score: d.score, riskClass: d.riskClass, creditLimit: d.creditLimit?.gross ?? null, approvalLevel: d.approvalLevel },
  };
}
