/**
 * The layers keep their direction (architecture.md): engine/ imports nothing of api/, editor/ or
 * Node; routes reach the domain layer, never a store or the engine (type-only imports aside: types
 * come from the schemas); the domain layer knows nothing of Express or HTTP; stores hold no business rule.
 */
import { builtinModules } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(entry) ? [path] : [];
  });
}

interface Import {
  specifier: string;
  /** Repository-relative path for relative imports, else the bare specifier. */
  target: string;
  typeOnly: boolean;
}

/** Every static and dynamic import/export-from of a file (comments removed). */
export function importsOf(file: string): Import[] {
  const code = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const found: Import[] = [];
  for (const m of code.matchAll(/\b(import|export)(\s+type)?\s*(?:[^'";]*?\s+from\s*)?['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]/g)) {
    const specifier = m[3] ?? m[4]!;
    const target = specifier.startsWith('.') ? relative(root, resolve(dirname(file), specifier)) : specifier;
    found.push({ specifier, target, typeOnly: m[2] !== undefined });
  }
  return found;
}

const rel = (file: string) => relative(root, file);
const isNode = (s: string) => s.startsWith('node:') || builtinModules.includes(s.split('/')[0]!);
const files = (dir: string) => sourceFiles(join(root, dir));

describe('the import parser', () => {
  it('sees value, type-only, re-export and dynamic imports', () => {
    const here = importsOf(fileURLToPath(import.meta.url));
    expect(here.find((i) => i.specifier === 'node:module')).toMatchObject({ typeOnly: false });
    expect(importsOf(join(root, 'api/routes/common.ts')).some((i) => i.typeOnly && i.target === 'api/store/store.js')).toBe(true);
    expect(importsOf(join(root, 'api/routes/common.ts')).some((i) => !i.typeOnly && i.target === 'api/domain/decision-views.js')).toBe(true);
  });
});

describe('engine/ depends on nothing but itself', () => {
  it.each(files('engine').map((f) => [rel(f), f]))('%s', (_name, file) => {
    for (const i of importsOf(file)) {
      expect(isNode(i.specifier), `imports ${i.specifier}`).toBe(false);
      if (i.specifier.startsWith('.')) expect(i.target.startsWith('engine/'), `imports ${i.target}`).toBe(true);
    }
  });
});

describe('routes reach the domain layer, not stores or the engine', () => {
  // Schema modules document the engine's own schemas (policy, decision) and nothing else.
  const SCHEMA_MODULES = new Set(['api/routes/schemas.ts']);
  it.each(files('api/routes').map((f) => [rel(f), f]))('%s', (name, file) => {
    for (const i of importsOf(file)) {
      if (i.typeOnly) continue;
      expect(i.target.startsWith('api/store/'), `imports the store: ${i.target}`).toBe(false);
      expect(i.target, 'compiles or evaluates outside the domain layer').not.toBe('api/policy-engine.js');
      if (i.target.startsWith('engine/')) expect(SCHEMA_MODULES.has(name) && i.target === 'engine/index.js', `imports the engine: ${i.target}`).toBe(true);
    }
  });
});

describe('routes never reach the store through their services either', () => {
  it.each(files('api/routes').map((f) => [rel(f), f]))('%s', (_name, file) => {
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
    expect(code).not.toMatch(/services\.store\b|services:\s*\{[^}]*\bstore\b/);
  });
});

describe('the domain layer knows no HTTP', () => {
  it.each(files('api/domain').map((f) => [rel(f), f]))('%s', (_name, file) => {
    for (const i of importsOf(file)) {
      expect(i.specifier === 'express' || i.specifier.startsWith('express/'), `imports ${i.specifier}`).toBe(false);
      expect(i.target.startsWith('api/routes/') || i.target.startsWith('api/http/'), `imports ${i.target}`).toBe(false);
    }
  });
});

describe('one doorway into engine/', () => {
  // The engine is compiled, evaluated and diffed through api/policy-engine.ts only; schema modules
  // read its JSON Schemas, the store hashes with its canonical JSON.
  const ALLOWED = new Set(['api/policy-engine.ts', 'api/schemas.ts', 'api/routes/schemas.ts', 'api/http/validator.ts', 'api/openapi/openapi-document.ts', 'api/store/canonical-hash.ts', 'api/monitoring-engine.ts']);
  it.each(files('api').map((f) => [rel(f), f]))('%s', (name, file) => {
    for (const i of importsOf(file)) if (!i.typeOnly && i.target.startsWith('engine/')) expect(ALLOWED.has(name), `imports ${i.target}`).toBe(true);
  });
});

/** An audit action named in code, `action: 'user.created'`: what only the domain may write. */
const AUDIT_ACTION_LITERAL = /\baction:\s*(['"`])[a-z][a-zA-Z]*\.[a-zA-Z.]+\1/;

describe('stores hold no business rule', () => {
  // The domain builds drafts (status, etag, editors) and versions, and composes every audit entry
  // (api/domain/audit-events.ts, draft-lifecycle.ts, publish-activate.ts); a store only compares,
  // writes, and appends the event it is given.
  const backends = ['api/store/sqlite-store', 'api/store/mongo-store'];
  it.each(backends.flatMap((dir) => files(dir)).map((f) => [rel(f), f]))('%s', (_name, file) => {
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
    expect(code, 'decides a draft status').not.toMatch(/status:\s*'(editing|submitted)'/);
    expect(code, 'builds etags').not.toMatch(/\betag:\s*(newEtag|randomBytes|crypto)/i);
    for (const i of importsOf(file)) expect(i.target.startsWith('api/domain/'), `imports ${i.target}`).toBe(false);
  });

  it.each(files('api/store').map((f) => [rel(f), f]))('%s composes no audit entry', (_name, file) => {
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
    expect(code, 'names an audit action: compose the entry in api/domain/ and pass it to the store').not.toMatch(AUDIT_ACTION_LITERAL);
  });

  it('the check recognises an audit action composed in code, and not a step or outcome type', () => {
    expect("return { result: record, facts: { action: 'user.created', details: { userId: record.id }, audit } };").toMatch(AUDIT_ACTION_LITERAL);
    expect('audit: { action: "webhook.deleted", details }').toMatch(AUDIT_ACTION_LITERAL);
    expect("action: 'opened' | 'forwarded' | 'approved' | 'refused';").not.toMatch(AUDIT_ACTION_LITERAL);
    expect('audit: { action: input.action, details }').not.toMatch(AUDIT_ACTION_LITERAL);
  });
});
