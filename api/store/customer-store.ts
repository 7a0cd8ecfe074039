/**
 * The customer credit file (issue 24): one record per customer — identity, group, the latest known
 * fact per policy input with its source and date, insurer cover, current limit, flags — versioned by
 * an etag (compare-and-set, If-Match over HTTP); the open items an ERP feeds (invoices, credit notes,
 * unapplied cash, unmatured bills), stored per item id; and the exposure snapshot computed from them
 * (derived data: outstanding, aged balance, DSO, and which alert episodes are open).
 *
 * Persistence only, like every store: the domain (api/domain/customers.ts, customer-exposure.ts)
 * decides which fact is fresher, what the figures are and what the audit entry says. Customer data
 * is personal: erasure removes the file, its open items and its exposure (docs/privacy.md).
 */

/**
 * The audit event a file change commits with: the shape of store.ts's AuditEvent (which is assignable
 * to it), restated here because store.ts imports this module (no import cycle, even type-only).
 */
export interface CustomerAuditEvent {
  action: string;
  policyId?: string | null;
  version?: number | null;
  contentHash?: string | null;
  details?: Record<string, unknown>;
  audit: { actor: string; comment?: string; details?: Record<string, unknown> };
}

/** A page of files (the shape of store.ts's Page). */
export interface CustomerPage<T> {
  items: T[];
  nextCursor: string | null;
}

type AuditEvent = CustomerAuditEvent;
type Page<T> = CustomerPage<T>;

/** Where a fact came from. */
export type FactSource = 'erp' | 'bureau' | 'analyst' | 'insurer';
export const FACT_SOURCES: readonly FactSource[] = ['erp', 'bureau', 'analyst', 'insurer'];

/** A fact's value: what a decision request may carry for a policy input. */
export type FactValue = number | string | boolean | null;

/** The latest known value of one policy input for this customer. */
export interface StoredFact {
  value: FactValue;
  source: FactSource;
  /** The date the value describes (a balance sheet's closing date, the bureau's score date): ISO date or date-time. */
  asOf: string;
  /** When it was recorded, and by whom. */
  recordedAt: string;
  recordedBy: string;
}

export interface CustomerIdentity {
  name: string;
  /** National company id: SIREN/SIRET, VAT number, Companies House number… */
  nationalId: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string | null;
  /** ISO 4217: the currency of the customer's limit, cover and open items. */
  currency: string;
}

/** The credit insurer's named agreement on this buyer. */
export interface InsurerCover {
  insurer: string | null;
  /** The agreement's amount (0 = the insurer refused the buyer). */
  amount: number;
  /** Share of a loss the insurer pays (quotité garantie), 0–1. */
  insuredShare: number;
  /** ISO dates: in force from, until (null: open-ended). */
  from: string;
  to: string | null;
}

/** The limit the customer holds now. */
export interface CurrentLimit {
  amount: number;
  /** ISO date-time it was granted. */
  grantedAt: string;
  /** When it must be reviewed (null: not set); past it the limit stands but is due for review. */
  reviewDate: string | null;
  /** When it stops applying (null: never on its own). */
  expiresAt: string | null;
  /** The decision that set it, when one did (automatic or manual record of the decision log). */
  decisionId: string | null;
  policyId: string | null;
  riskClass: string | null;
}

/** A limit over a whole group, held on the parent. */
export interface GroupLimit {
  amount: number;
  grantedAt: string;
  reviewDate: string | null;
}

export interface PromiseToPay {
  /** ISO date the customer promised to pay by. */
  date: string;
  amount: number;
  recordedAt: string;
  /** Set when it was met (payments covered it), so the watch stops. */
  keptAt: string | null;
}

export type InsolvencyProcedure = 'safeguard' | 'receivership' | 'liquidation' | 'other';

export interface CustomerFlags {
  /** An open dispute (invoices contested): pauses dunning. */
  dispute: { since: string; amount: number | null; note: string | null } | null;
  promiseToPay: PromiseToPay | null;
  insolvency: { procedure: InsolvencyProcedure; since: string } | null;
}

export const NO_FLAGS: CustomerFlags = { dispute: null, promiseToPay: null, insolvency: null };

