/** The server's public key, signed checkpoints of the audit chain head, and the audit trail export. */
import { Type } from '@sinclair/typebox';
import type { Response } from 'express';
import { defineRoute } from '../http/route.js';
import { auditBundle, checkpointNow, publicKeyInfo } from '../domain/audit-evidence.js';
import { recordRead } from '../domain/read-access.js';

const TAG = 'Audit';
const NoQuery = Type.Object({}, { additionalProperties: false });

export const SignedCheckpoint = Type.Object(
  {
    payload: Type.Object({
      format: Type.Literal('creditgraph.checkpoint/1'),
      seq: Type.Integer({ minimum: 1, description: 'The last audit entry covered.' }),
      hash: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'Its hash.' }),
      at: Type.String({ format: 'date-time' }),
      keyFingerprint: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'sha-256 of the public key (SPKI DER).' }),
    }),
    signature: Type.String({ description: "Ed25519 signature of the payload's canonical JSON (RFC 8785), base64." }),
    publicKey: Type.String({ description: 'The signing public key, SPKI PEM (pin the one you fetched earlier when you verify).' }),
  },
);

const UNKNOWN_PARAMETER = { description: 'An unknown query parameter (named).' };
export const NO_KEYS = { description: 'The server runs without integrity keys (UNAVAILABLE).' };

const publicKey = defineRoute({
  method: 'get',
  path: '/audit/public-key',
  operationId: 'auditPublicKey',
  summary: "The server's Ed25519 public key, which signs checkpoints of the audit chain",
  tag: TAG,
  access: 'audit:read',
  query: NoQuery,
  responses: {
    200: {
      description: 'Keep it: an export is checked against the key you pinned, not the one it carries.',
      schema: Type.Object({
        algorithm: Type.Literal('Ed25519'),
        publicKey: Type.String(),
        fingerprint: Type.String({ pattern: '^[0-9a-f]{64}$' }),
        keyedFrom: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: 'The first audit entry carrying a server MAC (earlier ones predate the key); null when the chain carries no MACs (verified by plain hashes only).' }),
      }),
    },
    400: UNKNOWN_PARAMETER,
    503: NO_KEYS,
  },
  handler: ({ services }) => ({ body: publicKeyInfo(services) }),
});

const checkpoint = defineRoute({
  method: 'get',
  path: '/audit/checkpoint',
  operationId: 'auditCheckpoint',
  summary: 'A signed checkpoint of the audit chain head (the whole chain is verified first)',
  tag: TAG,
  access: 'audit:read',
  query: NoQuery,
  responses: {
    200: { description: 'Keep it with the public key: `creditgraph verify-export <export> --checkpoint <this>` later proves nothing up to it changed.', schema: SignedCheckpoint },
    409: { description: 'The chain does not verify (nothing is signed), or it is empty.' },
    400: UNKNOWN_PARAMETER,
    503: NO_KEYS,
  },
  handler: async ({ services }) => ({ body: await checkpointNow(services) }),
});

export const BUNDLE_RESPONSE = {
  description: 'An evidence bundle (zip): the records as JSON and CSV, and `manifest.json` — each file\'s sha-256 and a signed checkpoint of the audit chain head, signed with the server\'s Ed25519 key. Check it offline: `creditgraph verify-export <bundle.zip> --public-key <key.pem>`.',
  schema: Type.String({ format: 'binary' }),
  contentType: 'application/zip',
};

export function sendBundle(res: Response, bundle: { bytes: Buffer; fileName: string }) {
  res.setHeader('Content-Type', 'application/zip');
  res.setHeader('Content-Disposition', `attachment; filename="${bundle.fileName}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.send(bundle.bytes);
  return {};
}

const exportAudit = defineRoute({
  method: 'get',
  path: '/audit/export',
  operationId: 'exportAudit',
  summary: 'The whole audit trail as a signed evidence bundle (audit.json, audit.csv, checkpoint of its last entry)',
  tag: TAG,
  access: 'audit:read',
  query: NoQuery,
  responses: {
    200: BUNDLE_RESPONSE,
    409: { description: 'The chain does not verify: nothing is exported as evidence.' },
    400: UNKNOWN_PARAMETER,
    503: NO_KEYS,
  },
  handler: async ({ services, res, caller }) => {
    const bundle = await auditBundle(services);
    await recordRead(services, caller.user.id, 'export.audit', { entries: bundle.entries });
    return sendBundle(res, bundle);
  },
});

export const auditEvidenceRoutes = [publicKey, checkpoint, exportAudit];
