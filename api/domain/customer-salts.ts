/** Each customer's salt (decision seals): from a store that keeps them, else none (digest unsalted). */
import { canErase, type CreditgraphStore } from '../store/store.js';

export async function customerSalt(store: CreditgraphStore, customerId: string | null): Promise<string | null> {
  if (!customerId || !canErase(store)) return null;
  return (await store.customerSalts([customerId], true))[customerId] ?? null;
}

export async function saltsOf(store: CreditgraphStore, customerIds: (string | null)[]): Promise<Record<string, string>> {
  const ids = [...new Set(customerIds.filter((c): c is string => !!c))];
  if (ids.length === 0 || !canErase(store)) return {};
  return store.customerSalts(ids, false);
}

/** Makes the salts of these customers exist (one commit for all the new ones). */
export async function ensureSalts(store: CreditgraphStore, customerIds: (string | null)[]): Promise<void> {
  const ids = [...new Set(customerIds.filter((c): c is string => !!c))];
  if (ids.length > 0 && canErase(store)) await store.customerSalts(ids, true);
}
