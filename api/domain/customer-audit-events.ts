/**
 * What the audit trail says about customer credit files. The customer is named by its salted
 * pseudonym (customerRef, as approval and alert entries do: customer-salts.ts `customerRefs`), never
 * by its id; the entry lists WHAT changed (parts of the file, fact names with their source and date,
 * item ids and counts), never the values — they are personal data and the trail is never erased.
 */
import type { AuditAction, AuditContext, AuditEvent } from '../store/store.js';
import type { CustomerRefs } from './audit-events.js';
import type { OpenItemRecord } from '../store/customer-store.js';

export type CustomerAction = 'customer.created' | 'customer.updated' | 'customer.factsUpdated' | 'customer.coverSet' | 'customer.flagsSet' | 'customer.limitSet' | 'customer.openItemsReceived';

const customerField = (customerId: string, refs: CustomerRefs) => (refs ? { customerRef: refs[customerId] ?? null } : { customerId });

/** One change to one file: `changed` names the parts (identity, parentId, cover, limit, groupLimit, flags.dispute…) or facts. */
export const customerEvent = (action: CustomerAction & AuditAction, customerId: string, changed: Record<string, unknown>, audit: AuditContext, refs: CustomerRefs): AuditEvent => ({
  action,
  details: { ...customerField(customerId, refs), ...changed },
  audit,
});

/** One entry per feed batch: which items changed, per customer (pseudonymised), no amounts. */
export const openItemsReceived = (changed: OpenItemRecord[], audit: AuditContext, refs: CustomerRefs): AuditEvent => {
  const byCustomer = new Map<string, string[]>();
  for (const i of changed) byCustomer.set(i.customerId, [...(byCustomer.get(i.customerId) ?? []), i.itemId]);
  return {
    action: 'customer.openItemsReceived',
    details: {
      items: changed.length,
      customers: [...byCustomer].map(([customerId, itemIds]) => ({ ...customerField(customerId, refs), itemIds })),
    },
    audit,
  };
};
