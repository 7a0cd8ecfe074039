/**
 * The node-kind registry (engine/kinds/) is the one description of each kind: every kind of the
 * format has a spec and nothing else does, and what the spec says is what validation enforces.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_KIND_SPECS, ONCE_KINDS } from '../../engine/kinds/index.js';
import { PRODUCED_NAMES } from '../../engine/model/names.js';
import { NODE_KINDS, PolicyNode, type PolicyDocument } from '../../engine/model/policy-schema.js';
import { validatePolicy } from '../../engine/index.js';

const b2b = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../rulesets/b2b-standard.json'), 'utf8')) as PolicyDocument;

/** The kinds the policy format's JSON Schema accepts: the `kind` constant of each node variant. */
const schemaKinds = (PolicyNode as unknown as { oneOf: { properties: { kind: { const: string } } }[] }).oneOf.map((v) => v.properties.kind.const);

describe('the node-kind registry', () => {
  it('has a spec for every kind of the schema, and no other', () => {
    expect(schemaKinds.length).toBeGreaterThan(0);
    expect(Object.keys(NODE_KIND_SPECS).sort()).toEqual([...schemaKinds].sort());
    expect([...NODE_KINDS].sort()).toEqual([...schemaKinds].sort());
  });

  it.each(schemaKinds)('the %s spec is its kind’s: schema, config schema, names, words', (kind) => {
    const spec = NODE_KIND_SPECS[kind as keyof typeof NODE_KIND_SPECS];
    expect(spec.kind).toBe(kind);
    const variant = (PolicyNode as unknown as { oneOf: { properties: { kind: { const: string }; config: unknown } }[] }).oneOf.find((v) => v.properties.kind.const === kind)!;
    expect(spec.schema).toBe(variant);
    expect(spec.configSchema).toBe(variant.properties.config);
    expect(spec.produces).toBe(PRODUCED_NAMES[spec.kind]);
    expect(spec.label.en.length).toBeGreaterThan(0);
    expect(spec.label.fr.length).toBeGreaterThan(0);
    expect(spec.label.fr).not.toBe(spec.label.en);
  });

  it('lists the kinds allowed once, decision included', () => {
    expect(ONCE_KINDS).toEqual(NODE_KINDS.filter((k) => NODE_KIND_SPECS[k].once));
    // docs/policy-format.md: one risk class, credit limit, approval, collection and decision node at most.
    expect(ONCE_KINDS).toEqual(['riskClass', 'creditLimit', 'approval', 'collection', 'decision']);
    expect(NODE_KINDS.filter((k) => NODE_KIND_SPECS[k].required)).toEqual(['decision']);
  });

  // What `once` says is what validation enforces: a second node of a kind is refused exactly when its spec says once.
  it.each(schemaKinds)('a second %s node is refused exactly when its spec says once', (kind) => {
    const doc = structuredClone(b2b);
    const original = doc.nodes.find((n) => n.kind === kind)!;
    expect(original, `b2b-standard has a ${kind} node`).toBeDefined();
    const copy = { ...structuredClone(original), id: `${original.id}_copy` };
    doc.nodes.push(copy);
    const at = `/nodes/${doc.nodes.length - 1}`;
    const codes = validatePolicy(doc).diagnostics.filter((d) => d.path === at || d.path === `${at}/kind`).map((d) => d.code);
    const spec = NODE_KIND_SPECS[kind as keyof typeof NODE_KIND_SPECS];
    if (spec.required) expect(codes).toContain('MULTIPLE_DECISION_NODES');
    else if (spec.once) expect(codes).toContain('DUPLICATE_NODE_KIND');
    else expect(codes.filter((c) => c === 'DUPLICATE_NODE_KIND' || c === 'MULTIPLE_DECISION_NODES')).toEqual([]);
  });
});
