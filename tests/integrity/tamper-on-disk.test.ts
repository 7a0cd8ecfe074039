/**
 * The examiner's tamper table, against the REAL server process: with the server stopped, one byte
 * of each kind of record is edited in the SQLite file (an audit entry, the active published
 * version's document, a logged decision); after the restart every edit is detected — by
 * GET /integrity, by readiness, by an alert — and no decision is served from the tampered version.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { B2B_FACTS, DEMO, http, removeDataDir, type ServerProcess, startServer, tempDir } from '../reliability/support/server-process.js';

const P = '/api/v1/policies/b2b-standard';

/** Replaces the first `from` in one column of one row by `to` (same length: one byte changed). */
function editOneByte(file: string, table: string, column: string, where: string, args: unknown[], from: string, to: string): void {
  expect(to).toHaveLength(from.length);
  const db = new Database(file);
  try {
    const row = db.prepare(`SELECT ${column} AS text FROM ${table} WHERE ${where}`).get(...args) as { text: string };
    const at = row.text.indexOf(from);
    expect(at, `${from} in ${table}`).toBeGreaterThanOrEqual(0);
    const edited = row.text.slice(0, at) + to + row.text.slice(at + from.length);
    expect(Buffer.byteLength(edited)).toBe(Buffer.byteLength(row.text));
    db.prepare(`UPDATE ${table} SET ${column} = ? WHERE ${where}`).run(edited, ...args);
  } finally {
    db.close();
  }
}

describe('records edited on disk while the server is stopped', () => {
  let server: ServerProcess | null = null;
  let dataDir = '';
  afterAll(async () => {
    await server?.kill();
    if (dataDir) await removeDataDir(dataDir);
  });

  it('are each detected after the restart, and the tampered version decides nothing', async () => {
    dataDir = await tempDir('creditgraph-tamper-');
    server = await startServer(dataDir);
    const decided = await http(server.url, 'POST', `${P}/decisions`, { key: DEMO.system, body: { customerId: 'C-1042', facts: B2B_FACTS } });
    expect(decided.status).toBe(201);
    expect(decided.body.riskClass).toBe('B'); // score 66.5, class B from 65
    const decisionId = decided.body.decisionId as string;

    // Before: everything verifies, and the logged decision carries its seal.
    const before = await http(server.url, 'GET', '/api/v1/integrity', { key: DEMO.auditor });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ intact: true, audit: { intact: true }, versions: { intact: true }, decisions: { intact: true, unsealed: 0 } });
    expect(before.body.decisions.checked).toBeGreaterThanOrEqual(1);
    const logged = await http(server.url, 'GET', `/api/v1/decisions/${decisionId}`, { key: DEMO.auditor });
    expect(logged.body).toMatchObject({ seal: 'intact', recordHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const auditCount = before.body.audit.count as number;
    expect(auditCount).toBeGreaterThan(3);

    expect(await server.stop()).toBe(0);
    const file = path.join(dataDir, 'creditgraph.sqlite');
    // Class B from 65 → 68: the worked example (66.5) would silently become class C.
    editOneByte(file, 'versions', 'document', 'policy_id = ? AND version = 1', ['b2b-standard'], '"minScore":65', '"minScore":68');
    editOneByte(file, 'decisions', 'json', 'decision_id = ?', [decisionId], '"customerId":"C-1042"', '"customerId":"C-1043"');
    editOneByte(file, 'audit', 'json', 'seq = ?', [3], '"actor":"', '"actor":"'.replace('"a', '"A'));

    server = await startServer(dataDir);
    // The verification at start finds the altered version and audit entry by itself (before any
    // /integrity call); readiness says when it ended.
    const startChecked = await eventually(async () => {
      const r = await http(server!.url, 'GET', '/readyz');
      return r.body.integrity?.checkedAtStart && r.body;
    });
    expect(startChecked.integrity.checkedAtStart).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(startChecked.integrity.findings.map((f: { kind: string; subject: string }) => `${f.kind}:${f.subject}`)).toEqual(
      expect.arrayContaining(['audit:audit#3', 'version:b2b-standard@1']),
    );
    // No decision from the tampered version: 503 with a code, whatever the facts.
    const refused = await http(server.url, 'POST', `${P}/decisions`, { key: DEMO.system, body: { customerId: 'C-1042', facts: B2B_FACTS } });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'VERSION_TAMPERED', policyId: 'b2b-standard', version: 1 });
    expect(refused.body.detail).toContain('does not match its content hash');
    // Nor through replay or a pinned version.
    const pinned = await http(server.url, 'POST', `${P}/decisions`, { key: DEMO.system, body: { version: 1, facts: B2B_FACTS } });
    expect(pinned.body.code).toBe('VERSION_TAMPERED');

    // Verify sees all three.
    const after = await http(server.url, 'GET', '/api/v1/integrity', { key: DEMO.auditor });
    expect(after.status).toBe(200);
    expect(after.body.intact).toBe(false);
    expect(after.body.audit).toMatchObject({ intact: false, firstBrokenSeq: 3 });
    expect(after.body.audit.problem).toContain('entry 3 was altered');
    expect(after.body.versions.mismatches).toEqual([expect.objectContaining({ policyId: 'b2b-standard', version: 1 })]);
    expect(after.body.decisions.altered).toEqual([{ decisionId, policyId: 'b2b-standard' }]);
    const verify = await http(server.url, 'GET', '/api/v1/audit/verify', { key: DEMO.auditor });
    expect(verify.body).toMatchObject({ intact: false, firstBrokenSeq: 3 });

    // Readiness reports every finding (the server still serves the other policies).
    const ready = await http(server.url, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.integrity.intact).toBe(false);
    expect(ready.body.integrity.findings.map((f: { kind: string; subject: string }) => `${f.kind}:${f.subject}`).sort()).toEqual(
      ['audit:audit#3', `decision:${decisionId}`, 'version:b2b-standard@1'].sort(),
    );

    // One critical alert per finding.
    const alerts = await eventually(async () => {
      const r = await http(server!.url, 'GET', '/api/v1/alerts?type=integrity.mismatch', { key: DEMO.auditor });
      return r.body.items?.length === 3 && r.body.items;
    });
    expect(alerts.every((a: { severity: string }) => a.severity === 'critical')).toBe(true);

    // What is served is marked: the altered audit entry, the altered decision; replay refuses it.
    const audit = await http(server.url, 'GET', `/api/v1/audit?limit=500`, { key: DEMO.auditor });
    const entry3 = audit.body.items.find((e: { seq: number }) => e.seq === 3);
    expect(entry3.intact).toBe(false);
    expect(audit.body.items.filter((e: { intact: boolean }) => !e.intact)).toHaveLength(1);
    const altered = await http(server.url, 'GET', `/api/v1/decisions/${decisionId}`, { key: DEMO.auditor });
    expect(altered.body.seal).toBe('altered');
    const replay = await http(server.url, 'POST', `/api/v1/decisions/${decisionId}/replay`, { key: DEMO.auditor, body: {} });
    expect(replay.status).toBe(409);
    expect(replay.body.code).toBe('DECISION_ALTERED');
  });
});
