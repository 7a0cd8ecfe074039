/**
 * `npm start`'s build step: runs `npm run build` (editor + server bundle, ~15 s) only when the
 * sources changed since the last successful build, or an output is missing. The sources are
 * fingerprinted by content (SHA-256 of every file that can feed the build), so a checkout that only
 * touches timestamps does not rebuild, and an edit always does. The fingerprint of the last
 * successful build is kept in dist/build-stamp.json.
 *
 *   node --import tsx api/build/build-if-changed.ts
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What never feeds the build: outputs, data, tests, docs, and what the server reads at run time (rulesets/). */
export const NOT_SOURCES = ['.git', 'node_modules', 'dist', 'editor/dist', 'data', 'tests', 'bench', 'docs', 'rulesets', 'coverage', 'scratch', '.vite'];

export interface BuildPlan {
  root: string;
  /** Files that must exist after a build (relative to root). */
  outputs: string[];
  stampFile: string;
  /** Runs the build; throws when it fails. */
  build: () => void;
}

/** SHA-256 over the path and content of every source file (sorted; symlinks not followed; *.md skipped). */
export function sourceFingerprint(root: string, excluded = NOT_SOURCES): string {
  const skip = new Set(excluded.map((p) => path.join(root, p)));
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (skip.has(full)) continue;
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && !entry.name.endsWith('.md')) files.push(full);
    }
  };
  walk(root);
  const hash = createHash('sha256');
  for (const file of files.sort()) hash.update(`${path.relative(root, file)}\0`).update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

/** Builds unless the last successful build had the same fingerprint and every output exists. */
export function buildIfChanged(plan: BuildPlan): { built: boolean; reason: string } {
  const fingerprint = sourceFingerprint(plan.root);
  const missing = plan.outputs.find((o) => !existsSync(path.join(plan.root, o)));
  let previous: string | null = null;
  try {
    previous = (JSON.parse(readFileSync(plan.stampFile, 'utf8')) as { fingerprint?: string }).fingerprint ?? null;
  } catch {
    /* no stamp yet: never built here */
  }
  if (!missing && previous === fingerprint) return { built: false, reason: 'sources unchanged since the last build' };
  const reason = !previous ? 'no previous build' : missing ? `${missing} is missing` : 'sources changed since the last build';
  rmSync(plan.stampFile, { force: true }); // a build that fails half-way must not look current
  plan.build();
  mkdirSync(path.dirname(plan.stampFile), { recursive: true });
  writeFileSync(plan.stampFile, `${JSON.stringify({ fingerprint, builtAt: new Date().toISOString() })}\n`);
  return { built: true, reason };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.on('uncaughtException', (err) => {
    console.error(err.message);
    process.exit(1);
  });
  const result = buildIfChanged({
    root: ROOT,
    outputs: ['dist/server/server.js', 'editor/dist/index.html'],
    stampFile: path.join(ROOT, 'dist', 'build-stamp.json'),
    build: () => {
      const run = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
      if (run.status !== 0) throw new Error(`npm run build failed (exit ${run.status})`);
    },
  });
  console.log(result.built ? `built: ${result.reason}` : `build skipped: ${result.reason} (dist/build-stamp.json)`);
}
