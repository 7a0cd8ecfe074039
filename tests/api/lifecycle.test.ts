/** The draft → submitted → approved → published → activated lifecycle, in process. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, keyOf, useTestApp } from './support/test-app.js';

const fixture = JSON.parse(readFileSync(path.join(FIXTURES, 'trade-credit.json'), 'utf8'));
const ana = keyOf('ana');
const alex = keyOf('alex');
const paul = keyOf('paul');
const pia = keyOf('pia');
const vic = keyOf('vic');
const erp = keyOf('erp');

const t = useTestApp();

const P = '/api/v1/policies/trade-credit';
const clone = <T>(v: T): T => structuredClone(v);

async function draftEtag(key = ana): Promise<string> {
  const r = await t.call('GET', `${P}/draft`, { key });
  expect(r.status).toBe(200);
  return r.headers.get('etag')!;
}

describe('reading policies', () => {
  it('lists the seeded policy as published, active version 1, with its draft summary', async () => {
    const r = await t.call('GET', '/api/v1/policies', { key: vic });
    expect(r.status).toBe(200);
    const item = r.body.items.find((p: { id: string }) => p.id === 'trade-credit');
    expect(item).toMatchObject({ id: 'trade-credit', name: fixture.name, activeVersion: 1, latestVersion: 1 });
    expect(item.draft).toMatchObject({ status: 'editing', baseVersion: 1 });
    expect(typeof item.draft.etag).toBe('string');
  });

  it('reads the policy, its versions and version 1 with its content hash', async () => {
    const p = await t.call('GET', P, { key: vic });
    expect(p.body.policy.activeVersion).toBe(1);
    const versions = await t.call('GET', `${P}/versions`, { key: vic });
    expect(versions.body.items).toHaveLength(1);
    expect(versions.body.items[0]).toMatchObject({ version: 1, approvedBy: 'system' });
    expect(versions.body.items[0].document).toBeUndefined();
    const v1 = await t.call('GET', `${P}/versions/1`, { key: vic });
    expect(v1.body.document.id).toBe('trade-credit');
    expect(v1.body.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await t.call('GET', `${P}/versions/9`, { key: vic })).status).toBe(404);
    expect((await t.call('GET', `${P}/versions/abc`, { key: vic })).status).toBe(404);
    expect((await t.call('GET', '/api/v1/policies/nope-policy', { key: vic })).status).toBe(404);
  });
});

describe('editing a draft', () => {
  it('needs If-Match (428), refuses a stale one (412), and returns diagnostics with the new ETag', async () => {
    const doc = clone(fixture);
    doc.nodes[0].config.criteria[0].weight = 40;
    doc.nodes[0].config.criteria[1].weight = 60;
    const missing = await t.call('PUT', `${P}/draft`, { key: ana, body: { document: doc } });
    expect(missing.status).toBe(428);
    expect(missing.body.code).toBe('PRECONDITION_REQUIRED');

    const etag = await draftEtag();
    const stale = await t.call('PUT', `${P}/draft`, { key: ana, body: { document: doc }, headers: { 'if-match': '"stale"' } });
    expect(stale.status).toBe(412);

    const saved = await t.call('PUT', `${P}/draft`, { key: ana, body: { document: doc, comment: 'weights' }, headers: { 'if-match': etag } });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.headers.get('etag')).not.toBe(etag);
    expect(saved.body.document.nodes[0].config.criteria[1].weight).toBe(60);
    expect(Array.isArray(saved.body.diagnostics)).toBe(true);

    // The old ETag is now stale for everyone.
    const again = await t.call('PUT', `${P}/draft`, { key: alex, body: { document: doc }, headers: { 'if-match': etag } });
    expect(again.status).toBe(412);
  });

  it('saves a work-in-progress draft with errors but reports them, and refuses to submit it', async () => {
    const broken = clone(fixture);
    broken.edges.push({ source: 'decision', target: 'score' }); // a cycle
    const saved = await t.call('PUT', `${P}/draft`, { key: ana, body: { document: broken }, headers: { 'if-match': await draftEtag() } });
    expect(saved.status).toBe(200);
    expect(saved.body.valid).toBe(false);
    expect(saved.body.diagnostics.some((d: { code: string }) => d.code === 'GRAPH_CYCLE')).toBe(true);

    const v = await t.call('POST', `${P}/draft/validate`, { key: ana });
    expect(v.body.valid).toBe(false);

    const submit = await t.call('POST', `${P}/draft/submit`, { key: ana, body: { comment: 'please' } });
    expect(submit.status).toBe(422);
    expect(submit.body.code).toBe('POLICY_INVALID');
    expect(submit.body.errors.length).toBeGreaterThan(0);
    expect(submit.body.errors[0].pointer).toMatch(/^\/document/);
  });

  it('validates unsaved content sent in the body, with golden-test results', async () => {
    const r = await t.call('POST', `${P}/draft/validate`, { key: ana, body: { document: fixture } });
    expect(r.status).toBe(200);
    expect(r.body.valid).toBe(true);
    expect(r.body.golden).toHaveLength(2);
    expect(r.body.golden.every((g: { passed: boolean }) => g.passed)).toBe(true);
  });

  it('refuses a document whose id is not the policy id', async () => {
    const r = await t.call('PUT', `${P}/draft`, { key: ana, body: { document: { ...fixture, id: 'other-id' } }, headers: { 'if-match': await draftEtag() } });
    expect(r.status).toBe(422);
    expect(r.body.errors[0].pointer).toBe('/document/id');
  });

  it('test-runs the draft on facts without logging, with a trace on request', async () => {
    await t.call('PUT', `${P}/draft`, { key: ana, body: { document: fixture }, headers: { 'if-match': await draftEtag() } });
    const before = await t.store.listDecisions({});
    const r = await t.call('POST', `${P}/draft/evaluate`, {
      key: ana,
      body: { facts: { requestedAmount: 50000, annualTurnover: 600000, yearsInBusiness: 2, paymentIncidents: false }, trace: true },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ outcome: 'escalate', approvalLevel: 'manager', riskClass: 'C' });
    expect(Array.isArray(r.body.trace)).toBe(true);
    const bad = await t.call('POST', `${P}/draft/evaluate`, { key: ana, body: { facts: { requestedAmount: 'lots' } } });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('INVALID_FACTS');
    expect((await t.store.listDecisions({})).items.length).toBe(before.items.length);
  });

  it('test-runs of ever-new drafts stay in a small cache of their own, not in the published versions\' one', async () => {
    const versionsCached = t.services.versions.compiled.size;
    for (let i = 0; i < 12; i++) {
      await t.call('PUT', `${P}/draft`, { key: ana, body: { document: { ...fixture, description: `save ${i}` } }, headers: { 'if-match': await draftEtag() } });
      const r = await t.call('POST', `${P}/draft/evaluate`, { key: ana, body: { facts: { requestedAmount: 50000, annualTurnover: 600000, yearsInBusiness: 2, paymentIncidents: false } } });
      expect(r.status, r.text).toBe(200);
    }
    expect(t.services.versions.compiled.size).toBe(versionsCached);
    expect(t.services.draftsCompiled.size).toBe(8);
  });
});

describe('four eyes, publication, activation, diff', () => {
  it('requires a comment to submit, approve and reject', async () => {
    for (const action of ['submit', 'approve', 'reject']) {
      const key = action === 'submit' ? ana : paul;
      for (const body of [{}, { comment: '' }, { comment: '   ' }]) {
        const r = await t.call('POST', `${P}/draft/${action}`, { key, body });
        expect(r.status, `${action} ${JSON.stringify(body)}`).toBe(422);
        expect(r.body.errors.some((e: { pointer: string }) => e.pointer === '/comment')).toBe(true);
      }
    }
  });

  it('publishes version 2 when a different approver approves, not before', async () => {
    const doc = clone(fixture);
    doc.nodes[3].config.levels[0].maxAmount = 30000; // analyst authority 25k → 30k
    await t.call('PUT', `${P}/draft`, { key: ana, body: { document: doc }, headers: { 'if-match': await draftEtag() } });

    expect((await t.call('POST', `${P}/draft/approve`, { key: paul, body: { comment: 'not yet submitted' } })).status).toBe(409);
    const submitted = await t.call('POST', `${P}/draft/submit`, { key: ana, body: { comment: 'Raise analyst authority' } });
    expect(submitted.status, submitted.text).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', submittedBy: 'ana', submitComment: 'Raise analyst authority' });

    // Awaiting approval: no more edits.
    const edit = await t.call('PUT', `${P}/draft`, { key: ana, body: { document: doc }, headers: { 'if-match': submitted.headers.get('etag')! } });
    expect(edit.status).toBe(409);

    const approved = await t.call('POST', `${P}/draft/approve`, { key: paul, body: { comment: 'OK for me' } });
    expect(approved.status, approved.text).toBe(201);
    expect(approved.body).toMatchObject({ version: 2, author: 'ana', approvedBy: 'paul', approveComment: 'OK for me' });
    expect(approved.headers.get('location')).toBe(`${P}/versions/2`);
    expect(approved.body.contentHash).toMatch(/^[0-9a-f]{64}$/);

    const policy = await t.call('GET', P, { key: vic });
    expect(policy.body.policy).toMatchObject({ latestVersion: 2, activeVersion: 1 });
    expect(policy.body.draft).toMatchObject({ status: 'editing', baseVersion: 2 });
  });

  it('a second approval of the same draft publishes nothing more', async () => {
    const r = await t.call('POST', `${P}/draft/approve`, { key: pia, body: { comment: 'me too' } });
    expect(r.status).toBe(409);
    expect((await t.call('GET', `${P}/versions`, { key: vic })).body.items).toHaveLength(2);
  });

  it('diffs versions and the draft: semantic changes and a JSON Patch', async () => {
    const r = await t.call('GET', `${P}/diff?from=1&to=2`, { key: vic });
    expect(r.status, r.text).toBe(200);
    expect(r.body.from).toBe(1);
    expect(r.body.to).toBe(2);
    expect(r.body.patch).toContainEqual({ op: 'replace', path: '/nodes/3/config/levels/0/maxAmount', value: 30000 });
    expect(r.body.changes.length).toBeGreaterThan(0);
    expect(r.body.nodes.changed).toContain('approval');

    const none = await t.call('GET', `${P}/diff?from=2&to=draft`, { key: vic });
    expect(none.body.patch).toEqual([]);
    expect((await t.call('GET', `${P}/diff?from=7`, { key: vic })).status).toBe(404);
    expect((await t.call('GET', `${P}/diff?from=banana`, { key: vic })).status).toBe(422);
  });

  it('activates version 2, then rolls back to 1, and decisions follow', async () => {
    const facts = { requestedAmount: 28000, annualTurnover: 600000, yearsInBusiness: 2, paymentIncidents: false };
    const act = await t.call('POST', `${P}/activate`, { key: paul, body: { version: 2, comment: 'go live' } });
    expect(act.status, act.text).toBe(200);
    expect(act.body.activeVersion).toBe(2);
    const d2 = await t.call('POST', `${P}/decisions`, { key: erp, body: { facts } });
    expect(d2.body).toMatchObject({ version: 2, outcome: 'escalate', approvalLevel: 'analyst' });

    const back = await t.call('POST', `${P}/activate`, { key: paul, body: { version: 1, comment: 'rollback' } });
    expect(back.body.activeVersion).toBe(1);
    const d1 = await t.call('POST', `${P}/decisions`, { key: erp, body: { facts } });
    expect(d1.body).toMatchObject({ version: 1, outcome: 'escalate', approvalLevel: 'manager' });

    expect((await t.call('POST', `${P}/activate`, { key: paul, body: { version: 5, comment: 'x' } })).status).toBe(404);
  });

  it('rejecting sends the draft back to editing', async () => {
    await t.call('POST', `${P}/draft/submit`, { key: ana, body: { comment: 'again' } });
    const r = await t.call('POST', `${P}/draft/reject`, { key: pia, body: { comment: 'No change in it' } });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('editing');
    expect((await t.call('POST', `${P}/draft/reject`, { key: pia, body: { comment: 'twice' } })).status).toBe(409);
  });

  it('creates a new policy as a draft; it cannot decide until published', async () => {
    const doc = { ...clone(fixture), id: 'new-policy', name: 'New policy' };
    const r = await t.call('POST', '/api/v1/policies', { key: ana, body: { document: doc } });
    expect(r.status, r.text).toBe(201);
    expect(r.body.policy).toMatchObject({ id: 'new-policy', activeVersion: null, latestVersion: null });
    expect(r.body.draft.status).toBe('editing');
    expect((await t.call('POST', '/api/v1/policies', { key: ana, body: { document: doc } })).status).toBe(409);
    const d = await t.call('POST', '/api/v1/policies/new-policy/decisions', { key: erp, body: { facts: {} } });
    expect(d.status).toBe(409);
    expect(d.body.code).toBe('NO_ACTIVE_VERSION');
    expect((await t.call('GET', '/api/v1/policies/new-policy/diff', { key: vic })).body.code).toBe('NO_ACTIVE_VERSION');

    await t.call('POST', '/api/v1/policies/new-policy/draft/submit', { key: ana, body: { comment: 'first' } });
    const v = await t.call('POST', '/api/v1/policies/new-policy/draft/approve', { key: paul, body: { comment: 'ok' } });
    expect(v.body.version).toBe(1);
    expect((await t.call('GET', '/api/v1/policies/new-policy', { key: vic })).body.policy.activeVersion).toBe(1);
  });

  it('keeps an audit trail of every step that verifies', async () => {
    const aude = keyOf('aude');
    const r = await t.call('GET', '/api/v1/audit?policyId=trade-credit&limit=500', { key: aude });
    expect(r.status).toBe(200);
    const actions = r.body.items.map((e: { action: string }) => e.action);
    for (const a of ['policy.created', 'draft.saved', 'draft.submitted', 'version.published', 'version.activated', 'draft.rejected']) expect(actions).toContain(a);
    const published = r.body.items.find((e: { action: string; version: number }) => e.action === 'version.published' && e.version === 2);
    expect(published).toMatchObject({ actor: 'paul', comment: 'OK for me' });
    const verify = await t.call('GET', '/api/v1/audit/verify', { key: aude });
    expect(verify.body).toMatchObject({ intact: true, firstBrokenSeq: null });
    expect(verify.body.count).toBeGreaterThan(10);
  });
});
