/** Who is calling (/me), and user and key administration. */
import { Type } from '@sinclair/typebox';
import { defineRoute } from '../http/route.js';
import { createUser as create, issueKey, listUserKeys as keysOf, listUsers as usersOf, revokeKey as revoke, whoAmI } from '../domain/users-keys.js';
import { ApiKeyInfo, User } from '../schemas.js';
import { actorOf } from './common.js';

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
  handler: ({ caller }) => ({ body: whoAmI(caller) }),
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
  handler: async ({ services }) => ({ body: { items: await usersOf(services) } }),
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
  handler: async ({ body, caller, services }) => ({ status: 201, body: await create(services, actorOf(caller), body) }),
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
  handler: async ({ params, body, caller, services }) => ({ status: 201, headers: { 'Cache-Control': 'no-store' }, body: await issueKey(services, actorOf(caller), params.userId, { ...(body?.expiresInDays ? { expiresInDays: body.expiresInDays } : {}), comment: body?.comment ?? null }) }),
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
  handler: async ({ params, caller, services }) => ({ body: await revoke(services, actorOf(caller), params.keyId) }),
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
  handler: async ({ params, services }) => ({ body: { items: await keysOf(services, params.userId) } }),
});

export const userRoutes = [me, listUsers, createUser, createKey, listUserKeys, revokeKey];
