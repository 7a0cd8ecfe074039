/**
 * Contract of ErasureStore.appendDecisionWithSalt (issue 23): a customer's first salt is committed
 * with its first decision — one commit, not two — and a salt already there wins (nothing stored,
 * PRECONDITION_FAILED). Run by every store that can erase, from store-contract.ts.
 */
import { expect, it } from 'vitest';
import { canErase, StoreError, type CreditgraphStore } from '../../api/store/store.js';
import { decision } from './store-fixtures.js';

const SALT_A = 'a1'.repeat(32);
const SALT_B = 'b2'.repeat(32);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (err) {
    if (err instanceof StoreError) return err.code;
    throw err;
  }
}

export function describeDecisionSaltContract(open: () => Promise<CreditgraphStore>): void {
  it('appendDecisionWithSalt: the first salt is stored with the decision; another salt already there wins and nothing is stored', async () => {
    const store = await open();
    if (!canErase(store)) return; // a store without salts (no erasure) has nothing to commit
    const first = decision({ customerId: 'C-salt-1', requestId: 'salt-r1' });
    expect(await store.appendDecisionWithSalt(first, SALT_A)).toEqual({ record: first, duplicate: false });
    expect(await store.customerSalts(['C-salt-1'], false)).toEqual({ 'C-salt-1': SALT_A });
    expect(await store.getDecision(first.decisionId)).toEqual(first);

    // A second "first" decision sealed with another salt: refused whole, the first salt kept.
    const loser = decision({ customerId: 'C-salt-1', requestId: 'salt-r2' });
    expect(await codeOf(store.appendDecisionWithSalt(loser, SALT_B))).toBe('PRECONDITION_FAILED');
    expect(await store.getDecision(loser.decisionId)).toBeNull();
    expect(await store.customerSalts(['C-salt-1'], false)).toEqual({ 'C-salt-1': SALT_A });
    // The same salt again is no conflict (the caller re-read it).
    expect((await store.appendDecisionWithSalt(loser, SALT_A)).duplicate).toBe(false);

    // A repeated requestId answers the stored decision, whatever salt it brings.
    const again = await store.appendDecisionWithSalt(decision({ customerId: 'C-salt-1', requestId: 'salt-r1' }), SALT_B);
    expect(again).toEqual({ record: first, duplicate: true });
  });

  it('appendDecisionWithSalt: concurrent first decisions of one customer keep exactly one salt; the others are refused', async () => {
    const store = await open();
    if (!canErase(store)) return;
    const salts = Array.from({ length: 20 }, (_, i) => i.toString(16).padStart(2, '0').repeat(32));
    const records = salts.map((_, i) => decision({ customerId: 'C-race', requestId: `race-${i}` }));
    const codes = await Promise.all(records.map((r, i) => codeOf(store.appendDecisionWithSalt(r, salts[i]!))));
    const kept = (await store.customerSalts(['C-race'], false))['C-race'];
    const winners = codes.flatMap((c, i) => (c === 'OK' ? [i] : []));
    expect(winners.map((i) => salts[i])).toEqual([kept]);
    expect(codes.filter((c) => c !== 'OK').every((c) => c === 'PRECONDITION_FAILED')).toBe(true);
    for (const [i, r] of records.entries()) expect((await store.getDecision(r.decisionId)) !== null).toBe(winners.includes(i));
  });
}
