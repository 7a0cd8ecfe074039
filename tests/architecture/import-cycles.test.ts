/**
 * No module reaches itself through its imports (type-only imports count, as madge counts them),
 * and the engine's stages keep their order: validate knows nothing of the compiler, the compiler
 * nothing of the pipeline above both (engine/pipeline: checkPolicy), and the kinds' own checks and
 * emitters never reach the registry that points at them (a cycle would say so).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(entry) && !entry.endsWith('.d.ts') ? [path] : [];
  });
}

/** Repository-relative .ts/.tsx files a file imports (static, re-export and dynamic; comments removed). */
function localImports(file: string): string[] {
  const code = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const found: string[] = [];
  for (const m of code.matchAll(/\b(?:import|export)(?:\s+type)?\s*(?:[^'";]*?\s+from\s*)?['"](\.[^'"]+)['"]|\bimport\s*\(\s*['"](\.[^'"]+)['"]/g)) {
    const target = resolve(dirname(file), m[1] ?? m[2]!);
    const candidates = [target, target.replace(/\.js$/, '.ts'), target.replace(/\.js$/, '.tsx'), `${target}.ts`, `${target}.tsx`];
    const hit = candidates.find((c) => /\.tsx?$/.test(c) && statSync(c, { throwIfNoEntry: false })?.isFile());
    if (hit) found.push(relative(root, hit));
  }
  return found;
}

const files = ['engine', 'api', 'editor/src'].flatMap((d) => sourceFiles(join(root, d)));
const graph = new Map(files.map((f) => [relative(root, f), localImports(f)]));

/** One import cycle per strongly connected group, as a path (depth-first; colours: on the path / done). */
function importCycles(): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return cycles;
}

describe('imports', () => {
  it('sees the imports it should (the parser works)', () => {
    expect(graph.get('engine/validate/semantic-check.ts')).toContain('engine/kinds/index.ts');
    expect(graph.get('engine/kinds/node-kind-spec.ts')).toContain('engine/validate/policy-context.ts'); // type-only
    expect(graph.size).toBeGreaterThan(300);
  });

  it('form no cycle in engine/, api/ and editor/src/', () => {
    expect(importCycles().map((c) => c.join(' > '))).toEqual([]);
  });

  const engineFiles = [...graph.keys()].filter((f) => f.startsWith('engine/'));
  const rules: [string, string[]][] = [
    ['engine/validate/', ['engine/compile/', 'engine/golden/', 'engine/pipeline/']],
    ['engine/compile/', ['engine/pipeline/', 'engine/golden/']],
    ['engine/model/', ['engine/kinds/', 'engine/validate/', 'engine/compile/', 'engine/diff/', 'engine/pipeline/']],
  ];
  it.each(rules)('%s imports none of %j', (from, forbidden) => {
    for (const file of engineFiles.filter((f) => f.startsWith(from)))
      for (const target of graph.get(file)!) expect(forbidden.some((p) => target.startsWith(p)), `${file} imports ${target}`).toBe(false);
  });
});
