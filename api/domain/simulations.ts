/**
 * Impact simulations: a portfolio (an upload, or the decisions logged in a window) evaluated under
 * two targets (a version, the active one, the draft) on the worker pool. Jobs are derived data,
 * kept in the store so any instance answers for them (impact/simulation-jobs.ts); this is what the
 * routes may ask of them.
 */
import type { Caller } from '../auth/api-keys.js';
import { checkComparable, compileForSimulation, impactSummaryToCsv, impactToCsv } from '../policy-engine.js';
import type { Services } from '../services.js';
import { jobView, simulationJobs, type JobSource } from '../impact/simulation-jobs.js';
import { resolveTarget } from '../impact/simulation-targets.js';
import { replayRows } from '../impact/replay-window.js';
import type { PortfolioFormat } from '../policy-engine.js';
import { DomainError } from './errors.js';

export { jobView, simulationJobs };

export type SimulationInput = { kind: 'upload'; format: PortfolioFormat; bytes: Uint8Array } | { kind: 'decisions'; from: string; to: string };

/**
 * Queue a simulation of `from` → `to` on a portfolio; answers the job (poll it for progress).
 * The targets are checked before the portfolio is read (`readInput`), so a wrong target is named first.
 */
export async function startSimulation(services: Services, caller: Caller, policyId: string, targets: { from: string; to: string }, readInput: () => SimulationInput) {
  const [a, b] = [await resolveTarget(services, policyId, targets.from), await resolveTarget(services, policyId, targets.to)];
  checkComparable(a.document, b.document);
  const input = readInput();
  let bytes: Uint8Array;
  let source: JobSource;
  let decisionIds: string[] | undefined;
  if (input.kind === 'decisions') {
    const replay = await replayRows(services.store, policyId, input.from, input.to);
    bytes = replay.ndjson;
    decisionIds = replay.decisionIds;
    source = { kind: 'decisions', from: input.from, to: input.to };
  } else {
    bytes = input.bytes;
    source = { kind: 'upload', format: input.format, bytes: input.bytes.length };
  }
  return simulationJobs(services).start({
    policyId,
    createdBy: caller.user.id,
    a,
    b,
    bytes,
    format: input.kind === 'decisions' ? 'ndjson' : input.format,
    source,
    ...(decisionIds ? { decisionIds } : {}),
  });
}

/** One of the most-changed customers of a finished job: its facts and the decision under each target. */
export async function simulationCustomer(services: Services, policyId: string, jobId: string, row: number) {
  const job = await simulationJobs(services).get(policyId, jobId);
  const facts = job.topFacts.get(row);
  const change = job.result?.topChanges.find((c) => c.rowNumber === row);
  if (!facts || !change) throw new DomainError('NOT_FOUND', `Row ${row} is not among the top changes of simulation ${job.jobId}.`);
  // The same documents the workers compiled; published versions hit the API's compiled cache.
  const [a, b] = [job.from, job.to].map((t, k) =>
    t.contentHash !== null
      ? services.versions.compiled.getOrCompile(job.policyId, t.contentHash, () => compileForSimulation(job.documents[k]!))
      : services.draftsCompiled.getOrCompile(job.policyId, job.keys[k]!, () => compileForSimulation(job.documents[k]!)),
  );
  return { row, customerId: change.customerId, decisionId: job.decisionIds?.[row - 1] ?? null, facts, a: a!.evaluate(facts), b: b!.evaluate(facts) };
}

/** A finished job as CSV: every table (summary), or one line per customer (all, the changed ones, the top changes). */
export async function simulationCsv(services: Services, policyId: string, jobId: string, table: 'summary' | 'all' | 'changed' | 'top') {
  const job = await simulationJobs(services).get(policyId, jobId);
  if (!job.result) throw new DomainError('CONFLICT', `Simulation ${job.jobId} is ${job.status}: no result to download.`);
  return { job, csv: table === 'summary' ? impactSummaryToCsv(job.result) : impactToCsv(job.result, { rows: table }) };
}
