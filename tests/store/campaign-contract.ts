/**
 * Review campaigns' part of the store contract (campaign-store.ts), run on every store by
 * store-contract.ts: a run starts once per pass key (the second start returns the stored run and
 * writes no audit entry), is saved with its report and audit entry, and lists newest first by pages.
 */
import { expect, it } from 'vitest';
import { anonymised } from '../../api/integrity/decision-seal.js';
import type { CampaignEntry, CampaignRecord } from '../../api/store/campaign-store.js';
import { StoreError, canErase, type AuditEntry, type CreditgraphStore } from '../../api/store/store.js';

const run = (campaignId: string, passKey: string, startedAt: string): CampaignRecord => ({
  campaignId,
  kind: 'scheduled',
  passKey,
  status: 'running',
  policyId: null,
  dueBy: startedAt,
  startedAt,
  startedBy: 'creditgraph',
  finishedAt: null,
  counts: { due: 0, redecided: 0, moved: 0, escalated: 0, skipped: 0, failed: 0 },
  entries: [],
});
const audit = (action: string, campaignId: string) => ({ action, details: { campaignId }, audit: { actor: 'creditgraph' } });

const line = (customerId: string, moved: boolean): CampaignEntry => ({
  customerId, policyId: 'b2b', outcome: 'accept', moved, decisionId: `dec_${customerId.slice(2)}`, approvalId: null, reason: null,
  before: { riskClass: 'B', limit: 40000, reviewDate: '2026-05-01T00:00:00.000Z' }, after: { riskClass: moved ? 'C' : 'B', limit: moved ? 20000 : 40000, reviewDate: '2027-05-01T00:00:00.000Z' },
});
const finished = (c: CampaignRecord, finishedAt: string, entries: CampaignEntry[]): CampaignRecord => ({
  ...c, status: 'done', finishedAt, entries,
  counts: { due: entries.length, redecided: entries.length, moved: entries.filter((e) => e.moved).length, escalated: 0, skipped: 0, failed: 0 },
});

async function collect(store: CreditgraphStore): Promise<AuditEntry[]> {
  const all: AuditEntry[] = [];
  for await (const e of store.allAudit()) all.push(e);
  return all;
}
const actions = async (store: CreditgraphStore) => (await collect(store)).map((e) => e.action);

