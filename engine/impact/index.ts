/** Portfolio impact analysis: parse a portfolio, simulate two policy versions on it, map its risk. */
export {
  parsePortfolio,
  parsePortfolioChunk,
  portfolioSummary,
  startPortfolioParse,
  type ParsedPortfolio,
  type PolicySource,
  type PortfolioBatch,
  type PortfolioError,
  type PortfolioFormat,
  type PortfolioParseOptions,
  type PortfolioParseState,
  type PortfolioRow,
} from './parse-portfolio.js';
export { OUTCOMES, NONE, impactLabels, type EvaluatingPolicy, type ImpactLabels } from './impact-labels.js';
export {
  impactSummary,
  mergeImpactResults,
  simulateImpact,
  startImpactRun,
  type ImpactRun,
  type CustomerChange,
  type CustomerDecisionSummary,
  type CustomerImpacts,
  type ImpactFailure,
  type ImpactResult,
  type ImpactSide,
  type PolicyRef,
  type SimulateOptions,
} from './simulate-impact.js';
export { DEFAULT_OUTSTANDING_EDGES, mergeRiskMaps, outstandingBuckets, riskMap, type OutstandingBucket, type RiskMap } from './risk-map.js';
export { impactSummaryToCsv, impactToCsv, type ImpactCsvOptions } from './impact-csv.js';
export { formatImpactReport, type ReportOptions } from './impact-report.js';
export { portfolioInputs, InputConflictError } from './portfolio-inputs.js';
