/**
 * What the two-instance suites share (issue 17; SQLite in instances.test.ts, MongoDB in
 * instances-mongo.test.ts): two REAL API processes started together on one empty store, and the
 * scenarios both stores must pass — a version activated through one decides on the other at once,
 * a simulation job started on one is polled on the other.
 */
import { expect } from 'vitest';
import { eventually } from '../../support/eventually.js';
import { B2B_FACTS, DEMO, http, removeDataDir, startServer, tempDir, type ServerProcess } from './server-process.js';

export const P = '/api/v1/policies/b2b-standard';

export interface TwoInstances {
  a: ServerProcess;
  b: ServerProcess;
  dataDir: string;
  /** Stops both (SIGTERM, waits), then removes the data folder and its keys folder. */
  close(): Promise<void>;
}

/** Both processes start at once on an empty store: both race to seed it. */
export async function startTwoInstances(prefix: string, env: Record<string, string> = {}): Promise<TwoInstances> {
  const dataDir = await tempDir(prefix);
  const started = await Promise.allSettled([startServer(dataDir, env), startServer(dataDir, env)]);
  const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const close = async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await removeDataDir(dataDir);
  };
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason;
  }
  return { a: servers[0]!, b: servers[1]!, dataDir, close };
}

/** The version of b2b-standard that decides a request sent to `url`. */
export async function decidingVersion(url: string): Promise<number> {
  const r = await http(url, 'POST', `${P}/decisions`, { key: DEMO.system, body: { facts: B2B_FACTS } });
  expect(r.status, r.text).toBe(201);
  return r.body.version as number;
}

/** Publishes version 2 through `a` (author saves and submits, approver approves), version 1 still active. */
export async function publishVersion2(a: ServerProcess): Promise<void> {
  const draft = await http(a.url, 'GET', `${P}/draft`, { key: DEMO.author });
  const saved = await http(a.url, 'PUT', `${P}/draft`, { key: DEMO.author, body: { document: { ...draft.body.document, description: 'v2' } }, headers: { 'if-match': draft.headers.get('etag')! } });
  expect(saved.status, saved.text).toBe(200);
  expect((await http(a.url, 'POST', `${P}/draft/submit`, { key: DEMO.author, body: { comment: 'v2' } })).status).toBe(200);
  expect((await http(a.url, 'POST', `${P}/draft/approve`, { key: DEMO.approver, body: { comment: 'ok' } })).status).toBe(201);
}

/** Version 2 activated through `a` decides on `b` at once (no cache serves version 1 any more). */
export async function expectActivationSeenAtOnce(a: ServerProcess, b: ServerProcess): Promise<void> {
  await publishVersion2(a);
  expect(await decidingVersion(b.url)).toBe(1);
  expect((await http(a.url, 'POST', `${P}/activate`, { key: DEMO.approver, body: { version: 2, comment: 'go' } })).status).toBe(200);
  expect(await decidingVersion(b.url)).toBe(2);
}

/**
 * Logs `count` decisions through `a`, starts a simulation of v2 against v1 on them there, and polls
 * it on `b` until done; returns the job's answer and where it lives.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function simulationPolledOnOther(a: ServerProcess, b: ServerProcess, count: number, customerPrefix: string): Promise<{ job: any; location: string; jobId: string }> {
  const from = new Date(Date.now() - 3_600_000).toISOString();
  for (let i = 0; i < count; i++) {
    const decided = await http(a.url, 'POST', `${P}/decisions`, { key: DEMO.system, body: { facts: { ...B2B_FACTS, requestedAmount: 1000 * (i + 1) }, customerId: `${customerPrefix}${i}` } });
    expect(decided.status, decided.text).toBe(201);
  }
  const to = new Date(Date.now() + 60_000).toISOString();
  const started = await http(a.url, 'POST', `${P}/simulations?from=1&to=2`, { key: DEMO.author, raw: JSON.stringify({ source: 'decisions', from, to }), headers: { 'content-type': 'application/json' } });
  expect(started.status, started.text).toBe(202);
  const location = started.headers.get('location')!;
  // Polled on b only: jobs once lived in the memory of the process that started them (b answered 404).
  const job = await eventually(async () => {
    const r = await http(b.url, 'GET', location, { key: DEMO.author });
    expect(r.status, r.text).toBe(200);
    return r.body.status === 'done' && r.body;
  });
  expect(job.portfolio.recordCount).toBeGreaterThanOrEqual(count);
  return { job, location, jobId: started.body.jobId as string };
}
