/**
 * One verification of every piece of evidence: the audit chain, each published version's document
 * against its content hash, each logged decision against its seal. What it finds replaces what the
 * integrity monitor knew (readiness, alerts), so a record restored from a backup clears its finding.
 */
import { verifyAuditChain } from '../store/audit-chain.js';
import { documentMatchesHash } from '../integrity/version-check.js';
import { sealState } from '../integrity/decision-seal.js';
import { saltsOf } from './customer-salts.js';
import { chainKeyOf } from '../integrity/chain-key.js';
import type { Services } from '../services.js';
import { checkpointDecisionChain, verifyDecisionChain } from './decision-chain.js';
import { yieldToEventLoop } from '../yield-to-event-loop.js';

type Ctx = Pick<Services, 'store' | 'integrity' | 'keys'>;

export interface VersionFinding {
  policyId: string;
  version: number;
  contentHash: string;
}

export async function verifyVersions(ctx: Ctx) {
  let checked = 0;
  const mismatches: VersionFinding[] = [];
  for (const policy of await ctx.store.listPolicies()) {
    for (const summary of await ctx.store.listVersions(policy.id)) {
      const record = await ctx.store.getVersion(policy.id, summary.version);
      checked++;
      if (!record || !documentMatchesHash(record.document, summary.contentHash)) mismatches.push({ policyId: policy.id, version: summary.version, contentHash: summary.contentHash });
    }
  }
  ctx.integrity.replace(
    'version',
    mismatches.map((m) => ({
      subject: `${m.policyId}@${m.version}`,
      policyId: m.policyId,
      detail: `Version ${m.version} of "${m.policyId}" is out of service: its stored document does not match its content hash ${m.contentHash} (altered after publication).`,
    })),
  );
  return { intact: mismatches.length === 0, checked, mismatches };
}

export async function verifyDecisionLog(ctx: Ctx) {
  let checked = 0;
  let unsealed = 0;
  const altered: { decisionId: string; policyId: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = await ctx.store.listDecisions({ limit: 500, ...(cursor ? { cursor } : {}) });
    const salts = await saltsOf(ctx.store, page.items.map((r) => r.customerId));
    for (const r of page.items) {
      checked++;
      const state = sealState(r, r.customerId ? (salts[r.customerId] ?? null) : null);
      if (state === 'unsealed') unsealed++;
      else if (state === 'altered') altered.push({ decisionId: r.decisionId, policyId: r.policyId });
    }
    cursor = page.nextCursor ?? undefined;
    await yieldToEventLoop(); // millions of decisions: requests keep being answered meanwhile
  } while (cursor);
  ctx.integrity.replace(
    'decision',
    altered.map((a) => ({ subject: a.decisionId, policyId: a.policyId, detail: `Logged decision ${a.decisionId} does not match its seal (altered after it was logged).` })),
  );
  return { intact: altered.length === 0, checked, unsealed, altered };
}

export async function verifyAuditTrail(ctx: Ctx) {
  const report = await verifyAuditChain(ctx.store.allAudit(), chainKeyOf(ctx.keys));
  ctx.integrity.replace('audit', report.intact ? [] : [{ subject: `audit#${report.firstBrokenSeq}`, policyId: null, detail: `The audit trail does not verify: ${report.problem}.` }]);
  return report;
}

/** Everything at once: what GET /integrity answers. A chain that verifies gets its head checkpointed in the audit trail. */
export async function verifyIntegrity(ctx: Ctx & Pick<Services, 'clock'>) {
  const audit = await verifyAuditTrail(ctx);
  const versions = await verifyVersions(ctx);
  const decisions = await verifyDecisionLog(ctx);
  const decisionChain = await verifyDecisionChain(ctx);
  if (decisionChain.intact) await checkpointDecisionChain(ctx);
  return { intact: audit.intact && versions.intact && decisions.intact && decisionChain.intact, checkedAt: new Date().toISOString(), audit, versions, decisions, decisionChain };
}
