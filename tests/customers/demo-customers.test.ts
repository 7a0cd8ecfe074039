/**
 * The seeded demo (issue 24): the first rows of the 10k sample portfolio become credit files with
 * open items, so that a new user sees overruns (alerted without a decision call), groups and a
 * review campaign. Only into a store with no customer; the first daily sweep re-decides those due.
 */
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoCustomers } from '../../api/domain/demo-customers.js';
import type { TestApp } from '../api/support/test-app.js';
import { AUDITOR, startWorkflowApp } from '../workflow/workflow-app.js';
import { RULESETS } from '../workflow/workflow-app.js';

let t: TestApp;
const CSV = path.join(RULESETS, 'portfolios/b2b-standard-10k.csv');

beforeAll(async () => {
  ({ t } = await startWorkflowApp());
});
afterAll(() => t?.close());

it('loads files, open items and groups; overruns alert; the first sweep runs a campaign on those due', async () => {
  const started = performance.now();
  const loaded = await seedDemoCustomers(t.services, { csvPath: CSV, rows: 100 });
  console.log(`demo: ${loaded.customers} customers, ${loaded.items} items in ${Math.round(performance.now() - started)} ms (machine shared, not a benchmark)`);
  expect(loaded).toMatchObject({ customers: 100, groups: 2 });
  expect(loaded.items).toBeGreaterThan(100);

  const list = await t.call('GET', '/api/v1/customers?limit=500', { key: AUDITOR });
  expect(list.body.items).toHaveLength(100);
  const first = list.body.items.find((c: { customerId: string }) => c.customerId === 'C000001');
  expect(first.facts.bureauScore).toMatchObject({ value: 56, source: 'bureau' });
  expect(first.limit).toMatchObject({ amount: 156000, policyId: 'b2b-standard' });
  const group = await t.call('GET', '/api/v1/customers/C000002/group', { key: AUDITOR });
  expect(group.body).toMatchObject({ parentId: 'C000001' });
  expect(group.body.entities).toHaveLength(5);

  const overruns = (await t.call('GET', '/api/v1/alerts?type=exposure.overLimit&limit=500', { key: AUDITOR })).body.items;
  expect(overruns.length).toBeGreaterThan(0);
  expect(overruns.every((a: { details: { source?: string } }) => a.details.source === 'openItems')).toBe(true);

  const due = (await t.call('GET', `/api/v1/customers?limit=500&reviewDueBy=${encodeURIComponent(new Date(t.services.clock.now()).toISOString())}`, { key: AUDITOR })).body.items;
  expect(due.length).toBeGreaterThan(0);
  await t.services.workflow.sweep();
  const campaigns = (await t.call('GET', '/api/v1/campaigns', { key: AUDITOR })).body.items;
  expect(campaigns).toHaveLength(1);
  expect(campaigns[0].counts).toMatchObject({ due: due.length, failed: 0 });
  expect(campaigns[0].counts.moved).toBeGreaterThan(0);

  // Once: a store with customers gets no demo.
  expect(await seedDemoCustomers(t.services, { csvPath: CSV, rows: 100 })).toMatchObject({ customers: 0 });
}, 120_000);
