/**
 * The API's doorway into engine/monitoring (outcome monitoring's own entry point, kept apart from
 * the policy engine's: see engine/monitoring/index.ts): the report, the metrics the domain layer
 * reads, and the schemas the routes publish.
 */
export {
  addMonths,
  checkEdges,
  DEFAULT_DEFINITION,
  DefaultDefinition,
  discrimination,
  equalBands,
  formatMonitoringReport,
  labelDecisions,
  monitoredFromLog,
  monitoringReport,
  OutcomeRecord,
  PSI_SHIFT,
  PSI_WATCH,
  type Arm,
  type LoggedDecision,
  type MonitoredDecision,
  type MonitoringFile,
  type MonitoringReport,
} from '../engine/monitoring/index.js';
