/**
 * Review campaigns' part of the store contract (campaign-store.ts), run on every store by
 * store-contract.ts: a run starts once per pass key (the second start returns the stored run and
 * writes no audit entry), is saved with its report and audit entry, and lists newest first by pages.
 */
import { expect, it } from 'vitest';
import type { CampaignRecord } from '../../api/store/campaign-store.js';
import { StoreError, type AuditEntry, type CreditgraphStore } from '../../api/store/store.js';

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

async function actions(store: CreditgraphStore): Promise<string[]> {
  const all: AuditEntry[] = [];
  for await (const e of store.allAudit()) all.push(e);
  return all.map((e) => e.action);
}

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
}
