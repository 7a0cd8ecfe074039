/** The hash chain on its own: what verifyAuditChain accepts and what it catches. */
import { describe, expect, it } from 'vitest';
import { buildAuditEntry, GENESIS_HASH, hashAuditEntry, verifyAuditChain } from '../../api/store/audit-chain.js';
import type { AuditEntry } from '../../api/store/store.js';

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let i = 0; i < n; i++) {
    out.push(buildAuditEntry(out[i - 1] ?? null, `2026-01-01T00:00:0${i}.000Z`, { action: 'note.added', policyId: 'p', audit: { actor: 'ana', comment: `c${i}`, details: { i } } }));
  }
  return out;
}

describe('audit chain', () => {
  it('links entries from the genesis hash and verifies them', async () => {
    const entries = chain(5);
    expect(entries[0]).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, actor: 'ana', comment: 'c0', details: { i: 0 }, version: null, contentHash: null });
    expect(entries[3].prevHash).toBe(entries[2].hash);
    expect(hashAuditEntry(entries[2])).toBe(entries[2].hash);
    expect(await verifyAuditChain(entries)).toEqual({ intact: true, count: 5, firstBrokenSeq: null, problem: null });
    expect(await verifyAuditChain([])).toEqual({ intact: true, count: 0, firstBrokenSeq: null, problem: null });
    async function* stream() {
      yield* entries;
    }
    expect((await verifyAuditChain(stream())).intact).toBe(true);
  });

  it('ignores properties outside the hashed fields', () => {
    const [entry] = chain(1);
    expect(hashAuditEntry({ ...entry, extra: 1 } as AuditEntry)).toBe(entry.hash);
  });

  it.each([
    ['an edited field', (e: AuditEntry[]) => (e[2] = { ...e[2], comment: 'forged' }), 3, /altered/],
    ['edited details', (e: AuditEntry[]) => (e[1] = { ...e[1], details: { i: 99 } }), 2, /altered/],
    ['a re-hashed edit', (e: AuditEntry[]) => { const { hash: _h, ...rest } = { ...e[1], actor: 'mallory' }; e[1] = { ...rest, hash: hashAuditEntry(rest) }; }, 3, /does not link/],
    ['a deleted entry', (e: AuditEntry[]) => e.splice(2, 1), 3, /expected entry 3/],
    ['swapped entries', (e: AuditEntry[]) => ([e[1], e[2]] = [e[2], e[1]]), 2, /expected entry 2/],
    ['a forged first link', (e: AuditEntry[]) => (e[0] = { ...e[0], prevHash: '1'.repeat(64) }), 1, /does not link/],
  ])('detects %s', async (_name, tamper, brokenAt, problem) => {
    const entries = chain(5);
    tamper(entries);
    const report = await verifyAuditChain(entries);
    expect(report).toMatchObject({ intact: false, firstBrokenSeq: brokenAt });
    expect(report.problem).toMatch(problem);
  });
});
