/**
 * Crash safety of the embedded store (SQLite; the assertions the file store passed too): a child process
 * writes continuously and prints every acknowledged write; it is killed with SIGKILL after a random
 * number of acknowledged writes (the seed is printed; TEST_SEED replays it); the store is reopened and
 * every acknowledged write must be there, with contiguous versions, an intact audit chain, and
 * nothing partial read as data. Repeated CRASH_ROUNDS times (default 8) on the same data folder.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../api/store/audit-chain.js';
import { SqliteStore } from '../../api/store/sqlite-store/sqlite-store.js';
import type { AuditEntry, CreditgraphStore, DecisionRecord } from '../../api/store/store.js';
import { randomIntIn, seededRandom, testSeed } from '../support/test-seed.js';

const WRITER = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 8);
const POLICY = 'crash-policy';

interface RoundResult {
  acks: string[];
  stderr: string;
}

/**
 * Runs the writer and SIGKILLs it once it has acknowledged `afterAcks` writes (counted, not timed:
 * a slow machine only makes the round longer). Writes are in flight when the kill lands.
 */
function runAndKill(dataDir: string, round: number, afterAcks: number): Promise<RoundResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, String(round)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    let acked = 0;
    let counted = 0; // how much of `out` has been split into lines
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const end = out.lastIndexOf('\n') + 1;
      for (const line of out.slice(counted, end).split('\n')) if (line.startsWith('ACK ')) acked++;
      counted = Math.max(counted, end);
      if (acked >= afterAcks && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`writer exited by itself (code ${code}): ${stderr}`));
      // Only complete lines count: the last one may have been cut by the kill.
      const lines = out.split('\n').slice(0, -1);
      resolve({ acks: lines.filter((l) => l.startsWith('ACK ')).map((l) => l.slice(4)), stderr });
    });
  });
}

async function checkStore(dataDir: string, acks: string[]) {
  const store: CreditgraphStore = new SqliteStore({ dataDir, log: () => undefined });
  await store.init();
  try {
    const audit: AuditEntry[] = [];
    for await (const e of store.allAudit()) audit.push(e);
    expect(await verifyAuditChain(audit)).toMatchObject({ intact: true, count: audit.length });

    // Versions: contiguous 1..latest, and the policy record agrees.
    const policy = (await store.getPolicy(POLICY))!;
    const versions = await store.listVersions(POLICY);
    expect(versions.map((v) => v.version)).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
    expect(policy.latestVersion).toBe(versions.length || null);
    expect(audit.filter((e) => e.action === 'version.published').map((e) => e.version)).toEqual(versions.map((v) => v.version));

    // The draft is the one its last audit entry says was saved (change and audit entry together).
    const saves = audit.filter((e) => e.action === 'draft.saved' || e.action === 'policy.created');
    expect((await store.getDraft(POLICY))!.document.description).toBe(saves[saves.length - 1].comment);

    // Every acknowledged write is present.
    const comments = new Map(audit.map((e) => [e.comment, e]));
    const decisionIdByRequest = new Map<string, string>();
    for (const line of acks) {
      const [kind, a, b, c] = line.split(' ');
      if (kind === 'draft') expect(comments.get(a)?.action, line).toBe('draft.saved');
      else if (kind === 'audit') expect(audit[Number(a) - 1]?.comment, line).toBe(b);
      else if (kind === 'version') expect((await store.getVersion(POLICY, Number(a)))?.contentHash, line).toBe(b);
      else if (kind === 'decision') {
        const stored = await store.getDecision(a);
        expect(stored?.requestId, line).toBe(b);
        const seen = decisionIdByRequest.get(b);
        if (c === 'dup' || seen) expect(seen ?? a, `${line}: one decision per requestId`).toBe(a);
        decisionIdByRequest.set(b, a);
      }
    }

    // Nothing partial: every decision the index lists reads back whole, once.
    const all: DecisionRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listDecisions({ cursor, limit: 500 });
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(all.map((d) => d.decisionId)).size).toBe(all.length);
    expect(new Set(all.map((d) => `${d.policyId}/${d.requestId}`)).size).toBe(all.length);
    for (const d of all) expect(d.decision.outcome).toBe(d.outcome);
    return { audit: audit.length, versions: versions.length, decisions: all.length };
  } finally {
    await store.close();
  }
}

describe('SQLite store: crash safety under SIGKILL', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it(
    `keeps every acknowledged write across ${ROUNDS} kill -9 at random moments`,
    async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'cg-crash-'));
      dirs.push(dataDir);
      let totalAcks = 0;
      let last = { audit: 0, versions: 0, decisions: 0 };
      const random = seededRandom('store crash kill points');
      for (let round = 1; round <= ROUNDS; round++) {
        const { acks } = await runAndKill(dataDir, round, randomIntIn(random, 11, 600));
        totalAcks += acks.length;
        const now = await checkStore(dataDir, acks);
        // State only grows: nothing acknowledged in an earlier round went missing either.
        expect(now.audit).toBeGreaterThanOrEqual(last.audit);
        expect(now.versions).toBeGreaterThanOrEqual(last.versions);
        expect(now.decisions).toBeGreaterThanOrEqual(last.decisions);
        last = now;
      }
      // The test proves something only if writes were acknowledged before the kills.
      expect(totalAcks).toBeGreaterThan(ROUNDS * 10);
      console.info(`SQLite crash test (seed ${testSeed()}): ${ROUNDS} kills, ${totalAcks} acknowledged writes checked; final store ${JSON.stringify(last)}`);
    },
    // A bound for a stalled writer, not a speed expectation: rounds end by acknowledged-write counts.
    600_000,
  );
});
