/**
 * A REAL OpenID provider for the single sign-on tests: `oidc-provider` (the certified
 * implementation) on loopback and a random port, issuing JWT access tokens for the creditgraph API
 * (resource indicator = the API's audience) with the people's roles and delegation level as
 * claims. Its development login form accepts any user name listed in PEOPLE (no password).
 * `signWith` exposes the provider's own signing key so tests can forge otherwise valid tokens
 * (expired, wrong audience), and `strangerKey` is a key the provider never published.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import Provider from 'oidc-provider';

export const API_AUDIENCE = 'https://creditgraph.test/api';
export const EDITOR_CLIENT = 'creditgraph-editor';
export const SERVICE_CLIENT = 'risk-dashboard';
export const SERVICE_SECRET = 'risk-dashboard-secret-for-tests-only';

/** Who may sign in, and what the company directory says about them. */
export const PEOPLE: Record<string, { name: string; groups: string[]; delegation_level?: string }> = {
  'paul.martin': { name: 'Paul Martin', groups: ['credit-approvers'], delegation_level: 'creditManager' },
  'ana.silva': { name: 'Ana Silva', groups: ['credit-authors'] },
  'eve.outsider': { name: 'Eve Outsider', groups: ['marketing'] },
};
/** The group → role mapping the API is configured with (OIDC_ROLE_MAP). */
export const ROLE_MAP = 'credit-approvers=approver,credit-authors=author,credit-auditors=auditor';

export interface OpenIdProvider {
  issuer: string;
  close(): Promise<void>;
  /** A client-credentials access token for the service client (its directory entry: approver). */
  serviceToken(resource?: string): Promise<string>;
  /** Signs claims with the provider's published key (kid included): for expired / wrong-audience cases. */
  signWith(claims: Record<string, unknown>, options?: { expiresAt?: number; audience?: string }): Promise<string>;
  /** A token signed by a key the provider never published. */
  strangerToken(claims: Record<string, unknown>): Promise<string>;
}

export async function startOpenIdProvider(options: { editorRedirectUris?: string[] } = {}): Promise<OpenIdProvider> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: 'provider-key-1', alg: 'RS256', use: 'sig' };
  const stranger = await generateKeyPair('RS256');

  const server: Server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const claimsOf = (accountId: string | undefined, clientId: string | undefined): Record<string, unknown> => {
    if (accountId && PEOPLE[accountId]) return { groups: PEOPLE[accountId]!.groups, delegation_level: PEOPLE[accountId]!.delegation_level, name: PEOPLE[accountId]!.name };
    if (clientId === SERVICE_CLIENT) return { groups: ['credit-approvers'], delegation_level: 'creditAnalyst', name: 'Risk dashboard' };
    return {};
  };

  const provider = new Provider(issuer, {
    jwks: { keys: [jwk] },
    clients: [
      {
        client_id: EDITOR_CLIENT,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: options.editorRedirectUris ?? ['http://127.0.0.1/'],
      },
      { client_id: SERVICE_CLIENT, client_secret: SERVICE_SECRET, grant_types: ['client_credentials'], response_types: [], redirect_uris: [] },
    ],
    cookies: { keys: ['test-cookie-key-0123456789'] },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, resource: string) => ({
          audience: resource,
          scope: 'api',
          accessTokenFormat: 'jwt',
          accessTokenTTL: 600,
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    findAccount: (_ctx: unknown, id: string) =>
      PEOPLE[id] ? { accountId: id, claims: () => ({ sub: id, name: PEOPLE[id]!.name }) } : undefined,
    extraTokenClaims: (_ctx: unknown, token: { accountId?: string; clientId?: string }) => claimsOf(token.accountId, token.clientId),
    scopes: ['openid', 'profile', 'api'],
    claims: { openid: ['sub'], profile: ['name'] },
  } as never);
  // Behind no proxy, plain http on loopback: fine for a test provider.
  server.on('request', provider.callback());

  return {
    issuer,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
    async serviceToken(resource = API_AUDIENCE) {
      const res = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${SERVICE_CLIENT}:${SERVICE_SECRET}`).toString('base64')}` },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'api', resource }),
      });
      const body = (await res.json()) as { access_token?: string; error?: string; error_description?: string };
      if (!body.access_token) throw new Error(`token endpoint: ${res.status} ${body.error} ${body.error_description}`);
      return body.access_token;
    },
    signWith: (claims, o = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: jwk.kid!, typ: 'at+jwt' })
        .setIssuer(issuer)
        .setAudience(o.audience ?? API_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(o.expiresAt ?? Math.floor(Date.now() / 1000) + 300)
        .sign(privateKey as CryptoKey),
    strangerToken: (claims) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'provider-key-1', typ: 'at+jwt' })
        .setIssuer(issuer)
        .setAudience(API_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(stranger.privateKey),
  };
}
