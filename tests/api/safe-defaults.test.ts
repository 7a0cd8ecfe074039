/**
 * Issue 13 rows 1 and 2, on the REAL server process: the demo people's public keys stop working
 * when demo users are off (revoked with an audit entry and a log line), and the server answers
 * only this machine unless HOST says otherwise — and refuses a public address while demo keys live.
 */
import { spawn } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, DEMO, removeDataDir, ROOT, startServer, tempDir } from '../reliability/support/server-process.js';
import { call } from './support/test-app.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await removeDataDir(d);
});

/** Runs the server expecting it to refuse to start: resolves with its exit code and output. */
function refusedStart(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', DATA_DIR: '/nonexistent-never-created', NODE_ENV: 'test', LOG_LEVEL: 'warn', MONGODB_URI: '', WORKERS: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    child.once('exit', (code) => resolve({ code, out }));
  });
}

describe('demo users off: their keys are revoked (row 1)', () => {
  it('a restart with NODE_ENV=production revokes the demo keys, audits it and logs it; the admin key still works', async () => {
    const dataDir = await tempDir('cg-demo-off-');
    dirs.push(dataDir);
    const first = await startServer(dataDir);
    expect((await call(first.url, 'GET', '/api/v1/me', { key: DEMO.approver })).body.id).toBe('paul');
    await first.stop();

    const prod = await startServer(dataDir, { NODE_ENV: 'production', CREDITGRAPH_DEMO_USERS: '0', HOST: '127.0.0.1' });
    try {
      const me = await call(prod.url, 'GET', '/api/v1/me', { key: DEMO.approver });
      expect(me.status).toBe(401);
      expect(me.headers.get('www-authenticate')).toMatch(/^Bearer realm="creditgraph", error="invalid_token"/);
      const decide = await call(prod.url, 'POST', '/api/v1/policies/b2b-standard/decisions', { key: DEMO.system, body: { facts: {} } });
      expect(decide.status).toBe(401);
      const users = await call(prod.url, 'GET', '/api/v1/users', { key: ADMIN_KEY });
      expect(users.status).toBe(200);
      const demoKeys = users.body.items.filter((u: { id: string }) => ['ana', 'paul', 'aude', 'erp'].includes(u.id)).flatMap((u: { keys: { revokedAt: string | null }[] }) => u.keys);
      expect(demoKeys).toHaveLength(4);
      for (const k of demoKeys) expect(k.revokedAt).not.toBeNull();
      expect(prod.output()).toMatch(/demo user key revoked/);
      expect(prod.output()).not.toMatch(/Demo users \(/);
    } finally {
      await prod.stop();
    }
    // The audit trail names each revocation, by the system, with the reason.
    const again = await startServer(dataDir, { NODE_ENV: 'test', CREDITGRAPH_DEMO_USERS: '0' });
    try {
      // The auditor is a demo user too: the admin makes a real one to read the trail.
      const admin = await call(again.url, 'POST', '/api/v1/users', { key: ADMIN_KEY, body: { id: 'ines', name: 'Inès', roles: ['auditor'] } });
      expect(admin.status).toBe(201);
      const key = (await call(again.url, 'POST', '/api/v1/users/ines/keys', { key: ADMIN_KEY })).body.key as string;
      const trail = await call(again.url, 'GET', '/api/v1/audit?limit=100', { key });
      const revocations = trail.body.items.filter((e: { action: string }) => e.action === 'key.revoked');
      expect(revocations).toHaveLength(4);
      for (const e of revocations) {
        expect(e.actor).toBe('system');
        expect(e.comment).toMatch(/NODE_ENV=production/);
      }
      // Revocation is final: the restart outside production did not revive them, nor log again.
      expect((await call(again.url, 'GET', '/api/v1/me', { key: DEMO.author })).status).toBe(401);
      expect(again.output()).not.toMatch(/demo user key revoked/);
    } finally {
      await again.stop();
    }
  }, 120_000);
});

describe('listening address (row 2)', () => {
  it('with HOST unset outside production, listens on loopback only', async () => {
    const dataDir = await tempDir('cg-host-');
    dirs.push(dataDir);
    const s = await startServer(dataDir, { HOST: '' });
    try {
      expect(s.output()).toMatch(/listening on 127\.0\.0\.1 only/);
      expect((await call(s.url, 'GET', '/healthz')).status).toBe(200);
      const port = new URL(s.url).port;
      // Another address of this machine, when it has one, is not answered.
      const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
      if (external) {
        const refused = await fetch(`http://${external.address}:${port}/healthz`, { signal: AbortSignal.timeout(3000) }).then(
          () => 'answered',
          (err: Error & { cause?: { code?: string } }) => err.cause?.code ?? err.name,
        );
        expect(refused).not.toBe('answered');
      } else console.log('no non-loopback IPv4 interface here: only the banner is checked');
    } finally {
      await s.stop();
    }
  }, 60_000);

  it('refuses to listen on a public address while the demo keys are live, and says why', async () => {
    const r = await refusedStart({ HOST: '0.0.0.0' });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/refusing to listen on HOST=0\.0\.0\.0 while the demo users are on/);
    expect(r.out).toMatch(/CREDITGRAPH_DEMO_USERS=0/);
  }, 60_000);

  it('refuses a half OIDC configuration (issuer without audience)', async () => {
    const r = await refusedStart({ HOST: '127.0.0.1', OIDC_ISSUER: 'https://login.example.com' });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/OIDC_AUDIENCE/);
  }, 60_000);
});
