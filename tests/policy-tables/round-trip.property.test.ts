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
import { policyDocumentArb } from '../property/arbitraries.js';

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

  it('labels, names and reason messages are in their English and French columns, not in the other fields', () => {
    const readable = fc.stringMatching(/^[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9 %–-]{0,20}$/);
    const text = fc.oneof(readable, fc.record({ en: readable, fr: readable }));
    const arb = fc.tuple(policyDocumentArb, fc.constantFrom<'en' | 'fr'>('en', 'fr'), fc.infiniteStream(text)).map(([policy, language, texts]) => {
      const doc = json(policy) as PolicyDocument & { nodes: { kind: string; config: Record<string, any> }[] };
      doc.language = language;
      const next = () => texts.next().value as string | { en: string; fr: string };
      for (const n of doc.nodes) {
        const c = n.config;
        const items = [...(c.criteria ?? []), ...(c.criteria ?? []).flatMap((k: any) => k.bands), ...(c.classes ?? []), ...(c.overrides ?? []), ...(c.levels ?? []), ...(c.scenarios ?? []), ...(c.scenarios ?? []).flatMap((k: any) => k.steps)];
        for (const item of items) item.label = next();
        for (const o of c.overrides ?? []) if (o.reason) o.reason.message = next();
      }
      for (const t of doc.tests as any[]) t.name = next();
      return doc as PolicyDocument;
    });
    fc.assert(
      fc.property(arb, (doc) => {
        const tables = policyToTables(doc, SOURCE);
        for (const sheet of tables.sheets) {
          const other = sheet.columns.findIndex((c) => c.key === 'other');
          for (const row of sheet.rows) {
            const rest = other >= 0 && row[other] ? JSON.parse(String(row[other])) : {};
            expect(rest).not.toHaveProperty('label');
            expect(rest).not.toHaveProperty('name');
            expect(rest).not.toHaveProperty('reason.message');
          }
        }
        roundTrip(doc);
      }),
      { numRuns: Math.ceil(RUNS / 4), seed: propertySeed('policy tables: texts in their columns') },
    );
  });

  it('a plain label is in the column of the policy language; editing the French cell changes only the French text', () => {
    const doc = json(REFERENCE[0]) as PolicyDocument & { nodes: { kind: string; config: Record<string, any> }[] };
    const card = doc.nodes.find((n) => n.kind === 'scorecard')!.config;
    card.criteria[0].bands[0].label = 'Plain';
    const tables = policyToTables(doc, SOURCE);
    const bands = tables.sheets.find((s) => s.name === 'Bands')!;
    const en = bands.columns.findIndex((c) => c.key === 'label:en');
    const fr = bands.columns.findIndex((c) => c.key === 'label:fr');
    expect([bands.columns[en]!.en, bands.columns[fr]!.en, bands.columns[fr]!.fr]).toEqual(['Label (English)', 'Label (French)', 'Libellé (français)']);
    expect([bands.rows[0]![en], bands.rows[0]![fr]]).toEqual(['Plain', null]);
    const bilingual = card.criteria[0].bands[1].label as { en: string; fr: string };
    expect([bands.rows[1]![en], bands.rows[1]![fr]]).toEqual([bilingual.en, bilingual.fr]);

    bands.rows[1]![fr] = 'Nouveau libellé';
    bands.rows[0]![fr] = 'Simple';
    const imported = tablesToPolicy(doc, asRawWorkbook(tables)).document as typeof doc;
    const expected = json(doc);
    expected.nodes.find((n: any) => n.kind === 'scorecard').config.criteria[0].bands[1].label = { en: bilingual.en, fr: 'Nouveau libellé' };
    expected.nodes.find((n: any) => n.kind === 'scorecard').config.criteria[0].bands[0].label = { en: 'Plain', fr: 'Simple' };
    expect(imported).toEqual(expected);

    // In a French policy the plain label is in the French column, and stays plain when edited there.
    doc.language = 'fr';
    const frTables = policyToTables(doc, SOURCE);
    const frBands = frTables.sheets.find((s) => s.name === 'Bands')!;
    expect([frBands.rows[0]![en], frBands.rows[0]![fr]]).toEqual([null, 'Plain']);
    frBands.rows[0]![fr] = 'Simple';
    const frImported = tablesToPolicy(doc, asRawWorkbook(frTables)).document as typeof doc;
    expect(frImported.nodes.find((n) => n.kind === 'scorecard')!.config.criteria[0].bands[0].label).toBe('Simple');
  });

  it('a workbook of the earlier format (one label column) is refused with the way forward', () => {
    const raw = asRawWorkbook(policyToTables(REFERENCE[0]!, SOURCE));
    raw.readme!['Workbook format'] = 'creditgraph-policy-workbook/1';
    const imported = tablesToPolicy(REFERENCE[0]!, raw);
    expect(imported.document).toBeNull();
    expect(imported.problems.map((p) => p.message)).toEqual([expect.stringMatching(/earlier format creditgraph-policy-workbook\/1 .*export the policy again/)]);
  });
});
