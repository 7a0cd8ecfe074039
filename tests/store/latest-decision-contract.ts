/**
 * Contract of `latestDecisionOf` (run on every store from store-contract.ts): the customer's newest
 * decision under a policy, only the fields a new decision is compared with. It must name the same
 * decision as the first item of `listDecisions` and give what `changesOf`/`grantedLimitOf` read from
 * the whole record: the comparisons come out the same.
 */
import { expect, it } from 'vitest';
import type { CreditgraphStore, DecisionRecord } from '../../api/store/store.js';
import { changesOf, grantedLimitOf } from '../../api/workflow/decision-changes.js';
import type { PolicyDocument } from '../../engine/index.js';
import { decision } from './store-fixtures.js';

const document = { nodes: [{ id: 'rc', kind: 'riskClass', config: { classes: [{ id: 'A' }, { id: 'B' }, { id: 'C' }] } }] } as unknown as PolicyDocument;
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const withDecision = (r: DecisionRecord, d: Partial<DecisionRecord['decision']>): DecisionRecord => ({ ...r, decision: { ...r.decision, ...d }, outcome: d.outcome ?? r.outcome });

export function latestDecisionContract(open: () => Promise<CreditgraphStore>): void {
  it('names the newest decision of that customer under that policy, and compares as the whole record does', async () => {
    const store = await open();
    expect(await store.latestDecisionOf('p-dec', 'c-1')).toBeNull();
    const records: DecisionRecord[] = [
      decision({ customerId: 'c-1', evaluatedAt: at(1) }),
      withDecision(decision({ customerId: 'c-1', evaluatedAt: at(3) }), { outcome: 'accept', riskClass: 'A' }),
      decision({ customerId: 'c-2', evaluatedAt: at(9) }), // another customer, later
      decision({ customerId: 'c-1', evaluatedAt: at(9), policyId: 'other' }), // another policy, later
      decision({ customerId: 'c-1', evaluatedAt: at(2) }),
    ];
    for (const r of records) await store.appendDecision(r);
    const latest = await store.latestDecisionOf('p-dec', 'c-1');
    const first = (await store.listDecisions({ policyId: 'p-dec', customerId: 'c-1', limit: 1 })).items[0]!;
    expect(latest).toEqual({ decisionId: first.decisionId, outcome: 'accept', source: 'automatic', decision: { riskClass: 'A', creditLimit: { gross: 25000 }, variables: {} } });
  });

  it('gives what changesOf and grantedLimitOf read: manual approved amounts (numbers only), refusals, no limit, no class', async () => {
    const store = await open();
    const variants: DecisionRecord[] = [
      decision({ source: 'manual', decision: { ...decision().decision, variables: { approvedAmount: 40000, reviewDate: '2027-01-01' } } }),
      decision({ source: 'manual', decision: { ...decision().decision, variables: { approvedAmount: true } } }), // not an amount
      decision({ source: 'manual', decision: { ...decision().decision, variables: { approvedAmount: '40000' } } }),
      withDecision(decision(), { outcome: 'refuse', creditLimit: null, riskClass: 'C' }),
      withDecision(decision(), { outcome: 'escalate', riskClass: null }),
      withDecision(decision(), { outcome: 'accept', creditLimit: { gross: 0.5, unsecured: 0, insurerCover: 0, guarantees: 0, boundBy: 'equity' } }),
    ];
    const nexts = (['accept', 'refuse', 'escalate'] as const).flatMap((outcome) =>
      ['A', 'B', 'C'].flatMap((riskClass) => [undefined, 100, 30000].map((exposure) => withDecision(decision({ ...(exposure === undefined ? {} : { exposure }) }), { outcome, riskClass }))),
    );
    for (const [i, v] of variants.entries()) {
      const previous = { ...v, customerId: `v-${i}`, evaluatedAt: at(i) };
      await store.appendDecision(previous);
      const slim = (await store.latestDecisionOf('p-dec', `v-${i}`))!;
      expect(slim.decisionId).toBe(previous.decisionId);
      expect(grantedLimitOf(slim), JSON.stringify(previous.decision)).toBe(grantedLimitOf(previous));
      for (const next of nexts) expect(changesOf(slim, next, document)).toEqual(changesOf(previous, next, document));
    }
  });
}

