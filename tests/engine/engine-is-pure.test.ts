/** The engine runs unchanged in the browser: no Node built-ins, no clock, no randomness. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const engineDir = join(__dirname, '../../engine');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const NODE_BUILTINS = ['fs', 'path', 'crypto', 'os', 'child_process', 'process', 'http', 'https', 'net', 'url', 'util', 'stream', 'buffer', 'worker_threads', 'vm', 'module'];
const FORBIDDEN_CODE: [RegExp, string][] = [
  [/\bDate\.now\s*\(/, 'Date.now'],
  [/\bnew Date\s*\(/, 'new Date'],
  [/\bMath\.random\s*\(/, 'Math.random'],
  [/\bprocess\./, 'process'],
  [/\brequire\s*\(/, 'require'],
  [/\bperformance\.now\s*\(/, 'performance.now'],
  [/\bcrypto\./, 'crypto'],
];

describe('engine/ is a pure library', () => {
  const files = sourceFiles(engineDir);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [relative(engineDir, f), f]))('%s imports no Node module and reads no clock or randomness', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
    const specifiers = [...code.matchAll(/\b(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2]);
    for (const specifier of specifiers) {
      expect(specifier.startsWith('node:'), `${file} imports ${specifier}`).toBe(false);
      expect(NODE_BUILTINS.includes(specifier.split('/')[0]), `${file} imports ${specifier}`).toBe(false);
    }
    for (const [pattern, label] of FORBIDDEN_CODE) expect(pattern.test(code), `${file} uses ${label}`).toBe(false);
  });
});
