/**
 * Issue 23: a customer's first decision carries its new salt into the decision's own commit (no
 * separate salt commit, so no second fsync), and concurrent first decisions of one customer all get
 * logged with seals that verify against the one salt kept.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendSealedDecision } from '../../api/domain/customer-salts.js';
import { sealState } from '../../api/integrity/decision-seal.js';
import { SqliteStore } from '../../api/store/sqlite-store/sqlite-store.js';
import { decision } from '../store/store-fixtures.js';

describe('first decision of a customer', () => {
  let dataDir: string;
  let store: SqliteStore;
  const saltCommits: string[][] = [];
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'cg-first-salt-'));
    store = new SqliteStore({ dataDir, log: () => undefined });
    await store.init();
    // Records every separate salt-creating call (each would be its own commit).
    const customerSalts = store.customerSalts.bind(store);
    store.customerSalts = (ids, create) => {
      if (create) saltCommits.push(ids);
      return customerSalts(ids, create);
    };
  });
  afterAll(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('stores the salt with the decision: no separate salt commit, and the seal verifies', async () => {
    const { record, duplicate } = await appendSealedDecision(store, decision({ customerId: 'C-new-1' }));
    expect(duplicate).toBe(false);
    expect(saltCommits).toEqual([]);
    const salt = (await store.customerSalts(['C-new-1'], false))['C-new-1'];
    expect(salt).toMatch(/^[0-9a-f]{64}$/);
    expect(sealState((await store.getDecision(record.decisionId))!, salt!)).toBe('intact');
  });

  it('concurrent first decisions of one customer: all logged, all sealed with the one salt kept', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, () => appendSealedDecision(store, decision({ customerId: 'C-race-2' }))));
    expect(saltCommits).toEqual([]);
    const salt = (await store.customerSalts(['C-race-2'], false))['C-race-2']!;
    for (const { record } of results) expect(sealState((await store.getDecision(record.decisionId))!, salt)).toBe('intact');
  });

  it('a known customer is sealed with its salt as before', async () => {
    const salt = (await store.customerSalts(['C-new-1'], false))['C-new-1']!;
    const { record } = await appendSealedDecision(store, decision({ customerId: 'C-new-1' }));
    expect(sealState(record, salt)).toBe('intact');
    const { record: anonymous } = await appendSealedDecision(store, decision({ customerId: null }));
    expect(sealState(anonymous, null)).toBe('intact');
  });
});
