/**
 * The monitoring view (#/monitoring/<policy>): two questions, each over its own window.
 * Performance: on decisions old enough for their observation window to be over, does the score
 * still rank payers above defaulters (Gini, KS, ROC, Gini by month) and are the class bad rates
 * where they should be (with counts and the calibration verdict)? Stability: has the population
 * scored in the recent window moved against a baseline (PSI, score distribution, per criterion)?
 * Every figure comes from GET /policies/{id}/monitoring; nothing is computed here but chart geometry.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ApiClient, PolicySummary } from '../api/client.js';
import { LineChart, PairedBars, RateBars, RocCurve } from './charts.js';
import { useMonitoringWords, type MonitoringWordKey } from './monitoring-words.js';

interface Cell {
  key: string;
  count: number;
  bads: number;
  badRate: number | null;
}
interface StabilityBin {
  label: string;
  baselineCount: number;
  currentCount: number;
  baselineShare: number;
  currentShare: number;
}
interface Stability {
  index: number | null;
  level: 'stable' | 'watch' | 'shift' | null;
  baselineTotal: number;
  currentTotal: number;
  bins: StabilityBin[];
}
interface Group {
  group: string;
  rates: { decisions: number; approvalRate: number | null; overrideRate: number | null };
  labels: Record<string, number>;
  discrimination: { goods: number; bads: number; auc: number | null; gini: number | null; ks: number | null };
  badRatesByClass: Cell[];
  badRatesByBand: Cell[];
  calibration: { riskClass?: string; key?: string; expected: number | null; verdict: string }[];
  stability: Stability | null;
  characteristics: (Stability & { criterion: string; baselinePoints: number | null; currentPoints: number | null })[];
}
export interface Monitoring {
  window: { from: string; to: string };
  baseline: { from: string; to: string };
  thresholds: { psiWarn: number; psiAlert: number };
  report: { defaultDefinition: { daysPastDue: number; withinMonths: number }; overall: Group; arms: Group[] };
  overTime: { period: string; gini: number | null; goods: number; bads: number }[];
}

const DAY = 86_400_000;
/** A month's Gini on fewer bads is noise (one bad gives ±1): left out of the line. */
const MIN_BADS = 3;
const dayInput = (t: number) => new Date(t).toISOString().slice(0, 10);
const instant = (day: string) => `${day}T00:00:00Z`;
const enc = encodeURIComponent;

/** Cumulative shares of goods and bads from the lowest score band up: the ROC curve's points. */
function rocPoints(bands: Cell[]): [number, number][] {
  const bads = bands.reduce((a, c) => a + c.bads, 0);
  const goods = bands.reduce((a, c) => a + c.count - c.bads, 0);
  if (!bads || !goods) return [];
  const points: [number, number][] = [[0, 0]];
  let b = 0;
  let g = 0;
  for (const c of bands) {
    b += c.bads;
    g += c.count - c.bads;
    points.push([g / goods, b / bads]);
  }
  return points;
}

interface Query {
  from: string;
  to: string;
  baselineFrom: string;
  baselineTo: string;
  version: string;
  arm: string;
  /** Bumped by "Show": the same window read again (outcomes may have arrived). */
  refresh?: number;
}

function useReport(api: ApiClient, policyId: string | null, q: Query) {
  const [data, setData] = useState<Monitoring | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!policyId) return;
    let live = true;
    setData(null);
    setError(null);
    const params = new URLSearchParams({ from: instant(q.from), to: instant(q.to), baselineFrom: instant(q.baselineFrom), baselineTo: instant(q.baselineTo) });
    if (q.version) params.set('version', q.version);
    if (q.arm) params.set('arm', q.arm);
    api.getJson<Monitoring>(`/policies/${enc(policyId)}/monitoring?${params.toString()}`).then(
      (d) => live && setData(d),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [api, policyId, q.from, q.to, q.baselineFrom, q.baselineTo, q.version, q.arm, q.refresh]);
  return { data, error };
}

