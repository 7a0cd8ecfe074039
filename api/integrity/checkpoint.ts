/**
 * Signed checkpoints of the audit chain's head: {seq, hash} signed with the server's Ed25519 key.
 * An auditor who kept one (and the public key) can later prove, offline, that no entry up to that
 * seq changed: recompute the chain from an export and compare the hash at that seq.
 * Pure node:crypto, no server: the `creditgraph verify-export` command uses it as is.
 */
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../store/canonical-hash.js';
import { publicKeyFingerprint } from './server-keys.js';

export interface CheckpointPayload {
  format: 'creditgraph.checkpoint/1';
  /** The last entry covered, and its hash. */
  seq: number;
  hash: string;
  /** When it was signed. */
  at: string;
  /** sha-256 of the signing public key (SPKI DER). */
  keyFingerprint: string;
  /** Which chain: absent for the audit trail; `decision-log` for the decision log's chain (hash = its link). */
  chain?: 'decision-log';
}

export interface SignedCheckpoint {
  payload: CheckpointPayload;
  /** Ed25519 signature of the payload's canonical JSON, base64. */
  signature: string;
  /** The public key (SPKI PEM): convenient, but pin the one you got earlier when you verify. */
  publicKey: string;
}

export function signCheckpoint(
  head: { seq: number; hash: string },
  at: string,
  keys: { signingKey: KeyObject; publicKey: KeyObject; publicKeyPem: string },
  chain?: 'decision-log',
): SignedCheckpoint {
  const payload: CheckpointPayload = { format: 'creditgraph.checkpoint/1', seq: head.seq, hash: head.hash, at, keyFingerprint: publicKeyFingerprint(keys.publicKey), ...(chain ? { chain } : {}) };
  const signature = sign(null, Buffer.from(canonicalJson(payload)), keys.signingKey).toString('base64');
  return { payload, signature, publicKey: keys.publicKeyPem };
}

/** Whether the signature holds, with `publicKeyPem` (pinned) or else the one the checkpoint carries. */
export function checkpointSignatureValid(checkpoint: SignedCheckpoint, publicKeyPem?: string): { valid: boolean; problem: string | null } {
  try {
    const key = createPublicKey(publicKeyPem ?? checkpoint.publicKey);
    if (publicKeyFingerprint(key) !== checkpoint.payload.keyFingerprint) return { valid: false, problem: 'the checkpoint was signed with another key' };
    const ok = verify(null, Buffer.from(canonicalJson(checkpoint.payload)), key, Buffer.from(checkpoint.signature, 'base64'));
    return ok ? { valid: true, problem: null } : { valid: false, problem: 'the signature does not match the checkpoint' };
  } catch (err) {
    return { valid: false, problem: `the checkpoint cannot be checked: ${(err as Error).message}` };
  }
}
