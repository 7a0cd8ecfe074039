/**
 * Impact simulations: what a policy change does to a portfolio (an uploaded file or the logged
 * decisions of a period) before it is published. Jobs run on worker threads; see api/impact/.
 */
import { Type } from '@sinclair/typebox';
import { defineRoute } from '../http/route.js';
import { ApiError } from '../http/problems.js';
import { parseJsonStrict } from '../http/json-body.js';
import { check } from '../http/validator.js';
import { jobView, simulationCustomer as customerOf, simulationJobs, simulationCsv as csvOf, startSimulation as start, type SimulationInput } from '../domain/simulations.js';
import { TARGET_PATTERN } from '../impact/simulation-targets.js';
import { uploadKind, UPLOAD_LIMIT_BYTES } from '../impact/portfolio-upload.js';
import { PolicyParams } from './common.js';
import { POLICY_ID_PATTERN } from '../schemas.js';

const TAG = 'Simulations';
const DateTime = Type.String({ format: 'date-time' });

const Target = (what: string, fallback: string) =>
  Type.Optional(Type.String({ pattern: TARGET_PATTERN, default: fallback, description: `${what}: a version number, \`active\` or \`draft\`. Default \`${fallback}\`.` }));

const Problem = Type.Object({ row: Type.Integer(), line: Type.Optional(Type.Integer()), column: Type.Union([Type.String(), Type.Null()]), message: Type.String() });
const TargetInfo = Type.Object({
  target: Type.String(),
  version: Type.Union([Type.Integer(), Type.Null()]),
  draftEtag: Type.Union([Type.String(), Type.Null()]),
  contentHash: Type.Union([Type.String(), Type.Null()]),
});
const SimulationJob = Type.Object(
  {
    jobId: Type.String(),
    policyId: Type.String(),
    status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
    createdAt: DateTime,
    createdBy: Type.String(),
    finishedAt: Type.Union([DateTime, Type.Null()]),
    source: Type.Union([
      Type.Object({ kind: Type.Literal('upload'), format: Type.String(), bytes: Type.Integer() }),
      Type.Object({ kind: Type.Literal('decisions'), from: DateTime, to: DateTime }),
    ]),
    from: TargetInfo,
    to: TargetInfo,
    progress: Type.Object({ done: Type.Integer({ description: 'Records read so far.' }), total: Type.Integer({ description: 'Records in the portfolio (an estimate until done; 0 while a JSON array is read).' }) }),
    portfolio: Type.Union([
      Type.Object({
        format: Type.String(),
        columns: Type.Array(Type.String()),
        recordCount: Type.Integer(),
        rejectedCount: Type.Integer(),
        errorCount: Type.Integer(),
        errors: Type.Array(Problem, { description: 'Rows left out: row number, line of the file, column and problem (at most 1,000).' }),
        warnings: Type.Array(Problem),
      }),
      Type.Null(),
    ]),
    error: Type.Union([Type.String(), Type.Null()]),
    scores: Type.Union([
      Type.Object(
        {
          edges: Type.Array(Type.Number()),
          a: Type.Array(Type.Integer()),
          b: Type.Array(Type.Integer()),
          missing: Type.Object({ a: Type.Integer(), b: Type.Integer() }),
        },
        { description: 'Score histograms under A and B (20 bins over the scorecard scale), for the before/after charts.' },
      ),
      Type.Null(),
    ]),
    result: Type.Union([
      Type.Object({}, { additionalProperties: true, description: 'The impact summary (engine/impact: outcome, class, level and scenario migration matrices, limits by class and their delta, escalations per level, both risk maps, top changes).' }),
      Type.Null(),
    ]),
  },
  { description: 'An impact simulation job.' },
);

const JobParams = Type.Object({ policyId: Type.String({ pattern: POLICY_ID_PATTERN }), jobId: Type.String({ pattern: '^sim_[A-Za-z0-9_-]{1,40}$' }) });

const ReplayRequest = Type.Object(
  {
    source: Type.Literal('decisions'),
    from: Type.String({ format: 'date-time', description: 'Inclusive.' }),
    to: Type.String({ format: 'date-time', description: 'Exclusive.' }),
  },
  { additionalProperties: false },
);

