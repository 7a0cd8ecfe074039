/**
 * Who is calling: one Authorization header, with either an API key (`cg_…`, for systems and
 * scripts) or, when single sign-on is configured, a JWT access token from the identity provider.
 * Refusals say why in `WWW-Authenticate` (RFC 6750) as well as in the problem body.
 */
import type { IncomingMessage } from 'node:http';
import type { CreditgraphStore } from '../store/store.js';
import { ApiError } from '../http/problems.js';
import { KEY_PREFIX, resolveKey, type Caller, type KeyUsage } from './api-keys.js';
import { TokenRefused, type OidcVerifier } from './oidc.js';

export const REALM = 'creditgraph';

/** The WWW-Authenticate value of a 401 (error is absent when no credentials were sent). */
export const challenge = (error?: { code: 'invalid_request' | 'invalid_token'; description: string }) =>
  error ? `Bearer realm="${REALM}", error="${error.code}", error_description="${error.description.replaceAll('"', "'")}"` : `Bearer realm="${REALM}"`;

/** Thrown for a 401; `challenge` goes into WWW-Authenticate. */
export class Unauthenticated extends ApiError {
  constructor(
    detail: string,
    readonly challenge: string,
  ) {
    super('UNAUTHENTICATED', detail);
  }
}

/**
 * The bearer token of the request. Two Authorization headers are ambiguous (a proxy may have added
 * one, and which one wins differs between servers): 400, never "the first one wins".
 */
export function requestToken(req: IncomingMessage): string | null {
  const all = req.headersDistinct?.authorization ?? [];
  if (all.length > 1) throw new ApiError('BAD_REQUEST', 'Send exactly one Authorization header.', { errors: [{ pointer: '/authorization', in: 'header', detail: 'sent more than once' }] });
  const header = all[0];
  if (header === undefined || header.trim() === '') return null;
  const m = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(header);
  if (!m || m[1]!.length > 8192)
    throw new Unauthenticated('Send "Authorization: Bearer <API key or access token>".', challenge({ code: 'invalid_request', description: 'Authorization is not a Bearer token' }));
  return m[1]!;
}

export interface Authenticator {
  store: CreditgraphStore;
  oidc: OidcVerifier | null;
  /** Records keys' last use (throttled); absent = not recorded. */
  usage?: KeyUsage;
  now?: () => Date;
}

export async function authenticate(req: IncomingMessage, auth: Authenticator): Promise<Caller> {
  const token = requestToken(req);
  const how = auth.oidc ? 'an API key or an access token from your identity provider' : 'an API key';
  if (!token) throw new Unauthenticated(`Send ${how} as "Authorization: Bearer …".`, challenge());
  if (token.startsWith(KEY_PREFIX)) {
    const caller = await resolveKey(auth.store, token, { now: auth.now?.(), usage: auth.usage });
    if (!caller) throw new Unauthenticated('This API key is unknown, expired or revoked.', challenge({ code: 'invalid_token', description: 'unknown, expired or revoked API key' }));
    return caller;
  }
  if (!auth.oidc) throw new Unauthenticated('This API key is unknown, expired or revoked.', challenge({ code: 'invalid_token', description: 'unknown, expired or revoked API key' }));
  let identity;
  try {
    identity = await auth.oidc.verify(token);
  } catch (err) {
    if (err instanceof TokenRefused) throw new Unauthenticated(err.message, challenge({ code: 'invalid_token', description: err.message }));
    throw new ApiError('UNAVAILABLE', 'The identity provider cannot be reached to check the token; try again shortly.');
  }
  // A person an administrator disabled here stays out, whatever their provider says.
  const local = await auth.store.getUser(identity.user.id);
  if (local?.disabled) throw new Unauthenticated('This user is disabled.', challenge({ code: 'invalid_token', description: 'user disabled' }));
  return Object.freeze({ user: Object.freeze({ ...identity.user, roles: Object.freeze([...identity.user.roles]) }) as Caller['user'], keyId: identity.keyId });
}
