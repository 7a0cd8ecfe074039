/**
 * `npm run build:server`: bundles the API server into dist/server/ with esbuild, so `npm start`
 * runs prebuilt JavaScript instead of transpiling ~150 TypeScript modules with tsx and resolving
 * hundreds of node_modules files one by one on every start.
 *
 *   dist/server/server.js              the process (api/server.ts)
 *   dist/server/simulation-worker.js   the impact worker thread, found next to the code that starts it
 *   dist/server/decision-commit-worker.js  the SQLite decision log's commit thread, likewise
 *   dist/server/chunk-*.js             code both share, and code loaded on demand (the MongoDB store…)
 *
 * Third-party packages are bundled too (measured: ~200 ms less CPU per start), except those in
 * EXTERNAL_PACKAGES, which Node loads from node_modules as usual. tests/api/built-server.test.ts
 * runs the bundle, so a package that cannot be bundled shows up there.
 *
 *   node --import tsx api/build/build-server.ts [outDir]     (default dist/server)
 */
import { rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Not bundled: mongodb is loaded only with MONGODB_URI (lazily) and requires optional native
 * add-ons by name; pino starts its transports in worker threads from files next to its own code;
 * better-sqlite3 finds its compiled add-on (build/Release/*.node) relative to its own files.
 */
const EXTERNAL_PACKAGES = ['mongodb', 'pino', 'better-sqlite3', 'exceljs', 'pdfmake']; // the last two: loaded on first export, read their own files

const BUILTINS = new Set(builtinModules);
const packageName = (specifier: string) => specifier.split('/', specifier.startsWith('@') ? 2 : 1).join('/');

const externals: Plugin = {
  name: 'externals',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, ({ path: specifier }) => {
      const builtin = specifier.startsWith('node:') || BUILTINS.has(packageName(specifier));
      return builtin || EXTERNAL_PACKAGES.includes(packageName(specifier)) ? { path: specifier, external: true } : undefined;
    });
  },
};

export async function buildServer(outDir = path.join(ROOT, 'dist', 'server')): Promise<{ outDir: string; bytes: number }> {
  rmSync(outDir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { server: 'api/server.ts', 'simulation-worker': 'api/impact/simulation-worker.ts', 'decision-commit-worker': 'api/store/sqlite-store/decision-commit-worker.mjs' },
    outdir: outDir,
    bundle: true,
    splitting: true, // a dynamic import() stays lazy: its chunk is read only when first imported
    format: 'esm',
    platform: 'node',
    target: 'node20',
    plugins: [externals],
    // Bundled CommonJS packages require() Node's builtins: give the ES module a require to do it with.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    chunkNames: 'chunk-[hash]', // beside the entries: code locates files from its own import.meta.url
    sourcemap: 'linked', // stack traces map back to api/ and engine/ with `node --enable-source-maps`
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  });
  const bytes = Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith('.js'))
    .reduce((sum, [, output]) => sum + output.bytes, 0);
  return { outDir, bytes };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { outDir, bytes } = await buildServer(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  process.stdout.write(`server bundle: ${path.relative(ROOT, outDir)}/ (${(bytes / 1024 / 1024).toFixed(1)} MB of JavaScript)\n`);
}
