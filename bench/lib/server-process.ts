/** Starting the real API server (or the bare Express baseline) as a child process, and waiting for it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEMO_SYSTEM_KEY = 'cg_demo_system'; // api/bootstrap.ts: public demo key of the ERP client
export const DECISION_PATH = '/api/v1/policies/b2b-standard/decisions';

export interface Started {
  child: ChildProcess;
  port: number;
  /** ms from spawn to the first decision served (201). */
  firstDecisionMs: number;
  /** Resolves when the server's stderr shows `text` after this call (a line it prints when something is done). */
  stderrLine(text: string): Promise<void>;
  stop(): Promise<void>;
}

/** A port the OS says is free right now (others start servers on this machine too). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export function tempDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'creditgraph-bench-'));
  // The server keeps its integrity keys beside the folder (<DATA_DIR>.keys): removed with it.
  return { dir, remove: () => [dir, `${dir}.keys`].forEach((d) => rmSync(d, { recursive: true, force: true })) };
}

/**
 * The production server (what `npm start` runs: api/server.ts bundled by `npm run build`), built
 * from the current source into a folder of the bench's own, so a server running from dist/server
 * is left alone. Returns the script to pass to startServer.
 */
export async function buildProductionServer(): Promise<string> {
  const { buildServer } = await import('../../api/build/build-server.js');
  await buildServer(path.join(ROOT, 'dist', 'bench-server'));
  return 'dist/bench-server/server.js';
}

/**
 * Spawns `node <script>` (`node --import tsx <script>` for a .ts file) and posts `body` to `route`
 * every few ms until it answers `expectStatus`: the time from spawn to that answer is the start-up
 * to first served decision.
 */
interface StartOptions {
  /** Relative to ROOT: a built .js file runs as is, a .ts file through tsx. */
  script: string;
  env?: Record<string, string>;
  route: string;
  body: string;
  expectStatus: number;
  timeoutMs?: number;
  /** Node options before the script (e.g. --expose-gc). */
  nodeArgs?: string[];
}

export async function startServer(options: StartOptions): Promise<Started> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options, await freePort());
    } catch (error) {
      // Between probing a port and listening on it, another process may take it: try another.
      if (attempt >= 3 || !/already in use|EADDRINUSE/.test((error as Error).message)) throw error;
    }
  }
}

async function startOnce(options: StartOptions, port: number): Promise<Started> {
  const t0 = performance.now();
  const args = [...(options.nodeArgs ?? []), ...(options.script.endsWith('.ts') ? ['--import', 'tsx', options.script] : [options.script])];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    // Measured as a production server runs: no demo data seeded in the background at start (it would
    // compete with what is measured); the demo users' keys stay, the bench calls with them.
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info', CREDITGRAPH_DEMO_CUSTOMERS: '0', CREDITGRAPH_MONITORING_DEMO: '0', ...options.env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const watchers: { text: string; from: number; resolve(): void }[] = [];
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
    for (const w of [...watchers]) {
      if (stderr.indexOf(w.text, w.from) < 0) continue;
      watchers.splice(watchers.indexOf(w), 1);
      w.resolve();
    }
  });
  let exited = false;
  child.on('exit', () => (exited = true));
  const deadline = t0 + (options.timeoutMs ?? 30_000);
  for (;;) {
    if (exited) throw new Error(`${options.script} exited before serving: ${stderr.slice(-2000)}`);
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.script} served no decision within ${options.timeoutMs ?? 30_000} ms: ${stderr.slice(-2000)}`);
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}${options.route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_SYSTEM_KEY}` },
        body: options.body,
      });
      await res.arrayBuffer();
      if (res.status === options.expectStatus) break;
      if (res.status !== 404 && res.status !== 503) throw new Error(`${options.route} answered ${res.status}`);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error; // TypeError: fetch failed (not listening yet)
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  const firstDecisionMs = performance.now() - t0;
  return {
    child,
    port,
    firstDecisionMs,
    stderrLine: (text) => new Promise<void>((resolve) => watchers.push({ text, from: stderr.length, resolve })),
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
