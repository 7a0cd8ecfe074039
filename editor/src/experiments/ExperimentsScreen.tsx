/**
 * Champion/challenger (#/experiments/<policyId>): the policy's open experiment and what an approver
 * may do with it (start as the second approver, change the share, stop, promote), a proposal form
 * when none is open, and the comparison of the two arms — tables, agreement matrix, a daily chart,
 * the CSV. Every change goes through the API's four-eyes rules; the screen only offers what they allow.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, type ApiClient, type Me, type VersionSummary } from '../api/client.js';
import { experimentsApi, type Arm, type ArmSummary, type Comparison, type Experiment, type OutcomeKey } from './experiments-api.js';
import { useExperimentWords } from './experiment-words.js';
import { useI18n } from '../i18n/i18n.js';
import type { LocalizedText } from '../../../engine/model/policy-schema.js';
import './experiments.css';

const DailyChart = lazy(() => import('./DailyChart.js'));
const ARMS: Arm[] = ['champion', 'challenger'];
const OUTCOMES: OutcomeKey[] = ['accept', 'refuse', 'escalate', 'none'];

const isOpen = (e: Experiment) => e.status === 'proposed' || e.status === 'running';

export default function ExperimentsScreen({ api, me, policyId, onNavigate }: { api: ApiClient; me: Me; policyId: string | null; onNavigate: (hash: string) => void }) {
  const { w } = useExperimentWords();
  const [policies, setPolicies] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    api.listPolicies().then((items) => setPolicies(items.map((p) => ({ id: p.id, name: p.name }))), () => setPolicies([]));
  }, [api]);
  return (
    <div className="experiments" data-testid="experiments-screen">
      <h1>{w('title')}</h1>
      <p className="muted">{w('intro')}</p>
      <label className="experiments-policy">
        {w('policy')}{' '}
        <select value={policyId ?? ''} onChange={(e) => onNavigate(e.target.value ? `#/experiments/${encodeURIComponent(e.target.value)}` : '#/experiments')} data-testid="experiments-policy">
          <option value="">{w('choosePolicy')}</option>
          {policies.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.id})
            </option>
          ))}
        </select>
      </label>
      {policyId ? <PolicyExperiments key={policyId} api={api} me={me} policyId={policyId} /> : null}
    </div>
  );
}

function PolicyExperiments({ api, me, policyId }: { api: ApiClient; me: Me; policyId: string }) {
  const { w, formatDate } = useExperimentWords();
  const calls = useMemo(() => experimentsApi(api), [api]);
  const [experiments, setExperiments] = useState<Experiment[] | null>(null);
  const [versions, setVersions] = useState<VersionSummary[]>([]);
  const [activeVersion, setActiveVersion] = useState<number | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const [list, vs, policy] = await Promise.all([calls.list(policyId), api.listVersions(policyId), api.getJson<{ policy: { activeVersion: number | null } }>(`/policies/${encodeURIComponent(policyId)}`)]);
    setExperiments(list);
    setVersions(vs);
    setActiveVersion(policy.policy.activeVersion);
  }, [api, calls, policyId]);
  useEffect(() => {
    load().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [load]);

  const run = useCallback(
    async (action: () => Promise<unknown>) => {
      setError(null);
      try {
        await action();
        await load();
      } catch (e) {
        setError(e instanceof ApiError ? (e.problem.detail ?? e.problem.title) : String(e));
      }
    },
    [load],
  );

  if (!experiments) return <div className="page-message">{error ?? '…'}</div>;
  const open = experiments.find(isOpen) ?? null;
  const shown = experiments.find((e) => e.id === selected) ?? open ?? experiments[0] ?? null;
  const approver = me.roles.includes('approver');
  return (
    <>
      {error ? (
        <p className="experiments-error" role="alert" data-testid="experiments-error">
          {error}
        </p>
      ) : null}
      <section className="experiments-card" data-testid="experiment-current">
        <h2>{w('current')}</h2>
        {activeVersion === null ? <p>{w('noActive')}</p> : open ? <ExperimentCard experiment={open} me={me} run={run} calls={calls} /> : <p>{w('none')}</p>}
        {!approver ? <p className="muted">{w('readOnly')}</p> : null}
        {approver && !open && activeVersion !== null ? <ProposeForm versions={versions.filter((v) => v.version !== activeVersion)} onPropose={(body) => run(() => calls.propose(policyId, body))} /> : null}
      </section>
      {shown?.startedAt ? <ComparisonView key={`${shown.id}:${shown.revision}`} experiment={shown} api={api} /> : null}
      {experiments.length > 0 ? (
        <section className="experiments-card">
          <h2>{w('past')}</h2>
          <table className="experiments-table" data-testid="experiment-list">
            <tbody>
              {experiments.map((e) => (
                <tr key={e.id} className={e.id === shown?.id ? 'selected' : undefined}>
                  <td>{formatDate(e.proposedAt)}</td>
                  <td>
                    {w('version', { version: e.championVersion })} / {w('version', { version: e.challengerVersion })}
                  </td>
                  <td>{e.share} %</td>
                  <td>{w(`status.${e.status}`)}</td>
                  <td>
                    <button type="button" onClick={() => setSelected(e.id)} disabled={!e.startedAt}>
                      {w('show')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}

function ExperimentCard({ experiment: e, me, run, calls }: { experiment: Experiment; me: Me; run: (a: () => Promise<unknown>) => Promise<void>; calls: ReturnType<typeof experimentsApi> }) {
  const { w, formatDate } = useExperimentWords();
  const [comment, setComment] = useState('');
  const [share, setShare] = useState(String(e.share));
  const approver = me.roles.includes('approver');
  const mine = e.status === 'proposed' ? e.proposedBy === me.id : e.pendingChange?.proposedBy === me.id;
  const body = { comment: comment.trim(), revision: e.revision };
  const act = (action: 'approve' | 'stop' | 'withdraw-change' | 'promote') => run(() => calls.act(e.id, action, body));
  const noComment = !comment.trim();
  return (
    <div data-testid={`experiment-${e.status}`}>
      <dl className="experiments-facts">
        <dt>{w('champion')}</dt>
        <dd data-testid="experiment-champion">{w('version', { version: e.championVersion })}</dd>
        <dt>{w('challenger')}</dt>
        <dd data-testid="experiment-challenger">{w('version', { version: e.challengerVersion })}</dd>
        <dt>{w('share')}</dt>
        <dd data-testid="experiment-share">{e.share === 0 ? w('shadowOnly') : w('shareValue', { share: e.share })}</dd>
      </dl>
      <p className={`experiments-status status-${e.status}`} data-testid="experiment-status">
        {w(`status.${e.status}`)}
      </p>
      <p className="muted">{w('proposedBy', { who: e.proposedBy, when: formatDate(e.proposedAt) })} — {w('quoted', { text: e.comment })}</p>
      {e.approvedBy && e.startedAt ? <p className="muted">{w('approvedBy', { who: e.approvedBy, when: formatDate(e.startedAt) })}</p> : null}
      {e.pendingChange ? (
        <p className="experiments-pending" data-testid="experiment-pending">
          {e.pendingChange.kind === 'share' ? w('pendingShare', { who: e.pendingChange.proposedBy, share: e.pendingChange.share }) : w('pendingStop', { who: e.pendingChange.proposedBy })} {w('quoted', { text: e.pendingChange.comment })}
        </p>
      ) : null}
      {approver ? (
        <div className="experiments-actions">
          <label>
            {w('comment')}
            <input type="text" value={comment} onChange={(ev) => setComment(ev.target.value)} data-testid="experiment-comment" />
          </label>
          {e.status === 'proposed' || e.pendingChange ? (
            <>
              <button type="button" className="primary" disabled={mine || noComment} onClick={() => act('approve')} data-testid="experiment-approve">
                {e.status === 'proposed' ? w('approve') : w('approveChange')}
              </button>
              {mine ? <span className="muted">{w('ownProposal')}</span> : null}
              <button type="button" disabled={noComment} onClick={() => act(e.status === 'proposed' ? 'stop' : 'withdraw-change')} data-testid="experiment-withdraw">
                {e.status === 'proposed' ? w('withdraw') : w('withdrawChange')}
              </button>
            </>
          ) : (
            <>
              <label>
                {w('newShare')}
                <input type="number" min={0} max={50} step={1} value={share} onChange={(ev) => setShare(ev.target.value)} data-testid="experiment-new-share" />
              </label>
              <button type="button" disabled={noComment} onClick={() => run(() => calls.share(e.id, { ...body, share: Number(share) }))} data-testid="experiment-propose-share">
                {w('proposeShare')}
              </button>
              <button type="button" disabled={noComment} onClick={() => act('stop')} data-testid="experiment-stop">
                {w('askStop')}
              </button>
              <button type="button" className="primary" disabled={noComment} onClick={() => act('promote')} data-testid="experiment-promote">
                {w('promote', { version: e.challengerVersion })}
              </button>
            </>
          )}
        </div>
      ) : null}
    </div>
  );
}

function ProposeForm({ versions, onPropose }: { versions: VersionSummary[]; onPropose: (body: { challengerVersion: number; share: number; comment: string }) => Promise<void> }) {
  const { w, formatDate } = useExperimentWords();
  const [version, setVersion] = useState<number | null>(versions.at(-1)?.version ?? null);
  const [share, setShare] = useState('20');
  const [comment, setComment] = useState('');
  if (versions.length === 0) return <p className="muted">{w('noCandidates')}</p>;
  return (
    <form
      className="experiments-propose"
      onSubmit={(ev) => {
        ev.preventDefault();
        if (version !== null) void onPropose({ challengerVersion: version, share: Number(share), comment: comment.trim() });
      }}
      data-testid="experiment-propose-form"
    >
      <h3>{w('propose')}</h3>
      <label>
        {w('challengerVersion')}
        <select value={version ?? ''} onChange={(e) => setVersion(Number(e.target.value))} data-testid="experiment-version">
          {versions.map((v) => (
            <option key={v.version} value={v.version}>
              {w('version', { version: v.version })} — {formatDate(v.publishedAt)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {w('share')} (%)
        <input type="number" min={0} max={50} step={1} value={share} onChange={(e) => setShare(e.target.value)} data-testid="experiment-share-input" />
      </label>
      <label>
        {w('comment')}
        <input type="text" value={comment} onChange={(e) => setComment(e.target.value)} data-testid="experiment-propose-comment" />
      </label>
      <button type="submit" className="primary" disabled={!comment.trim() || version === null} data-testid="experiment-propose">
        {w('proposeButton')}
      </button>
    </form>
  );
}

/** The policy's own names of its risk classes and approval levels (both versions'), by id. */
function usePolicyNames(api: ApiClient, policyId: string, versions: number[]) {
  const { lt } = useI18n();
  const [texts, setTexts] = useState<Record<string, LocalizedText>>({});
  const key = versions.join(',');
  useEffect(() => {
    let live = true;
    Promise.all(key.split(',').map((v) => api.getVersion(policyId, Number(v)))).then(
      (docs) => {
        const found: Record<string, LocalizedText> = {};
        for (const { document } of docs)
          for (const node of document.nodes) {
            const config = node.config as { classes?: { id: string; label?: LocalizedText }[]; levels?: { id: string; label?: LocalizedText }[] };
            for (const item of [...(node.kind === 'riskClass' ? (config.classes ?? []) : []), ...(node.kind === 'approval' ? (config.levels ?? []) : [])]) if (item.label) found[`${node.kind}:${item.id}`] ??= item.label;
          }
        if (live) setTexts(found);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, policyId, key]);
  return useCallback((kind: 'riskClass' | 'approval', id: string) => (!texts[`${kind}:${id}`] ? id : kind === 'riskClass' ? `${id} — ${lt(texts[`${kind}:${id}`])}` : lt(texts[`${kind}:${id}`])), [texts, lt]);
}

function ComparisonView({ experiment, api }: { experiment: Experiment; api: ApiClient }) {
  const { w, outcomeWords, formatNumber, formatDate } = useExperimentWords();
  const [c, setC] = useState<Comparison | null>(null);
  const nameOf = usePolicyNames(api, experiment.policyId, [experiment.championVersion, experiment.challengerVersion]);
  useEffect(() => {
    experimentsApi(api).comparison(experiment.id).then(setC, () => setC(null));
  }, [api, experiment.id]);
  const percent = useCallback((x: number | null) => (x === null ? '—' : formatNumber(x, { style: 'percent', maximumFractionDigits: 1 })), [formatNumber]);
  const chartLabels = useMemo(
    () => ({ answered: w('dailyAnswered'), acceptChampion: w('dailyAccept', { arm: w('champion') }), acceptChallenger: w('dailyAccept', { arm: w('challenger') }), formatPercent: (x: number) => percent(x) }),
    [w, percent],
  );
  const download = async () => {
    const blob = await experimentsApi(api).csv(experiment.id);
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `${experiment.policyId}-${experiment.id}-comparison.csv`;
    a.click();
    URL.revokeObjectURL(url);
  };
  if (!c) return null;
  const head = (
    <tr>
      <th />
      {ARMS.map((arm) => (
        <th key={arm} scope="col">
          {w(arm)} ({w('version', { version: c.versions[arm] })})
        </th>
      ))}
      {ARMS.map((arm) => (
        <th key={`a-${arm}`} scope="col" className="answered">
          {w('answeredOnly', { arm: w(arm) })}
        </th>
      ))}
    </tr>
  );
  const row = (label: string, get: (s: ArmSummary) => string | number, testId?: string) => (
    <tr key={label} data-testid={testId}>
      <th scope="row">{label}</th>
      {ARMS.map((arm) => (
        <td key={arm}>{String(get(c.arms[arm]))}</td>
      ))}
      {ARMS.map((arm) => (
        <td key={`a-${arm}`} className="answered">
          {String(get(c.answeredBy[arm]))}
        </td>
      ))}
    </tr>
  );
  const keysOf = (pick: (s: ArmSummary) => Record<string, number>) => [...new Set(ARMS.flatMap((arm) => Object.keys(pick(c.arms[arm]))))].sort();
  const n = (x: number) => formatNumber(x);
  return (
    <section className="experiments-card" data-testid="experiment-comparison">
      <h2>
        {w('comparison')} <span className="muted">{w('comparisonOf', { when: formatDate(experiment.proposedAt), champion: c.versions.champion, challenger: c.versions.challenger })}</span>
      </h2>
      {c.decisions === 0 ? (
        <p>{w('noDecisions')}</p>
      ) : (
        <>
          <p data-testid="comparison-summary">{w('summary', { decisions: n(c.decisions), champion: n(c.answered.champion), challenger: n(c.answered.challenger), agreement: percent(c.agreementRate) })}</p>
          <p className="muted">{w('sameRequests')}</p>
          <div className="experiments-grid">
            <table className="experiments-table" data-testid="comparison-outcomes">
              <caption>{w('byOutcome')}</caption>
              <thead>{head}</thead>
              <tbody>
                {OUTCOMES.map((o) => row(outcomeWords(o), (s) => n(s.byOutcome[o]), `outcome-${o}`))}
                {row(w('acceptRate'), (s) => percent(s.acceptRate))}
              </tbody>
            </table>
            <table className="experiments-table" data-testid="comparison-classes">
              <caption>{w('byClass')}</caption>
              <thead>{head}</thead>
              <tbody>{keysOf((s) => s.byClass).map((k) => row(k ? nameOf('riskClass', k) : w('noClass'), (s) => n(s.byClass[k] ?? 0), `class-${k}`))}</tbody>
            </table>
            <table className="experiments-table" data-testid="comparison-levels">
              <caption>{w('byLevel')}</caption>
              <thead>{head}</thead>
              <tbody>{keysOf((s) => s.byApprovalLevel).map((k) => row(k ? nameOf('approval', k) : w('noClass'), (s) => n(s.byApprovalLevel[k] ?? 0)))}</tbody>
            </table>
            <table className="experiments-table" data-testid="comparison-totals">
              <caption>{w('totals')}</caption>
              <thead>{head}</thead>
              <tbody>
                {row(w('grantedLimits'), (s) => n(s.grantedLimits), 'granted-limits')}
                {row(w('escalations'), (s) => n(s.escalations))}
              </tbody>
            </table>
            <table className="experiments-table experiments-matrix" data-testid="comparison-agreement">
              <caption>{w('agreement')}</caption>
              <thead>
                <tr>
                  <th />
                  {OUTCOMES.map((o) => (
                    <th key={o} scope="col">
                      {outcomeWords(o)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {OUTCOMES.map((champion) => (
                  <tr key={champion}>
                    <th scope="row">{outcomeWords(champion)}</th>
                    {OUTCOMES.map((challenger) => (
                      <td key={challenger} className={champion === challenger ? 'same' : c.agreement[champion][challenger] > 0 ? 'differs' : undefined}>
                        {n(c.agreement[champion][challenger])}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>{w('daily')}</h3>
          <Suspense fallback={null}>
            <DailyChart daily={c.daily} labels={chartLabels} />
          </Suspense>
        </>
      )}
      <button type="button" onClick={() => void download()} data-testid="comparison-csv">
        {w('csv')}
      </button>
    </section>
  );
}
