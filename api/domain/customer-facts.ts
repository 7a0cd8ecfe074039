/**
 * Decisions that read the customer credit file: a request may send only `customerId` and what
 * changed; the file fills the policy's other inputs. Precedence, per declared input:
 *
 * 1. the request: a fact the caller sent (even null) is used as sent;
 * 2. else the file's freshest candidate by `asOf`: the stored fact for that input, or a figure the
 *    file derives — the insurer cover in force (`insurerCover`, `insuredShare`), the insolvency flag
 *    (`insolvencyProceedings`, `proceedingsType`), the exposure figures from the open items
 *    (`outstanding`, `overdueAmount`, `overdue90`, `dso`) and the group figures (`groupExposure`,
 *    `groupLimit`, `groupHeadroom`); on the same date a stored fact wins over a derived figure;
 * 3. else nothing: the policy's own missing-value rule applies (or a required input is a 422).
 *
 * Stale facts: a stored fact is used whatever its age unless the request sets `maxFactAgeDays`;
 * then a candidate dated more than that many days before the decision is left out (the next
 * candidate, or none, applies) and listed in `unusedFacts` with reason 'stale'. A candidate whose
 * value does not fit the input's type (a string for a number…) is left out the same way, reason
 * 'type'. Only inputs the policy declares are taken from the file.
 *
 * The decision log keeps the MERGED facts (so a replay re-evaluates exactly what was decided) and
 * `factSources`: 'request', or {source, asOf} of the file's candidate used.
 */
import type { InputDeclaration } from '../../engine/model/policy-schema.js';
import type { CustomerRecord, FactValue } from '../store/customer-store.js';

/** Where a filled fact came from: a stored fact's source, or 'file' for a figure the file computes. */
export interface FactCandidate {
  input: string;
  value: FactValue;
  source: string;
  asOf: string;
  derived: boolean;
}

export type FactSourceRecord = 'request' | { source: string; asOf: string };

export interface UnusedFact {
  input: string;
  source: string;
  asOf: string;
  reason: 'stale' | 'type';
}

export interface MergedFacts {
  facts: Record<string, unknown>;
  sources: Record<string, FactSourceRecord>;
  unused: UnusedFact[];
}

/** The figures the file derives and can supply as inputs (documented in docs/customers.md). */
export const COVER_INPUTS = ['insurerCover', 'insuredShare'] as const;
export const FLAG_INPUTS = ['insolvencyProceedings', 'proceedingsType'] as const;
export const EXPOSURE_INPUTS = ['outstanding', 'overdueAmount', 'overdue90', 'dso'] as const;
export const GROUP_INPUTS = ['groupExposure', 'groupLimit', 'groupHeadroom'] as const;

const day = (iso: string) => Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Candidates from the file's own parts (cover, flags), at the decision's date. */
export function derivedFromFile(customer: CustomerRecord, now: Date): FactCandidate[] {
  const out: FactCandidate[] = [];
  const today = day(isoDay(now));
  const cover = customer.cover;
  if (cover && day(cover.from) <= today && (cover.to === null || today <= day(cover.to))) {
    out.push({ input: 'insurerCover', value: cover.amount, source: 'insurer', asOf: cover.from, derived: true });
    out.push({ input: 'insuredShare', value: cover.insuredShare, source: 'insurer', asOf: cover.from, derived: true });
  }
  const insolvency = customer.flags.insolvency;
  // No procedure recorded: "none" as of the file's last change (a fresher stored fact wins).
  out.push({ input: 'insolvencyProceedings', value: insolvency !== null, source: 'analyst', asOf: insolvency?.since ?? customer.updatedAt, derived: true });
  if (insolvency && insolvency.procedure !== 'other') out.push({ input: 'proceedingsType', value: insolvency.procedure, source: 'analyst', asOf: insolvency.since, derived: true });
  return out;
}

function fits(input: InputDeclaration, value: FactValue): boolean {
  if (value === null) return !input.required;
  switch (input.type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'enum':
      return typeof value === 'string' && (input.values ?? []).includes(value);
    default:
      return false;
  }
}

/** The request's facts completed from the file, by the precedence above. */
export function mergeFileFacts(input: {
  inputs: InputDeclaration[];
  requestFacts: Record<string, unknown>;
  customer: CustomerRecord;
  derived: FactCandidate[];
  now: Date;
  maxFactAgeDays?: number;
}): MergedFacts {
  const { inputs, requestFacts, customer, now } = input;
  const facts: Record<string, unknown> = { ...requestFacts };
  const sources: Record<string, FactSourceRecord> = {};
  const unused: UnusedFact[] = [];
  for (const name of Object.keys(requestFacts)) sources[name] = 'request';
  const oldest = input.maxFactAgeDays !== undefined ? now.getTime() - input.maxFactAgeDays * 86_400_000 : -Infinity;
  const byInput = new Map<string, FactCandidate[]>();
  for (const [name, f] of Object.entries(customer.facts)) byInput.set(name, [{ input: name, value: f.value, source: f.source, asOf: f.asOf, derived: false }]);
  for (const d of input.derived) byInput.set(d.input, [...(byInput.get(d.input) ?? []), d]);
  for (const decl of inputs) {
    if (Object.prototype.hasOwnProperty.call(requestFacts, decl.name)) continue;
    // Freshest first; on the same date a stored fact before a derived figure.
    const candidates = [...(byInput.get(decl.name) ?? [])].sort((a, b) => day(b.asOf) - day(a.asOf) || Number(a.derived) - Number(b.derived));
    for (const c of candidates) {
      if (day(c.asOf) < oldest) {
        unused.push({ input: c.input, source: c.source, asOf: c.asOf, reason: 'stale' });
        continue;
      }
      if (!fits(decl, c.value)) {
        unused.push({ input: c.input, source: c.source, asOf: c.asOf, reason: 'type' });
        continue;
      }
      facts[decl.name] = c.value;
      sources[decl.name] = { source: c.source, asOf: c.asOf };
      break;
    }
  }
  return { facts, sources, unused };
}

/** The names the file can derive, to read the open items only when a policy asks for them. */
const wants = (inputs: InputDeclaration[], names: readonly string[]) => inputs.some((i) => names.includes(i.name));

export type FigureSource = (customer: CustomerRecord, now: Date, needs: { exposure: boolean; group: boolean }) => Promise<FactCandidate[]>;

/**
 * For a request naming a customer that has a file: the merged facts, their sources and what was
 * left out. null without a customerId or a file (the request's facts are used as before).
 */
export async function fileFactsFor(
  store: { getCustomer(id: string): Promise<CustomerRecord | null> },
  figures: FigureSource | null,
  inputs: InputDeclaration[],
  request: { customerId?: string; facts?: Record<string, unknown>; maxFactAgeDays?: number },
  now: Date,
): Promise<MergedFacts | null> {
  if (!request.customerId) return null;
  const customer = await store.getCustomer(request.customerId);
  if (!customer) return null;
  const needs = { exposure: wants(inputs, EXPOSURE_INPUTS), group: wants(inputs, GROUP_INPUTS) };
  const derived = [...derivedFromFile(customer, now), ...(figures && (needs.exposure || needs.group) ? await figures(customer, now, needs) : [])];
  return mergeFileFacts({ inputs, requestFacts: request.facts ?? {}, customer, derived, now, maxFactAgeDays: request.maxFactAgeDays });
}