export function campaignContract(open: () => Promise<CreditgraphStore>): void {
  it('campaigns: one run per pass key; saved with its report; listed newest first by pages', async () => {
    const store = await open();
    const first = run('cmp-1', 'scheduled:2026-05-01', '2026-05-01T08:00:00.000Z');
    expect(await store.startCampaign({ campaign: first, audit: audit('campaign.started', 'cmp-1') })).toStrictEqual({ campaign: first, created: true });
    // The same pass again (another instance, a retry): the stored run, nothing written.
    const again = await store.startCampaign({ campaign: run('cmp-other', 'scheduled:2026-05-01', '2026-05-01T08:01:00.000Z'), audit: audit('campaign.started', 'cmp-other') });
    expect(again).toStrictEqual({ campaign: first, created: false });
    expect(await store.getCampaign('cmp-other')).toBeNull();

    const done: CampaignRecord = {
      ...first,
      status: 'done',
      finishedAt: '2026-05-01T08:00:05.000Z',
      counts: { due: 1, redecided: 1, moved: 1, escalated: 0, skipped: 0, failed: 0 },
      entries: [
        {
          customerId: 'C-1', policyId: 'b2b', outcome: 'accept', moved: true, decisionId: 'dec_1', approvalId: null, reason: null,
          before: { riskClass: 'B', limit: 40000, reviewDate: '2026-05-01T00:00:00.000Z' }, after: { riskClass: 'C', limit: 20000, reviewDate: '2026-08-01T08:00:00.000Z' },
        },
      ],
    };
    expect(await store.saveCampaign({ campaign: done, audit: audit('campaign.completed', 'cmp-1') })).toStrictEqual(done);
    expect(await store.getCampaign('cmp-1')).toStrictEqual(done);
    expect(await actions(store)).toEqual(['campaign.started', 'campaign.completed']);
    await expect(store.saveCampaign({ campaign: run('nope', 'x', '2026-05-01T00:00:00.000Z'), audit: null })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    await store.startCampaign({ campaign: run('cmp-2', 'manual:a', '2026-05-02T08:00:00.000Z'), audit: audit('campaign.started', 'cmp-2') });
    await store.startCampaign({ campaign: run('cmp-3', 'manual:b', '2026-05-02T08:00:00.000Z'), audit: audit('campaign.started', 'cmp-3') });
    const page1 = await store.listCampaigns({ limit: 2 });
    expect(page1.items.map((c) => c.campaignId)).toEqual(['cmp-3', 'cmp-2']);
    const page2 = await store.listCampaigns({ limit: 2, cursor: page1.nextCursor! });
    expect(page2).toStrictEqual({ items: [done], nextCursor: null });
    await expect(store.listCampaigns({ cursor: 'bogus' })).rejects.toBeInstanceOf(StoreError);
  });

  it("campaigns: erasure removes the customer's id from every report's lines in the same commit; the lines, counts and other customers stay", async () => {
    const store = await open();
    if (!canErase(store)) throw new Error(`the ${store.kind} store must erase`);
    const a = run('cmp-a', 'scheduled:2026-05-01', '2026-05-01T08:00:00.000Z');
    // A one-customer run stored when pass keys named the customer by id: the key goes with the id.
    const b: CampaignRecord = { ...run('cmp-b', 'facts:C-gone:"e1"', '2026-05-02T08:00:00.000Z'), kind: 'factChange' };
    await store.startCampaign({ campaign: a, audit: audit('campaign.started', 'cmp-a') });
    await store.startCampaign({ campaign: b, audit: audit('campaign.started', 'cmp-b') });
    const doneA = await store.saveCampaign({ campaign: finished(a, '2026-05-01T08:00:05.000Z', [line('C-gone', true), line('C-kept', false)]), audit: null });
    const doneB = await store.saveCampaign({ campaign: finished(b, '2026-05-02T08:00:01.000Z', [line('C-gone', false)]), audit: null });
    const other = run('cmp-c', 'manual:c', '2026-05-03T08:00:00.000Z');
    await store.startCampaign({ campaign: other, audit: audit('campaign.started', 'cmp-c') });
    const doneC = await store.saveCampaign({ campaign: finished(other, '2026-05-03T08:00:01.000Z', [line('C-kept', true)]), audit: null });
    const before = (await actions(store)).length;

    const at = '2026-06-01T09:00:00.000Z';
    const counts = await store.eraseCustomer({ customerId: 'C-gone', at, anonymise: (r) => anonymised(r, at), audit: { action: 'customer.erased', audit: { actor: 'dpo', comment: 'request 7' } } });
    expect(counts).toMatchObject({ campaignLines: 2 });
    expect(await store.getCampaign('cmp-a')).toStrictEqual({ ...doneA, entries: [{ ...line('C-gone', true), customerId: null, erasedAt: at }, line('C-kept', false)] });
    expect(await store.getCampaign('cmp-b')).toStrictEqual({ ...doneB, passKey: 'erased:cmp-b', entries: [{ ...line('C-gone', false), customerId: null, erasedAt: at }] });
    expect(await store.getCampaign('cmp-c')).toStrictEqual(doneC);
    expect(JSON.stringify((await store.listCampaigns({})).items)).not.toContain('C-gone');
    expect((await actions(store)).slice(before)).toEqual(['customer.erased']); // one commit, one entry

    // Erased already: nothing more to remove.
    expect(await store.eraseCustomer({ customerId: 'C-gone', at, anonymise: (r) => anonymised(r, at), audit: { action: 'customer.erased', audit: { actor: 'dpo' } } })).toMatchObject({ campaignLines: 0 });
  });

  it('campaigns: retention removes every customer id from the reports of runs finished before the cutoff; running runs are kept', async () => {
    const store = await open();
    const old = run('cmp-old', 'scheduled:2026-01-01', '2026-01-01T08:00:00.000Z');
    const recent = run('cmp-recent', 'scheduled:2026-05-01', '2026-05-01T08:00:00.000Z');
    const running = run('cmp-running', 'scheduled:2026-01-02', '2026-01-02T08:00:00.000Z');
    for (const c of [old, recent, running]) await store.startCampaign({ campaign: c, audit: audit('campaign.started', c.campaignId) });
    const doneOld = await store.saveCampaign({ campaign: finished(old, '2026-01-01T08:00:05.000Z', [line('C-1', true), line('C-2', false)]), audit: null });
    const doneRecent = await store.saveCampaign({ campaign: finished(recent, '2026-05-01T08:00:05.000Z', [line('C-1', false)]), audit: null });
    await store.saveCampaign({ campaign: { ...running, entries: [line('C-3', false)] }, audit: null });
    const before = (await actions(store)).length;

    const at = '2026-06-01T00:00:00.000Z';
    const retain = () => store.anonymiseCampaignsBefore({ before: '2026-03-01T00:00:00+01:00', at, limit: 10, audit: { action: 'retention.applied', details: { kind: 'campaigns' }, audit: { actor: 'system' } } });
    expect(await retain()).toEqual({ runs: 1, lines: 2 });
    expect(await store.getCampaign('cmp-old')).toStrictEqual({ ...doneOld, entries: doneOld.entries.map((e) => ({ ...e, customerId: null, erasedAt: at })) });
    expect(await store.getCampaign('cmp-recent')).toStrictEqual(doneRecent);
    expect((await store.getCampaign('cmp-running'))!.entries[0]!.customerId).toBe('C-3');
    const entries = (await collect(store)).slice(before);
    expect(entries.map((e) => [e.action, e.details])).toEqual([['retention.applied', { kind: 'campaigns', runs: 1, lines: 2 }]]);
    // Done already: nothing more, no audit entry.
    expect(await retain()).toEqual({ runs: 0, lines: 0 });
    expect((await actions(store)).length).toBe(before + 1);
  });
}
