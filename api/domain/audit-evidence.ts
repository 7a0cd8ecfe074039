/**
 * Evidence an auditor takes away: the public key, signed checkpoints of the chain head, and the
 * audit trail exported with a checkpoint of its last entry (checkable offline with
 * `creditgraph verify-export`). A chain that does not verify is never signed.
 */
import type { Services } from '../services.js';
import type { AuditEntry } from '../store/store.js';
import { signCheckpoint, type SignedCheckpoint } from '../integrity/checkpoint.js';
import type { ServerKeys } from '../integrity/server-keys.js';
import { DomainError } from './errors.js';
import { verifyAuditTrail } from './integrity.js';
import { buildBundle } from '../integrity/evidence-bundle.js';
import { auditCsv } from '../integrity/evidence-csv.js';

type Ctx = Pick<Services, 'store' | 'integrity' | 'keys' | 'clock'>;

function keysOf(ctx: Ctx): ServerKeys {
  if (!ctx.keys) throw new DomainError('UNAVAILABLE', 'This server runs without integrity keys: it cannot sign checkpoints (see CREDITGRAPH_KEY_FILE).');
  return ctx.keys;
}

export function publicKeyInfo(ctx: Ctx) {
  const keys = keysOf(ctx);
  return { algorithm: 'Ed25519' as const, publicKey: keys.publicKeyPem, fingerprint: keys.fingerprint, keyedFrom: keys.keyedFrom };
}

async function verifiedEntries(ctx: Ctx): Promise<AuditEntry[]> {
  const report = await verifyAuditTrail(ctx);
  if (!report.intact) throw new DomainError('CONFLICT', `The audit trail does not verify (${report.problem}): it is not signed.`, { firstBrokenSeq: report.firstBrokenSeq });
  const entries: AuditEntry[] = [];
  for await (const e of ctx.store.allAudit()) entries.push(e);
  return entries;
}

/** A signed checkpoint of the chain head, after the whole chain verified. */
export async function checkpointNow(ctx: Ctx): Promise<SignedCheckpoint> {
  const keys = keysOf(ctx);
  const entries = await verifiedEntries(ctx);
  const head = entries[entries.length - 1];
  if (!head) throw new DomainError('CONFLICT', 'The audit trail is empty: there is nothing to sign.');
  return signCheckpoint(head, ctx.clock.now().toISOString(), keys);
}

/** The whole trail (verified) as an evidence bundle: audit.json, audit.csv, and a signed checkpoint of its last entry. */
export async function auditBundle(ctx: Ctx): Promise<{ bytes: Buffer; fileName: string; entries: number }> {
  const keys = keysOf(ctx);
  const entries = await verifiedEntries(ctx);
  const head = entries[entries.length - 1];
  if (!head) throw new DomainError('CONFLICT', 'The audit trail is empty: there is nothing to export.');
  const at = ctx.clock.now().toISOString();
  const bytes = await buildBundle({
    kind: 'audit',
    exportedAt: at,
    subject: { entries: entries.length, keyedFrom: keys.keyedFrom ?? 1 },
    files: { 'audit.json': JSON.stringify(entries, null, 1), 'audit.csv': auditCsv(entries) },
    checkpoint: signCheckpoint(head, at, keys),
    keys,
  });
  return { bytes, fileName: `creditgraph-audit-${at.slice(0, 10)}.zip`, entries: entries.length };
}
