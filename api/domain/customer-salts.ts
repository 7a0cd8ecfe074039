/** Each customer's salt (decision seals): from a store that keeps them, else none (digest unsalted). */
import { randomBytes } from 'node:crypto';
import { canErase, StoreError, type CreditgraphStore, type DecisionRecord } from '../store/store.js';
import { customerPseudonym } from '../integrity/customer-pseudonym.js';
import { sealDecision } from '../integrity/decision-seal.js';
import type { CustomerRefs } from './audit-events.js';

/** The customer ids named, each once. */
const distinctIds = (customerIds: (string | null)[]) => [...new Set(customerIds.filter((c): c is string => !!c))];

export async function customerSalt(store: CreditgraphStore, customerId: string | null): Promise<string | null> {
  if (!customerId || !canErase(store)) return null;
  return (await store.customerSalts([customerId], true))[customerId] ?? null;
}

export async function saltsOf(store: CreditgraphStore, customerIds: (string | null)[]): Promise<Record<string, string>> {
  const ids = distinctIds(customerIds);
  if (ids.length === 0 || !canErase(store)) return {};
  return store.customerSalts(ids, false);
}

/** Makes the salts of these customers exist (one commit for all the new ones). */
export async function ensureSalts(store: CreditgraphStore, customerIds: (string | null)[]): Promise<void> {
  const ids = distinctIds(customerIds);
  if (ids.length > 0 && canErase(store)) await store.customerSalts(ids, true);
}

/** The pseudonyms the audit trail names these customers by (salts made where missing); null without salts. */
export async function customerRefs(store: CreditgraphStore, customerIds: (string | null)[]): Promise<CustomerRefs> {
  if (!canErase(store)) return null;
  const ids = distinctIds(customerIds);
  const salts = ids.length ? await store.customerSalts(ids, true) : {};
  return Object.fromEntries(ids.map((id) => [id, customerPseudonym(salts[id]!, id)]));
}

/**
 * Seals a decision with its customer's salt and appends it. A customer seen for the first time
 * gets a new salt stored in the decision's own commit (one fsync per decision, not two); if a
 * concurrent first decision stored another salt meanwhile, the record is sealed again with that one.
 */
export async function appendSealedDecision(store: CreditgraphStore, record: DecisionRecord): Promise<{ record: DecisionRecord; duplicate: boolean }> {
  const customerId = record.customerId;
  if (!customerId || !canErase(store)) return store.appendDecision(sealDecision(record, null));
  for (;;) {
    const known = (await store.customerSalts([customerId], false))[customerId];
    if (known) return store.appendDecision(sealDecision(record, known));
    const salt = randomBytes(32).toString('hex');
    try {
      return await store.appendDecisionWithSalt(sealDecision(record, salt), salt);
    } catch (err) {
      // Another first decision stored its salt meanwhile: read it and seal again.
      if (!(err instanceof StoreError && err.code === 'PRECONDITION_FAILED')) throw err;
    }
  }
}
