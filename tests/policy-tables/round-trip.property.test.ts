/**
 * document → tables → document gives the same document back (engine/policy-tables), for the three
 * reference policies and for generated ones, roughened with unknown fields and odd labels; and the
 * tables really carry the data: importing them over a document whose tables were emptied restores it.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../engine/index.js';
import { policyToTables, tablesToPolicy, type PolicyTables, type RawWorkbook } from '../../engine/policy-tables/index.js';
import { propertySeed, roughPolicyArb } from './generated-policies.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);
const SOURCE = { version: 3, contentHash: 'f'.repeat(64), exportedAt: '2026-12-07T00:00:00.000Z' };
export const REFERENCE = ['b2b-standard', 'order-release', 'payment-plan'].map((id) => JSON.parse(readFileSync(new URL(`../../rulesets/${id}.json`, import.meta.url), 'utf8')) as PolicyDocument);

/** What a spreadsheet reader hands back: headers as row 1, values as typed. */
export function asRawWorkbook(tables: PolicyTables): RawWorkbook {
  return {
    readme: Object.fromEntries(tables.readme.map((l) => [l.en, l.value])),
    sheets: tables.sheets.map((s) => ({ name: s.name, header: s.columns.map((c) => c.en), rows: s.rows })),
  };
}

/** The document with everything the tables hold emptied: the import must fill it all back in. */
function withoutTables(doc: PolicyDocument): PolicyDocument {
  const out = structuredClone(doc) as unknown as { nodes: { kind: string; config: Record<string, unknown> }[]; tests: unknown[] };
  for (const n of out.nodes) {
    if (n.kind === 'scorecard') n.config.criteria = [];
    if (n.kind === 'riskClass') n.config.classes = [];
    if (n.kind === 'approval') n.config.levels = [];
    if (n.kind === 'collection') n.config = { ...n.config, scenarios: [], byClass: {} };
    if (n.kind === 'creditLimit' && n.config.classParameters) n.config.classParameters = {};
  }
  out.tests = [];
  return out as unknown as PolicyDocument;
}

const json = (d: unknown) => JSON.parse(JSON.stringify(d));

function roundTrip(doc: PolicyDocument) {
  const imported = tablesToPolicy(withoutTables(doc), asRawWorkbook(policyToTables(doc, SOURCE)));
  expect(imported.problems).toEqual([]);
  expect(imported.document).toEqual(json(doc));
}

describe('policy tables round-trip', () => {
  it.each(REFERENCE.map((d) => [d.id, d] as const))('%s: document → tables → the same document', (_id, doc) => roundTrip(doc));

  it('generated policies, with unknown fields and odd labels, come back identical', () => {
    fc.assert(fc.property(roughPolicyArb, (doc) => roundTrip(json(doc))), { numRuns: RUNS, seed: propertySeed('policy tables round-trip') });
  });
});
