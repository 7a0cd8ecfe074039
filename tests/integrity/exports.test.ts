/**
 * Exports an audit report can attach, checked offline: the audit trail, a decision-log period and
 * a version, each a signed zip bundle with a checkpoint; `creditgraph verify-export` proves with a
 * checkpoint kept from before that nothing up to it changed, and catches a changed file, a foreign
 * key and a rewritten history. Unknown query parameters are refused, naming them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../bin/cli.js';
import { buildBundle, verifyBundle } from '../../api/integrity/evidence-bundle.js';
import { signCheckpoint, type SignedCheckpoint } from '../../api/integrity/checkpoint.js';
import { hashAuditEntry } from '../../api/store/audit-chain.js';
import type { AuditEntry } from '../../api/store/store.js';
import { keyOf, useTestApp, type TestApp } from '../api/support/test-app.js';
import { testKeys } from '../api/support/test-keys.js';

const P = '/api/v1/policies/trade-credit';
const FACTS = { requestedAmount: 1000, annualTurnover: 2_000_000, yearsInBusiness: 12, paymentIncidents: false };
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'creditgraph-exports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function download(t: TestApp, url: string, key = keyOf('aude')): Promise<Buffer> {
  const res = await fetch(t.url + url, { headers: { authorization: `Bearer ${key}` } });
  expect(res.status, await res.clone().text()).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/zip');
  return Buffer.from(await res.arrayBuffer());
}

/** `creditgraph verify-export` in this process: exit code and every line printed. */
async function verifyExport(...args: string[]): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const code = await main(['verify-export', ...args], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  return { code, text: lines.join('\n') };
}

const write = (name: string, content: string | Buffer) => {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
};

const t = useTestApp();
let pem = '';
let kept: SignedCheckpoint;
let decisionIds: string[] = [];

