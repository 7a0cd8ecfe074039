/**
 * What an approver decides with, beside the request: the customer's outstanding (the exposure the
 * caller sent), insurer cover, payment behaviour and the limits granted before, read from the
 * decision's facts and the customer's decision history. Plain TypeScript.
 */
import type { ApprovalDetail } from './types.js';

export interface ContextFigure {
  /** i18n key of the figure's name. */
  key: 'wf.ctx.outstanding' | 'wf.ctx.overLimit' | 'wf.ctx.insurerCover' | 'wf.ctx.paymentDelay' | 'wf.ctx.incidents' | 'wf.ctx.turnover';
  value: number;
  unit: 'money' | 'days' | 'count';
  warn?: boolean;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function customerContext(detail: ApprovalDetail): { figures: ContextFigure[]; pastLimits: { at: string; amount: number; source: 'automatic' | 'manual' }[] } {
  const facts = detail.decision?.facts ?? {};
  const exposure = num((detail.decision as { exposure?: unknown } | null)?.exposure);
  const limit = detail.approval.computedLimit;
  const figures: ContextFigure[] = [];
  if (exposure !== null) figures.push({ key: 'wf.ctx.outstanding', value: exposure, unit: 'money' });
  if (exposure !== null && limit !== null && exposure > limit) figures.push({ key: 'wf.ctx.overLimit', value: exposure - limit, unit: 'money', warn: true });
  const pick = (name: string, key: ContextFigure['key'], unit: ContextFigure['unit'], warn?: (v: number) => boolean) => {
    const v = num(facts[name]);
    if (v !== null) figures.push({ key, value: v, unit, warn: warn?.(v) });
  };
  pick('insurerCover', 'wf.ctx.insurerCover', 'money');
  pick('avgPaymentDelayDays', 'wf.ctx.paymentDelay', 'days', (v) => v >= 15);
  pick('paymentIncidents12m', 'wf.ctx.incidents', 'count', (v) => v > 0);
  pick('annualTurnover', 'wf.ctx.turnover', 'money');
  const pastLimits = detail.history
    .filter((d) => d.decisionId !== detail.approval.decisionId)
    .map((d) => ({ at: d.evaluatedAt, amount: d.decision.creditLimit?.gross ?? null, source: d.source }))
    .filter((x): x is { at: string; amount: number; source: 'automatic' | 'manual' } => x.amount !== null);
  return { figures, pastLimits };
}
