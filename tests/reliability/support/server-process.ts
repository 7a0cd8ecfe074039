/**
 * The REAL server process (`node --import tsx api/server.ts`, or the built bundle with plain node)
 * on a temp data folder and a free loopback port (PORT=0: the server picks it and prints it), with
 * everything it prints captured (for the "keys never appear in logs" checks). The one way every
 * suite starts a server process: reliability, the API integration and built-server tests, the
 * browser tests, the soak run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { B2B_WORKED_EXAMPLE } from '../../support/reference-policies.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const ADMIN_KEY = 'cg_reliability_admin_key_0123456789';
export const DEMO = { author: 'cg_demo_author', approver: 'cg_demo_approver', auditor: 'cg_demo_auditor', system: 'cg_demo_system' } as const;

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** stdout + stderr so far. */
  output(): string;
  /** SIGTERM and wait; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait. */
  kill(): Promise<void>;
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

/**
 * Removes a data folder and the integrity-keys folder the server generates beside it
 * (`<DATA_DIR>.keys`, kept outside DATA_DIR on purpose), so no test leaves one behind in the temp folder.
 */
export async function removeDataDir(dataDir: string): Promise<void> {
  await rm(dataDir, { recursive: true, force: true });
  await rm(`${dataDir}.keys`, { recursive: true, force: true });
}

export interface TempServer extends ServerProcess {
  dataDir: string;
  /** Stops the server (SIGTERM, waits), then removes its data folder and keys folder; resolves with the exit code. */
  close(): Promise<number | null>;
}

/**
 * The usual start of a real-server test: a fresh temp data folder (`prefix` tells which suite left
 * one behind) and the server on it; `close()` undoes both.
 */
export async function startTempServer(prefix: string, env: Record<string, string> = {}, nodeArgs: string[] = [], entry?: string): Promise<TempServer> {
  const dataDir = await tempDir(prefix);
  let server: ServerProcess;
  try {
    server = await startServer(dataDir, env, nodeArgs, entry);
  } catch (err) {
    await removeDataDir(dataDir);
    throw err;
  }
  return {
    ...server,
    dataDir,
    close: async () => {
      const code = await server.stop();
      await removeDataDir(dataDir);
      return code;
    },
  };
}

/** `entry`: api/server.ts (run through tsx) or a built bundle such as dist/server/server.js (plain node). */
export async function startServer(dataDir: string, env: Record<string, string> = {}, nodeArgs: string[] = [], entry = 'api/server.ts'): Promise<ServerProcess> {
  const loader = entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...nodeArgs, ...loader, entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      CREDITGRAPH_ADMIN_KEY: ADMIN_KEY,
      MONGODB_URI: '',
      WORKERS: '',
      EDITOR_DIR: path.join(dataDir, 'no-editor'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  // Started = the banner with the address is printed (it comes after listen). The calling hook's
  // timeout is what fails a server that never starts; the watchdog only makes sure it is not left behind.
  const url = await new Promise<string>((resolve, reject) => {
    const watchdog = setTimeout(() => child.kill('SIGKILL'), 300_000).unref();
    const check = () => {
      const m = /running at (http:\/\/localhost:\d+)/.exec(out);
      if (m) {
        clearTimeout(watchdog);
        child.stdout!.off('data', check);
        child.off('exit', onExit);
        resolve(m[1]!.replace('localhost', '127.0.0.1'));
      }
    };
    const onExit = (code: number | null) => {
      clearTimeout(watchdog);
      reject(new Error(`server exited with ${code}:\n${out}`));
    };
    child.stdout!.on('data', check);
    child.once('exit', onExit);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    url,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

export interface Res {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
}

/** One HTTP call; `raw` sends a body as-is (with the given headers). */
export async function http(
  base: string,
  method: string,
  p: string,
  o: { key?: string; body?: unknown; raw?: string | Buffer; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Res> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.key) headers.authorization = `Bearer ${o.key}`;
  let body: string | Buffer | undefined = o.raw;
  if (body === undefined && o.body !== undefined) {
    body = JSON.stringify(o.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(base + p, { method, headers, body: body as BodyInit | undefined, signal: o.signal });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, headers: res.headers, body: type.includes('json') && text ? JSON.parse(text) : undefined, text };
}

/** Facts that b2b-standard accepts (the README's worked example, from its golden test). */
export const B2B_FACTS = B2B_WORKED_EXAMPLE;
