/**
 * Single sign-on against a REAL OpenID provider (oidc-provider, started here on loopback): a token
 * it issues is accepted with the roles its group claim maps to; tokens with the wrong audience, an
 * expired one, one signed by a key the provider never published, or from another issuer are 401
 * with a WWW-Authenticate that says why. API keys keep working beside tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OidcVerifier, oidcSettingsFromEnv } from '../../api/auth/oidc.js';
import { ROLE_KEY, startTestApp, type TestApp } from './support/test-app.js';
import { API_AUDIENCE, EDITOR_CLIENT, ROLE_MAP, SERVICE_CLIENT, startOpenIdProvider, type OpenIdProvider } from './support/openid-provider.js';

let idp: OpenIdProvider;
let t: TestApp;
beforeAll(async () => {
  idp = await startOpenIdProvider();
  const settings = oidcSettingsFromEnv({ OIDC_ISSUER: idp.issuer, OIDC_AUDIENCE: API_AUDIENCE, OIDC_CLIENT_ID: EDITOR_CLIENT, OIDC_ROLES_CLAIM: 'groups', OIDC_ROLE_MAP: ROLE_MAP })!;
  t = await startTestApp({ app: { oidc: new OidcVerifier(settings) } });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await idp?.close();
});

const me = (token: string) => t.call('GET', '/api/v1/me', { headers: { authorization: `Bearer ${token}` } });

function expectRefused(r: Awaited<ReturnType<typeof me>>, why: RegExp) {
  expect(r.status, r.text).toBe(401);
  expect(r.body.code).toBe('UNAUTHENTICATED');
  const challenge = r.headers.get('www-authenticate')!;
  expect(challenge).toMatch(/^Bearer realm="creditgraph", error="invalid_token", error_description="/);
  expect(challenge).toMatch(why);
}

describe('tokens from the provider', () => {
  it('a JWT access token from the provider is accepted, with the mapped role and delegation level', async () => {
    const token = await idp.serviceToken();
    expect(token.split('.')).toHaveLength(3);
    const r = await me(token);
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ id: SERVICE_CLIENT, name: 'Risk dashboard', roles: ['approver'], delegationLevel: 'creditAnalyst' });
    expect(r.body.permissions).toContain('approvals:decide');
    // The role's permissions apply: an approver reads approvals, but cannot manage users.
    expect((await t.call('GET', '/api/v1/approvals', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await t.call('GET', '/api/v1/users', { headers: { authorization: `Bearer ${token}` } })).status).toBe(403);
  });

  it('a token for another resource (wrong audience) is refused', async () => {
    const r = await me(await idp.serviceToken('https://other-api.test/'));
    expectRefused(r, /'aud'/);
    expect(r.body.detail).toMatch(/"aud"/);
  });

  it('an expired token signed by the provider\'s own key is refused', async () => {
    expectRefused(await me(await idp.signWith({ sub: 'paul.martin', groups: ['credit-approvers'] }, { expiresAt: Math.floor(Date.now() / 1000) - 3600 })), /expired/);
  });

  it('a token signed with a key the provider does not publish is refused', async () => {
    expectRefused(await me(await idp.strangerToken({ sub: 'paul.martin', groups: ['credit-approvers'] })), /signature|key/);
  });

  it('a provider token whose claims were edited (here: the issuer) no longer verifies', async () => {
    const parts = (await idp.signWith({ sub: 'paul.martin' })).split('.');
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString());
    payload.iss = 'https://evil.example/';
    const tampered = [parts[0], Buffer.from(JSON.stringify(payload)).toString('base64url'), parts[2]].join('.');
    expectRefused(await me(tampered), /signature/);
  });

  it('a valid token without a creditgraph group gets no permission', async () => {
    const r = await me(await idp.signWith({ sub: 'eve.outsider', groups: ['marketing'] }));
    expect(r.status).toBe(200);
    expect(r.body.roles).toEqual([]);
    expect((await t.call('GET', '/api/v1/policies', { headers: { authorization: `Bearer ${await idp.signWith({ sub: 'eve.outsider', groups: ['marketing'] })}` } })).status).toBe(403);
  });

  it('"system" is never granted through SSO (that role is for API keys)', async () => {
    const r = await me(await idp.signWith({ sub: 'sneaky', groups: ['system', 'credit-authors'] }));
    expect(r.body.roles).toEqual(['author']);
  });

  it('API keys keep working beside tokens', async () => {
    expect((await t.call('GET', '/api/v1/me', { key: ROLE_KEY.system })).body.roles).toEqual(['system']);
  });

  it('the editor learns where to sign in from /auth/config (public client, no secret)', async () => {
    const r = await t.call('GET', '/auth/config');
    expect(r.status).toBe(200);
    expect(r.body.oidc).toEqual({
      issuer: idp.issuer,
      clientId: EDITOR_CLIENT,
      scope: 'openid profile',
      audience: API_AUDIENCE,
      authorizationEndpoint: `${idp.issuer}/auth`,
      tokenEndpoint: `${idp.issuer}/token`,
    });
  });
});

describe('SSO settings', () => {
  it('refuses an issuer over plain http except on loopback, and a role map naming an unknown role', () => {
    expect(() => oidcSettingsFromEnv({ OIDC_ISSUER: 'http://login.example.com', OIDC_AUDIENCE: 'x' })).toThrow(/https/);
    expect(() => oidcSettingsFromEnv({ OIDC_ISSUER: 'https://login.example.com', OIDC_AUDIENCE: 'x', OIDC_ROLE_MAP: 'admins=root' })).toThrow(/OIDC_ROLE_MAP/);
    expect(oidcSettingsFromEnv({})).toBeNull();
  });
});