export interface CustomerRecord {
  customerId: string;
  identity: CustomerIdentity;
  /** The group's parent (another customer), or null. */
  parentId: string | null;
  /** Policy input name → its latest known value. */
  facts: Record<string, StoredFact>;
  cover: InsurerCover | null;
  limit: CurrentLimit | null;
  /** On a group's parent: the limit over the parent and all its entities. */
  groupLimit: GroupLimit | null;
  flags: CustomerFlags;
  /** Opaque; changes on every write (the HTTP ETag). */
  etag: string;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

export type OpenItemKind = 'invoice' | 'creditNote' | 'unappliedCash' | 'unmaturedBill';
export const OPEN_ITEM_KINDS: readonly OpenItemKind[] = ['invoice', 'creditNote', 'unappliedCash', 'unmaturedBill'];
export type OpenItemStatus = 'open' | 'closed';

/**
 * One open item as the ERP sends it (the id is the ERP's). `amount` is what remains open, signed as
 * the customer owes it: an invoice or bill positive, a credit note or unapplied cash negative.
 */
export interface OpenItemRecord {
  itemId: string;
  customerId: string;
  kind: OpenItemKind;
  amount: number;
  currency: string;
  /** ISO dates. */
  issueDate: string;
  dueDate: string;
  status: OpenItemStatus;
  /** What was invoiced (for DSO's sales), when it differs from what remains open; absent = amount. */
  originalAmount?: number;
}

/** The aged balance: what is owed by how late it is (days past the due date). */
export interface AgedBalance {
  notDue: number;
  d1to30: number;
  d31to60: number;
  d61to90: number;
  over90: number;
}

/** An exposure snapshot: derived from the open items (and the file) at `computedAt`. */
export interface ExposureRecord {
  customerId: string;
  computedAt: string;
  /** The day the ageing was computed for (ISO date). */
  asOfDate: string;
  currency: string;
  /** Sum of the open items (credit notes and unapplied cash reduce it). */
  outstanding: number;
  /** Open debit items (invoices, unmatured bills) by how late they are. */
  aged: AgedBalance;
  /** Open credit items (credit notes, unapplied cash), negative: they reduce outstanding, not the buckets. */
  credits: number;
  /** Overdue = everything but notDue. */
  overdue: number;
  /** Days sales outstanding, countback method (null: no sales in the window to count back). */
  dso: number | null;
  openItems: number;
  /** Alert episodes open now (the dedupe keys of their alerts follow from these dates). */
  watch: {
    overLimitSince: string | null;
    overCoverSince: string | null;
    groupOverLimitSince: string | null;
    /** The promise to pay being watched: the outstanding when it was first seen (kept = fell by its amount). */
    promise: { date: string; recordedAt: string; amount: number; baseline: number } | null;
    /** The promise date whose miss was alerted. */
    promiseMissed: string | null;
  };
}

export interface CustomerFilter {
  parentId?: string;
  country?: string;
  /** Name starts with (case-insensitive). */
  namePrefix?: string;
  /** Only files whose current limit's reviewDate is at or before this instant. */
  reviewDueBy?: string;
  cursor?: string;
  limit?: number;
}

/** Customers, open items, exposure snapshots. Each file change commits with its audit event. */
export interface CustomerStore {
  getCustomer(customerId: string): Promise<CustomerRecord | null>;
  /** Several files at once (missing ones left out). */
  getCustomers(customerIds: string[]): Promise<CustomerRecord[]>;
  /** By customerId ascending; cursor pages. A cursor the store did not issue → NOT_FOUND. */
  listCustomers(filter: CustomerFilter): Promise<Page<CustomerRecord>>;
  /** CONFLICT if the id exists. */
  insertCustomer(customer: CustomerRecord, audit: AuditEvent): Promise<CustomerRecord>;
  /** Compare-and-set on the etag: NOT_FOUND if unknown, PRECONDITION_FAILED if the etag moved. */
  putCustomer(input: { customer: CustomerRecord; expectEtag: string; audit: AuditEvent }): Promise<CustomerRecord>;

  /**
   * Store these open items (upsert by itemId). Items identical to what is stored are left alone;
   * `audit` is called with the items that changed, inside the commit, and its event appended (none
   * when nothing changed or it returns null). Returns the items that changed.
   */
  saveOpenItems(input: { items: OpenItemRecord[]; audit: (changed: OpenItemRecord[]) => AuditEvent | null }): Promise<OpenItemRecord[]>;
  /** The items of these customers (status 'open' only unless `all`), by customer, then due date, then id. */
  listOpenItems(customerIds: string[], options?: { all?: boolean }): Promise<OpenItemRecord[]>;

  getExposure(customerId: string): Promise<ExposureRecord | null>;
  getExposures(customerIds: string[]): Promise<ExposureRecord[]>;
  /** Derived data: no audit entry (the items and the alerts it raised are audited). */
  putExposure(exposure: ExposureRecord): Promise<void>;
  /** Several snapshots in one commit (the daily sweep re-ages hundreds at a time). */
  putExposures(exposures: ExposureRecord[]): Promise<void>;
  /** Customers with an exposure snapshot computed for a day before `asOfBefore` (ISO date), by id, after `afterId` (the sweep's pages). */
  listExposedCustomerIds(input: { afterId: string | null; asOfBefore: string; limit: number }): Promise<string[]>;
}
