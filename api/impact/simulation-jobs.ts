/**
 * Simulation jobs: a portfolio (an upload or a replay window) evaluated under two targets on the
 * worker pool, with progress while it runs and the impact result when it is done.
 *
 * Jobs are kept in the store (state, progress, result), so any instance behind a load balancer —
 * or any cluster worker — answers a poll for any job. The instance that received the upload runs
 * it on its own worker pool, holding the job's claim (owner + leaseUntil, renewed with every
 * progress write and by a heartbeat); a job whose claim lapsed is reported failed (its instance
 * stopped: the upload lived only there). The cap on running jobs counts live claims of every
 * instance. History stays bounded (the oldest finished jobs are deleted). A result is derived data
 * — it can be recomputed from the portfolio and two immutable versions — so it is not audited.
 */
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import { gunzip, gzip } from 'node:zlib';
import type { CreditgraphStore, JobRecord } from '../store/store.js';
import { newInstanceId } from '../instance-id.js';
import type { Facts, PolicyDocument } from '../../engine/index.js';
import { impactSummary, mergeImpactResults, type ImpactResult, type PortfolioError, type PortfolioFormat } from '../policy-engine.js';
import { DomainError } from '../domain/errors.js';
import type { Clock } from '../domain/context.js';
import { scoreHistogram, type ScoreHistogram } from './score-histogram.js';
import { slicePortfolio } from './slice-portfolio.js';
import type { SliceProgress, SliceResult, SliceTask } from './slice-task.js';
import { targetInfo, type SimulationTarget } from './simulation-targets.js';
import { DEFAULT_POOL_SIZE, WorkerPool } from './worker-pool.js';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export type JobSource =
  | { kind: 'upload'; format: PortfolioFormat; bytes: number }
  | { kind: 'decisions'; from: string; to: string };

export interface PortfolioReport {
  format: PortfolioFormat;
  columns: string[];
  /** Customer records read, good and bad. */
  recordCount: number;
  /** Records left out because of a problem (each problem is in `errors`, up to 1,000). */
  rejectedCount: number;
  errorCount: number;
  errors: PortfolioError[];
  warnings: PortfolioError[];
}

export interface SimulationJob {
  jobId: string;
  policyId: string;
  status: JobStatus;
  createdAt: string;
  createdBy: string;
  finishedAt: string | null;
  source: JobSource;
  from: ReturnType<typeof targetInfo>;
  to: ReturnType<typeof targetInfo>;
  progress: { done: number; total: number };
  portfolio: PortfolioReport | null;
  /** Why a failed job failed. */
  error: string | null;
  /** Score distributions under A and B (the summary keeps no per-customer scores). */
  scores: ScoreHistogram | null;
  // Kept on the server, not in the job's JSON:
  result: ImpactResult | null;
  topFacts: Map<number, Facts>;
  documents: [PolicyDocument, PolicyDocument];
  keys: [string, string];
  decisionIds: string[] | null;
}

export interface SimulationLimits {
  /** Finished jobs kept (results included); older ones are forgotten. */
  history: number;
  /** Jobs queued or running at once, all policies together. */
  active: number;
  /** Customers in `topChanges`. */
  topN: number;
  /** A portfolio is cut in one slice per worker, but no slice under this many records. */
  minSliceRecords: number;
}

export const DEFAULT_SIMULATION_LIMITS: SimulationLimits = { history: 10, active: 4, topN: 50, minSliceRecords: 1000 };

/** How long a job's claim lasts without renewal; the runner renews it every third of that. */
export const JOB_CLAIM_MS = 30_000;
/** Progress is written to the store at most this often (each write renews the claim). */
const PROGRESS_WRITE_MS = 250;

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** What a finished job keeps beside its JSON state: opaque bytes for the store (v8 + gzip keeps the typed arrays). */
interface JobOutcome {
  result: ImpactResult;
  topFacts: [number, Facts][];
  decisionIds: string[] | null;
}

type JobState = Omit<SimulationJob, 'result' | 'topFacts' | 'decisionIds'>;

