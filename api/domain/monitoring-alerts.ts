/**
 * What the monitoring pass alerts on, for one policy: the population stability of its score
 * distribution (the settings' window against the one before it; overall and per arm) and the bad
 * rate of each risk class on the latest cohort whose observation windows are over (a younger
 * cohort has only its early defaults: its rate would be inflated).
 *
 * One alert per situation (dedupe key): the level reached, the group and class, the active version
 * and the settings' revision. So a pass that finds the same shift again raises nothing; a worse
 * level, a new active version or new thresholds raise anew.
 */
import { randomUUID } from 'node:crypto';
import { addMonths } from '../monitoring-engine.js';
import type { AlertRecord } from '../store/store.js';
import type { DomainContext } from './context.js';
import { monitoringSettings, policyMonitoring } from './monitoring.js';

const DAY_MS = 86_400_000;

export async function monitoringAlerts(ctx: DomainContext, policyId: string): Promise<AlertRecord[]> {
  const policy = await ctx.store.getPolicy(policyId);
  if (!policy || policy.activeVersion === null) return [];
  const settings = await monitoringSettings(ctx, policyId);
  const now = ctx.clock.now();
  const at = now.toISOString();
  const revision = settings.updatedAt || 'defaults';
  const alerts: AlertRecord[] = [];
  const make = (a: Omit<AlertRecord, 'id' | 'raisedAt' | 'policyId' | 'customerId' | 'approvalId' | 'decisionId'>): AlertRecord => ({
    id: `alr_${randomUUID()}`,
    raisedAt: at,
    policyId,
    customerId: null,
    approvalId: null,
    decisionId: null,
    ...a,
  });

  // Population stability: the last windowDays against the windowDays before.
  const recent = await policyMonitoring(ctx, { policyId, to: at, from: new Date(now.getTime() - settings.windowDays * DAY_MS).toISOString() }, 'en');
  for (const group of [recent.report.overall, ...recent.report.arms]) {
    const index = group.stability?.index;
    if (index === null || index === undefined || index < settings.psiWarn) continue;
    const level = index >= settings.psiAlert ? 'alert' : 'warn';
    const threshold = level === 'alert' ? settings.psiAlert : settings.psiWarn;
    alerts.push(
      make({
        type: 'monitoring.psi',
        dedupeKey: `monitoring.psi:${policyId}:v${policy.activeVersion}:${group.group}:${level}:${revision}`,
        severity: level === 'alert' ? 'critical' : 'warning',
        message: `The score distribution of ${policyId}${group.group === 'all' ? '' : ` (${group.group})`} moved: PSI ${index.toFixed(3)} ≥ ${threshold} over the last ${settings.windowDays} days against the ${settings.windowDays} days before.`,
        details: { group: group.group, psi: index, threshold, level, window: recent.window, baseline: recent.baseline, decisions: group.stability!.currentTotal, baselineDecisions: group.stability!.baselineTotal, version: policy.activeVersion },
      }),
    );
  }

  // Class bad rates: the windowDays of decisions whose observation window ended by now.
  const classes = Object.keys(settings.classBadRates);
  if (classes.length) {
    const cohortTo = new Date(`${addMonths(at.slice(0, 10), -settings.defaultDefinition.withinMonths)}T00:00:00.000Z`);
    const cohort = await policyMonitoring(ctx, { policyId, to: cohortTo.toISOString(), from: new Date(cohortTo.getTime() - settings.windowDays * DAY_MS).toISOString() }, 'en');
    for (const group of [cohort.report.overall, ...cohort.report.arms])
      for (const cell of group.badRatesByClass) {
        const limit = settings.classBadRates[cell.key];
        if (limit === undefined || cell.badRate === null || cell.count < settings.minCount || cell.badRate <= limit) continue;
        alerts.push(
          make({
            type: 'monitoring.badRate',
            dedupeKey: `monitoring.badRate:${policyId}:v${policy.activeVersion}:${group.group}:${cell.key}:${revision}`,
            severity: 'critical',
            message: `Class ${cell.key} of ${policyId}${group.group === 'all' ? '' : ` (${group.group})`} has a bad rate of ${(cell.badRate * 100).toFixed(1)} % (${cell.bads} of ${cell.count}), above its threshold ${(limit * 100).toFixed(1)} %.`,
            details: { group: group.group, riskClass: cell.key, badRate: cell.badRate, bads: cell.bads, count: cell.count, threshold: limit, window: cohort.window, version: policy.activeVersion },
          }),
        );
      }
  }
  return alerts;
}
