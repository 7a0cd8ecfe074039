/**
 * A draft or version stored in format version 1 is served and evaluated as version 2 (upgraded on
 * read); its stored bytes and its published content hash stay as they were.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, keyOf, useTestApp } from './support/test-app.js';
import { canonicalHash } from '../../api/store/canonical-hash.js';

const fixture = JSON.parse(readFileSync(path.join(FIXTURES, 'trade-credit.json'), 'utf8'));
const ana = keyOf('ana');
const vic = keyOf('vic');
const erp = keyOf('erp');
const P = '/api/v1/policies/trade-credit';
const GOOD = { requestedAmount: 50000, annualTurnover: 2_000_000, yearsInBusiness: 12, paymentIncidents: false };

const t = useTestApp();

describe('upgrade on read of stored documents', () => {
  it('serves a version stored as schemaVersion 1 as version 2, with the hash of what was published', async () => {
    expect(fixture.schemaVersion).toBe(1);
    const stored = (await t.store.getVersion('trade-credit', 1))!;
    expect(stored.document.schemaVersion).toBe(1);
    expect(stored.contentHash).toBe(canonicalHash(stored.document));

    const served = await t.call('GET', `${P}/versions/1`, { key: vic });
    expect(served.status).toBe(200);
    expect(served.body.document.schemaVersion).toBe(2);
    expect(served.body.contentHash).toBe(stored.contentHash); // the hash of the stored form, not of the served copy
    expect(canonicalHash(served.body.document)).not.toBe(stored.contentHash);
    expect({ ...served.body.document, schemaVersion: 1 }).toEqual(stored.document); // nothing else changes

    const decided = await t.call('POST', `${P}/decisions`, { key: erp, body: { facts: GOOD } });
    expect(decided.status, decided.text).toBe(201);
    expect(decided.body).toMatchObject({ version: 1, contentHash: stored.contentHash, outcome: 'accept' });
    expect((await t.store.getVersion('trade-credit', 1))!.document.schemaVersion).toBe(1); // never written back
  });

  it('serves, validates and test-runs a draft stored directly as schemaVersion 1, leaving the stored draft as it was', async () => {
    const current = (await t.store.getDraft('trade-credit'))!;
    const v1 = { ...structuredClone(fixture), description: 'stored straight into the store, format version 1' };
    const written = await t.store.putDraft({
      draft: { ...current, document: v1, etag: 'stored-v1', updatedAt: new Date().toISOString(), updatedBy: 'ana' },
      expectEtag: current.etag,
      audit: { action: 'draft.saved', policyId: 'trade-credit', audit: { actor: 'ana', comment: 'a version 1 draft' } as never },
    });
    expect(written.document.schemaVersion).toBe(1);

    const served = await t.call('GET', `${P}/draft`, { key: ana });
    expect(served.status).toBe(200);
    expect(served.body.document.schemaVersion).toBe(2);
    expect(served.body.document.description).toBe(v1.description);

    const checked = await t.call('POST', `${P}/draft/validate`, { key: ana });
    expect(checked.body.valid).toBe(true);
    const run = await t.call('POST', `${P}/draft/evaluate`, { key: ana, body: { facts: GOOD } });
    expect(run.status, run.text).toBe(200);
    expect(run.body.outcome).toBe('accept');

    // Both sides upgraded: the diff reports the description, not the format version.
    const diff = await t.call('GET', `${P}/diff?from=active&to=draft`, { key: ana });
    expect(diff.body.changes.map((c: { path: string }) => c.path)).toEqual(['/description']);

    const after = (await t.store.getDraft('trade-credit'))!;
    expect(after.document.schemaVersion).toBe(1);
    expect(after.etag).toBe(written.etag);
  });
});
