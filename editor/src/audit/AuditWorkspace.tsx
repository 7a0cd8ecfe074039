/**
 * The auditor's workspace (#/audit/…): the audit trail with filters and each published change in
 * words; the decision log with filters and one-click replay on any version, side by side; the
 * impact of a version over an exact window of logged decisions (from one activation to the next);
 * the versions with every editor, the submitter, the approver and their comments; the access log
 * (who read what, when). Delegation levels are shown by the policy version's labels, in the reader's language.
 */
import './audit.css';
import { useEffect, useMemo, useState, type ChangeEvent, type FormEvent, type ReactNode } from 'react';
import type { ApiClient } from '../api/client.js';
import { TABS, type AuditTab } from './audit-route.js';
import { READ_KINDS, auditApi, type AccessRead, type AuditItem, type LoggedDecision, type Replay, type VersionHistory, type WindowImpact } from './audit-api.js';
import { useAuditWords, type AuditWordKey } from './audit-words.js';
import { useI18n } from '../i18n/i18n.js';
import type { LocalizedText } from '../../../engine/model/policy-schema.js';

const toIso = (local: string) => (local ? new Date(local).toISOString() : undefined);

function usePolicies(api: ApiClient) {
  const [ids, setIds] = useState<string[]>([]);
  useEffect(() => {
    void api.listPolicies().then((p) => setIds(p.map((x) => x.id)), () => setIds([]));
  }, [api]);
  return ids;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="audit-field">
      <span>{label}</span>
      {children}
    </label>
  );
}

/** The period of a filter form (datetime-local, to the second) and its apply button: the same on every tab. */
function PeriodAndApply(props: { from: string; to: string; onFrom: (e: ChangeEvent<HTMLInputElement>) => void; onTo: (e: ChangeEvent<HTMLInputElement>) => void; applyTestId: string }) {
  const { w } = useAuditWords();
  return (
    <>
      <Field label={w('f.from')}>
        <input type="datetime-local" step="1" value={props.from} onChange={props.onFrom} />
      </Field>
      <Field label={w('f.to')}>
        <input type="datetime-local" step="1" value={props.to} onChange={props.onTo} />
      </Field>
      <button type="submit" data-testid={props.applyTestId}>
        {w('apply')}
      </button>
    </>
  );
}

/** What a filtered list says when it failed or found nothing. */
function ListStatus({ error, empty }: { error: string | null | undefined; empty: boolean }) {
  const { w } = useAuditWords();
  return (
    <>
      {error ? <p className="error">{error}</p> : null}
      {empty ? <p className="muted">{w('none')}</p> : null}
    </>
  );
}

export default function AuditWorkspace({ api, tab }: { api: ApiClient; tab: AuditTab }) {
  const { w } = useAuditWords();
  return (
    <main className="audit" data-testid="audit-workspace">
      <h1>{w('title')}</h1>
      <nav className="audit-tabs" role="tablist">
        {TABS.map((t) => (
          <a key={t} role="tab" aria-selected={t === tab} href={`#/audit/${t}`} className={t === tab ? 'current' : ''} data-testid={`audit-tab-${t}`}>
            {w(`tab.${t}`)}
          </a>
        ))}
      </nav>
      {tab === 'trail' ? (
        <TrailTab api={api} />
      ) : tab === 'decisions' ? (
        <DecisionsTab api={api} />
      ) : tab === 'impact' ? (
        <ImpactTab api={api} />
      ) : tab === 'access' ? (
        <AccessTab api={api} />
      ) : (
        <VersionsTab api={api} />
      )}
    </main>
  );
}

/** A list read with a filter form: loaded once at first, then on each submit. */
function useFilteredList<F extends Record<string, string>, T>(initial: F, fetch: (filter: F) => Promise<{ items: T[] }>) {
  const [filter, setFilter] = useState(initial);
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = (e?: FormEvent) => {
    e?.preventDefault();
    setError(null);
    fetch(filter).then((r) => setItems(r.items), (err: Error) => setError(err.message));
  };
  useEffect(() => load(), []); // eslint-disable-line react-hooks/exhaustive-deps
  const set = (k: keyof F) => (e: { target: { value: string } }) => setFilter({ ...filter, [k]: e.target.value });
  return { filter, set, items, error, load };
}

