/**
 * Single sign-on: OpenID Connect / OAuth 2 bearer tokens (JWT access tokens) issued by the
 * company's identity provider. `jose` verifies the signature against the issuer's JWKS (found
 * through its discovery document, refreshed when an unknown key id shows up), the issuer, the
 * audience and the expiry. One configurable claim carries the creditgraph roles (or group names
 * mapped to roles), another the delegation level. API keys stay for systems (the ERP).
 *
 *   OIDC_ISSUER           https://login.example.com/realms/credit   (SSO is off when unset)
 *   OIDC_AUDIENCE         the API's audience in the tokens (required with OIDC_ISSUER)
 *   OIDC_CLIENT_ID        the editor's public client (authorization code + PKCE); optional
 *   OIDC_ROLES_CLAIM      claim holding roles or groups (default "roles"; dotted path allowed)
 *   OIDC_ROLE_MAP         "group=role,group2=role2": map group names to roles (names that already
 *                         are creditgraph roles count as themselves)
 *   OIDC_DELEGATION_CLAIM claim holding the delegation level id (default "delegation_level")
 *   OIDC_USER_CLAIM       claim naming the user (default "sub"); OIDC_SCOPE (editor, default "openid profile")
 */
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { Role, UserRecord } from '../store/store.js';
import { ROLES } from './permissions.js';

export interface OidcSettings {
  issuer: string;
  audience: string;
  clientId: string | null;
  rolesClaim: string;
  roleMap: Record<string, Role>;
  delegationClaim: string;
  userClaim: string;
  scope: string;
  /** Clock tolerance for exp/nbf (seconds). */
  clockToleranceSec: number;
}

/** Reads the OIDC_* settings; null when SSO is not configured. Throws on a half configuration. */
export function oidcSettingsFromEnv(env: Record<string, string | undefined>): OidcSettings | null {
  const issuer = env.OIDC_ISSUER?.trim();
  if (!issuer) return null;
  const audience = env.OIDC_AUDIENCE?.trim();
  if (!audience) throw new Error('OIDC_ISSUER is set but OIDC_AUDIENCE is not: tokens must be checked against the API\'s audience.');
  let parsed: URL;
  try {
    parsed = new URL(issuer);
  } catch {
    throw new Error(`OIDC_ISSUER must be a URL (got "${issuer}").`);
  }
  if (parsed.protocol !== 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname))
    throw new Error('OIDC_ISSUER must use https (plain http only on loopback, for tests).');
  return {
    issuer,
    audience,
    clientId: env.OIDC_CLIENT_ID?.trim() || null,
    rolesClaim: env.OIDC_ROLES_CLAIM?.trim() || 'roles',
    roleMap: parseRoleMap(env.OIDC_ROLE_MAP ?? ''),
    delegationClaim: env.OIDC_DELEGATION_CLAIM?.trim() || 'delegation_level',
    userClaim: env.OIDC_USER_CLAIM?.trim() || 'sub',
    scope: env.OIDC_SCOPE?.trim() || 'openid profile',
    clockToleranceSec: 30,
  };
}

export function parseRoleMap(text: string): Record<string, Role> {
  const map: Record<string, Role> = {};
  for (const pair of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const at = pair.lastIndexOf('=');
    const group = pair.slice(0, at).trim();
    const role = pair.slice(at + 1).trim() as Role;
    if (at <= 0 || !ROLES.includes(role)) throw new Error(`OIDC_ROLE_MAP: "${pair}" is not group=role with a role among ${ROLES.join(', ')}.`);
    map[group] = role;
  }
  return map;
}

/** Why a token was refused: the WWW-Authenticate error_description (RFC 6750), never token content. */
export class TokenRefused extends Error {}

const claimAt = (payload: JWTPayload, dotted: string): unknown =>
  dotted.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), payload);

