/** A node added from the palette starts valid: names filled, nothing for the author to repair but its edges. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatePolicy } from '../../engine/index.js';
import { NODE_KINDS, type PolicyDocument } from '../../engine/model/policy-schema.js';
import { createNode, SINGLETON_KINDS } from '../../editor/src/nodes/registry.js';

const b2b = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../rulesets/b2b-standard.json'), 'utf8')) as PolicyDocument;
/** Problems that only say the new node is not wired yet. */
const WIRING = new Set(['NODE_NOT_CONNECTED', 'NAME_NOT_UPSTREAM']);

describe('new nodes', () => {
  for (const kind of NODE_KINDS.filter((k) => k !== 'decision')) {
    it(`a new ${kind} node has no problem of its own in b2b-standard`, () => {
      const doc = structuredClone(b2b);
      if (SINGLETON_KINDS.has(kind)) {
        doc.nodes = doc.nodes.filter((n) => n.kind !== kind);
        doc.edges = doc.edges.filter((e) => doc.nodes.some((n) => n.id === e.source) && doc.nodes.some((n) => n.id === e.target));
        doc.tests = [];
      }
      const node = createNode(doc, kind);
      doc.nodes.push(node);
      const own = validatePolicy(doc).diagnostics.filter((d) => d.nodeId === node.id && !WIRING.has(d.code));
      expect(own.map((d) => `${d.severity} ${d.code}: ${d.message}`)).toEqual([]);
    });
  }
});
