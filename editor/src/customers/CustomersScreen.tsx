/**
 * The customer credit file in the editor (issue 24), loaded lazily: the list of files; a customer's
 * page (identity, facts with source and date, cover, limit and review date, flags; exposure with the
 * aged balance; decision history with the two decisions of each change side by side; approval
 * requests; alerts; the group); review campaigns and each one's report of who moved.
 */
import './customers.css';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { ApiClient, Me } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import { customersApi, type PolicyWords, type Campaign, type CustomerAlert, type CustomerApproval, type CustomerDecision, type CustomerFile, type Exposure, type Group } from './customers-api.js';
import { customerHref, type CustomersRoute } from './customers-route.js';

type Api = ReturnType<typeof customersApi>;

/** Money in the customer's currency, dates per the interface's language. */
function useFormats() {
  const { locale, formatNumber, formatDate } = useI18n();
  const money = (n: number | null | undefined, currency = 'EUR') => (n === null || n === undefined ? '—' : formatNumber(n, { style: 'currency', currency, maximumFractionDigits: 0 }));
  const day = (iso: string | null | undefined) => {
    if (!iso) return '—';
    const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
    return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
  };
  return { money, day, when: formatDate, num: (n: number | null | undefined, digits = 1) => (n === null || n === undefined ? '—' : formatNumber(n, { maximumFractionDigits: digits })) };
}

function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data: T | null; error: string | null; reload(): void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    setError(null);
    load().then(
      (d) => live && setData(d),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, n]);
  return { data, error, reload: useCallback(() => setN((x) => x + 1), []) };
}

const Panel = ({ title, id, children }: { title: string; id: string; children: ReactNode }) => (
  <section className="wf-panel cust-panel" data-testid={`cust-${id}`}>
    <h2>{title}</h2>
    {children}
  </section>
);

export default function CustomersScreen({ api, me, route }: { api: ApiClient; me: Me; route: CustomersRoute }) {
  const c = customersApi(api);
  if (route.view === 'customer') return <CustomerPage key={route.id} api={c} me={me} customerId={route.id} />;
  if (route.view === 'campaigns') return <CampaignsList api={c} me={me} />;
  if (route.view === 'campaign') return <CampaignReport key={route.id} api={c} campaignId={route.id} />;
  return <CustomerList api={c} />;
}

function Tabs({ current }: { current: 'list' | 'campaigns' | null }) {
  const { t } = useI18n();
  return (
    <nav className="wf-tabs" aria-label={t('cust.nav')}>
      <a href="#/customers" className={current === 'list' ? 'current' : ''} data-testid="cust-tab-list">
        {t('cust.tab.files')}
      </a>
      <a href="#/campaigns" className={current === 'campaigns' ? 'current' : ''} data-testid="cust-tab-campaigns">
        {t('cust.tab.campaigns')}
      </a>
    </nav>
  );
}

