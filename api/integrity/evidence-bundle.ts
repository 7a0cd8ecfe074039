/**
 * Evidence bundles: a zip an audit report can attach. `manifest.json` lists every file with its
 * sha-256, names what was exported and carries a signed checkpoint of the audit chain head; the
 * manifest itself is signed with the server's Ed25519 key. `verifyBundle` checks one offline (no
 * server, no secret: the public key only) — it is what `creditgraph verify-export` runs.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import JSZip from 'jszip';
import { canonicalJson } from '../store/canonical-hash.js';
import { GENESIS_HASH, hashAuditEntry } from '../store/audit-chain.js';
import type { AuditEntry } from '../store/store.js';
import { checkpointSignatureValid, type SignedCheckpoint } from './checkpoint.js';
import { publicKeyFingerprint } from './server-keys.js';
import { sealState } from './decision-seal.js';
import { documentMatchesHash } from './version-check.js';
import type { DecisionRecord, VersionRecord } from '../store/store.js';

export type BundleKind = 'audit' | 'decisions' | 'version';

export interface ManifestPayload {
  format: 'creditgraph.evidence-bundle/1';
  kind: BundleKind;
  exportedAt: string;
  /** What was asked for (period, policy, version…). */
  subject: Record<string, unknown>;
  files: { name: string; sha256: string; bytes: number }[];
  checkpoint: SignedCheckpoint;
  keyFingerprint: string;
}

