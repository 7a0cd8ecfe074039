/**
 * `npm start` rebuilds only when the sources changed since the last successful build
 * (api/build/build-if-changed.ts), on a small project tree in a temp folder with a counting build.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIfChanged, sourceFingerprint, type BuildPlan } from '../../api/build/build-if-changed.js';

let root: string;
let builds: number;
let failNext: boolean;
let plan: BuildPlan;
const write = (p: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
  writeFileSync(path.join(root, p), text);
};

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cg-build-'));
  write('api/server.ts', 'export const a = 1;\n');
  write('editor/src/main.tsx', 'export const b = 2;\n');
  write('package.json', '{}\n');
  builds = 0;
  failNext = false;
  plan = {
    root,
    outputs: ['dist/server/server.js'],
    stampFile: path.join(root, 'dist', 'build-stamp.json'),
    build: () => {
      if (failNext) throw new Error('build failed');
      builds++;
      write('dist/server/server.js', `// build ${builds}\n`);
      write('editor/dist/index.html', `<!-- build ${builds} -->\n`);
    },
  };
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('npm start: build only when the sources changed', () => {
  it('builds the first time, then not again while nothing changed', () => {
    expect(buildIfChanged(plan)).toEqual({ built: true, reason: 'no previous build' });
    expect(buildIfChanged(plan)).toEqual({ built: false, reason: 'sources unchanged since the last build' });
    expect(builds).toBe(1);
    expect(JSON.parse(readFileSync(plan.stampFile, 'utf8')).fingerprint).toBe(sourceFingerprint(root));
  });

  it('rebuilds after a source edit, an added file or a changed lock file', () => {
    buildIfChanged(plan);
    write('api/server.ts', 'export const a = 2;\n');
    expect(buildIfChanged(plan)).toEqual({ built: true, reason: 'sources changed since the last build' });
    write('engine/new-module.ts', 'export {};\n');
    expect(buildIfChanged(plan).built).toBe(true);
    write('package-lock.json', '{"lockfileVersion": 3}\n');
    expect(buildIfChanged(plan).built).toBe(true);
    expect(builds).toBe(4);
  });

  it('does not rebuild for outputs, tests, docs, data or a touched timestamp', () => {
    buildIfChanged(plan);
    write('tests/some.test.ts', 'x');
    write('README.md', '# changed');
    write('data/journal/00000001.ndjson', '{}');
    write('rulesets/b2b-standard.json', '{}');
    const when = new Date(Date.now() + 60_000);
    utimesSync(path.join(root, 'api/server.ts'), when, when);
    expect(buildIfChanged(plan).built).toBe(false);
  });

  it('rebuilds when an output is missing, and after a failed build', () => {
    buildIfChanged(plan);
    rmSync(path.join(root, 'dist/server/server.js'));
    expect(buildIfChanged(plan)).toEqual({ built: true, reason: 'dist/server/server.js is missing' });
    write('api/server.ts', 'export const a = 3;\n');
    failNext = true;
    expect(() => buildIfChanged(plan)).toThrow('build failed');
    failNext = false;
    expect(buildIfChanged(plan)).toEqual({ built: true, reason: 'no previous build' });
    expect(buildIfChanged(plan).built).toBe(false);
  });
});