function CustomerList({ api }: { api: Api }) {
  const { t } = useI18n();
  const { money, day } = useFormats();
  const [name, setName] = useState('');
  const [query, setQuery] = useState('');
  const { data, error } = useLoad(() => api.list(query), [query]);
  return (
    <main className="wf-page">
      <h1>{t('cust.list.title')}</h1>
      <Tabs current="list" />
      <form
        className="cust-search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(name.trim());
        }}
      >
        <label>
          {t('cust.list.name')} <input type="search" value={name} onChange={(e) => setName(e.target.value)} data-testid="cust-search" />
        </label>
        <button type="submit">{t('cust.list.search')}</button>
      </form>
      {error ? <p className="error-text" role="alert">{error}</p> : null}
      {!data ? (
        <p>{t('common.loading')}</p>
      ) : data.items.length === 0 ? (
        <p className="muted">{t('cust.list.none')}</p>
      ) : (
        <table className="grid-table wf-table" data-testid="cust-list">
          <thead>
            <tr>
              <th>{t('cust.col.customer')}</th>
              <th>{t('cust.col.name')}</th>
              <th>{t('cust.col.group')}</th>
              <th className="wf-num">{t('cust.col.limit')}</th>
              <th>{t('cust.col.class')}</th>
              <th>{t('cust.col.review')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((f) => (
              <tr key={f.customerId}>
                <td>
                  <a href={customerHref(f.customerId)}>{f.customerId}</a>
                </td>
                <td>{f.identity.name}</td>
                <td>{f.parentId ? <a href={customerHref(f.parentId)}>{f.parentId}</a> : f.groupLimit ? t('cust.group.head') : '—'}</td>
                <td className="wf-num">{money(f.limit?.amount, f.identity.currency)}</td>
                <td>{f.limit?.riskClass ?? '—'}</td>
                <td>{day(f.limit?.reviewDate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

const BUCKETS = ['notDue', 'd1to30', 'd31to60', 'd61to90', 'over90'] as const;

function CustomerPage({ api, me, customerId }: { api: Api; me: Me; customerId: string }) {
  const { t, tk, lt, locale } = useI18n();
  const { money, day, when, num } = useFormats();
  const file = useLoad(() => api.file(customerId), [customerId]);
  const exposure = useLoad<Exposure>(() => api.exposure(customerId), [customerId]);
  const group = useLoad<Group | null>(() => api.group(customerId).catch(() => null), [customerId]);
  // Alert messages are worded by the server in the page's language: read again when it changes.
  const alerts = useLoad<CustomerAlert[]>(async () => (await api.alerts(customerId)).items, [customerId, locale]);
  const approvals = useLoad<CustomerApproval[]>(() => api.approvals(customerId), [customerId]);
  // The customer's own history: credit managers (approvers) and auditors (customers:history); the ERP's key sees a note.
  const decisions = useLoad<CustomerDecision[] | 'forbidden'>(
    async () => (me.roles.some((r) => r === 'auditor' || r === 'approver') ? (await api.decisions(customerId)).items : ('forbidden' as const)),
    [customerId],
  );
  // The policies' own words for their codes (input names, delegation levels), in the reader's language.
  const policyIds = [...new Set([file.data?.limit?.policyId, ...(approvals.data ?? []).map((a) => a.policyId)].filter((p): p is string => !!p))].sort();
  const words = useLoad<Record<string, PolicyWords>>(
    async () => Object.fromEntries(await Promise.all(policyIds.map(async (id) => [id, await api.policyWords(id).catch(() => ({ inputs: {}, levels: {} }))] as const))),
    [policyIds.join(',')],
  );
  const levelName = (policyId: string, level: string) => lt(words.data?.[policyId]?.levels[level]) || level;
  const inputName = (input: string) => {
    const all = words.data ? Object.values(words.data) : [];
    const limitPolicy = file.data?.limit?.policyId;
    const preferred = limitPolicy ? words.data?.[limitPolicy] : undefined;
    return lt(preferred?.inputs[input] ?? all.find((w) => w.inputs[input])?.inputs[input]) || input;
  };
  const countryName = (code: string) => {
    try {
      return new Intl.DisplayNames([locale === 'fr' ? 'fr-FR' : 'en-GB'], { type: 'region' }).of(code) ?? code;
    } catch {
      return code;
    }
  };
  if (file.error) return <main className="wf-page"><p className="error-text" role="alert">{file.error}</p></main>;
  const f = file.data;
  if (!f) return <main className="wf-page">{t('common.loading')}</main>;
  const cur = f.identity.currency;
  const e = exposure.data;
  const over = e && e.limit !== null && e.outstanding > e.limit;
  const overCover = e && e.cover !== null && e.outstanding > e.cover;
  const flags = [
    f.flags.dispute ? t('cust.flag.dispute', { since: day(f.flags.dispute.since), amount: money(f.flags.dispute.amount, cur) }) : null,
    f.flags.promiseToPay ? t('cust.flag.promise', { date: day(f.flags.promiseToPay.date), amount: money(f.flags.promiseToPay.amount, cur) }) : null,
    f.flags.insolvency ? t('cust.flag.insolvency', { procedure: tk(`cust.proc.${f.flags.insolvency.procedure}`), since: day(f.flags.insolvency.since) }) : null,
  ].filter((x): x is string => x !== null);
  const reviewPast = f.limit?.reviewDate ? Date.parse(f.limit.reviewDate.length === 10 ? `${f.limit.reviewDate}T00:00:00Z` : f.limit.reviewDate) <= Date.now() : false;

  return (
    <main className="wf-page cust-page">
      <Tabs current={null} />
      <h1 data-testid="cust-title">
        {f.identity.name} <span className="muted">{f.customerId}</span>
      </h1>
      <div className="cust-grid">
        <Panel title={t('cust.file.title')} id="file">
          <dl className="cust-dl">
            <dt>{t('cust.file.nationalId')}</dt>
            <dd>{f.identity.nationalId ?? '—'}</dd>
            <dt>{t('cust.file.country')}</dt>
            <dd title={f.identity.country ?? undefined}>{f.identity.country ? countryName(f.identity.country) : '—'}</dd>
            <dt>{t('cust.file.currency')}</dt>
            <dd>{cur}</dd>
            <dt>{t('cust.col.limit')}</dt>
            <dd data-testid="cust-limit">
              {f.limit ? (
                <>
                  {money(f.limit.amount, cur)} · {t('cust.col.class')} {f.limit.riskClass ?? '—'} · {t('cust.file.granted', { date: day(f.limit.grantedAt) })}
                  {f.limit.policyId ? ` · ${f.limit.policyId}` : ''}
                </>
              ) : (
                t('cust.file.noLimit')
              )}
            </dd>
            <dt>{t('cust.col.review')}</dt>
            <dd data-testid="cust-review">
              {day(f.limit?.reviewDate)} {reviewPast ? <span className="wf-badge warning">{t('cust.file.reviewDue')}</span> : null}
            </dd>
            <dt>{t('cust.file.cover')}</dt>
            <dd>
              {f.cover
                ? t('cust.file.coverText', { amount: money(f.cover.amount, cur), share: num(f.cover.insuredShare * 100, 0), insurer: f.cover.insurer ?? '—', from: day(f.cover.from), to: f.cover.to ? day(f.cover.to) : '…' })
                : '—'}
            </dd>
            <dt>{t('cust.file.flags')}</dt>
            <dd data-testid="cust-flags">{flags.length ? flags.map((x) => <div key={x}><span className="wf-badge warning">{x}</span></div>) : t('cust.file.noFlags')}</dd>
          </dl>
        </Panel>

        <Panel title={t('cust.exposure.title')} id="exposure">
          {exposure.error ? <p className="error-text">{exposure.error}</p> : !e ? <p>{t('common.loading')}</p> : (
            <>
              <div className="wf-totals">
                <div>
                  {t('cust.exposure.outstanding')} <strong data-testid="cust-outstanding">{money(e.outstanding, cur)}</strong>
                </div>
                <div>
                  {t('cust.col.limit')} <strong>{money(e.limit, cur)}</strong>
                </div>
                <div>
                  {t('cust.exposure.headroom')} <strong>{money(e.headroom, cur)}</strong>
                </div>
                <div>
                  {t('cust.exposure.dso')} <strong>{e.dso === null ? '—' : t('cust.exposure.days', { n: num(e.dso) })}</strong>
                </div>
              </div>
              {over ? <p className="wf-badge critical" data-testid="cust-overrun">{t('cust.exposure.overLimit', { amount: money(e.outstanding - e.limit!, cur) })}</p> : null}
              {overCover ? <p className="wf-badge warning">{t('cust.exposure.overCover', { amount: money(e.outstanding - e.cover!, cur) })}</p> : null}
              <table className="grid-table" data-testid="cust-aged">
                <caption>{t('cust.exposure.aged')}</caption>
                <thead>
                  <tr>
                    {BUCKETS.map((b) => (
                      <th key={b} className="wf-num">{t(`cust.aged.${b}`)}</th>
                    ))}
                    <th className="wf-num">{t('cust.aged.credits')}</th>
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    {BUCKETS.map((b) => (
                      <td key={b} className={`wf-num${b !== 'notDue' && e.aged[b] > 0 ? ' cust-late' : ''}`} data-testid={`aged-${b}`}>
                        {money(e.aged[b], cur)}
                      </td>
                    ))}
                    <td className="wf-num">{money(e.credits, cur)}</td>
                  </tr>
                </tbody>
              </table>
              <p className="muted">{t('cust.exposure.items', { n: e.openItems, overdue: money(e.overdue, cur) })}</p>
            </>
          )}
        </Panel>

        <Panel title={t('cust.facts.title')} id="facts">
          {Object.keys(f.facts).length === 0 ? <p className="muted">{t('cust.facts.none')}</p> : (
            <table className="grid-table">
              <thead>
                <tr>
                  <th>{t('cust.facts.input')}</th>
                  <th className="wf-num">{t('cust.facts.value')}</th>
                  <th>{t('cust.facts.source')}</th>
                  <th>{t('cust.facts.asOf')}</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(f.facts).map(([input, fact]) => [inputName(input), input, fact] as const).sort(([a], [b]) => a.localeCompare(b, locale)).map(([label, input, fact]) => (
                  <tr key={input}>
                    <td title={input}>{label}</td>
                    <td className="wf-num">{typeof fact.value === 'number' ? num(fact.value, 2) : typeof fact.value === 'boolean' ? t(fact.value ? 'cust.facts.yes' : 'cust.facts.no') : fact.value === null ? '—' : String(fact.value)}</td>
                    <td>{tk(`cust.source.${fact.source}`)}</td>
                    <td>{day(fact.asOf)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>

        <Panel title={t('cust.group.title')} id="group">
          {!group.data ? <p className="muted">{t('cust.group.none')}</p> : group.data.entities.length <= 1 && !group.data.groupLimit ? <p className="muted">{t('cust.group.none')}</p> : (
            <>
              <p>
                {t('cust.group.parent')} <a href={customerHref(group.data.parentId)}>{group.data.parentId}</a> · {t('cust.group.exposure')}{' '}
                <strong data-testid="cust-group-exposure">{money(group.data.exposure, group.data.currency)}</strong> · {t('cust.group.limit')} {money(group.data.groupLimit, group.data.currency)} ·{' '}
                {t('cust.exposure.headroom')} {money(group.data.headroom, group.data.currency)}
              </p>
              <table className="grid-table">
                <thead>
                  <tr>
                    <th>{t('cust.col.customer')}</th>
                    <th>{t('cust.col.name')}</th>
                    <th className="wf-num">{t('cust.exposure.outstanding')}</th>
                    <th className="wf-num">{t('cust.exposure.overdue')}</th>
                    <th className="wf-num">{t('cust.col.limit')}</th>
                  </tr>
                </thead>
                <tbody>
                  {group.data.entities.map((x) => (
                    <tr key={x.customerId}>
                      <td>
                        <a href={customerHref(x.customerId)}>{x.customerId}</a>
                      </td>
                      <td>{x.name}</td>
                      <td className="wf-num">{money(x.outstanding, x.currency)}</td>
                      <td className="wf-num">{money(x.overdue, x.currency)}</td>
                      <td className="wf-num">{money(x.limit, x.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </Panel>

        <Panel title={t('cust.decisions.title')} id="decisions">
          {decisions.data === 'forbidden' ? <p className="muted">{t('cust.decisions.forbidden')}</p> : !decisions.data ? <p>{t('common.loading')}</p> : decisions.data.length === 0 ? <p className="muted">{t('cust.decisions.none')}</p> : (
            <table className="grid-table" data-testid="cust-changes">
              <caption className="sr-only">{t('cust.decisions.title')}</caption>
              <thead>
                <tr>
                  <th>{t('cust.decisions.when')}</th>
                  <th>{t('cust.decisions.before')}</th>
                  <th>{t('cust.decisions.after')}</th>
                </tr>
              </thead>
              <tbody>
                {decisions.data.map((d, i) => {
                  const prev = decisions.data !== 'forbidden' ? decisions.data![i + 1] : undefined;
                  const cell = (x: CustomerDecision | undefined) =>
                    x ? (
                      <>
                        {tk(`cust.outcome.${x.outcome}`)} · {t('cust.col.class')} {x.decision.riskClass ?? '—'} · {money(x.decision.creditLimit?.gross ?? null, cur)}
                        {typeof x.decision.score === 'number' ? ` · ${t('cust.decisions.score', { score: num(x.decision.score, 2) })}` : ''}
                        <div className="muted">
                          {when(x.evaluatedAt)} · {x.policyId} v{x.version} · {tk(`cust.source.${x.source}`)}
                        </div>
                      </>
                    ) : (
                      <span className="muted">{t('cust.decisions.first')}</span>
                    );
                  return (
                    <tr key={d.decisionId}>
                      <td>{when(d.evaluatedAt)}</td>
                      <td>{cell(prev)}</td>
                      <td>{cell(d)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </Panel>

        <Panel title={t('cust.approvals.title')} id="approvals">
          {!approvals.data ? <p>{t('common.loading')}</p> : approvals.data.length === 0 ? <p className="muted">{t('cust.approvals.none')}</p> : (
            <ul>
              {approvals.data.map((a) => (
                <li key={a.id}>
                  <a href={`#/approvals/${encodeURIComponent(a.id)}`}>{when(a.openedAt)}</a> · {tk(`cust.approval.${a.status}`)} · {money(a.requestedAmount, cur)} · <span title={a.requiredLevel} data-testid="cust-approval-level">{levelName(a.policyId, a.requiredLevel)}</span>
                </li>
              ))}
            </ul>
          )}
        </Panel>

        <Panel title={t('cust.alerts.title')} id="alerts">
          {!alerts.data ? (alerts.error ? <p className="muted">{alerts.error}</p> : <p>{t('common.loading')}</p>) : alerts.data.length === 0 ? <p className="muted">{t('cust.alerts.none')}</p> : (
            <ul data-testid="cust-alert-list">
              {alerts.data.map((a) => (
                <li key={a.id}>
                  <span className={`wf-badge ${a.severity}`}>{tk(`wf.alert.${a.type}`)}</span> {a.message} <span className="muted">{when(a.raisedAt)}</span>
                </li>
              ))}
            </ul>
          )}
        </Panel>
      </div>
    </main>
  );
}

function CampaignsList({ api, me }: { api: Api; me: Me }) {
  const { t, tk } = useI18n();
  const { when } = useFormats();
  const list = useLoad(() => api.campaigns(), []);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      const c = await api.runCampaign();
      window.location.hash = `#/campaigns/${encodeURIComponent(c.campaignId)}`;
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setRunning(false);
    }
  };
  return (
    <main className="wf-page">
      <h1>{t('cust.campaigns.title')}</h1>
      <Tabs current="campaigns" />
      <p className="muted">{t('cust.campaigns.help')}</p>
      {me.roles.includes('approver') ? (
        <p>
          <button type="button" className="primary" onClick={() => void run()} disabled={running} data-testid="run-campaign">
            {running ? t('cust.campaigns.running') : t('cust.campaigns.run')}
          </button>
        </p>
      ) : null}
      {error ? <p className="error-text" role="alert">{error}</p> : null}
      {!list.data ? (
        <p>{t('common.loading')}</p>
      ) : list.data.items.length === 0 ? (
        <p className="muted">{t('cust.campaigns.none')}</p>
      ) : (
        <table className="grid-table wf-table" data-testid="campaign-list">
          <thead>
            <tr>
              <th>{t('cust.campaigns.started')}</th>
              <th>{t('cust.campaigns.kind')}</th>
              <th>{t('cust.campaigns.by')}</th>
              <th className="wf-num">{t('cust.count.due')}</th>
              <th className="wf-num">{t('cust.count.moved')}</th>
              <th className="wf-num">{t('cust.count.escalated')}</th>
              <th className="wf-num">{t('cust.count.skipped')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((c) => (
              <tr key={c.campaignId}>
                <td>
                  <a href={`#/campaigns/${encodeURIComponent(c.campaignId)}`}>{when(c.startedAt)}</a>
                </td>
                <td>{tk(`cust.kind.${c.kind}`)}</td>
                <td>{c.startedBy}</td>
                <td className="wf-num">{c.counts.due}</td>
                <td className="wf-num">{c.counts.moved}</td>
                <td className="wf-num">{c.counts.escalated}</td>
                <td className="wf-num">{c.counts.skipped}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

function CampaignReport({ api, campaignId }: { api: Api; campaignId: string }) {
  const { t, tk } = useI18n();
  const { money, day, when } = useFormats();
  const { data: c, error } = useLoad<Campaign>(() => api.campaign(campaignId), [campaignId]);
  if (error) return <main className="wf-page"><p className="error-text" role="alert">{error}</p></main>;
  if (!c) return <main className="wf-page">{t('common.loading')}</main>;
  const entries = [...(c.entries ?? [])].sort((a, b) => Number(b.moved) - Number(a.moved) || (a.customerId ?? '\uffff').localeCompare(b.customerId ?? '\uffff'));
  return (
    <main className="wf-page">
      <p>
        <a href="#/campaigns">← {t('cust.campaigns.title')}</a>
      </p>
      <h1>{t('cust.report.title', { kind: tk(`cust.kind.${c.kind}`), when: when(c.startedAt) })}</h1>
      <div className="wf-totals" data-testid="campaign-counts">
        {(['due', 'redecided', 'moved', 'escalated', 'skipped', 'failed'] as const).map((k) => (
          <div key={k}>
            {t(`cust.count.${k}`)} <strong>{c.counts[k]}</strong>
          </div>
        ))}
      </div>
      {entries.length === 0 ? <p className="muted">{t('cust.report.nobody')}</p> : (
        <table className="grid-table" data-testid="campaign-report">
          <thead>
            <tr>
              <th>{t('cust.col.customer')}</th>
              <th>{t('cust.report.outcome')}</th>
              <th>{t('cust.report.classes')}</th>
              <th className="wf-num">{t('cust.report.limitBefore')}</th>
              <th className="wf-num">{t('cust.report.limitAfter')}</th>
              <th>{t('cust.col.review')}</th>
              <th>{t('cust.report.note')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e, i) => (
              <tr key={e.customerId ?? `erased-${i}`} className={e.moved ? 'cust-moved' : ''} data-testid={`report-row-${e.customerId ?? 'erased'}`}>
                <td>
                  {e.customerId === null ? <span className="muted">{t('cust.report.erased')}</span> : <a href={customerHref(e.customerId)}>{e.customerId}</a>}{' '}
                  {e.moved ? <span className="wf-badge warning">{t('cust.report.moved')}</span> : null}
                </td>
                <td>{tk(`cust.outcome.${e.outcome}`)}</td>
                <td>
                  {e.before.riskClass ?? '—'} → {e.after.riskClass ?? '—'}
                </td>
                <td className="wf-num">{money(e.before.limit)}</td>
                <td className="wf-num">{money(e.after.limit)}</td>
                <td>{day(e.after.reviewDate)}</td>
                <td>
                  {e.approvalId ? <a href={`#/approvals/${encodeURIComponent(e.approvalId)}`}>{t('cust.report.approval')}</a> : null}
                  {e.reason ? (
                    // Skips have a code; a failure's reason is the server's English problem: worded here, the detail in the tooltip.
                    <span className="muted" title={e.reason}> {e.reason === 'noPolicy' || e.reason === 'approvalPending' ? tk(`cust.reason.${e.reason}`) : t('cust.reason.failed')}</span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