function stateOf(job: SimulationJob): JobState {
  const { result: _r, topFacts: _t, decisionIds: _d, ...state } = job;
  return state;
}

async function recordOf(job: SimulationJob, owner: string, at: Date): Promise<JobRecord> {
  const finished = job.status === 'done' && job.result;
  const outcome: JobOutcome | null = finished ? { result: job.result!, topFacts: [...job.topFacts], decisionIds: job.decisionIds } : null;
  return {
    jobId: job.jobId,
    policyId: job.policyId,
    status: job.status,
    owner,
    leaseUntil: new Date(at.getTime() + JOB_CLAIM_MS).toISOString(),
    createdAt: job.createdAt,
    updatedAt: at.toISOString(),
    state: JSON.parse(JSON.stringify(stateOf(job))) as Record<string, unknown>,
    result: outcome ? new Uint8Array(await gzipAsync(serialize(outcome))) : null,
  };
}

async function jobOf(record: JobRecord, now: Date): Promise<SimulationJob> {
  const state = record.state as unknown as JobState;
  const job: SimulationJob = { ...state, status: record.status, result: null, topFacts: new Map(), decisionIds: null };
  if (record.result) {
    const outcome = deserialize(await gunzipAsync(record.result)) as JobOutcome;
    job.result = outcome.result;
    job.topFacts = new Map(outcome.topFacts);
    job.decisionIds = outcome.decisionIds;
  }
  if ((job.status === 'queued' || job.status === 'running') && Date.parse(record.leaseUntil) <= now.getTime()) {
    job.status = 'failed';
    job.error = 'The instance that was running this simulation stopped before it finished: start it again.';
  }
  return job;
}

const MAX_PROBLEMS = 1000;

// One pool per process: cores are per process, not per app.
let sharedPool: WorkerPool | null = null;
export function simulationPool(): WorkerPool {
  sharedPool ??= new WorkerPool(SIMULATION_WORKER_URL, DEFAULT_POOL_SIZE);
  return sharedPool;
}

export class SimulationJobs {
  /** This instance's name in job claims. */
  readonly instanceId = newInstanceId();
  private readonly clock: Clock;
  private readonly store: CreditgraphStore;

  constructor(
    owner: { clock: Clock; store: CreditgraphStore },
    readonly limits: SimulationLimits = DEFAULT_SIMULATION_LIMITS,
    private readonly pool: () => WorkerPool = simulationPool,
  ) {
    this.clock = owner.clock;
    this.store = owner.store;
  }

  async get(policyId: string, jobId: string): Promise<SimulationJob> {
    const record = await this.store.getJob(jobId);
    if (!record || record.policyId !== policyId) throw new DomainError('NOT_FOUND', `No simulation "${jobId}" for policy "${policyId}" (finished simulations are kept for the last ${this.limits.history} only).`);
    return jobOf(record, this.clock.now());
  }

  /** Newest first, without their results. */
  async list(policyId: string): Promise<SimulationJob[]> {
    const now = this.clock.now();
    return Promise.all((await this.store.listJobs(policyId, this.limits.history + this.limits.active)).map((r) => jobOf(r, now)));
  }

  async start(input: {
    policyId: string;
    createdBy: string;
    a: SimulationTarget;
    b: SimulationTarget;
    bytes: Uint8Array;
    format: PortfolioFormat;
    source: JobSource;
    decisionIds?: string[];
  }): Promise<SimulationJob> {
    const job: SimulationJob = {
      jobId: `sim_${randomBytes(9).toString('base64url')}`,
      policyId: input.policyId,
      status: 'queued',
      createdAt: this.clock.now().toISOString(),
      createdBy: input.createdBy,
      finishedAt: null,
      source: input.source,
      from: targetInfo(input.a),
      to: targetInfo(input.b),
      progress: { done: 0, total: 0 },
      portfolio: null,
      error: null,
      scores: null,
      result: null,
      topFacts: new Map(),
      documents: [input.a.document, input.b.document],
      keys: [input.a.key, input.b.key],
      decisionIds: input.decisionIds ?? null,
    };
    // The claim and the cap in one store write: every instance's live jobs count.
    if (!(await this.store.insertJob(await recordOf(job, this.instanceId, this.clock.now()), this.limits.active)))
      throw new DomainError('SIMULATIONS_BUSY', `${this.limits.active} simulations are already running: try again when one has finished.`);
    void this.runClaimed(job, input.bytes, input.format);
    return job;
  }