const startSimulation = defineRoute({
  method: 'post',
  path: '/policies/:policyId/simulations',
  operationId: 'startSimulation',
  summary: 'Simulate two targets on a portfolio (an upload, or the decisions logged in a window)',
  description:
    `The body is either a portfolio file sent as is — \`text/csv\`, \`application/json\` (an array of customers) or \`application/x-ndjson\`, up to ${UPLOAD_LIMIT_BYTES / 1024 / 1024} MB, gzip allowed — ` +
    'or the JSON object `{"source":"decisions","from":ISO,"to":ISO}` to replay the automatic decisions logged in that window. ' +
    'Query `from` and `to` name the two targets compared (A → B). Answers 202 with the job; poll GET …/simulations/{jobId}. ' +
    'Bad rows are reported in `portfolio.errors` and left out; the run goes on.',
  tag: TAG,
  access: 'simulations:run',
  params: PolicyParams,
  query: Type.Object({ from: Target('Target A (the baseline)', 'active'), to: Target('Target B (the change)', 'draft') }),
  responses: {
    202: { description: 'The job, queued.', schema: SimulationJob, headers: { Location: 'The job.' } },
    404: { description: 'No such policy, version or draft.' },
    409: { description: 'The policy has no active version.' },
    413: { description: 'Upload above 50 MB.' },
    415: { description: 'Not CSV, JSON or NDJSON.' },
    422: { description: 'The draft does not compile, the two targets\' inputs cannot share one portfolio, or the replay request is invalid.' },
    429: { description: 'Too many simulations running.' },
  },
  handler: async ({ params, query, caller, services, req, res }) => {
    const upload = (res.locals.upload as Buffer | undefined) ?? Buffer.alloc(0);
    const kind = uploadKind(req.headers['content-type'], upload);
    const job = await start(services, caller, params.policyId, { from: query.from ?? 'active', to: query.to ?? 'draft' }, (): SimulationInput => {
      if (kind === 'request') {
        if (upload.length === 0) throw new ApiError('EMPTY_BODY', 'Send a portfolio file, or {"source":"decisions","from":…,"to":…}.');
        const request = parseJsonStrict(upload.toString('utf8'));
        check(ReplayRequest, request, 'body', 'replay request');
        const { from, to } = request as { from: string; to: string };
        return { kind: 'decisions', from, to };
      }
      if (upload.length === 0) throw new ApiError('EMPTY_BODY', 'The portfolio file is empty.');
      return { kind: 'upload', format: kind, bytes: upload };
    });
    return { status: 202, headers: { Location: `/api/v1/policies/${params.policyId}/simulations/${job.jobId}` }, body: jobView(job) };
  },
});

const listSimulations = defineRoute({
  method: 'get',
  path: '/policies/:policyId/simulations',
  operationId: 'listSimulations',
  summary: 'The simulations kept for a policy, newest first (without their results)',
  description: 'Results are derived data, kept in the store for the last few jobs only (any instance answers for them).',
  tag: TAG,
  access: 'simulations:run',
  params: PolicyParams,
  responses: { 200: { description: 'Jobs, newest first.', schema: Type.Object({ items: Type.Array(SimulationJob) }) } },
  handler: async ({ params, services }) => {
    await services.versions.policy(params.policyId);
    return { body: { items: (await simulationJobs(services).list(params.policyId)).map((job) => jobView(job, false)) } };
  },
});

const getSimulation = defineRoute({
  method: 'get',
  path: '/policies/:policyId/simulations/:jobId',
  operationId: 'getSimulation',
  summary: 'A simulation: status, progress, parse errors and, once done, the impact result with both risk maps',
  tag: TAG,
  access: 'simulations:run',
  params: JobParams,
  responses: { 200: { description: 'The job.', schema: SimulationJob }, 404: { description: 'No such job (or forgotten).' } },
  handler: async ({ params, services }) => ({ body: jobView(await simulationJobs(services).get(params.policyId, params.jobId)) }),
});

const simulationCsv = defineRoute({
  method: 'get',
  path: '/policies/:policyId/simulations/:jobId/result.csv',
  operationId: 'getSimulationCsv',
  summary: 'Download a finished simulation as CSV: one line per customer, most-changed first (or every table, with table=summary)',
  tag: TAG,
  access: 'simulations:run',
  params: JobParams,
  query: Type.Object({
    table: Type.Optional(Type.Union([Type.Literal('customers'), Type.Literal('summary')], { default: 'customers' })),
    rows: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('changed'), Type.Literal('top')], { default: 'all', description: 'customers: every customer, the changed ones, or the top changes.' })),
  }),
  responses: { 200: { description: 'The CSV file.', schema: Type.String(), contentType: 'text/csv' }, 404: { description: 'No such job.' }, 409: { description: 'Not finished yet.' } },
  handler: async ({ params, query, services, res }) => {
    const summary = query.table === 'summary';
    const { job, csv } = await csvOf(services, params.policyId, params.jobId, summary ? 'summary' : (query.rows ?? 'all'));
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${job.policyId}-${job.jobId}${summary ? '-summary' : ''}.csv"`);
    res.send(csv);
    return {};
  },
});

const CustomerParams = Type.Object({
  policyId: Type.String({ pattern: POLICY_ID_PATTERN }),
  jobId: Type.String({ pattern: '^sim_[A-Za-z0-9_-]{1,40}$' }),
  row: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
});

const simulationCustomer = defineRoute({
  method: 'get',
  path: '/policies/:policyId/simulations/:jobId/customers/:row',
  operationId: 'getSimulationCustomer',
  summary: 'One of the most-changed customers of a simulation: its facts and its two decisions side by side',
  tag: TAG,
  access: 'simulations:run',
  params: CustomerParams,
  responses: {
    200: {
      description: 'Facts and the decision under each target.',
      schema: Type.Object({
        row: Type.Integer(),
        customerId: Type.String(),
        decisionId: Type.Union([Type.String(), Type.Null()]),
        facts: Type.Record(Type.String(), Type.Unknown()),
        a: Type.Object({}, { additionalProperties: true }),
        b: Type.Object({}, { additionalProperties: true }),
      }),
    },
    404: { description: 'No such job, or the row is not among its top changes.' },
  },
  handler: async ({ params, services }) => ({ body: await customerOf(services, params.policyId, params.jobId, params.row) }),
});

export const simulationRoutes = [startSimulation, listSimulations, getSimulation, simulationCsv, simulationCustomer];
