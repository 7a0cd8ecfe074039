/**
 * Signing in through the company's identity provider: OAuth 2 authorization code with PKCE
 * (RFC 7636), as a public client — the editor holds no secret. The server says where the provider
 * is (GET /auth/config); the access token it returns is sent as the bearer, like an API key.
 * The code verifier and state live in sessionStorage only between the redirect and the return.
 */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  scope: string;
  audience: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
}

const PENDING = 'creditgraph.oidc.pending';

export async function loadOidcConfig(): Promise<OidcConfig | null> {
  try {
    const res = await fetch('/auth/config', { headers: { accept: 'application/json' } });
    if (!res.ok) return null;
    return ((await res.json()) as { oidc: OidcConfig | null }).oidc;
  } catch {
    return null;
  }
}

const base64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const randomText = (n = 32) => base64url(crypto.getRandomValues(new Uint8Array(n)));
const redirectUri = () => `${window.location.origin}/`;

/** Leaves for the provider's sign-in page. */
export async function startSignIn(config: OidcConfig): Promise<void> {
  const verifier = randomText(48);
  const state = randomText(24);
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, hash: window.location.hash }));
  const url = new URL(config.authorizationEndpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: config.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    resource: config.audience,
  }).toString();
  window.location.assign(url.toString());
}

/** True when the page was opened by the provider's redirect (?code= or ?error=). */
export const isSignInReturn = () => {
  const q = new URLSearchParams(window.location.search);
  return q.has('state') && (q.has('code') || q.has('error'));
};

/**
 * Back from the provider: checks the state, trades the code (with the verifier) for an access
 * token, and tidies the address bar. Throws with the provider's reason when it refused.
 */
export async function completeSignIn(config: OidcConfig): Promise<string> {
  const q = new URLSearchParams(window.location.search);
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as { verifier: string; state: string; hash: string } | null;
  sessionStorage.removeItem(PENDING);
  window.history.replaceState(null, '', `/${pending?.hash ?? ''}`);
  if (q.get('error')) throw new Error(q.get('error_description') ?? q.get('error')!);
  if (!pending || q.get('state') !== pending.state) throw new Error('state mismatch');
  const res = await fetch(config.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: q.get('code')!,
      redirect_uri: redirectUri(),
      client_id: config.clientId,
      code_verifier: pending.verifier,
      resource: config.audience,
    }),
  });
  const body = (await res.json().catch(() => ({}))) as { access_token?: string; error?: string; error_description?: string };
  if (!res.ok || !body.access_token) throw new Error(body.error_description ?? body.error ?? `token endpoint answered ${res.status}`);
  return body.access_token;
}