export default function MonitoringScreen({ api, policyId, onNavigate }: { api: ApiClient; policyId: string | null; onNavigate: (hash: string) => void }) {
  const { w } = useMonitoringWords();
  const [policies, setPolicies] = useState<PolicySummary[]>([]);
  useEffect(() => {
    api.listPolicies().then(setPolicies, () => setPolicies([]));
  }, [api]);
  useEffect(() => {
    if (!policyId && policies.length) onNavigate(`#/monitoring/${enc(policies.find((p) => p.id === 'b2b-standard')?.id ?? policies[0]!.id)}`);
  }, [policyId, policies, onNavigate]);

  // Performance: the two years ending a year ago (their 12-month windows are over); stability: the
  // last six months against the year before them.
  const now = Date.now();
  const [perf, setPerf] = useState<Query>({ from: dayInput(now - 730 * DAY), to: dayInput(now - 365 * DAY), baselineFrom: dayInput(now - 1095 * DAY), baselineTo: dayInput(now - 730 * DAY), version: '', arm: '' });
  const [stab, setStab] = useState<Query>({ from: dayInput(now - 180 * DAY), to: dayInput(now + DAY), baselineFrom: dayInput(now - 545 * DAY), baselineTo: dayInput(now - 180 * DAY), version: '', arm: '' });
  const performance = useReport(api, policyId, perf);
  const stability = useReport(api, policyId, stab);

  return (
    <main className="mon-page" data-testid="monitoring">
      <h1>{w('title')}</h1>
      <label>
        {w('policy')}{' '}
        <select value={policyId ?? ''} onChange={(e) => onNavigate(`#/monitoring/${enc(e.target.value)}`)} data-testid="monitoring-policy">
          {policies.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <Performance q={perf} onChange={setPerf} state={performance} />
      <StabilitySection q={stab} onChange={setStab} state={stability} />
    </main>
  );
}

type State = { data: Monitoring | null; error: string | null };

function Window({ q, onChange, baseline, testId }: { q: Query; onChange: (q: Query) => void; baseline: boolean; testId: string }) {
  const { w } = useMonitoringWords();
    const [draft, setDraft] = useState(q);
    const field = (name: keyof Query, label: MonitoringWordKey) => (
      <label>
        {w(label)}
        <input type="date" value={draft[name]} onChange={(e) => setDraft({ ...draft, [name]: e.target.value })} data-testid={`${testId}-${name}`} />
      </label>
    );
    return (
      <form
        className="mon-form"
        onSubmit={(e) => {
          e.preventDefault();
          onChange({ ...draft, refresh: (q.refresh ?? 0) + 1 });
        }}
      >
        {field('from', 'from')}
        {field('to', 'to')}
        {baseline ? field('baselineFrom', 'baselineFrom') : null}
        {baseline ? field('baselineTo', 'baselineTo') : null}
        <label>
          {w('version')}
          <input type="number" min={1} value={draft.version} onChange={(e) => setDraft({ ...draft, version: e.target.value })} style={{ width: '5em' }} data-testid={`${testId}-version`} />
        </label>
        <label>
          {w('arm')}
          <select value={draft.arm} onChange={(e) => setDraft({ ...draft, arm: e.target.value })} data-testid={`${testId}-arm`}>
            <option value="">{w('all')}</option>
            <option value="champion">{w('champion')}</option>
            <option value="challenger">{w('challenger')}</option>
          </select>
        </label>
        <button type="submit" data-testid={`${testId}-apply`}>
          {w('apply')}
        </button>
      </form>
    );
  }

function Kpi({ label, value, className, testId }: { label: string; value: string; className?: string; testId: string }) {
    return (
      <div className={`mon-kpi ${className ?? ''}`} data-testid={testId}>
        <span className="value">{value}</span>
        <span className="label">{label}</span>
      </div>
    );
  }

function Status({ state }: { state: State }) {
    if (state.error)
      return (
        <p className="error-text" role="alert">
          {state.error}
        </p>
      );
    return state.data ? null : <p>…</p>;
  }

function Performance({ q, onChange, state }: { q: Query; onChange: (q: Query) => void; state: State }) {
  const { w, ratio, percent, wholePercent, count, month } = useMonitoringWords();
    const d = state.data;
    const all = d?.report.overall;
    const def = d?.report.defaultDefinition;
    const roc = useMemo(() => (all ? rocPoints(all.badRatesByBand) : []), [all]);
    const verdicts = useMemo(() => new Map((all?.calibration ?? []).map((c) => [c.riskClass ?? c.key ?? '', c])), [all]);
    return (
      <section className="mon-section" data-testid="monitoring-performance">
        <h2>{w('performance')}</h2>
        <p className="muted">{w('performanceHelp', { definition: def ? w('definition', { days: def.daysPastDue, months: def.withinMonths }) : '…' })}</p>
        <Window q={q} onChange={onChange} baseline={false} testId="perf" />
        <Status state={state} />
        {all ? (
          all.rates.decisions === 0 ? (
            <p className="muted">{w('noData')}</p>
          ) : (
            <>
              <div className="mon-kpis">
                <Kpi label={w('gini')} value={all.discrimination.gini === null ? w('notComputable') : ratio(all.discrimination.gini)} testId="kpi-gini" />
                <Kpi label={w('ks')} value={ratio(all.discrimination.ks)} testId="kpi-ks" />
                <Kpi label={w('goods')} value={count(all.discrimination.goods)} testId="kpi-goods" />
                <Kpi label={w('bads')} value={count(all.discrimination.bads)} testId="kpi-bads" />
                <Kpi label={w('decisions')} value={count(all.rates.decisions)} testId="kpi-decisions" />
                <Kpi label={w('approvalRate')} value={percent(all.rates.approvalRate)} testId="kpi-approval" />
                <Kpi label={w('overrideRate')} value={percent(all.rates.overrideRate)} testId="kpi-override" />
              </div>
              <div className="mon-charts">
                <figure className="mon-chart">
                  <figcaption>{w('badRateByClass')}</figcaption>
                  <RateBars label={w('badRateByClass')} cells={all.badRatesByClass} format={percent} count={count} testId="chart-bad-rate-class" />
                </figure>
                <figure className="mon-chart">
                  <figcaption>{w('giniOverTime')}</figcaption>
                  <p className="muted">{w('giniOverTimeHelp', { n: MIN_BADS })}</p>
                  <LineChart label={w('giniOverTime')} points={d!.overTime.map((p) => ({ label: month(p.period), value: p.bads >= MIN_BADS ? p.gini : null }))} min={-0.2} max={1} format={(v) => ratio(v, 1)} testId="chart-gini-time" />
                </figure>
                <figure className="mon-chart">
                  <figcaption>{w('roc')}</figcaption>
                  <RocCurve label={w('roc')} points={roc} format={wholePercent} testId="chart-roc" />
                  <p className="muted">
                    x: {w('falsePositive')} · y: {w('truePositive')}
                  </p>
                </figure>
                <figure className="mon-chart">
                  <figcaption>{w('badRateByBand')}</figcaption>
                  <RateBars label={w('badRateByBand')} cells={all.badRatesByBand} format={percent} count={count} testId="chart-bad-rate-band" />
                </figure>
              </div>
              <table className="mon-table" data-testid="table-bad-rate-class">
                <thead>
                  <tr>
                    <th>{w('class')}</th>
                    <th>{w('observed')}</th>
                    <th>{w('bads')}</th>
                    <th>{w('badRate')}</th>
                    <th>{w('expected')}</th>
                    <th>{w('verdict')}</th>
                  </tr>
                </thead>
                <tbody>
                  {all.badRatesByClass.map((c) => {
                    const v = verdicts.get(c.key);
                    return (
                      <tr key={c.key}>
                        <td>{c.key}</td>
                        <td>{count(c.count)}</td>
                        <td>{count(c.bads)}</td>
                        <td>{percent(c.badRate)}</td>
                        <td>{v?.expected === null || v?.expected === undefined ? '–' : percent(v.expected)}</td>
                        <td>{v ? w(`verdict.${v.verdict}` as MonitoringWordKey) : '–'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </>
          )
        ) : null}
      </section>
    );
  }

function StabilitySection({ q, onChange, state }: { q: Query; onChange: (q: Query) => void; state: State }) {
  const { w, ratio, percent, count, day } = useMonitoringWords();
    const d = state.data;
    const all = d?.report.overall;
    const s = all?.stability ?? null;
    const levelText = useCallback(
      (level: Stability['level']) => (level === null ? w('level.none') : w(`level.${level}`, { warn: ratio(d!.thresholds.psiWarn, 2), alert: ratio(d!.thresholds.psiAlert, 2) })),
      [d, w, ratio],
    );
    return (
      <section className="mon-section" data-testid="monitoring-stability">
        <h2>{w('stability')}</h2>
        <p className="muted">{w('stabilityHelp')}</p>
        <Window q={q} onChange={onChange} baseline testId="stab" />
        <Status state={state} />
        {all && d ? (
          <>
            <div className="mon-kpis">
              <Kpi label={`${w('psi')} · ${levelText(s?.level ?? null)}`} value={ratio(s?.index ?? null)} className={s?.level ?? ''} testId="kpi-psi" />
              <Kpi label={w('window')} value={count(s?.currentTotal ?? all.rates.decisions)} testId="kpi-window-count" />
              <Kpi label={w('baseline')} value={count(s?.baselineTotal ?? 0)} testId="kpi-baseline-count" />
              <Kpi label={w('approvalRate')} value={percent(all.rates.approvalRate)} testId="kpi-stab-approval" />
            </div>
            <p className="muted">
              {day(d.window.from)} – {day(d.window.to)} · {w('baseline')} {day(d.baseline.from)} – {day(d.baseline.to)} · {w('thresholds', { warn: ratio(d.thresholds.psiWarn, 2), alert: ratio(d.thresholds.psiAlert, 2) })}
            </p>
            {s ? (
              <figure className="mon-chart" style={{ maxWidth: 620 }}>
                <figcaption>{w('scoreDistribution')}</figcaption>
                <div className="mon-legend">
                  <span>
                    <span className="swatch" style={{ background: '#2457c5' }} />
                    {w('window')}
                  </span>
                  <span>
                    <span className="swatch" style={{ background: '#b7c2d6' }} />
                    {w('baseline')}
                  </span>
                </div>
                <PairedBars
                  label={w('scoreDistribution')}
                  labels={s.bins.map((b) => b.label)}
                  window={s.bins.map((b) => (s.currentTotal ? b.currentCount / s.currentTotal : 0))}
                  baseline={s.baselineTotal ? s.bins.map((b) => b.baselineCount / s.baselineTotal) : null}
                  format={percent}
                  names={[w('window'), w('baseline')]}
                  testId="chart-score-distribution"
                />
              </figure>
            ) : null}
            {all.characteristics.length ? (
              <table className="mon-table" data-testid="table-characteristics">
                <thead>
                  <tr>
                    <th>{w('criterion')}</th>
                    <th>{w('psi')}</th>
                    <th>{w('points')}</th>
                  </tr>
                </thead>
                <tbody>
                  {all.characteristics.map((c) => (
                    <tr key={c.criterion}>
                      <td>{c.criterion}</td>
                      <td>{ratio(c.index)}</td>
                      <td>
                        {ratio(c.baselinePoints, 1)} → {ratio(c.currentPoints, 1)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </>
        ) : null}
      </section>
    );
  }
