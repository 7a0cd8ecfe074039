/**
 * A logged decision deleted on disk, against the REAL server process: with the server stopped, one
 * row is deleted from the decision log with better-sqlite3 (and, as someone who knows the schema
 * would, the last decision with its link and the head rewound); after the restart GET /integrity
 * and readiness report it. The stop itself checkpoints the chain's head in the audit trail.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { B2B_FACTS, DEMO, http, removeDataDir, startServer, tempDir, type ServerProcess } from '../reliability/support/server-process.js';

const P = '/api/v1/policies/b2b-standard';

describe('a logged decision deleted on disk while the server is stopped', () => {
  let server: ServerProcess | null = null;
  let dataDir = '';
  afterAll(async () => {
    await server?.kill();
    if (dataDir) await removeDataDir(dataDir); // and its <dataDir>.keys
  });

  it('is detected after the restart', async () => {
    dataDir = await tempDir('creditgraph-chain-');
    server = await startServer(dataDir);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await http(server.url, 'POST', `${P}/decisions`, { key: DEMO.system, body: { customerId: `C-${i}`, facts: B2B_FACTS } });
      expect(r.status).toBe(201);
      ids.push(r.body.decisionId as string);
    }
    const before = await http(server.url, 'GET', '/api/v1/integrity', { key: DEMO.auditor });
    expect(before.body.decisionChain).toMatchObject({ chained: true, intact: true, head: 4, checked: 4 });
    expect(await server.stop()).toBe(0);

    let deleted: Record<string, unknown> = {};
    const db = new Database(path.join(dataDir, 'creditgraph.sqlite'));
    try {
      // The stop checkpointed the head (the last entry of the audit trail).
      const last = db.prepare('SELECT json FROM audit ORDER BY seq DESC LIMIT 1').get() as { json: string };
      expect(JSON.parse(last.json)).toMatchObject({ action: 'decisions.checkpointed', details: { seq: 4 } });
      deleted = db.prepare('SELECT * FROM decisions WHERE decision_id = ?').get(ids[1]) as Record<string, unknown>;
      db.prepare('DELETE FROM decisions WHERE decision_id = ?').run(ids[1]);
    } finally {
      db.close();
    }

    server = await startServer(dataDir);
    const after = await http(server.url, 'GET', '/api/v1/integrity', { key: DEMO.auditor });
    expect(after.body.intact).toBe(false);
    expect(after.body.decisionChain).toMatchObject({ intact: false, firstBrokenSeq: 2 });
    expect(after.body.decisionChain.problem).toContain(`decision ${ids[1]} (link 2) is missing from the log`);
    expect(after.body.decisionChain.checkpoint).toBeNull(); // a broken chain is never signed
    const ready = await http(server.url, 'GET', '/readyz');
    expect(ready.body.integrity.findings).toContainEqual(expect.objectContaining({ kind: 'chain', subject: 'decision-log' }));
    expect(await server.stop()).toBe(0);

    // Put the row back; then, as someone who knows the schema: the last decision deleted with its link, the head rewound one link.
    const db2 = new Database(path.join(dataDir, 'creditgraph.sqlite'));
    try {
      const cols = Object.keys(deleted);
      db2.prepare(`INSERT INTO decisions (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...Object.values(deleted));
      const prev = db2.prepare('SELECT mac FROM decision_chain WHERE seq = 3').get() as { mac: string };
      db2.prepare('DELETE FROM decisions WHERE decision_id = ?').run(ids[3]);
      db2.exec('DELETE FROM decision_chain WHERE seq = 4');
      db2.prepare('UPDATE decision_chain_head SET seq = 3, mac = ?').run(prev.mac);
    } finally {
      db2.close();
    }
    server = await startServer(dataDir);
    const cut = await http(server.url, 'GET', '/api/v1/integrity', { key: DEMO.auditor });
    expect(cut.body.decisionChain).toMatchObject({ intact: false, head: 3 });
    expect(cut.body.decisionChain.problem).toContain('checkpointed the chain at link 4, but it now ends at 3');
  });
});