const AUDIT_KINDS = { 'kind.decisions': 1, 'kind.approvals': 1, 'kind.alerts': 1 };

// The audit trail ----------------------------------------------------------------------------------

const ACTIONS = [
  'policy.created',
  'draft.saved',
  'draft.submitted',
  'draft.rejected',
  'version.published',
  'version.activated',
  'approval.opened',
  'approval.approved',
  'approval.refused',
  'alert.raised',
  'user.created',
  'key.created',
  'key.revoked',
  'access.read',
  'customer.erased',
  'retention.applied',
  'decisions.checkpointed',
  'decisions.pruned',
];

function TrailTab({ api }: { api: ApiClient }) {
  const { w, actionWords, formatDate } = useAuditWords();
  const detailWords = (e: AuditItem) => {
    const d = (e.details ?? {}) as { what?: string; kind?: string; seq?: number };
    const kind = `kind.${d.kind ?? ''}` as AuditWordKey;
    return { version: e.version, what: String(d.what ?? ''), seq: d.seq, kind: d.kind ? (kind in AUDIT_KINDS ? w(kind) : d.kind) : undefined };
  };
  const policies = usePolicies(api);
  const { filter, set, items, error, load } = useFilteredList({ actor: '', action: '', policyId: '', from: '', to: '' }, (f) =>
    auditApi(api).trail({ actor: f.actor || undefined, action: f.action || undefined, policyId: f.policyId || undefined, from: toIso(f.from), to: toIso(f.to) }),
  );
  return (
    <section>
      <form className="audit-filters" onSubmit={load} data-testid="trail-filters">
        <Field label={w('f.actor')}>
          <input value={filter.actor} onChange={set('actor')} data-testid="trail-actor" />
        </Field>
        <Field label={w('f.action')}>
          <select value={filter.action} onChange={set('action')} data-testid="trail-action">
            <option value="">{w('f.any')}</option>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </Field>
        <Field label={w('f.policy')}>
          <select value={filter.policyId} onChange={set('policyId')} data-testid="trail-policy">
            <option value="">{w('f.any')}</option>
            {policies.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </Field>
        <PeriodAndApply from={filter.from} to={filter.to} onFrom={set('from')} onTo={set('to')} applyTestId="trail-apply" />
      </form>
      <ListStatus error={error} empty={items !== null && items !== undefined && items.length === 0} />
      <ol className="audit-trail" data-testid="trail-items">
        {(items ?? []).map((e) => (
          <li key={e.seq} data-testid={`trail-entry-${e.seq}`}>
            <div className="audit-line">
              <span className="muted">#{e.seq}</span> <time dateTime={e.at}>{formatDate(e.at)}</time> <strong>{e.actor}</strong>{' '}
              {actionWords(e.action, detailWords(e))}
              {e.policyId ? <span className="audit-policy"> · {e.policyId}</span> : null}
              <span className={e.intact === false ? 'badge bad' : 'badge ok'}>{e.intact === false ? w('altered') : w('intact')}</span>
            </div>
            {e.comment ? <blockquote>{e.comment}</blockquote> : null}
            {e.action === 'version.published' && e.policyId && e.version && e.version > 1 ? <ChangesInWords api={api} policyId={e.policyId} version={e.version} /> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

function ChangesInWords({ api, policyId, version }: { api: ApiClient; policyId: string; version: number }) {
  const { w } = useAuditWords();
  const [changes, setChanges] = useState<{ message: string; cosmetic?: boolean }[] | null>(null);
  return (
    <details
      className="audit-changes"
      onToggle={(e) => {
        if ((e.target as HTMLDetailsElement).open && !changes) void auditApi(api).diff(policyId, version - 1, version).then((d) => setChanges(d.changes), () => setChanges([]));
      }}
    >
      <summary data-testid={`changes-${policyId}-${version}`}>{w('showChanges')}</summary>
      {changes ? (
        changes.filter((c) => !c.cosmetic).length ? (
          <ul>
            {changes.filter((c) => !c.cosmetic).map((c, i) => (
              <li key={i}>{c.message}</li>
            ))}
          </ul>
        ) : (
          <p className="muted">{w('noChanges')}</p>
        )
      ) : null}
    </details>
  );
}

// The decision log and replay ----------------------------------------------------------------------

function DecisionsTab({ api }: { api: ApiClient }) {
  const { w, outcomeWords, formatDate } = useAuditWords();
  const policies = usePolicies(api);
  const { filter, set, items, error, load } = useFilteredList({ policyId: '', customerId: '', outcome: '', from: '', to: '' }, (f) =>
    auditApi(api).decisions({ policyId: f.policyId || undefined, customerId: f.customerId || undefined, outcome: f.outcome || undefined, from: toIso(f.from), to: toIso(f.to) }),
  );
  const [selected, setSelected] = useState<LoggedDecision | null>(null);
  return (
    <section className="audit-split">
      <div>
        <form className="audit-filters" onSubmit={load}>
          <Field label={w('f.policy')}>
            <select value={filter.policyId} onChange={set('policyId')}>
              <option value="">{w('f.any')}</option>
              {policies.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </Field>
          <Field label={w('f.customer')}>
            <input value={filter.customerId} onChange={set('customerId')} data-testid="decisions-customer" />
          </Field>
          <Field label={w('f.outcome')}>
            <select value={filter.outcome} onChange={set('outcome')}>
              <option value="">{w('f.any')}</option>
              {['accept', 'refuse', 'escalate'].map((o) => (
                <option key={o} value={o}>
                  {outcomeWords(o)}
                </option>
              ))}
            </select>
          </Field>
          <PeriodAndApply from={filter.from} to={filter.to} onFrom={set('from')} onTo={set('to')} applyTestId="decisions-apply" />
        </form>
        <ListStatus error={error} empty={items !== null && items !== undefined && items.length === 0} />
        <table className="audit-table" data-testid="decision-rows">
          <thead>
            <tr>
              <th>{w('col.when')}</th>
              <th>{w('col.customer')}</th>
              <th>{w('col.policy')}</th>
              <th>{w('col.version')}</th>
              <th>{w('col.outcome')}</th>
              <th>{w('col.class')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(items ?? []).map((d) => (
              <tr key={d.decisionId} className={selected?.decisionId === d.decisionId ? 'selected' : ''}>
                <td>{formatDate(d.evaluatedAt)}</td>
                <td>{d.customerId ?? '—'}</td>
                <td>{d.policyId}</td>
                <td>{d.version}</td>
                <td>{outcomeWords(d.outcome)}</td>
                <td>{d.decision.riskClass ?? '—'}</td>
                <td>
                  {d.seal === 'altered' ? <span className="badge bad">{w('altered')}</span> : null}
                  <button type="button" onClick={() => setSelected(d)} data-testid={`open-${d.decisionId}`}>
                    {w('replay')}…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {selected ? <ReplayPanel key={selected.decisionId} api={api} decision={selected} /> : null}
    </section>
  );
}

/**
 * The delegation levels' labels of the versions shown, in the reader's language: (version, level id)
 * → label, the id itself until the version is read (or when the level has no label).
 */
function useLevelLabels(api: ApiClient, policyId: string, versions: number[]) {
  const { lt } = useI18n();
  const [labels, setLabels] = useState<Record<number, Record<string, LocalizedText | undefined>>>({});
  const wanted = versions.filter((v) => !(v in labels)).join(',');
  useEffect(() => {
    for (const v of wanted ? wanted.split(',').map(Number) : [])
      void auditApi(api)
        .version(policyId, v)
        .then(
          (record) => {
            const levels: Record<string, LocalizedText | undefined> = {};
            for (const node of record.document.nodes) if (node.kind === 'approval') for (const l of node.config.levels) levels[l.id] = l.label;
            setLabels((m) => ({ ...m, [v]: levels }));
          },
          () => setLabels((m) => ({ ...m, [v]: {} })),
        );
  }, [api, policyId, wanted]);
  return (version: number, level: string | null | undefined) => (level ? lt(labels[version]?.[level]) || level : '—');
}

function ReplayPanel({ api, decision }: { api: ApiClient; decision: LoggedDecision }) {
  const { w, outcomeWords, formatNumber } = useAuditWords();
  const [versions, setVersions] = useState<number[]>([]);
  const [version, setVersion] = useState<number | null>(null);
  const [replay, setReplay] = useState<Replay | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void auditApi(api)
      .versions(decision.policyId)
      .then((r) => {
        const list = r.items.map((v) => v.version);
        setVersions(list);
        setVersion(list[list.length - 1] ?? null);
      });
  }, [api, decision.policyId]);
  const run = (v: number) => {
    setError(null);
    auditApi(api)
      .replay(decision.decisionId, v)
      .then(setReplay, (err: Error) => setError(err.message));
  };
  const levelLabel = useLevelLabels(api, decision.policyId, replay ? [replay.original.version, replay.replay.version] : []);
  const rows: [string, (d: Replay['original']['decision'], version: number) => string][] = [
    [w('col.outcome'), (d) => outcomeWords(d.outcome)],
    [w('col.score'), (d) => (typeof d.score === 'number' ? formatNumber(d.score) : '—')],
    [w('col.class'), (d) => d.riskClass ?? '—'],
    [w('col.limit'), (d) => (typeof d.creditLimit?.gross === 'number' ? formatNumber(d.creditLimit.gross) : '—')],
    [w('col.level'), (d, version) => levelLabel(version, d.approvalLevel)],
  ];
  return (
    <aside className="audit-replay" data-testid="replay-panel">
      <div className="audit-filters">
        <Field label={w('replayOn')}>
          <select value={version ?? ''} onChange={(e) => setVersion(Number(e.target.value))} data-testid="replay-version">
            {versions.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </Field>
        <button type="button" disabled={version === null} onClick={() => version !== null && run(version)} data-testid="replay-run">
          {w('replay')}
        </button>
      </div>
      {error ? <p className="error">{error}</p> : null}
      {replay ? (
        <>
          <table className="audit-table side-by-side" data-testid="replay-result">
            <thead>
              <tr>
                <th />
                <th>{w('original', { version: replay.original.version })}</th>
                <th>{w('replayed', { version: replay.replay.version })}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([label, get]) => {
                const a = get(replay.original.decision, replay.original.version);
                const b = get(replay.replay.decision, replay.replay.version);
                return (
                  <tr key={label} className={a !== b ? 'differs' : ''}>
                    <th>{label}</th>
                    <td>{a}</td>
                    <td>{b}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p data-testid="replay-verdict">{replay.same ? w('same') : w('differs', { count: replay.differences.length })}</p>
        </>
      ) : null}
    </aside>
  );
}

// Who read what -------------------------------------------------------------------------------------

function AccessTab({ api }: { api: ApiClient }) {
  const { w, formatDate } = useAuditWords();
  const { filter, set, items, error, load } = useFilteredList({ actor: '', what: '', from: '', to: '' }, (f) =>
    auditApi(api).accessLog({ actor: f.actor || undefined, what: f.what || undefined, from: toIso(f.from), to: toIso(f.to) }),
  );
  return (
    <section>
      <p className="muted">{w('access.help')}</p>
      <form className="audit-filters" onSubmit={load} data-testid="access-filters">
        <Field label={w('f.reader')}>
          <input value={filter.actor} onChange={set('actor')} data-testid="access-reader" />
        </Field>
        <Field label={w('f.read')}>
          <select value={filter.what} onChange={set('what')} data-testid="access-what">
            <option value="">{w('f.any')}</option>
            {READ_KINDS.map((k) => (
              <option key={k} value={k}>
                {w(`read.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <PeriodAndApply from={filter.from} to={filter.to} onFrom={set('from')} onTo={set('to')} applyTestId="access-apply" />
      </form>
      <ListStatus error={error} empty={items !== null && items !== undefined && items.length === 0} />
      <table className="audit-table" data-testid="access-rows">
        <thead>
          <tr>
            <th>{w('col.when')}</th>
            <th>{w('col.reader')}</th>
            <th>{w('col.read')}</th>
            <th>{w('col.records')}</th>
          </tr>
        </thead>
        <tbody>
          {(items ?? []).map((r) => (
            <tr key={r.seq} data-testid={`access-${r.seq}`}>
              <td>
                <time dateTime={r.at}>{formatDate(r.at)}</time>
              </td>
              <td>{r.reader}</td>
              <td>{(READ_KINDS as readonly string[]).includes(r.what) ? w(`read.${r.what}` as AuditWordKey) : r.what}</td>
              <td>
                <RecordsRead read={r} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Which records a read concerned, in words; the ids themselves in a tooltip (they can be many). */
function RecordsRead({ read }: { read: AccessRead }) {
  const { w } = useAuditWords();
  const d = read.details;
  const parts: { text: string; title?: string }[] = [];
  if (d.decisionIds) parts.push({ text: w('rec.decisions', { count: d.decisionIds.length }), title: d.decisionIds.join('\n') });
  if (d.seqs && d.seqs.length === 2) parts.push({ text: w('rec.entries', { first: d.seqs[0], last: d.seqs[1] }) });
  if (d.policyId && d.version !== undefined) parts.push({ text: w('rec.version', { policyId: d.policyId, version: d.version }) });
  else if (d.policyId) parts.push({ text: d.policyId });
  if (!d.decisionIds && !d.seqs && typeof d.count === 'number') parts.push({ text: w('rec.count', { count: d.count }) });
  const { byCustomer, ...rest } = d.filter ?? {};
  if (byCustomer) parts.push({ text: w('rec.byCustomer') });
  const shown = Object.entries(rest).map(([k, v]) => `${k}=${String(v)}`);
  if (shown.length) parts.push({ text: w('rec.filter', { filter: shown.join(', ') }) });
  return (
    <span className="muted">
      {parts.map((p, i) => (
        <span key={i} title={p.title}>
          {i > 0 ? ' · ' : ''}
          {p.text}
        </span>
      ))}
    </span>
  );
}

// Impact over an exact window -----------------------------------------------------------------------

function ImpactTab({ api }: { api: ApiClient }) {
  const { w, formatDate } = useAuditWords();
  const policies = usePolicies(api);
  const [policyId, setPolicyId] = useState('');
  const [moments, setMoments] = useState<AuditItem[]>([]);
  const [versions, setVersions] = useState<number[]>([]);
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [a, setA] = useState<number | null>(null);
  const [b, setB] = useState<number | null>(null);
  const [job, setJob] = useState<WindowImpact | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!policyId) return;
    const calls = auditApi(api);
    void calls.trail({ policyId, action: 'version.activated' }).then((r) => setMoments([...r.items].reverse()));
    void calls.versions(policyId).then((r) => {
      const list = r.items.map((v) => v.version);
      setVersions(list);
      setA(list[0] ?? null);
      setB(list[list.length - 1] ?? null);
    });
  }, [api, policyId]);
  const run = async () => {
    if (!start || !end || a === null || b === null) return;
    setError(null);
    setJob({ status: 'running', result: null });
    try {
      const calls = auditApi(api);
      const { jobId } = await calls.startWindow(policyId, a, b, { from: start, to: end });
      for (;;) {
        const current = await calls.job(policyId, jobId);
        if (current.status === 'done' || current.status === 'failed') {
          setJob(current);
          if (current.status === 'failed') setError(current.error?.message ?? 'failed');
          return;
        }
        await new Promise((r) => setTimeout(r, 300));
      }
    } catch (err) {
      setJob(null);
      setError((err as Error).message);
    }
  };
  const momentOptions = useMemo(
    () =>
      moments.map((m) => (
        <option key={m.seq} value={m.at}>
          {formatDate(m.at)} · {w('activation', { version: m.version, actor: m.actor })} · {m.at}
        </option>
      )),
    [moments, formatDate, w],
  );
  return (
    <section>
      <p className="muted">{w('impact.help')}</p>
      <div className="audit-filters">
        <Field label={w('f.policy')}>
          <select value={policyId} onChange={(e) => setPolicyId(e.target.value)} data-testid="impact-policy">
            <option value="">{w('pickPolicy')}</option>
            {policies.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </Field>
        <Field label={w('impact.start')}>
          <select value={start} onChange={(e) => setStart(e.target.value)} data-testid="impact-start">
            <option value="" />
            {momentOptions}
          </select>
        </Field>
        <Field label={w('impact.end')}>
          <select value={end} onChange={(e) => setEnd(e.target.value)} data-testid="impact-end">
            <option value="" />
            {momentOptions}
          </select>
        </Field>
        <Field label={w('impact.a')}>
          <select value={a ?? ''} onChange={(e) => setA(Number(e.target.value))} data-testid="impact-a">
            {versions.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        </Field>
        <Field label={w('impact.b')}>
          <select value={b ?? ''} onChange={(e) => setB(Number(e.target.value))} data-testid="impact-b">
            {versions.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        </Field>
        <button type="button" onClick={() => void run()} disabled={!start || !end} data-testid="impact-run">
          {w('impact.run')}
        </button>
      </div>
      {start && end ? (
        <p className="muted" data-testid="impact-window">
          [{start}, {end})
        </p>
      ) : null}
      {error ? <p className="error">{error}</p> : null}
      {job && job.status !== 'done' && !error ? <p>{w('impact.running')}</p> : null}
      {job?.result ? (
        <p className="audit-result" data-testid="impact-result">
          {w('impact.result', { rows: job.result.rowCount, any: job.result.changed.any, outcome: job.result.changed.outcome, riskClass: job.result.changed.riskClass })}
        </p>
      ) : null}
    </section>
  );
}

// Versions and who made them ------------------------------------------------------------------------

function VersionsTab({ api }: { api: ApiClient }) {
  const { w } = useAuditWords();
  const policies = usePolicies(api);
  const [policyId, setPolicyId] = useState('');
  const [histories, setHistories] = useState<VersionHistory[]>([]);
  useEffect(() => {
    if (!policyId) return;
    const calls = auditApi(api);
    void calls.versions(policyId).then(async (r) => setHistories((await Promise.all(r.items.map((v) => calls.history(policyId, v.version)))).reverse()));
  }, [api, policyId]);
  const download = async (version: number) => {
    const blob = await auditApi(api).versionExport(policyId, version);
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `creditgraph-${policyId}-v${version}.zip`;
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <section>
      <div className="audit-filters">
        <Field label={w('f.policy')}>
          <select value={policyId} onChange={(e) => setPolicyId(e.target.value)} data-testid="versions-policy">
            <option value="">{w('pickPolicy')}</option>
            {policies.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </Field>
      </div>
      {histories.map((h) => (
        <VersionCard key={h.version} history={h} onExport={() => void download(h.version)} />
      ))}
    </section>
  );
}

function VersionCard({ history: h, onExport }: { history: VersionHistory; onExport(): void }) {
  const { w, formatDate } = useAuditWords();
  const step = (s: { actor: string; at: string; comment: string | null }) => (
    <>
      <strong>{s.actor}</strong> <span className="muted">{formatDate(s.at)}</span>
      {s.comment ? <q>{s.comment}</q> : null}
    </>
  );
  return (
    <article className="audit-version" data-testid={`version-${h.version}`}>
      <h2>
        {h.policyId} v{h.version} <span className="muted mono">{h.contentHash.slice(0, 12)}…</span>
      </h2>
      <p className="muted">{w('publishedBy', { at: formatDate(h.publishedAt) })}</p>
      <dl>
        <dt>{w('editors')}</dt>
        <dd data-testid="version-editors">
          {h.edits.length ? (
            <ul>
              {h.edits.map((e) => (
                <li key={e.seq}>{step(e)}</li>
              ))}
            </ul>
          ) : (
            w('noneYet')
          )}
        </dd>
        <dt>{w('submittedBy')}</dt>
        <dd data-testid="version-submitter">{h.submitted ? step(h.submitted) : w('noneYet')}</dd>
        {h.rejected.length ? (
          <>
            <dt>{w('rejectedBy')}</dt>
            <dd>
              {h.rejected.map((r) => (
                <div key={r.seq}>{step(r)}</div>
              ))}
            </dd>
          </>
        ) : null}
        <dt>{w('approvedBy')}</dt>
        <dd data-testid="version-approver">{h.approved ? step(h.approved) : w('noneYet')}</dd>
        <dt>{w('activatedBy')}</dt>
        <dd>{h.activations.length ? h.activations.map((a) => <div key={a.seq}>{step(a)}</div>) : w('noneYet')}</dd>
      </dl>
      <button type="button" onClick={onExport}>
        {w('export')}
      </button>
    </article>
  );
}
