/**
 * Which compiled policy answers a decision request.
 *
 * - The policy record (and so the ACTIVE version) is read from the store on every request: an
 *   activation or rollback made through any instance takes effect at once on all of them, which
 *   matters more than one primary-key read (that read is the "version stamp"; no per-process copy
 *   of it is kept, so no instance can answer with a version another one has replaced).
 * - A published version is immutable, so `policyId@version` → document/hash is cached for good,
 *   and the compiled function is cached by `policyId@contentHash`. Its document is checked against
 *   its content hash each time it is read from the store: a mismatch is never cached nor served.
 */
import type { CreditgraphStore, PolicyRecord } from './store/store.js';
import type { PolicyDocument } from '../engine/index.js';
import { DomainError } from './domain/errors.js';
import { CompiledCache } from './compiled-cache.js';
import { compileVersion, upgradedDocument, type CompiledPolicy } from './policy-engine.js';
import { documentMatchesHash } from './integrity/version-check.js';

export interface ResolvedVersion {
  policy: PolicyRecord;
  version: number;
  contentHash: string;
  document: PolicyDocument;
  compiled: CompiledPolicy;
}

interface VersionContent {
  contentHash: string;
  document: PolicyDocument;
}

export class VersionResolver {
  private readonly versions = new Map<string, VersionContent>();

  constructor(
    private readonly store: CreditgraphStore,
    readonly compiled: CompiledCache,
    private readonly maxVersions = 1024,
    /** Told when a version's document no longer matches its content hash (the integrity monitor). */
    private readonly onTampered: (policyId: string, version: number, detail: string) => void = () => {},
  ) {}

  async policy(policyId: string): Promise<PolicyRecord> {
    const record = await this.store.getPolicy(policyId);
    if (!record) throw new DomainError('NOT_FOUND', `No policy "${policyId}".`);
    return record;
  }

  /** Called after this instance activates or publishes; nothing to drop since the policy is read on every request. */
  forget(_policyId: string): void {}

  async content(policyId: string, version: number): Promise<VersionContent> {
    const key = `${policyId}@${version}`;
    const hit = this.versions.get(key);
    if (hit) return hit;
    const record = await this.store.getVersion(policyId, version);
    if (!record) throw new DomainError('NOT_FOUND', `Policy "${policyId}" has no version ${version}.`);
    // Checked on every load, before anything compiles it: a tampered version is out of service (never cached).
    if (!documentMatchesHash(record.document, record.contentHash)) {
      const detail = `Version ${version} of "${policyId}" is out of service: its stored document does not match its content hash ${record.contentHash} (altered after publication).`;
      this.onTampered(policyId, version, detail);
      throw new DomainError('VERSION_TAMPERED', detail, { policyId, version });
    }
    // Decided with in the current format; the hash stays the one of the document as published.
    const content = { contentHash: record.contentHash, document: upgradedDocument(record.document) };
    this.versions.set(key, content);
    if (this.versions.size > this.maxVersions) this.versions.delete(this.versions.keys().next().value!);
    return content;
  }

  /** The version to decide with: the one asked for, else the active one. */
  async resolve(policyId: string, version?: number | null): Promise<ResolvedVersion> {
    const policy = await this.policy(policyId);
    const v = version ?? policy.activeVersion;
    if (v === null || v === undefined) throw new DomainError('NO_ACTIVE_VERSION', `Policy "${policyId}" has no active version yet: publish one first.`);
    const { contentHash, document } = await this.content(policyId, v);
    const compiled = this.compiled.getOrCompile(policyId, contentHash, () => compileVersion(document, `Version ${v} of "${policyId}"`));
    return { policy, version: v, contentHash, document, compiled };
  }
}
