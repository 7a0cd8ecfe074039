/**
 * Outcome monitoring: does the scorecard still work, and which arm of an experiment answers a
 * customer. Its own entry point, not re-exported by engine/index.ts: the editor loads that barrel,
 * and the statistics library behind calibration would add ≈ 150 KB to it for figures the editor
 * will get from the API.
 */
export * from './monitoring-schema.js';
export { addMonths, granted, isDefaultEvent, labelDecisions, latestDate, type LabelledDecision, type OutcomeLabel } from './default-definition.js';
export { discrimination, type Discrimination, type ScoredOutcome } from './discrimination.js';
export { badRatesByBand, badRatesByClass, NO_CLASS, type BadRateCell } from './bad-rates.js';
export { calibrate, jeffreysInterval, jeffreysPValue, JEFFREYS_LEVEL, type CalibrationVerdict, type ClassCalibration, type JeffreysInterval } from './calibration.js';
export {
  binCounts,
  binOf,
  checkEdges,
  characteristicStability,
  equalBands,
  MISSING_BAND,
  populationStability,
  PSI_SHIFT,
  PSI_WATCH,
  stabilityFromCounts,
  stabilityLevel,
  type CharacteristicStability,
  type Stability,
  type StabilityBin,
  type StabilityLevel,
} from './population-stability.js';
export { decisionRates, type DecisionRates } from './decision-rates.js';
export { assignArm, experimentPosition, MAX_CHALLENGER_PERCENT, type ArmAssignment } from './champion-challenger.js';
export { checkMonitoringFile, DEFAULT_SCORE_BANDS, monitoringReport, type FileProblem, type GroupMetrics, type MonitoringReport } from './monitoring-report.js';
export { formatMonitoringReport, type Lang } from './monitoring-text.js';
export { monitoredFromLog, type FromLog, type LoggedDecision } from './from-decision-log.js';
