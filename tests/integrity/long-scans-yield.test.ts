/**
 * Verifications that read a whole history (the audit trail at start and on /audit/verify, the
 * decision log and its chain on /integrity) page after page must let the server answer requests
 * meanwhile: with millions of records a scan that never yields would hold every request up for
 * minutes (issue 23, the scale bench). Observable here: a macrotask scheduled when a scan starts
 * runs before the scan ends, and the scan's verdict is unchanged.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealDecision } from '../../api/integrity/decision-seal.js';
import { IntegrityMonitor } from '../../api/integrity/integrity-monitor.js';
import { verifyDecisionChain } from '../../api/domain/decision-chain.js';
import { verifyAuditTrail, verifyDecisionLog } from '../../api/domain/integrity.js';
import { decisionRow } from '../../api/store/sqlite-store/decision-log.js';
import { SqliteStore } from '../../api/store/sqlite-store/sqlite-store.js';
import type { AuditAction } from '../../api/store/store.js';
import { decision } from '../store/store-fixtures.js';

/** Whether a macrotask scheduled as `scan` starts gets to run before `scan` settles. */
async function letsRequestsIn<T>(scan: () => Promise<T>): Promise<{ result: T; turned: boolean }> {
  let turned = false;
  setImmediate(() => (turned = true));
  const result = await scan();
  return { result, turned };
}

describe('long scans let requests in', () => {
  let dataDir: string;
  let store: SqliteStore;
  const now = new Date('2026-06-01T00:00:00.000Z');
  const ctx = () => ({ store, clock: { now: () => now }, integrity: new IntegrityMonitor(pino({ level: 'silent' }), () => now), keys: null });
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'cg-long-scan-'));
    store = new SqliteStore({ dataDir, log: () => undefined });
    await store.init();
    // More than one page of each (500 audit entries, 500 decisions, 5,000 chain links per page).
    const salt = '33'.repeat(32);
    const rows = Array.from({ length: 5_200 }, (_, i) =>
      decisionRow(sealDecision(decision({ customerId: 'C-1', evaluatedAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString() }), salt)).item,
    );
    rows[0]!.newSalt = salt;
    const audit = Array.from({ length: 1_200 }, (_, i) => ({ action: 'bench.filler' as AuditAction, audit: { actor: 'test', comment: `entry ${i}` } }));
    await store.bulkLoad({ rows, audit });
  });
  afterAll(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('the audit trail', async () => {
    const { result, turned } = await letsRequestsIn(() => verifyAuditTrail(ctx()));
    expect(result).toMatchObject({ intact: true, count: 1_200 });
    expect(turned).toBe(true);
  });

  it('the decision log (seals)', async () => {
    const { result, turned } = await letsRequestsIn(() => verifyDecisionLog(ctx()));
    expect(result).toMatchObject({ intact: true, checked: 5_200, unsealed: 0 });
    expect(turned).toBe(true);
  });

  it("the decision log's chain", async () => {
    const { result, turned } = await letsRequestsIn(() => verifyDecisionChain(ctx()));
    expect(result).toMatchObject({ intact: true, checked: 5_200 });
    expect(turned).toBe(true);
  });
});
