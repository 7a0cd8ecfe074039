/**
 * Issue 13 "keys that expire and rotate": an administrator issues a key with an expiry, sees when
 * each key of a user was last used, rotates (new key, then revoke the old one), all in the audit
 * trail; an expired key is refused like a revoked one, even when its caller is cached.
 */
import { describe, expect, it } from 'vitest';
import { ROLE_KEY, useTestApp } from './support/test-app.js';
import { eventually } from '../support/eventually.js';

const DAY = 86_400_000;
let ms = Date.parse('2026-12-01T09:00:00.000Z');
const clock = { now: () => new Date(ms) };

const t = useTestApp({ app: { clock } });

const admin = ROLE_KEY.admin;
const keysOf = async (userId: string) => (await t.call('GET', `/api/v1/users/${userId}/keys`, { key: admin })).body.items as { id: string; expiresAt: string | null; lastUsedAt: string | null; revokedAt: string | null }[];

/** lastUsedAt is written in the background: wait until it is there (the test's timeout bounds it). */
async function lastUsedOf(userId: string, keyId: string): Promise<string> {
  return eventually(async () => (await keysOf(userId)).find((x) => x.id === keyId)!.lastUsedAt);
}

describe('keys that expire and rotate', () => {
  it('issues a key with an expiry; it works until then, then 401 like a revoked key (cached or not)', async () => {
    const issued = await t.call('POST', '/api/v1/users/erp/keys', { key: admin, body: { expiresInDays: 30, comment: 'ERP key, Q1' } });
    expect(issued.status, issued.text).toBe(201);
    expect(issued.body.expiresAt).toBe(new Date(ms + 30 * DAY).toISOString());
    const key = issued.body.key as string;

    expect((await t.call('GET', '/api/v1/me', { key })).status).toBe(200); // now cached by hash
    expect(await lastUsedOf('erp', issued.body.id)).toBe(new Date(ms).toISOString());

    ms += 30 * DAY; // the expiry instant
    const expired = await t.call('GET', '/api/v1/me', { key });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);

    const audit = await t.call('GET', '/api/v1/audit?limit=20', { key: ROLE_KEY.auditor });
    const created = audit.body.items.find((e: { action: string; details: { keyId?: string } }) => e.action === 'key.created' && e.details.keyId === issued.body.id);
    expect(created).toMatchObject({ actor: 'adam', comment: 'ERP key, Q1', details: { userId: 'erp', expiresAt: issued.body.expiresAt } });
  });

  it('rotation: a new key, then the old one revoked; the list shows both, the old one stops at once', async () => {
    const old = await t.call('POST', '/api/v1/users/vic/keys', { key: admin });
    const next = await t.call('POST', '/api/v1/users/vic/keys', { key: admin, body: { expiresInDays: 365 } });
    expect((await t.call('GET', '/api/v1/me', { key: old.body.key })).status).toBe(200);
    const revoked = await t.call('DELETE', `/api/v1/keys/${old.body.id}`, { key: admin });
    expect(revoked.status).toBe(200);
    expect((await t.call('GET', '/api/v1/me', { key: old.body.key })).status).toBe(401);
    expect((await t.call('GET', '/api/v1/me', { key: next.body.key })).status).toBe(200);

    const listed = await keysOf('vic');
    expect(listed.find((k) => k.id === old.body.id)!.revokedAt).not.toBeNull();
    expect(listed.find((k) => k.id === next.body.id)).toMatchObject({ revokedAt: null, expiresAt: new Date(ms + 365 * DAY).toISOString() });
    expect(JSON.stringify(listed)).not.toContain(next.body.key); // never the secret
    const trail = (await t.call('GET', '/api/v1/audit?limit=10', { key: ROLE_KEY.auditor })).body.items;
    expect(trail.find((e: { action: string; details: { keyId?: string } }) => e.action === 'key.revoked' && e.details.keyId === old.body.id)).toMatchObject({ actor: 'adam' });
  });

  it('refuses an expiry outside 1..3650 days and an unknown user', async () => {
    expect((await t.call('POST', '/api/v1/users/vic/keys', { key: admin, body: { expiresInDays: 0 } })).status).toBe(422);
    expect((await t.call('GET', '/api/v1/users/nobody-here/keys', { key: admin })).status).toBe(404);
  });
});
