/**
 * Issue 13 row 7: If-Match on a draft save uses the strong comparison of RFC 9110, and the ETag
 * header and the JSON `etag` field carry one form (either can be sent back as is); GET answers
 * 304 to an If-None-Match that names the current revision.
 */
import { describe, expect, it } from 'vitest';
import { keyOf, useTestApp } from './support/test-app.js';
import { parseIfMatch } from '../../api/http/conditional.js';

const ana = keyOf('ana');
const P = '/api/v1/policies/trade-credit';
const t = useTestApp();

const read = () => t.call('GET', `${P}/draft`, { key: ana });
const save = (ifMatch: string, description: string) =>
  read().then((d) => t.call('PUT', `${P}/draft`, { key: ana, body: { document: { ...d.body.document, description } }, headers: { 'if-match': ifMatch } }));

describe('If-Match on a draft save (strong comparison)', () => {
  it('the header and the JSON field are the same quoted entity tag', async () => {
    const d = await read();
    expect(d.headers.get('etag')).toMatch(/^"[^"]+"$/);
    expect(d.body.etag).toBe(d.headers.get('etag'));
    const list = await t.call('GET', P, { key: ana });
    expect(list.body.draft?.etag ?? d.body.etag).toBe(d.headers.get('etag'));
  });

  it('the JSON etag sent back as is: 200, and the answer carries the new one in both places', async () => {
    const d = await read();
    const r = await save(d.body.etag, 'saved with the JSON etag');
    expect(r.status, r.text).toBe(200);
    expect(r.body.etag).toBe(r.headers.get('etag'));
    expect(r.body.etag).not.toBe(d.body.etag);
  });

  it.each([
    ['*', () => '*'],
    ['a weak tag', (etag: string) => `W/${etag}`],
    ['the bare (unquoted) value', (etag: string) => etag.slice(1, -1)],
    ['a malformed list', () => '",,,'],
  ])('%s: 412, nothing saved', async (_name, form) => {
    const d = await read();
    const r = await save(form(d.headers.get('etag')!), 'must not be saved');
    expect(r.status, r.text).toBe(412);
    expect(r.body.code).toBe('PRECONDITION_FAILED');
    expect((await read()).headers.get('etag')).toBe(d.headers.get('etag'));
  });

  it('a list holding the current strong tag matches', async () => {
    const d = await read();
    const r = await save(`W/"old", ${d.headers.get('etag')}`, 'list');
    expect(r.status, r.text).toBe(200);
  });

  it('no If-Match: 428', async () => {
    const d = await read();
    const r = await t.call('PUT', `${P}/draft`, { key: ana, body: { document: d.body.document } });
    expect(r.status).toBe(428);
  });
});

describe('If-None-Match on GET draft', () => {
  it('304 without a body for the current revision (weak comparison), 200 otherwise', async () => {
    const d = await read();
    const etag = d.headers.get('etag')!;
    for (const inm of [etag, `W/${etag}`, `"other", ${etag}`]) {
      const r = await t.call('GET', `${P}/draft`, { key: ana, headers: { 'if-none-match': inm } });
      expect(r.status).toBe(304);
      expect(r.text).toBe('');
      expect(r.headers.get('etag')).toBe(etag);
    }
    expect((await t.call('GET', `${P}/draft`, { key: ana, headers: { 'if-none-match': '"other"' } })).status).toBe(200);
  });
});

describe('parseIfMatch', () => {
  it('reads RFC 9110 entity-tag lists', () => {
    expect(parseIfMatch(undefined)).toEqual({ kind: 'absent' });
    expect(parseIfMatch(' * ')).toEqual({ kind: 'any' });
    expect(parseIfMatch('"a", W/"b", "c"')).toEqual({ kind: 'tags', strong: ['a', 'c'], weak: 1 });
    expect(parseIfMatch('a')).toEqual({ kind: 'malformed' });
    expect(parseIfMatch('"a" "b"')).toEqual({ kind: 'malformed' });
    expect(parseIfMatch(',,')).toEqual({ kind: 'malformed' });
  });
});
