/**
 * The decision log's chain: every decision is linked, in commit order, by a MAC over its seal and
 * the previous link. Each thing someone holding the database file could do to the log — delete a
 * decision, delete it with its link, reorder links, cut the end and rewind the head, insert a
 * decision, recompute the links without the key — is detected by GET /integrity and shown by
 * readiness; erasing a customer leaves the chain whole. The edits are made with better-sqlite3 on
 * the app's live file, then undone (each case starts from an intact log).
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, AUDITOR, escalate, startWorkflowApp, type FakeClock } from '../workflow/workflow-app.js';
import type { TestApp } from '../api/support/test-app.js';

const TABLES = ['decisions', 'decision_chain', 'decision_chain_head'] as const;

describe("the decision log's chain", () => {
  let t: TestApp;
  let clock: FakeClock;
  let db: Database.Database;
  const ids: string[] = [];
  beforeAll(async () => {
    ({ t, clock } = await startWorkflowApp());
    // In order: each waits for the previous one, so the chain's seqs follow `ids`.
    for (let i = 0; i < 6; i++) ids.push((await escalate(t, { customerId: `CHAIN-${i % 3}` })).decisionId as string);
    db = new Database(path.join(t.dataDir, 'creditgraph.sqlite'));
    db.pragma('busy_timeout = 5000');
    for (const table of TABLES) db.exec(`CREATE TEMP TABLE saved_${table} AS SELECT * FROM main.${table}`);
  });
  afterAll(async () => {
    db?.close();
    await t?.close();
  });

  const integrity = async () => {
    const r = await t.call('GET', '/api/v1/integrity', { key: AUDITOR });
    expect(r.status).toBe(200);
    return r.body;
  };
  const readiness = async () => (await t.call('GET', '/readyz')).body.integrity as { intact: boolean; findings: { kind: string; subject: string }[] };
  /** Runs an attacker's edit, checks what verification says, then puts the saved tables back. */
  async function tampered(edit: () => void): Promise<{ chain: Record<string, unknown>; intact: boolean }> {
    edit();
    const report = await integrity();
    db.transaction(() => {
      for (const table of TABLES) {
        db.exec(`DELETE FROM main.${table}`);
        db.exec(`INSERT INTO main.${table} SELECT * FROM temp.saved_${table}`);
      }
    })();
    return { chain: report.decisionChain, intact: report.intact };
  }
  const seqOf = (id: string) => (db.prepare('SELECT seq FROM decision_chain WHERE decision_id = ?').get(id) as { seq: number }).seq;

  it('links every decision in commit order, and verifies', async () => {
    expect(ids.map(seqOf)).toEqual([1, 2, 3, 4, 5, 6]);
    const report = await integrity();
    expect(report.intact).toBe(true);
    expect(report.decisionChain).toMatchObject({ chained: true, intact: true, checked: 6, head: 6, prunedUpTo: 0, unchained: 0, problem: null });
    // Signed with the server's key, marked as the decision log's.
    expect(report.decisionChain.checkpoint.payload).toMatchObject({ chain: 'decision-log', seq: 6 });
    // …and the head is now checkpointed in the (MAC'd) audit trail.
    const audit = await t.call('GET', '/api/v1/audit?action=decisions.checkpointed', { key: AUDITOR });
    expect(audit.body.items[0].details).toMatchObject({ seq: 6, link: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('detects a decision deleted from the log, and readiness reports it until verified whole again', async () => {
    const { chain, intact } = await tampered(() => db.prepare('DELETE FROM decisions WHERE decision_id = ?').run(ids[2]));
    expect(intact).toBe(false);
    expect(chain).toMatchObject({ intact: false, firstBrokenSeq: 3 });
    expect(chain.problem).toContain(`decision ${ids[2]} (link 3) is missing from the log`);
    expect((await readiness()).findings).toContainEqual(expect.objectContaining({ kind: 'chain', subject: 'decision-log' }));
    expect((await integrity()).decisionChain.intact).toBe(true); // restored
    expect((await readiness()).intact).toBe(true);
  });

  it('detects a decision deleted with its link (a gap)', async () => {
    const { chain } = await tampered(() => {
      db.prepare('DELETE FROM decisions WHERE decision_id = ?').run(ids[3]);
      db.prepare('DELETE FROM decision_chain WHERE decision_id = ?').run(ids[3]);
    });
    expect(chain).toMatchObject({ intact: false, firstBrokenSeq: 4 });
    expect(chain.problem).toContain('link 4 of the decision log is missing');
  });

  it('detects links reordered', async () => {
    const { chain } = await tampered(() => {
      db.exec('UPDATE decision_chain SET seq = -seq WHERE seq IN (2, 3)');
      db.exec('UPDATE decision_chain SET seq = CASE seq WHEN -2 THEN 3 ELSE 2 END WHERE seq IN (-2, -3)');
    });
    expect(chain).toMatchObject({ intact: false, firstBrokenSeq: 2 });
    expect(chain.problem).toContain('does not verify');
  });

  it('detects the end cut off with the head rewound, through the checkpoint in the audit trail', async () => {
    const { chain } = await tampered(() => {
      const five = db.prepare('SELECT mac FROM decision_chain WHERE seq = 5').get() as { mac: string };
      db.prepare('DELETE FROM decisions WHERE decision_id = ?').run(ids[5]);
      db.exec('DELETE FROM decision_chain WHERE seq = 6');
      db.prepare('UPDATE decision_chain_head SET seq = 5, mac = ?').run(five.mac);
    });
    expect(chain).toMatchObject({ intact: false, head: 5 });
    expect(chain.problem).toContain('checkpointed the chain at link 6, but it now ends at 5');
  });

  it('detects the end cut off without rewinding the head', async () => {
    const { chain } = await tampered(() => {
      db.prepare('DELETE FROM decisions WHERE decision_id = ?').run(ids[5]);
      db.exec('DELETE FROM decision_chain WHERE seq = 6');
    });
    expect(chain.problem).toContain('the chain ends at link 5 but its head says 6');
  });

  it('detects a decision inserted behind the server', async () => {
    const { chain } = await tampered(() =>
      db.exec(`INSERT INTO decisions (decision_id, policy_id, request_id, customer_id, outcome, evaluated_at, json)
               SELECT 'dec_forged', policy_id, NULL, customer_id, outcome, evaluated_at, replace(json, decision_id, 'dec_forged') FROM decisions LIMIT 1`),
    );
    expect(chain.problem).toContain('1 decision(s) in the log are not in its chain');
  });

  it('detects the chain recomputed without the key', async () => {
    const { chain } = await tampered(() => {
      let prev = '';
      const links = db.prepare('SELECT seq, decision_id, record_hash FROM decision_chain ORDER BY seq').all() as { seq: number; decision_id: string; record_hash: string }[];
      for (const l of links) {
        prev = createHash('sha256').update(`${l.seq}:${prev}:${l.decision_id}:${l.record_hash}`).digest('hex');
        db.prepare('UPDATE decision_chain SET mac = ? WHERE seq = ?').run(prev, l.seq);
      }
      db.prepare('UPDATE decision_chain_head SET mac = ?').run(prev);
    });
    expect(chain).toMatchObject({ intact: false, firstBrokenSeq: 1 });
  });

  it('stays whole after an erasure (the links cover seals, not personal data), and keeps linking new decisions', async () => {
    const erased = await t.call('POST', '/api/v1/erasures', { key: ADMIN, body: { customerId: 'CHAIN-1', comment: 'data-subject request' } });
    expect(erased.status).toBe(200);
    expect(erased.body.decisions).toBe(2);
    await escalate(t, { customerId: 'CHAIN-9' });
    const report = await integrity();
    expect(report.decisions.intact).toBe(true);
    expect(report.decisionChain).toMatchObject({ intact: true, head: 7, checked: 7 });
  });

  it('is pruned lawfully by retention (decisionLog): the chain starts after the pruned seq, and only that marker makes a cut lawful', async () => {
    clock.advanceHours(24 * 30);
    const recent = [(await escalate(t, { customerId: 'CHAIN-10' })).decisionId as string, (await escalate(t, { customerId: 'CHAIN-11' })).decisionId as string];
    // A chain that does not verify is never pruned (that would destroy the evidence).
    const row = db.prepare('SELECT * FROM decisions WHERE decision_id = ?').get(recent[0]) as Record<string, unknown>;
    db.prepare('DELETE FROM decisions WHERE decision_id = ?').run(recent[0]);
    t.services.retention = { decisionLog: 10 };
    const refused = await t.call('POST', '/api/v1/retention/run', { key: ADMIN });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('nothing is pruned');
    const cols = Object.keys(row);
    db.prepare(`INSERT INTO decisions (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...Object.values(row));

    // The 7 decisions of 30 days ago go; the 2 recent ones stay.
    const run = await t.call('POST', '/api/v1/retention/run', { key: ADMIN });
    expect(run.status, run.text).toBe(200);
    expect(run.body).toMatchObject({ decisionsDeleted: 7, cutoffs: { decisionLog: expect.any(String) } });
    expect((await t.call('GET', `/api/v1/decisions/${ids[0]}`, { key: AUDITOR })).status).toBe(404);
    expect((await t.call('GET', `/api/v1/decisions/${recent[1]}`, { key: AUDITOR })).status).toBe(200);
    const report = await integrity();
    expect(report.decisionChain).toMatchObject({ intact: true, prunedUpTo: 7, checked: 2, head: 9 });
    const marker = (await t.call('GET', '/api/v1/audit?action=decisions.pruned', { key: AUDITOR })).body.items;
    expect(marker).toHaveLength(1);
    expect(marker[0]).toMatchObject({ actor: 'adam', intact: true, details: { seq: 7, kind: 'decisionLog', retentionDays: 10, decisions: 7 } });
    // Nothing more to prune: a second run deletes nothing and writes no marker.
    expect((await t.call('POST', '/api/v1/retention/run', { key: ADMIN })).body.decisionsDeleted).toBe(0);

    // Someone moving the start further on their own (deleting decision 8 and its link): not lawful.
    const eight = db.prepare('SELECT mac FROM decision_chain WHERE seq = 8').get() as { mac: string };
    db.prepare('DELETE FROM decisions WHERE decision_id = ?').run(recent[0]);
    db.exec('DELETE FROM decision_chain WHERE seq = 8');
    db.prepare('UPDATE decision_chain_head SET pruned_seq = 8, pruned_mac = ?').run(eight.mac);
    const cut = (await integrity()).decisionChain;
    expect(cut.intact).toBe(false);
    expect(cut.problem).toContain('records a pruning up to 7: decisions were deleted without a lawful pruning');
  });
});
