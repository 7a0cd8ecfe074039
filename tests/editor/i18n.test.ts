import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../editor/src/i18n/en.js';
import { fr } from '../../editor/src/i18n/fr.js';
import { translate } from '../../editor/src/i18n/i18n.js';
import { COLLECTION_ACTIONS, NODE_KINDS, OPERATORS } from '../../engine/model/policy-schema.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}

describe('i18n', () => {
  it('English and French have exactly the same keys, none empty', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(fr)) expect(v.trim(), k).not.toBe('');
  });

  it('each French message has the same placeholders as the English one', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(placeholders(fr[key]), key).toEqual(placeholders(en[key]));
  });

  it('covers every node kind, operator and collection action the schema allows', () => {
    for (const k of NODE_KINDS) expect(en).toHaveProperty([`kind.${k}`]);
    for (const o of OPERATORS) expect(en).toHaveProperty([`op.${o}`]);
    for (const a of COLLECTION_ACTIONS) expect(en).toHaveProperty([`action.${a}`]);
  });

  it('every literal key used in the editor source exists', () => {
    const used = new Set<string>();
    for (const file of sources(join(import.meta.dirname, '../../editor/src'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z]+\.[\w.]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(100);
    for (const key of used) expect(en, key).toHaveProperty([key]);
  });

  it('interpolates parameters and leaves unknown ones visible', () => {
    expect(translate('fr', 'versions.activateTitle', { version: 3 })).toBe('Activer la version 3 : pourquoi ?');
    expect(translate('en', 'compare.summary', { from: 'active', to: 'draft' })).toBe('active → draft: {count} change(s)');
  });
});