beforeAll(async () => {
  const draft = await t.call('GET', `${P}/draft`, { key: keyOf('ana') });
  const doc = structuredClone(draft.body.document);
  doc.nodes[3].config.levels[0].maxAmount = 30000;
  const saved = await t.call('PUT', `${P}/draft`, { key: keyOf('ana'), body: { document: doc, comment: 'analyst level to 30,000' }, headers: { 'if-match': draft.headers.get('etag')! } });
  expect(saved.status).toBe(200);
  doc.description = 'reviewed';
  const again = await t.call('PUT', `${P}/draft`, { key: keyOf('alex'), body: { document: doc, comment: 'description' }, headers: { 'if-match': saved.headers.get('etag')! } });
  expect(again.status).toBe(200);
  expect((await t.call('POST', `${P}/draft/submit`, { key: keyOf('ana'), body: { comment: 'raise the analyst level' } })).status).toBe(200);
  expect((await t.call('POST', `${P}/draft/approve`, { key: keyOf('paul'), body: { comment: 'agreed at committee' } })).status).toBe(201);
  for (const customerId of ['C-1', 'C-2', '=HYPERLINK("http://x")']) {
    const d = await t.call('POST', `${P}/decisions`, { key: keyOf('erp'), body: { facts: FACTS, customerId } });
    expect(d.status).toBe(201);
    decisionIds.push(d.body.decisionId);
  }
  const key = await t.call('GET', '/api/v1/audit/public-key', { key: keyOf('aude') });
  expect(key.body).toMatchObject({ algorithm: 'Ed25519', fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
  pem = key.body.publicKey;
  const cp = await t.call('GET', '/api/v1/audit/checkpoint', { key: keyOf('aude') });
  expect(cp.status).toBe(200);
  kept = cp.body;
  // History goes on after the checkpoint was kept.
  const d2 = await t.call('GET', `${P}/draft`, { key: keyOf('ana') });
  await t.call('PUT', `${P}/draft`, { key: keyOf('ana'), body: { document: { ...d2.body.document, description: 'later' }, comment: 'after the checkpoint' }, headers: { 'if-match': d2.headers.get('etag')! } });
});

describe('the audit trail export', () => {
  it('verifies offline, and proves nothing up to a kept checkpoint changed', async () => {
    const zip = write('audit.zip', await download(t, '/api/v1/audit/export'));
    const keyFile = write('server.pem', pem);
    const keptFile = write('kept.json', JSON.stringify(kept));
    const r = await verifyExport(zip, '--public-key', keyFile, '--checkpoint', keptFile);
    expect(r.text).toContain(`nothing up to entry ${kept.payload.seq} changed`);
    expect(r.code, r.text).toBe(0);
    // The bundle holds the trail as JSON and CSV, one row per entry.
    const files = await JSZip.loadAsync(readFileSync(zip));
    const entries = JSON.parse(await files.file('audit.json')!.async('string')) as AuditEntry[];
    const csv = Papa.parse<Record<string, string>>(await files.file('audit.csv')!.async('string'), { header: true, skipEmptyLines: true });
    expect(csv.data.map((row) => Number(row.seq))).toEqual(entries.map((e) => e.seq));
    expect(entries[entries.length - 1]!.seq).toBeGreaterThan(kept.payload.seq);

    // The documented command, as a user runs it.
    const run = spawnSync(process.execPath, [path.join(ROOT, 'bin/creditgraph.js'), 'verify-export', zip, '--public-key', keyFile], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
    expect(run.stdout).toContain('verified');
    expect(run.status, run.stderr).toBe(0);
  });

  it('fails on a changed file, a foreign key, and a history rewritten even by whoever holds the key', async () => {
    const bytes = await download(t, '/api/v1/audit/export');
    // One changed byte in audit.csv, the manifest left as it was.
    const zip = await JSZip.loadAsync(bytes);
    const csv = await zip.file('audit.csv')!.async('string');
    zip.file('audit.csv', csv.replace('paul', 'Paul'));
    const changed = await verifyBundle(await zip.generateAsync({ type: 'nodebuffer' }), { publicKeyPem: pem });
    expect(changed.ok).toBe(false);
    expect(changed.lines.filter((l) => !l.ok).map((l) => l.text)).toEqual(['audit.csv was changed: its sha-256 does not match the manifest']);

    // Re-signed with another key: refused against the pinned one.
    const entries = JSON.parse(await zip.file('audit.json')!.async('string')) as AuditEntry[];
    const other = testKeys();
    const head = entries[entries.length - 1]!;
    const forged = await buildBundle({ kind: 'audit', exportedAt: head.at, subject: {}, files: { 'audit.json': JSON.stringify(entries) }, checkpoint: signCheckpoint(head, head.at, other), keys: other });
    const foreign = await verifyBundle(forged, { publicKeyPem: pem });
    expect(foreign.ok).toBe(false);
    expect(foreign.lines.some((l) => !l.ok && l.text.includes('signed with another key'))).toBe(true);

    // An insider with the signing key rewrites entry 2 and recomputes the chain: the kept checkpoint says so.
    const rewritten = entries.map((e) => ({ ...e }));
    rewritten[1]!.comment = 'rewritten';
    for (const [i, e] of rewritten.entries()) {
      if (i > 0) e.prevHash = rewritten[i - 1]!.hash;
      e.hash = hashAuditEntry(e);
    }
    const last = rewritten[rewritten.length - 1]!;
    const serverKeys = t.services.keys!;
    const resigned = await buildBundle({ kind: 'audit', exportedAt: last.at, subject: {}, files: { 'audit.json': JSON.stringify(rewritten) }, checkpoint: signCheckpoint(last, last.at, serverKeys), keys: serverKeys });
    const withoutKept = await verifyBundle(resigned, { publicKeyPem: pem });
    expect(withoutKept.ok).toBe(true); // on its own, a consistent re-signed history…
    const withKept = await verifyBundle(resigned, { publicKeyPem: pem, kept });
    expect(withKept.ok).toBe(false); // …but not against what the auditor kept
    expect(withKept.lines.find((l) => !l.ok)!.text).toContain(`history up to it was rewritten`);
    const r = await verifyExport(write('rewritten.zip', resigned), '--public-key', write('pin.pem', pem), '--checkpoint', write('kept2.json', JSON.stringify(kept)));
    expect(r.code).toBe(1);
    expect(r.text).toContain('NOT verified');
  });
});

describe('a decision-log period and a version', () => {
  it('export decisions with their seals, as JSON and CSV (formula cells escaped)', async () => {
    const bytes = await download(t, `/api/v1/exports/decisions?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&policyId=trade-credit`);
    const check = await verifyBundle(bytes, { publicKeyPem: pem });
    expect(check.lines.filter((l) => !l.ok)).toEqual([]);
    expect(check.lines.map((l) => l.text)).toContain('3 decisions match their seals');
    const zip = await JSZip.loadAsync(bytes);
    const records = JSON.parse(await zip.file('decisions.json')!.async('string')) as { decisionId: string }[];
    expect(records.map((r) => r.decisionId)).toEqual(decisionIds);
    const csv = Papa.parse<Record<string, string>>(await zip.file('decisions.csv')!.async('string'), { header: true, skipEmptyLines: true });
    expect(csv.data.map((r) => r.customerId)).toEqual(['C-1', 'C-2', `'=HYPERLINK("http://x")`]);
    expect(csv.data[0]).toMatchObject({ policyId: 'trade-credit', version: '1', // approved, not activated
      outcome: expect.stringMatching(/accept|refuse|escalate/), recordHash: expect.stringMatching(/^[0-9a-f]{64}$/) });

    // An empty period, a missing bound, an unknown parameter: refused, naming it.
    expect((await t.call('GET', '/api/v1/exports/decisions?from=2100-01-01T00:00:00Z&to=2000-01-01T00:00:00Z', { key: keyOf('aude') })).status).toBe(422);
    expect((await t.call('GET', '/api/v1/exports/decisions?from=2000-01-01T00:00:00Z', { key: keyOf('aude') })).status).toBe(422);
    const unknown = await t.call('GET', '/api/v1/exports/decisions?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&customer=C-1', { key: keyOf('aude') });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ pointer: '/customer', in: 'query', detail: 'is not a parameter of this route' }]);
    // Not for a system key (customer data).
    expect((await t.call('GET', '/api/v1/exports/decisions?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z', { key: keyOf('erp') })).status).toBe(403);
  });

  it('export a version with its hash, its editors, submitter and approver, and the diff from the previous one', async () => {
    const bytes = await download(t, `${P}/versions/2/export`);
    const check = await verifyBundle(bytes, { publicKeyPem: pem });
    expect(check.lines.filter((l) => !l.ok)).toEqual([]);
    expect(check.lines.some((l) => l.text.startsWith('version 2 of trade-credit: its document hashes to its content hash'))).toBe(true);
    const zip = await JSZip.loadAsync(bytes);
    expect(Object.keys(zip.files).sort()).toEqual(['diff.csv', 'diff.json', 'history.csv', 'history.json', 'manifest.json', 'version.json']);
    const history = JSON.parse(await zip.file('history.json')!.async('string'));
    expect(history).toMatchObject({
      editors: ['ana', 'alex'],
      submitted: { actor: 'ana', comment: 'raise the analyst level' },
      approved: { actor: 'paul', comment: 'agreed at committee' },
    });
    expect(history.edits.map((e: { comment: string }) => e.comment)).toEqual(['analyst level to 30,000', 'description']);
    const diff = Papa.parse<Record<string, string>>(await zip.file('diff.csv')!.async('string'), { header: true, skipEmptyLines: true });
    expect(diff.data.some((c) => c.message!.includes('25,000') && c.message!.includes('30,000'))).toBe(true);
    // The same history over the API (what the auditor's workspace shows).
    const api = await t.call('GET', `${P}/versions/2/history`, { key: keyOf('aude') });
    expect(api.body).toMatchObject({ editors: ['ana', 'alex'], approved: { actor: 'paul' } });
  });
});

