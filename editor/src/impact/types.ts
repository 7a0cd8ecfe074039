/**
 * The simulation API's shapes, as the editor reads them: the API's own types, imported type-only
 * (api/impact/simulation-jobs.ts, api/domain/simulations.ts; the impact tables are engine/impact's).
 */
import type { jobView } from '../../../api/impact/simulation-jobs.js';
import type { simulationCustomer } from '../../../api/domain/simulations.js';
import type { impactSummary } from '../../../api/policy-engine.js';

export type SimulationTargetRef = 'active' | 'draft' | number;

export type SimulationJob = ReturnType<typeof jobView>;
/** A finished job's result: the impact tables without the per-customer rows. */
export type ImpactSummary = ReturnType<typeof impactSummary>;
export type PortfolioProblem = SimulationJob['portfolio'] extends infer P ? (P extends { errors: (infer E)[] } ? E : never) : never;
export type TargetInfo = SimulationJob['from'];
export type CustomerChange = ImpactSummary['topChanges'][number];
export type CustomerSummary = CustomerChange['a'];
export type ImpactSide = ImpactSummary['a'];
export type RiskMap = ImpactSide['riskMap'];
export type SimulatedCustomer = Awaited<ReturnType<typeof simulationCustomer>>;
