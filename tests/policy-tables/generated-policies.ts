/**
 * Policies for the workbook round-trip: the property suite's random valid documents, and the same
 * roughened the way a later format or a careless author would leave them — labels that are objects
 * ({en, fr}), unknown optional fields, null facts and expectations, text that looks like a formula.
 * The table mapping must give every one of them back unchanged.
 */
import fc from 'fast-check';
import type { PolicyDocument } from '../../engine/index.js';
import { policyDocumentArb } from '../property/arbitraries.js';
import { seededRandom } from '../support/test-seed.js';

/** Text a spreadsheet could mistake for a formula (OWASP CSV injection) and other awkward strings. */
export const awkwardText = fc.oneof(
  fc.constantFrom('=1+1', '+33 1 23', '-5 days', '@SUM(A1)', '\tindent', '\rreturn', '=HYPERLINK("http://x","y")', ' padded ', 'ÉÀ ü – “quotes”', '123', 'TRUE', 'null'),
  fc.string({ minLength: 1, maxLength: 20 }),
);
const extraValue = fc.oneof(awkwardText, fc.integer(), fc.boolean(), fc.constant(null), fc.record({ en: awkwardText, fr: awkwardText }), fc.array(fc.integer(), { maxLength: 3 }));
/** Labels as the format allows them: one plain text, both languages, or one language only. */
const label = fc.oneof(awkwardText, fc.record({ en: awkwardText, fr: awkwardText }), fc.record({ en: awkwardText }), fc.record({ fr: awkwardText }));

type Item = Record<string, unknown>;

/** Adds, at random, odd labels and unknown fields to the items the tables hold. */
export const roughPolicyArb: fc.Arbitrary<PolicyDocument> = fc
  .tuple(policyDocumentArb, fc.constantFrom<'en' | 'fr' | undefined>('en', 'fr', undefined), fc.array(fc.tuple(fc.nat(), label, fc.option(extraValue, { nil: undefined }), fc.boolean()), { minLength: 1, maxLength: 30 }), fc.array(fc.tuple(fc.nat(), fc.option(fc.oneof(fc.constant(null), awkwardText, fc.double({ noNaN: true, noDefaultInfinity: true })), { nil: undefined })), { maxLength: 6 }))
  .map(([policy, language, edits, factEdits]) => {
    const doc = structuredClone(policy) as unknown as { language?: string; nodes: { kind: string; config: Item }[]; tests: Item[] };
    if (language === undefined) delete doc.language;
    else doc.language = language;
    const items: Item[] = [];
    for (const node of doc.nodes) {
      const c = node.config;
      if (node.kind === 'scorecard') {
        items.push(c);
        for (const criterion of c.criteria as Item[]) items.push(criterion, ...(criterion.bands as Item[]));
      }
      if (node.kind === 'riskClass') items.push(...(c.classes as Item[]), ...((c.overrides as Item[]) ?? []));
      if (node.kind === 'creditLimit') items.push(c);
      if (node.kind === 'approval') items.push(...(c.levels as Item[]));
      if (node.kind === 'collection') for (const s of c.scenarios as Item[]) items.push(s, ...(s.steps as Item[]));
    }
    items.push(...doc.tests);
    for (const [i, text, extra, asLabel] of edits) {
      const item = items[i % items.length]!;
      if (asLabel && item !== doc.nodes.find((n) => n.kind === 'scorecard')?.config) {
        // The localized texts of the tables: a golden test's name, an override's reason message, labels.
        if (doc.tests.includes(item)) item.name = text;
        else if (i % 2 === 0 && item.reason !== null && typeof item.reason === 'object') (item.reason as Item).message = text;
        else item.label = text;
      }
      if (extra !== undefined) item[`future${i % 3}`] = extra;
    }
    for (const [i, value] of factEdits) {
      const test = doc.tests[i % Math.max(1, doc.tests.length)];
      if (!test) continue;
      if (value === undefined) (test.expect as Item).riskClass = null;
      else (test.facts as Item)[`f${i % 4}`] = Object.is(value, -0) ? 0 : value;
    }
    return doc as unknown as PolicyDocument;
  });

/**
 * The seed fast-check uses: PROPERTY_SEED from the environment, or one drawn from the run's seed
 * (TEST_SEED replays the whole run), printed either way.
 */
export function propertySeed(suite: string): number {
  const seed = process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : Math.floor(seededRandom(suite)() * 2 ** 31);
  console.log(`${suite}: fast-check seed ${seed} (rerun with PROPERTY_SEED=${seed})`);
  return seed;
}
