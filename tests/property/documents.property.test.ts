/**
 * Random VALID policy documents (tests/property/arbitraries.ts) survive validate → compile →
 * evaluate on random facts of their own inputs, deterministically; and save → load round-trips
 * through the SQLite store unchanged (draft, published version, content hash, after a reopen).
 * The MongoDB round-trip runs when MONGODB_URI reaches a server, else it is skipped with a reason.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { checkFacts, checkPolicy, compilePolicy, type PolicyDocument } from '../../engine/index.js';
import { contentHashOf } from '../../api/policy-engine.js';
import { SqliteStore } from '../../api/store/sqlite-store/sqlite-store.js';
import { MongoStore } from '../../api/store/mongo-store/mongo-store.js';
import type { CreditgraphStore } from '../../api/store/store.js';
import { factsFor, policyDocumentArb } from './arbitraries.js';
import { writes } from '../store/store-fixtures.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

describe('random valid policy documents', () => {
  it('validate: no error diagnostics', () => {
    fc.assert(
      fc.property(policyDocumentArb, (doc) => {
        const check = checkPolicy(doc);
        const errors = check.diagnostics.filter((d) => d.severity === 'error');
        expect(errors, JSON.stringify(doc)).toEqual([]);
        expect(check.valid).toBe(true);
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });

  it('compile → evaluate on random facts: never throws, deterministic, finite JSON', () => {
    fc.assert(
      fc.property(
        policyDocumentArb.chain((doc) => fc.tuple(fc.constant(doc), fc.array(factsFor(doc), { minLength: 1, maxLength: 5 }))),
        ([doc, factSets]) => {
          const compiled = compilePolicy(doc);
          for (const f of factSets) {
            const checked = checkFacts(compiled, f);
            expect(checked.ok, JSON.stringify(checked)).toBe(true);
            if (!checked.ok) return;
            const a = compiled.evaluate(checked.facts);
            const b = compiled.evaluate(structuredClone(checked.facts));
            expect(b).toStrictEqual(a);
            expect(['accept', 'refuse', 'escalate']).toContain(a.outcome);
            expect(JSON.parse(JSON.stringify(a))).toEqual(a);
            const { trace: _t, ...traced } = compiled.evaluate(checked.facts, { trace: true }) as typeof a & { trace?: unknown };
            expect(traced).toStrictEqual(a);
          }
        },
      ),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });
});

/** Any JSON-ish text a label or description may hold: Unicode, quotes, newlines, `$`, dots. */
const text = fc.oneof(fc.string({ maxLength: 60, unit: 'grapheme' }), fc.string({ maxLength: 30, unit: 'binary' }), fc.constantFrom('$schema', 'a.b', '{"x":1}', '\u2028', '<script>'));

function roundTrip(open: () => Promise<CreditgraphStore>) {
  return async () => {
    let store = await open();
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(policyDocumentArb, text, text, async (doc, label, description) => {
          const id = `rt-${++n}-${Math.random().toString(36).slice(2, 8)}`;
          const document = { ...structuredClone(doc), id, description, nodes: doc.nodes.map((node, i) => (i === 0 ? { ...node, label } : node)) } as PolicyDocument;
          const sent = structuredClone(document);
          const draft = await writes.create(store, document, 'prop');
          expect((await store.getDraft(id))!.document).toStrictEqual(sent);
          const submitted = await writes.submit(store, id, draft.etag, 'prop');
          const hash = contentHashOf(sent);
          const version = await writes.publish(store, id, submitted.etag, 'other');
          const loaded = (await store.getVersion(id, version.version))!;
          expect(loaded.document).toStrictEqual(sent);
          expect(contentHashOf(loaded.document)).toBe(hash);
          expect(loaded.contentHash).toBe(hash);
        }),
        { numRuns: Math.ceil(RUNS / 10) },
      );
      // And after a reopen (read back from the database file).
      const before = await Promise.all((await store.listPolicies()).map(async (p) => [p.id, (await store.getDraft(p.id))!.document, (await store.getVersion(p.id, 1))!.document]));
      await store.close();
      store = await open();
      const after = await Promise.all((await store.listPolicies()).map(async (p) => [p.id, (await store.getDraft(p.id))!.document, (await store.getVersion(p.id, 1))!.document]));
      expect(after).toStrictEqual(before);
    } finally {
      await store.close();
    }
  };
}

describe('save → load round-trips', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  let fileDir = '';
  it(
    'through the SQLite store, unchanged, also after a reopen',
    roundTrip(async () => {
      if (!fileDir) {
        fileDir = await mkdtemp(path.join(tmpdir(), 'cg-roundtrip-'));
        dirs.push(fileDir);
      }
      const s = new SqliteStore({ dataDir: fileDir, log: () => undefined });
      await s.init();
      return s;
    }),
  );

  const uri = process.env.MONGODB_URI;
  const reason = uri ? null : 'MONGODB_URI is not set';
  if (reason) console.warn(`MongoDB round-trip skipped: ${reason}`);
  it.skipIf(reason !== null)(
    'through MongoDB, unchanged, also after a reconnect',
    async (ctx) => {
      const db = `creditgraph_prop_${process.pid}`;
      const probe = new MongoStore({ uri: uri!, dbName: db, serverSelectionTimeoutMS: 2000 });
      try {
        await probe.init();
      } catch (err) {
        console.warn(`MongoDB round-trip skipped: ${(err as Error).message}`);
        ctx.skip();
        return;
      }
      await probe.close();
      await roundTrip(async () => {
        const s = new MongoStore({ uri: uri!, dbName: db, serverSelectionTimeoutMS: 2000 });
        await s.init();
        return s;
      })();
    },
  );
});