  /** Runs a job this instance claimed: progress written (throttled) and the claim renewed until it ends. */
  private async runClaimed(job: SimulationJob, bytes: Uint8Array, format: PortfolioFormat): Promise<void> {
    let writing: Promise<unknown> = Promise.resolve();
    let lastWrite = 0;
    const save = (force = false) => {
      const now = Date.now();
      if (!force && now - lastWrite < PROGRESS_WRITE_MS) return writing;
      lastWrite = now;
      // One write at a time, in order; a failed write is logged by the next one's absence only: the heartbeat retries.
      writing = writing.then(async () => this.store.updateJob(await recordOf(job, this.instanceId, this.clock.now()))).catch(() => undefined);
      return writing;
    };
    const heartbeat = setInterval(() => void save(true), JOB_CLAIM_MS / 3);
    heartbeat.unref();
    try {
      await this.run(job, bytes, format, () => void save());
    } finally {
      clearInterval(heartbeat);
      await writing;
      try {
        if (!(await this.store.updateJob(await recordOf(job, this.instanceId, this.clock.now())))) return; // no longer ours
      } catch (err) {
        // The result could not be stored (e.g. above MongoDB's 16 MB document): say so rather than leave it running.
        Object.assign(job, { status: 'failed', result: null, error: `The result could not be stored: ${(err as Error).message}`, finishedAt: this.clock.now().toISOString() });
        await this.store.updateJob(await recordOf(job, this.instanceId, this.clock.now())).catch(() => undefined);
      }
      await this.store.forgetJobs(this.limits.history).catch(() => undefined);
    }
  }

  private async run(job: SimulationJob, bytes: Uint8Array, format: PortfolioFormat, progressed: () => void): Promise<void> {
    try {
      const pool = this.pool();
      const sliced = await slicePortfolio(bytes, format, pool.size, this.limits.minSliceRecords);
      job.status = 'running';
      job.progress.total = sliced.estimatedRecords;
      progressed();
      const done = sliced.slices.map(() => 0);
      const parts = await Promise.all(
        sliced.slices.map((slice, k) => {
          // A copy of just the slice, in a buffer of its own, moved to the worker: a view would clone
          // (or, transferred, detach) the whole upload. (Buffer#slice is a view: copy explicitly.)
          const own = new Uint8Array(slice.bytes);
          const task: SliceTask = {
            keyA: job.keys[0],
            keyB: job.keys[1],
            docA: job.documents[0],
            docB: job.documents[1],
            format,
            header: k === 0 ? null : sliced.header,
            firstLine: slice.firstLine,
            fileProblems: k === 0,
            bytes: own,
            topN: this.limits.topN,
          };
          return pool.run<SliceResult>(task, {
            transfer: [own.buffer as ArrayBuffer],
            onProgress: (message) => {
              done[k] = (message as SliceProgress).done;
              job.progress.done = done.reduce((t, d) => t + d, 0);
              if (job.progress.done > job.progress.total) job.progress.total = job.progress.done;
              progressed();
            },
          });
        }),
      );
      this.finish(job, parts, format);
    } catch (error) {
      job.status = 'failed';
      job.error = error instanceof Error ? error.message : String(error);
      job.finishedAt = this.clock.now().toISOString();
    }
  }

