/**
 * Code that records outcomes and reasons. Outcomes combine in the locals `oc` (0 none, 1 accept,
 * 2 escalate, 3 refuse: the highest wins) and `lv` (highest delegation level rank asked for).
 */
import type { OutcomeValue, Reason } from '../model/policy-schema.js';
import { literal, type EmitContext } from './emit-context.js';
import { says } from '../i18n/diagnostic-messages.js';

export const OUTCOME_RANK: Record<OutcomeValue, number> = { accept: 1, escalate: 2, refuse: 3 };

/** Statements that combine an outcome; `levelRank` is JS source of a rank (or null). */
export function combineOutcome(outcome: OutcomeValue, levelRank: string | null): string {
  const rank = OUTCOME_RANK[outcome];
  const combine = rank === 3 ? 'oc = 3;' : `if (oc < ${rank}) oc = ${rank};`;
  return outcome === 'escalate' && levelRank !== null ? `${combine} if (lv < ${levelRank}) lv = ${levelRank};` : combine;
}

/** The rank of a level id named in the policy; reports an unknown one. */
export function levelRank(ctx: EmitContext, levelId: string | undefined, path: string): number | null {
  if (levelId === undefined) return null;
  const rank = ctx.levels.indexOf(levelId);
  if (rank < 0) ctx.report('UNKNOWN_LEVEL', path, says('compileUnknownLevel', { level: levelId }));
  return rank < 0 ? null : rank;
}

export interface ReasonExtras {
  ruleId?: string;
  effect?: OutcomeValue | string; // a literal outcome, or JS source when it is decided at run time
  effectIsCode?: boolean;
}

/** A statement that appends a reason of the current node. */
export function pushReason(ctx: EmitContext, reason: Reason, path: string, extras: ReasonExtras = {}): string {
  const fields = [
    `code: ${literal(reason.code)}`,
    `message: ${ctx.message(reason.message, `${path}/message`)}`,
    `nodeId: ${literal(ctx.node!.id)}`,
  ];
  const params = ctx.messageParams(reason.message, `${path}/message`);
  if (params !== null) fields.push(`params: ${params}`);
  if (extras.ruleId !== undefined) fields.push(`ruleId: ${literal(extras.ruleId)}`);
  if (extras.effect !== undefined) fields.push(`effect: ${extras.effectIsCode ? extras.effect : literal(extras.effect)}`);
  // The summary variant keeps no reasons (the fields above were still built: same diagnostics).
  if (ctx.summary) return '';
  return `reasons.push({ ${fields.join(', ')} });`;
}

/** A trace statement recording what matched in the current node (nothing without trace). */
export function matched(ctx: EmitContext, what: string): string {
  return ctx.trace ? `m.push(${literal(what)});` : '';
}