export interface SignedManifest {
  payload: ManifestPayload;
  signature: string;
  publicKey: string;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

export async function buildBundle(input: {
  kind: BundleKind;
  exportedAt: string;
  subject: Record<string, unknown>;
  files: Record<string, string | Buffer>;
  checkpoint: SignedCheckpoint;
  keys: { signingKey: KeyObject; publicKey: KeyObject; publicKeyPem: string };
}): Promise<Buffer> {
  const zip = new JSZip();
  const files: ManifestPayload['files'] = [];
  // Fixed timestamps: the same export is the same bytes (the manifest carries the real time).
  const date = new Date(input.exportedAt);
  for (const [name, content] of Object.entries(input.files)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    files.push({ name, sha256: sha256(data), bytes: data.length });
    zip.file(name, data, { date });
  }
  const payload: ManifestPayload = {
    format: 'creditgraph.evidence-bundle/1',
    kind: input.kind,
    exportedAt: input.exportedAt,
    subject: input.subject,
    files,
    checkpoint: input.checkpoint,
    keyFingerprint: publicKeyFingerprint(input.keys.publicKey),
  };
  const manifest: SignedManifest = { payload, signature: sign(null, Buffer.from(canonicalJson(payload)), input.keys.signingKey).toString('base64'), publicKey: input.keys.publicKeyPem };
  zip.file('manifest.json', JSON.stringify(manifest, null, 2) + '\n', { date });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

export interface BundleCheck {
  ok: boolean;
  /** One line per check, in order: what holds and what does not. */
  lines: { ok: boolean; text: string }[];
}

/** Recomputes the chain of exported entries: contiguous from 1, each linked and hashing to its hash. */
export function checkExportedChain(entries: AuditEntry[]): { ok: boolean; text: string } {
  let prev = GENESIS_HASH;
  for (const [i, e] of entries.entries()) {
    if (e.seq !== i + 1) return { ok: false, text: `audit entry ${i + 1} is missing (found ${e.seq} in its place)` };
    if (e.prevHash !== prev) return { ok: false, text: `audit entry ${e.seq} does not link to entry ${e.seq - 1}` };
    let hash: string;
    try {
      hash = hashAuditEntry(e);
    } catch {
      return { ok: false, text: `audit entry ${e.seq} cannot be hashed` };
    }
    if (hash !== e.hash) return { ok: false, text: `audit entry ${e.seq} was altered: its content does not match its hash` };
    prev = e.hash;
  }
  return { ok: true, text: `the audit chain of ${entries.length} entries recomputes link by link` };
}

export async function verifyBundle(bytes: Buffer, options: { publicKeyPem?: string; kept?: SignedCheckpoint } = {}): Promise<BundleCheck> {
  const lines: BundleCheck['lines'] = [];
  const done = () => ({ ok: lines.every((l) => l.ok), lines });
  const add = (ok: boolean, text: string) => void lines.push({ ok, text });
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (err) {
    add(false, `not a zip bundle: ${(err as Error).message}`);
    return done();
  }
  const manifestFile = zip.file('manifest.json');
  if (!manifestFile) {
    add(false, 'no manifest.json in the bundle');
    return done();
  }
  let manifest: SignedManifest;
  try {
    manifest = JSON.parse(await manifestFile.async('string')) as SignedManifest;
    if (manifest.payload?.format !== 'creditgraph.evidence-bundle/1') throw new Error('unknown format');
  } catch (err) {
    add(false, `manifest.json cannot be read: ${(err as Error).message}`);
    return done();
  }
  const { payload } = manifest;

  // 1. The manifest's signature, with the pinned key when given.
  let key: KeyObject;
  try {
    key = createPublicKey(options.publicKeyPem ?? manifest.publicKey);
  } catch (err) {
    add(false, `the public key cannot be read: ${(err as Error).message}`);
    return done();
  }
  const fingerprint = publicKeyFingerprint(key);
  if (!options.publicKeyPem) add(true, `public key not pinned: checked with the key the bundle carries (fingerprint ${fingerprint}); pass --public-key to pin the one you trust`);
  if (fingerprint !== payload.keyFingerprint) add(false, `the bundle was signed with another key (fingerprint ${payload.keyFingerprint}, expected ${fingerprint})`);
  else {
    const ok = verify(null, Buffer.from(canonicalJson(payload)), key, Buffer.from(manifest.signature ?? '', 'base64'));
    add(ok, ok ? `the manifest's signature holds (Ed25519, key ${fingerprint.slice(0, 16)}…)` : 'the manifest\'s signature does not match: the manifest was changed');
  }

  // 2. Every file listed is there, byte for byte; nothing else is.
  const names = new Set(payload.files.map((f) => f.name));
  for (const f of payload.files) {
    const file = zip.file(f.name);
    if (!file) {
      add(false, `${f.name} is listed but missing`);
      continue;
    }
    const data = await file.async('nodebuffer');
    add(sha256(data) === f.sha256, sha256(data) === f.sha256 ? `${f.name}: sha-256 matches (${f.bytes} bytes)` : `${f.name} was changed: its sha-256 does not match the manifest`);
  }
  for (const name of Object.keys(zip.files)) if (!zip.files[name]!.dir && name !== 'manifest.json' && !names.has(name)) add(false, `${name} is in the bundle but not in the manifest`);

  // 3. The checkpoint it carries.
  const cp = checkpointSignatureValid(payload.checkpoint, options.publicKeyPem ?? manifest.publicKey);
  add(cp.valid, cp.valid ? `checkpoint: audit entry ${payload.checkpoint.payload.seq} has hash ${payload.checkpoint.payload.hash.slice(0, 16)}… (signed ${payload.checkpoint.payload.at})` : `the checkpoint does not hold: ${cp.problem}`);

  // 4. The audit trail, when exported: recomputed, and ending at the checkpoint.
  let entries: AuditEntry[] | null = null;
  const auditFile = zip.file('audit.json');
  if (auditFile && names.has('audit.json')) {
    try {
      entries = JSON.parse(await auditFile.async('string')) as AuditEntry[];
    } catch {
      add(false, 'audit.json is not JSON');
    }
    if (entries) {
      const chain = checkExportedChain(entries);
      add(chain.ok, chain.text);
      const head = entries[entries.length - 1];
      const atHead = !!head && head.seq === payload.checkpoint.payload.seq && head.hash === payload.checkpoint.payload.hash;
      add(atHead, atHead ? `the exported trail ends at the checkpoint (entry ${head!.seq})` : 'the exported trail does not end at the checkpoint');
    }
  }

  // 5. Exported decisions against their seals; an exported version's document against its hash.
  const decisionsFile = names.has('decisions.json') ? zip.file('decisions.json') : null;
  if (decisionsFile) {
    try {
      // Each exported record carries its customer's salt (personalSalt), so its seal can be checked here.
      const records = JSON.parse(await decisionsFile.async('string')) as (DecisionRecord & { personalSalt?: string | null })[];
      const states = records.map(({ personalSalt, ...r }) => ({ id: r.decisionId, state: sealState(r, personalSalt ?? null) }));
      const altered = states.filter((s) => s.state === 'altered');
      const unsealed = states.filter((s) => s.state === 'unsealed').length;
      add(altered.length === 0, altered.length === 0 ? `${records.length} decisions match their seals${unsealed ? ` (${unsealed} logged before seals existed: not checkable)` : ''}` : `decisions that do not match their seal: ${altered.slice(0, 10).map((a) => a.id).join(', ')}${altered.length > 10 ? '…' : ''}`);
    } catch {
      add(false, 'decisions.json is not JSON');
    }
  }
  const versionFile = names.has('version.json') ? zip.file('version.json') : null;
  if (versionFile) {
    try {
      const v = JSON.parse(await versionFile.async('string')) as VersionRecord;
      const ok = documentMatchesHash(v.document, v.contentHash);
      add(ok, ok ? `version ${v.version} of ${v.policyId}: its document hashes to its content hash ${v.contentHash.slice(0, 16)}…` : `version ${v.version} of ${v.policyId}: its document does not match its content hash`);
    } catch {
      add(false, 'version.json is not JSON');
    }
  }

  // 6. A checkpoint the auditor kept from before: nothing up to it changed.
  if (options.kept) {
    const kept = options.kept;
    const sig = checkpointSignatureValid(kept, options.publicKeyPem ?? manifest.publicKey);
    add(sig.valid, sig.valid ? `the kept checkpoint's signature holds (entry ${kept.payload.seq}, signed ${kept.payload.at})` : `the kept checkpoint does not hold: ${sig.problem}`);
    if (kept.payload.chain) add(false, `the kept checkpoint is of the ${kept.payload.chain} chain, not of the audit trail: check it with GET /integrity on the server`);
    else if (!entries) add(false, 'this bundle has no audit trail (audit.json): a kept checkpoint can only be checked against an audit export');
    else {
      const at = entries[kept.payload.seq - 1];
      const same = !!at && at.seq === kept.payload.seq && at.hash === kept.payload.hash;
      add(
        same,
        same
          ? `nothing up to entry ${kept.payload.seq} changed since the kept checkpoint of ${kept.payload.at}`
          : at
            ? `entry ${kept.payload.seq} now hashes to ${at.hash.slice(0, 16)}…, not ${kept.payload.hash.slice(0, 16)}… as kept: history up to it was rewritten`
            : `the export has no entry ${kept.payload.seq}: history was cut`,
      );
    }
  }
  return done();
}

/** The manifest of a bundle (tests, the CLI's summary). */
export async function readManifest(bytes: Buffer): Promise<SignedManifest> {
  const zip = await JSZip.loadAsync(bytes);
  return JSON.parse(await zip.file('manifest.json')!.async('string')) as SignedManifest;
}
