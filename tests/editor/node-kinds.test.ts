/** The editor takes what a node kind is from the engine's registry: one kind list, one "only once" rule, one name per language. */
import { describe, expect, it } from 'vitest';
import { en } from '../../editor/src/i18n/en.js';
import { fr } from '../../editor/src/i18n/fr.js';
import { NODE_KIND_MODULES, SINGLETON_KINDS } from '../../editor/src/nodes/registry.js';
import { NODE_KIND_SPECS, ONCE_KINDS } from '../../engine/kinds/index.js';
import { NODE_KINDS } from '../../engine/model/policy-schema.js';

describe("the editor's node kinds", () => {
  it('has a card and an inspector for every kind of the registry, and no other', () => {
    expect(Object.keys(NODE_KIND_MODULES).sort()).toEqual(Object.keys(NODE_KIND_SPECS).sort());
    for (const kind of NODE_KINDS) expect(NODE_KIND_MODULES[kind].kind).toBe(kind);
  });

  it('allows once the kinds the registry allows once', () => {
    expect([...SINGLETON_KINDS].sort()).toEqual([...ONCE_KINDS].sort());
    expect(NODE_KINDS.filter((k) => SINGLETON_KINDS.has(k))).toEqual(NODE_KINDS.filter((k) => NODE_KIND_SPECS[k].once));
  });

  // The dictionaries take the names from engine/kinds/kind-labels.ts (a tiny module, so the engine's chunk still loads later); none is overridden.
  it("names each kind as the registry does, in English and French", () => {
    for (const kind of NODE_KINDS) {
      expect(en[`kind.${kind}`], kind).toBe(NODE_KIND_SPECS[kind].label.en);
      expect(fr[`kind.${kind}`], kind).toBe(NODE_KIND_SPECS[kind].label.fr);
    }
  });
});