describe('filters on the audit trail and the decision log', () => {
  it('filter by actor, action and period, and refuse unknown parameters with 400 naming them', async () => {
    const published = await t.call('GET', '/api/v1/audit?actor=paul&action=version.published', { key: keyOf('aude') });
    expect(published.body.items.map((e: AuditEntry) => [e.actor, e.action, e.version])).toEqual([['paul', 'version.published', 2]]);
    // Reads are recorded as they happen (access.read): compare the changes only.
    const changes = (items: AuditEntry[]) => items.filter((e) => e.action !== 'access.read');
    const all = changes((await t.call('GET', '/api/v1/audit?limit=500', { key: keyOf('aude') })).body.items as AuditEntry[]);
    const middle = all[Math.floor(all.length / 2)]!.at;
    const since = await t.call('GET', `/api/v1/audit?from=${encodeURIComponent(middle)}&limit=500`, { key: keyOf('aude') });
    expect(changes(since.body.items).map((e: AuditEntry) => e.seq)).toEqual(all.filter((e) => e.at >= middle).map((e) => e.seq));
    // Paging a filtered trail: two by two, the same entries.
    const saves: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: AuditEntry[]; nextCursor: string | null } } = await t.call('GET', `/api/v1/audit?action=draft.saved&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { key: keyOf('aude') });
      saves.push(...page.body.items.map((e) => e.seq));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(saves).toEqual(all.filter((e) => e.action === 'draft.saved').map((e) => e.seq));

    for (const [url, names] of [
      ['/api/v1/audit?actr=paul', ['actr']],
      ['/api/v1/decisions?version=2&customer=C-1', ['version', 'customer']],
      ['/api/v1/integrity?full=1', ['full']],
    ] as const) {
      const r = await t.call('GET', url, { key: keyOf('aude') });
      expect(r.status, url).toBe(400);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.body.code).toBe('BAD_REQUEST');
      expect(r.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(names.map((n) => `/${n}`));
      for (const n of names) expect(r.body.detail).toContain(n);
    }
  });
});
