/** Who is calling (/me), and user and key administration. */
import { Type } from '@sinclair/typebox';
import { defineRoute } from '../http/route.js';
import { ApiError } from '../http/problems.js';
import { ROLE_PERMISSIONS } from '../auth/permissions.js';
import { generateKey, keyRecord } from '../auth/api-keys.js';
import { ApiKeyInfo, User } from '../schemas.js';
import { auditOf, keyInfo } from './common.js';
import type { Role, UserRecord } from '../store/store.js';

const TAG = 'Users';

const RoleSchema = Type.Union((['viewer', 'auditor', 'author', 'approver', 'admin', 'system'] as const).map((r) => Type.Literal(r)));
const UserParams = Type.Object({ userId: Type.String({ pattern: '^[a-z][a-z0-9._-]{1,62}$' }) });

const me = defineRoute({
  method: 'get',
  path: '/me',
  operationId: 'getMe',
  summary: 'The user of the API key (the editor signs in with it)',
  tag: TAG,
  access: 'authenticated',
  responses: {
    200: {
      description: 'You, and what your roles allow.',
      schema: Type.Object({
        id: Type.String(),
        name: Type.String(),
        roles: Type.Array(RoleSchema),
        delegationLevel: Type.Union([Type.String(), Type.Null()]),
        permissions: Type.Array(Type.String()),
      }),
    },
  },
  handler: ({ caller }) => {
    const { id, name, roles, delegationLevel } = caller.user;
    const permissions = [...new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r] ?? []))].sort();
    return { body: { id, name, roles, delegationLevel, permissions } };
  },
});

const listUsers = defineRoute({
  method: 'get',
  path: '/users',
  operationId: 'listUsers',
  summary: 'Users and their keys (never the secrets)',
  tag: TAG,
  access: 'users:admin',
  responses: {
    200: {
      description: 'Every user.',
      schema: Type.Object({ items: Type.Array(Type.Composite([Type.Omit(User, []), Type.Object({ keys: Type.Array(Type.Ref(ApiKeyInfo)) })])) }),
    },
  },
  handler: async ({ services: { store } }) => {
    const users = await store.listUsers();
    const keys = await Promise.all(users.map((u) => store.listApiKeys(u.id)));
    return { body: { items: users.map((u, i) => ({ ...u, keys: keys[i]!.map(keyInfo) })) } };
  },
});

const createUser = defineRoute({
  method: 'post',
  path: '/users',
  operationId: 'createUser',
  summary: 'Create a user (then give them a key)',
  tag: TAG,
  access: 'users:admin',
  body: Type.Object(
    {
      id: Type.String({ pattern: '^[a-z][a-z0-9._-]{1,62}$' }),
      name: Type.String({ minLength: 1, maxLength: 200 }),
      roles: Type.Array(RoleSchema, { minItems: 1, uniqueItems: true }),
      delegationLevel: Type.Optional(Type.Union([Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' }), Type.Null()])),
    },
    { additionalProperties: false },
  ),
  responses: { 201: { description: 'Created.', schema: Type.Ref(User) }, 409: { description: 'The id is taken.' } },
  handler: async ({ body, caller, services: { store, clock } }) => {
    const user: UserRecord = {
      id: body.id,
      name: body.name,
      roles: body.roles as Role[],
      delegationLevel: body.delegationLevel ?? null,
      createdAt: clock.now().toISOString(),
      disabled: false,
    };
    return { status: 201, body: await store.createUser(user, auditOf(caller, null, { userId: user.id, roles: user.roles })) };
  },
});

const createKey = defineRoute({
  method: 'post',
  path: '/users/:userId/keys',
  operationId: 'createKey',
  summary: 'Issue an API key for a user: the secret is in this response and nowhere else, ever',
  tag: TAG,
  access: 'users:admin',
  params: UserParams,
  body: Type.Object(
    {
      expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, description: 'The key stops working this many days from now (rotation: issue the next key before then, then revoke this one).' })),
      comment: Type.Optional(Type.String({ maxLength: 2000 })),
    },
    { additionalProperties: false },
  ),
  bodyRequired: false,
  responses: {
    201: { description: 'The key (store it now: only its hash is kept).', schema: Type.Composite([Type.Omit(ApiKeyInfo, []), Type.Object({ key: Type.String() })]) },
    404: { description: 'No such user.' },
  },
  handler: async ({ params, body, caller, services: { store, clock } }) => {
    if (!(await store.getUser(params.userId))) throw new ApiError('NOT_FOUND', `No user "${params.userId}".`);
    const key = generateKey();
    const now = clock.now();
    const expiresAt = body?.expiresInDays ? new Date(now.getTime() + body.expiresInDays * 86_400_000).toISOString() : null;
    const record = await store.createApiKey(keyRecord(params.userId, key, now.toISOString(), expiresAt), auditOf(caller, body?.comment?.trim() || null, { userId: params.userId }));
    return { status: 201, headers: { 'Cache-Control': 'no-store' }, body: { ...keyInfo(record), key } };
  },
});

const revokeKey = defineRoute({
  method: 'delete',
  path: '/keys/:keyId',
  operationId: 'revokeKey',
  summary: 'Revoke a key: it stops working at once',
  tag: TAG,
  access: 'users:admin',
  params: Type.Object({ keyId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}$' }) }),
  responses: { 200: { description: 'The revoked key.', schema: Type.Ref(ApiKeyInfo) }, 404: { description: 'No such key.' } },
  handler: async ({ params, caller, services: { store, callers } }) => {
    try {
      return { body: keyInfo(await store.revokeApiKey(params.keyId, auditOf(caller))) };
    } finally {
      callers.clear(); // before answering, whatever happened: the key fails from the next request on
    }
  },
});

const listUserKeys = defineRoute({
  method: 'get',
  path: '/users/:userId/keys',
  operationId: 'listUserKeys',
  summary: 'A user\'s keys: created, expires, last used, revoked (never the secrets)',
  tag: TAG,
  access: 'users:admin',
  params: UserParams,
  responses: { 200: { description: 'The keys, oldest first.', schema: Type.Object({ items: Type.Array(Type.Ref(ApiKeyInfo)) }) }, 404: { description: 'No such user.' } },
  handler: async ({ params, services: { store } }) => {
    if (!(await store.getUser(params.userId))) throw new ApiError('NOT_FOUND', `No user "${params.userId}".`);
    const keys = await store.listApiKeys(params.userId);
    return { body: { items: keys.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0)).map(keyInfo) } };
  },
});

export const userRoutes = [me, listUsers, createUser, createKey, listUserKeys, revokeKey];