  /** Slices number their rows from 1: shift each by the records before it, then add them up. */
  private finish(job: SimulationJob, parts: SliceResult[], format: PortfolioFormat): void {
    let offset = 0;
    const errors: PortfolioError[] = [];
    const warnings: PortfolioError[] = [];
    for (const part of parts) {
      shiftRows(part, offset);
      for (const e of part.errors) if (errors.length < MAX_PROBLEMS) errors.push(e);
      for (const w of part.warnings) if (warnings.length < MAX_PROBLEMS) warnings.push(w);
      for (const [row, facts] of part.topFacts) job.topFacts.set(row, facts);
      offset += part.recordCount;
    }
    const result = mergeImpactResults(parts.map((p) => p.result));
    if (parts.length > 1) warnDuplicatesAcrossSlices(result, warnings);
    const kept = new Set(result.topChanges.map((change) => change.rowNumber));
    for (const row of job.topFacts.keys()) if (!kept.has(row)) job.topFacts.delete(row);
    job.result = result;
    job.scores = scoreHistogram(result, job.documents);
    job.portfolio = {
      format,
      columns: parts[0]?.columns ?? [],
      recordCount: offset,
      rejectedCount: parts.reduce((t, p) => t + p.rejectedCount, 0),
      errorCount: parts.reduce((t, p) => t + p.errorCount, 0),
      errors,
      warnings,
    };
    job.progress = { done: offset, total: offset };
    job.status = 'done';
    job.finishedAt = this.clock.now().toISOString();
  }
}

/**
 * Each slice warns about a customer id it sees twice; one that appears in two slices is found here,
 * on the merged per-customer columns (file order), with the same message the parser gives.
 */
function warnDuplicatesAcrossSlices(result: ImpactResult, warnings: PortfolioError[]): void {
  const c = result.customers;
  if (!c) return;
  const warned = new Set(warnings.filter((w) => w.column === 'customerId').map((w) => w.row));
  const seen = new Set<string>();
  let added = false;
  for (let i = 0; i < c.customerId.length; i++) {
    const id = c.customerId[i]!;
    const row = c.rowNumber[i]!;
    if (id === `#${row}`) continue; // no customerId given: the row number stands in
    if (!seen.has(id)) seen.add(id);
    else if (!warned.has(row) && warnings.length < MAX_PROBLEMS) {
      warnings.push({ row, column: 'customerId', message: `customer "${id.length > 60 ? `${id.slice(0, 60)}…` : id}" appears more than once` });
      added = true;
    }
  }
  if (added) warnings.sort((x, y) => x.row - y.row);
}

function shiftRows(part: SliceResult, offset: number): void {
  if (offset === 0) return;
  const r = part.result;
  if (r.customers) for (let i = 0; i < r.customers.rowNumber.length; i++) r.customers.rowNumber[i] += offset;
  for (const change of r.topChanges) change.rowNumber += offset;
  for (const failure of r.failures) failure.rowNumber += offset;
  for (const problem of [...part.errors, ...part.warnings]) if (problem.row > 0) problem.row += offset;
  part.topFacts = part.topFacts.map(([row, facts]) => [row + offset, facts]);
}

/** A job as the API shows it; the impact result (without per-customer columns) once done. */
export function jobView(job: SimulationJob, withResult = true) {
  return {
    jobId: job.jobId,
    policyId: job.policyId,
    status: job.status,
    createdAt: job.createdAt,
    createdBy: job.createdBy,
    finishedAt: job.finishedAt,
    source: job.source,
    from: job.from,
    to: job.to,
    progress: job.progress,
    portfolio: job.portfolio,
    error: job.error,
    result: withResult && job.result ? impactSummary(job.result) : null,
    scores: withResult ? job.scores : null,
  };
}

// One registry per app (tests build many apps in one process).
const registries = new WeakMap<object, SimulationJobs>();
export function simulationJobs(owner: { clock: Clock; store: CreditgraphStore }): SimulationJobs {
  let jobs = registries.get(owner);
  if (!jobs) {
    jobs = new SimulationJobs(owner);
    registries.set(owner, jobs);
  }
  return jobs;
}

/** Tests: a registry with other limits or another pool. */
export function setSimulationJobs(owner: object, jobs: SimulationJobs): void {
  registries.set(owner, jobs);
}

export const SIMULATION_WORKER_URL = new URL(`./simulation-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
