/**
 * Governance rules of approval (issue 13, rows 3 and 4), over HTTP: an approval answers for
 * exactly what was reviewed, and nobody approves content they changed themselves.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentHashOf } from '../../api/policy-engine.js';
import { FIXTURES, keyOf, useTestApp } from './support/test-app.js';

const fixture = JSON.parse(readFileSync(path.join(FIXTURES, 'trade-credit.json'), 'utf8'));
const [ana, paul, pia, sam, vic, aude] = ['ana', 'paul', 'pia', 'sam', 'vic', 'aude'].map(keyOf);
const P = '/api/v1/policies/trade-credit';

const t = useTestApp();

async function draft(key = vic) {
  const r = await t.call('GET', `${P}/draft`, { key });
  expect(r.status).toBe(200);
  return { etag: r.headers.get('etag')!, body: r.body };
}

/** Saves the draft with the analyst authority set to `amount`, as `key`. */
async function saveAmount(key: string, amount: number) {
  const doc = structuredClone((await draft()).body.document);
  doc.nodes[3].config.levels[0].maxAmount = amount;
  const r = await t.call('PUT', `${P}/draft`, { key, body: { document: doc, comment: `authority ${amount}` }, headers: { 'if-match': (await draft()).etag } });
  expect(r.status, r.text).toBe(200);
  return r;
}

const submit = async (key = ana) => {
  const r = await t.call('POST', `${P}/draft/submit`, { key, body: { comment: 'please review' } });
  expect(r.status, r.text).toBe(200);
  return r;
};
const versionCount = async () => (await t.call('GET', `${P}/versions`, { key: vic })).body.items.length as number;

describe('an approval is bound to the draft that was reviewed (row 3)', () => {
  it('ana submits, paul reads it (ETag A), pia rejects, ana changes an amount and resubmits: paul approving with If-Match A gets 412 and nothing is published', async () => {
    await saveAmount(ana, 30000);
    await submit();
    const reviewed = await draft(paul); // paul opens the review: ETag A
    expect(reviewed.body.status).toBe('submitted');

    const rejected = await t.call('POST', `${P}/draft/reject`, { key: pia, body: { comment: 'not like this' }, headers: { 'if-match': reviewed.etag } });
    expect(rejected.status, rejected.text).toBe(200);
    await saveAmount(ana, 35000);
    await submit();
    const before = await versionCount();

    const stale = await t.call('POST', `${P}/draft/approve`, { key: paul, body: { comment: 'as reviewed' }, headers: { 'if-match': reviewed.etag } });
    expect(stale.status, stale.text).toBe(412);
    expect(stale.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(stale.body.code).toBe('PRECONDITION_FAILED');
    expect(await versionCount()).toBe(before);
    // A stale review cannot reject either.
    const staleReject = await t.call('POST', `${P}/draft/reject`, { key: paul, body: { comment: 'as reviewed' }, headers: { 'if-match': reviewed.etag } });
    expect(staleReject.status).toBe(412);
    expect((await draft()).body.status).toBe('submitted');

    // Reviewing what is there now and approving it publishes exactly that content.
    const now = await draft(paul);
    const approved = await t.call('POST', `${P}/draft/approve`, { key: paul, body: { comment: 'reviewed again' }, headers: { 'if-match': now.etag } });
    expect(approved.status, approved.text).toBe(201);
    expect(approved.body.document.nodes[3].config.levels[0].maxAmount).toBe(35000);
    expect(approved.body.contentHash).toBe(contentHashOf(now.body.document));
    const audit = await t.call('GET', '/api/v1/audit?policyId=trade-credit', { key: aude });
    const published = audit.body.items.find((e: { action: string; version: number }) => e.action === 'version.published' && e.version === approved.body.version);
    expect(published).toMatchObject({ actor: 'paul', contentHash: approved.body.contentHash, details: { approvedEtag: now.etag.replaceAll('"', '') } });
  });
});

describe('four eyes counts everyone who changed the content since the last published version (row 4)', () => {
  it('sam (author and approver) edits, ana submits: sam may not approve, paul may', async () => {
    await saveAmount(sam, 41000);
    await saveAmount(ana, 42000);
    await submit(ana);
    const before = await versionCount();
    const bySam = await t.call('POST', `${P}/draft/approve`, { key: sam, body: { comment: 'looks fine' } });
    expect(bySam.status, bySam.text).toBe(403);
    expect(bySam.body.code).toBe('FOUR_EYES');
    expect(bySam.body.detail).toMatch(/changed this draft/);
    expect(await versionCount()).toBe(before);
    const byPaul = await t.call('POST', `${P}/draft/approve`, { key: paul, body: { comment: 'fine' } });
    expect(byPaul.status, byPaul.text).toBe(201);
  });

  it('once published, the slate is clean: sam approves a later change he did not make; saving an identical document changes nothing', async () => {
    await saveAmount(ana, 43000);
    const same = structuredClone((await draft()).body.document);
    const resave = await t.call('PUT', `${P}/draft`, { key: sam, body: { document: same }, headers: { 'if-match': (await draft()).etag } });
    expect(resave.status).toBe(200);
    await submit(ana);
    const bySam = await t.call('POST', `${P}/draft/approve`, { key: sam, body: { comment: 'ok' } });
    expect(bySam.status, bySam.text).toBe(201);
    expect(bySam.body).toMatchObject({ author: 'ana', approvedBy: 'sam' });
  });

  it('the submitter still may not approve', async () => {
    await saveAmount(ana, 44000);
    await submit(sam);
    const r = await t.call('POST', `${P}/draft/approve`, { key: sam, body: { comment: 'mine' } });
    expect(r.status).toBe(403);
    expect(r.body.detail).toMatch(/You submitted this draft/);
  });
});