/** The roles a token grants: the claim's values that are roles, or groups the map turns into roles. */
export function rolesOf(payload: JWTPayload, settings: Pick<OidcSettings, 'rolesClaim' | 'roleMap'>): Role[] {
  const raw = claimAt(payload, settings.rolesClaim);
  const values = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\s,]+/) : [];
  const roles = new Set<Role>();
  for (const v of values) {
    if (typeof v !== 'string') continue;
    if (settings.roleMap[v]) roles.add(settings.roleMap[v]);
    else if ((ROLES as readonly string[]).includes(v)) roles.add(v as Role);
  }
  // A person signing in through SSO is never the ERP: "system" is for API keys only.
  roles.delete('system');
  return [...roles].sort();
}

export interface OidcIdentity {
  user: UserRecord;
  /** Shown where a key id would be: "oidc:" + the token's jti or subject. */
  keyId: string;
}

export class OidcVerifier {
  private jwks: ReturnType<typeof createRemoteJWKSet> | null = null;
  private discovery: Promise<{ jwks_uri: string; authorization_endpoint?: string; token_endpoint?: string }> | null = null;

  constructor(
    readonly settings: OidcSettings,
    private readonly fetchImpl: typeof fetch = (...a) => fetch(...a),
  ) {}

  /** The issuer's discovery document (cached; retried after a failure). */
  metadata() {
    this.discovery ??= (async () => {
      const url = this.settings.issuer.replace(/\/$/, '') + '/.well-known/openid-configuration';
      const res = await this.fetchImpl(url, { signal: AbortSignal.timeout(5000) });
      if (!res.ok) throw new Error(`OIDC discovery ${url} answered ${res.status}`);
      const doc = (await res.json()) as { issuer?: string; jwks_uri?: string; authorization_endpoint?: string; token_endpoint?: string };
      if (doc.issuer !== this.settings.issuer) throw new Error(`OIDC discovery names issuer "${doc.issuer}", not "${this.settings.issuer}"`);
      if (!doc.jwks_uri) throw new Error('OIDC discovery has no jwks_uri');
      return doc as { jwks_uri: string; authorization_endpoint?: string; token_endpoint?: string };
    })().catch((err) => {
      this.discovery = null;
      throw err;
    });
    return this.discovery;
  }

  /** Verifies a JWT and maps it to a person; TokenRefused when it is not acceptable. */
  async verify(token: string): Promise<OidcIdentity> {
    if (!this.jwks) {
      const { jwks_uri } = await this.metadata();
      this.jwks = createRemoteJWKSet(new URL(jwks_uri), { timeoutDuration: 5000, cooldownDuration: 30_000 });
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        clockTolerance: this.settings.clockToleranceSec,
        requiredClaims: ['exp'],
        // Asymmetric signatures only: an HS256 token "signed" with a public key must not pass.
        algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'],
      }));
    } catch (err) {
      throw new TokenRefused(describeJoseError(err));
    }
    const subject = claimAt(payload, this.settings.userClaim);
    if (typeof subject !== 'string' || subject === '') throw new TokenRefused(`The token has no "${this.settings.userClaim}" claim to name you.`);
    const delegation = claimAt(payload, this.settings.delegationClaim);
    const name = [payload.name, payload.preferred_username, payload.email, subject].find((v) => typeof v === 'string' && v) as string;
    const user: UserRecord = {
      id: subject.slice(0, 200),
      name: name.slice(0, 200),
      roles: rolesOf(payload, this.settings),
      delegationLevel: typeof delegation === 'string' && /^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(delegation) ? delegation : null,
      createdAt: new Date((payload.iat ?? 0) * 1000).toISOString(),
      disabled: false,
    };
    return { user, keyId: `oidc:${typeof payload.jti === 'string' ? payload.jti.slice(0, 64) : 'token'}` };
  }
}

function describeJoseError(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'The token has expired.';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `The token's "${err.claim}" claim is not accepted here.`;
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'The token is signed with a key the issuer does not publish.';
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'The token signature does not verify.';
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'The token uses a signature algorithm that is not accepted.';
  if (err instanceof joseErrors.JOSEError) return 'The token is not a valid signed JWT.';
  return 'The token could not be verified.';
}
