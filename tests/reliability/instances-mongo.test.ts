/**
 * Two REAL API processes on one MongoDB database (issue 17), started together on an empty one:
 * seeding runs once (under the store lease), a version activated through one decides on the other
 * at once, a simulation job started on one is polled on the other, decisions made on both form
 * one decision-log chain. Runs only where MONGODB_URI reaches a replica set (`npm run test:mongo`);
 * otherwise skipped with the reason.
 */
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { B2B_FACTS, DEMO, http } from './support/server-process.js';
import { P, expectActivationSeenAtOnce, simulationPolledOnOther, startTwoInstances, type TwoInstances } from './support/two-instances.js';
import { mongoUnreachableReason } from '../store/mongo-reachable.js';

const uri = process.env.MONGODB_URI?.trim() ?? '';
const reason = await mongoUnreachableReason(uri);
if (reason) console.warn(`MongoDB two-process suite skipped: ${reason}`);

describe.skipIf(reason !== null)('two API processes on one MongoDB database', () => {
  const dbName = `creditgraph_two_${randomBytes(4).toString('hex')}`;
  let two: TwoInstances | null = null;

  beforeAll(async () => {
    two = await startTwoInstances('cg-mongo-two-', { MONGODB_URI: uri, MONGODB_DB: dbName });
  }, 180_000);
  afterAll(async () => {
    await two?.close();
    if (!reason) {
      const client = new MongoClient(uri);
      await client.db(dbName).dropDatabase().finally(() => client.close());
    }
  });

  it('seeds once; a version activated through one decides on the other at once', async () => {
    const audit = await http(two!.a.url, 'GET', '/api/v1/audit?limit=500', { key: DEMO.auditor });
    const created = audit.body.items.filter((e: { action: string }) => e.action === 'policy.created').map((e: { policyId: string }) => e.policyId);
    expect(new Set(created).size).toBe(created.length);
    await expectActivationSeenAtOnce(two!.a, two!.b);
  });

  it('a simulation job started on one is polled on the other', async () => {
    await simulationPolledOnOther(two!.a, two!.b, 3, 'M-');
  });

  it("decisions made on both at once form one decision-log chain that verifies (the head's counter document arbitrates)", async () => {
    const decide = (url: string, i: number) => http(url, 'POST', `${P}/decisions`, { key: DEMO.system, body: { facts: B2B_FACTS, customerId: `CH-${i}` } });
    const made = await Promise.all(Array.from({ length: 40 }, (_, i) => decide(i % 2 ? two!.a.url : two!.b.url, i)));
    expect(made.every((r) => r.status === 201)).toBe(true);
    const report = await http(two!.b.url, 'GET', '/api/v1/integrity', { key: DEMO.auditor });
    expect(report.body.decisionChain).toMatchObject({ chained: true, intact: true, unchained: 0, problem: null });
    expect(report.body.decisionChain.checked).toBe(report.body.decisionChain.head);
    expect(report.body.decisionChain.head).toBeGreaterThanOrEqual(40);
  });
});
