/**
 * What people read in validation answers comes in the language of Accept-Language (English by
 * default), said by Content-Language: diagnostics of a draft save and of validate, and the 422
 * problem+json of a draft that cannot be submitted (its detail, errors and diagnostics).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, keyOf, useTestApp } from './support/test-app.js';

const fixture = JSON.parse(readFileSync(path.join(FIXTURES, 'trade-credit.json'), 'utf8'));
const ana = keyOf('ana');
const P = '/api/v1/policies/trade-credit';
const NNBSP = '\u202f';

const t = useTestApp();

/** The fixture with a cycle and a misspelt edge target. */
function broken() {
  const doc = structuredClone(fixture);
  doc.edges.push({ source: 'decision', target: 'score' });
  doc.edges.push({ source: 'score', target: 'decison' });
  return doc;
}

type Diagnostic = { code: string; message: string; params?: Record<string, unknown>; messages?: unknown };
const ofCode = (list: Diagnostic[], code: string) => list.find((d) => d.code === code)!;

describe('validation answers in the language asked for', () => {
  it('validate: French for fr, with the same codes and params as in English', async () => {
    const fr = await t.call('POST', `${P}/draft/validate`, { key: ana, body: { document: broken() }, headers: { 'accept-language': 'fr-FR,fr;q=0.9' } });
    const en = await t.call('POST', `${P}/draft/validate`, { key: ana, body: { document: broken() } });
    expect(fr.status, fr.text).toBe(200);
    expect(fr.headers.get('content-language')).toBe('fr');
    expect(en.headers.get('content-language')).toBe('en');
    expect(fr.headers.get('vary')).toMatch(/Accept-Language/i);
    const edgeFr = ofCode(fr.body.diagnostics, 'EDGE_UNKNOWN_NODE');
    const edgeEn = ofCode(en.body.diagnostics, 'EDGE_UNKNOWN_NODE');
    expect(edgeEn.message).toMatch(/^Edge \d+, target: 'decison' is not a node \(did you mean 'decision'\?\)$/);
    expect(edgeFr.message).toMatch(new RegExp(`^Lien \\d+, target${NNBSP}: «\u00a0decison\u00a0» n’est pas un nœud \\(vouliez-vous dire «\u00a0decision\u00a0»${NNBSP}\\?\\)$`));
    expect(edgeFr.params).toEqual(edgeEn.params);
    expect(edgeFr.params).toEqual({ node: 'decison', suggestion: 'decision' });
    expect(edgeFr.messages).toBeUndefined(); // one language per answer
    expect(fr.body.diagnostics.map((d: Diagnostic) => d.code)).toEqual(en.body.diagnostics.map((d: Diagnostic) => d.code));
    expect(ofCode(fr.body.diagnostics, 'GRAPH_CYCLE').message).toMatch(/forment un cycle/);
  });

  it('draft save: diagnostics in French, and English for a language it does not speak', async () => {
    const etag = (await t.call('GET', `${P}/draft`, { key: ana })).headers.get('etag')!;
    const fr = await t.call('PUT', `${P}/draft`, { key: ana, body: { document: broken() }, headers: { 'if-match': etag, 'accept-language': 'fr' } });
    expect(fr.status, fr.text).toBe(200);
    expect(fr.headers.get('content-language')).toBe('fr');
    expect(ofCode(fr.body.diagnostics, 'GRAPH_CYCLE').message).toMatch(/le graphe doit être sans cycle$/);

    const de = await t.call('POST', `${P}/draft/validate`, { key: ana, headers: { 'accept-language': 'de-DE' } });
    expect(de.headers.get('content-language')).toBe('en');
    expect(ofCode(de.body.diagnostics, 'GRAPH_CYCLE').message).toMatch(/the graph must be acyclic$/);
  });

  it('422 problem+json of a draft that cannot be submitted: detail, errors and diagnostics in French', async () => {
    const fr = await t.call('POST', `${P}/draft/submit`, { key: ana, body: { comment: 'please' }, headers: { 'accept-language': 'fr' } });
    expect(fr.status).toBe(422);
    expect(fr.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(fr.headers.get('content-language')).toBe('fr');
    expect(fr.body.code).toBe('POLICY_INVALID');
    expect(fr.body.detail).toMatch(/^Le brouillon a \d+ erreur\(s\) de validation\.$/);
    const item = fr.body.errors.find((e: { code: string }) => e.code === 'EDGE_UNKNOWN_NODE');
    expect(item.detail).toMatch(/n’est pas un nœud/);
    expect(ofCode(fr.body.diagnostics, 'EDGE_UNKNOWN_NODE').message).toBe(item.detail);

    const en = await t.call('POST', `${P}/draft/submit`, { key: ana, body: { comment: 'please' } });
    expect(en.headers.get('content-language')).toBe('en');
    expect(en.body.detail).toMatch(/^The draft has \d+ validation error\(s\)\.$/);
    expect(en.body.errors.find((e: { code: string }) => e.code === 'EDGE_UNKNOWN_NODE').detail).toMatch(/is not a node/);
  });

  it('diff: each change in the language asked for, with both languages alongside', async () => {
    const doc = structuredClone(fixture);
    const approval = doc.nodes.find((n: { id: string }) => n.id === 'approval');
    approval.label = { en: 'Approval', fr: 'Délégation de pouvoir' };
    approval.config.levels[0].maxAmount = 30000;
    const etag = (await t.call('GET', `${P}/draft`, { key: ana })).headers.get('etag')!;
    expect((await t.call('PUT', `${P}/draft`, { key: ana, body: { document: doc }, headers: { 'if-match': etag } })).status).toBe(200);

    const fr = await t.call('GET', `${P}/diff?from=active&to=draft`, { key: ana, headers: { 'accept-language': 'fr' } });
    expect(fr.status, fr.text).toBe(200);
    expect(fr.headers.get('content-language')).toBe('fr');
    const amount = fr.body.changes.find((c: { path: string }) => c.path.endsWith('/levels/0/maxAmount'));
    expect(amount.message).toBe(`Délégation «\u00a0Délégation de pouvoir\u00a0», niveau «\u00a0analyst\u00a0»${NNBSP}: montant maximum 25${NNBSP}000 → 30${NNBSP}000`);
    expect(amount.messages.en).toBe('Approval "Approval", level "analyst": max amount 25,000 → 30,000');
    const en = await t.call('GET', `${P}/diff?from=active&to=draft`, { key: ana });
    expect(en.headers.get('content-language')).toBe('en');
    expect(en.body.changes.find((c: { path: string }) => c.path === amount.path).message).toBe(amount.messages.en);
  });

  it('documents Accept-Language on these operations and Content-Language on their answers', async () => {
    const doc = (await t.call('GET', '/openapi.json')).body;
    for (const [route, method] of [['/policies/{policyId}/draft/validate', 'post'], ['/policies/{policyId}/draft', 'put'], ['/policies/{policyId}/draft/submit', 'post']] as const) {
      const op = doc.paths[`/api/v1${route}`]?.[method] ?? doc.paths[route]?.[method];
      expect(op, route).toBeDefined();
      expect(op.parameters.some((p: { name: string; in: string }) => p.name === 'Accept-Language' && p.in === 'header'), route).toBe(true);
    }
    const validate = doc.paths['/api/v1/policies/{policyId}/draft/validate']?.post ?? doc.paths['/policies/{policyId}/draft/validate'].post;
    expect(Object.keys(validate.responses['200'].headers)).toContain('Content-Language');
  });
});
