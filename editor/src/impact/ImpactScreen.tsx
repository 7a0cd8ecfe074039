/**
 * The Impact view (#/policies/{id}/impact): what a change does to a portfolio before it is
 * published. Pick a portfolio (a file, the synthetic sample, or the decisions logged in a period)
 * and two targets (default: active → draft); the server simulates on worker threads while a
 * progress bar moves; then migration heatmaps, limits by class, score histograms and the
 * most-changed customers, each openable with its two decisions side by side.
 */
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import type { PolicyDocument } from '../../../engine/model/policy-schema.js';
import type { ApiClient, PolicySummary, VersionSummary } from '../api/client.js';
import { DecisionSummary } from '../components/DecisionSummary.js';
import { useModal } from '../components/use-modal.js';
import { useI18n } from '../i18n/i18n.js';
import type { SimulatedCustomer, SimulationJob, SimulationTargetRef } from './types.js';
import { useSimulation } from './use-simulation.js';
import './impact.css';

const Charts = lazy(() => import('./ImpactCharts.js').then((m) => ({ default: ChartsOf(m) })));

type Source = 'file' | 'sample' | 'decisions';

interface Props {
  api: ApiClient;
  policyId: string;
  onNavigate(hash: string): void;
}

export default function ImpactScreen({ api, policyId, onNavigate }: Props) {
  const { t } = useI18n();
  const [policy, setPolicy] = useState<PolicySummary | null>(null);
  const [versions, setVersions] = useState<VersionSummary[]>([]);
  const [from, setFrom] = useState<string>('active');
  const [to, setTo] = useState<string>('draft');
  const [source, setSource] = useState<Source>('sample');
  const [file, setFile] = useState<File | null>(null);
  const [windowFrom, setWindowFrom] = useState(() => new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10));
  const [windowTo, setWindowTo] = useState(() => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10));
  const [preparing, setPreparing] = useState(false);
  const [opened, setOpened] = useState<SimulatedCustomer | null>(null);
  const { job, error, start } = useSimulation(api, policyId);

  useEffect(() => {
    api.listPolicies().then((items) => setPolicy(items.find((p) => p.id === policyId) ?? null), () => undefined);
    api.listVersions(policyId).then(setVersions, () => undefined);
  }, [api, policyId]);

  const targets = useMemo(() => ['active', 'draft', ...versions.map((v) => String(v.version)).reverse()], [versions]);
  const targetLabel = (x: string) => (x === 'active' ? t('compare.active') : x === 'draft' ? t('compare.draft') : `v${x}`);
  const asRef = (x: string): SimulationTargetRef => (x === 'active' || x === 'draft' ? x : Number(x));
  const running = job?.status === 'queued' || job?.status === 'running';

  const run = async () => {
    if (source === 'decisions') return start(asRef(from), asRef(to), { replay: { from: new Date(windowFrom).toISOString(), to: new Date(windowTo).toISOString() } });
    if (source === 'file') {
      if (!file) return;
      return start(asRef(from), asRef(to), { file, type: typeOfFile(file) });
    }
    // The synthetic sample: 10,000 customers drawn for this policy's inputs (for b2b-standard,
    // byte for byte rulesets/portfolios/b2b-standard-10k.csv). The generator loads on demand.
    setPreparing(true);
    try {
      const document = await baseDocument(api, policyId, policy);
      const { generatePortfolioCsv } = await import('../../../rulesets/portfolios/synthetic-customers.js');
      const csv = generatePortfolioCsv(document, { rows: 10_000, seed: 42 });
      await start(asRef(from), asRef(to), { file: new Blob([csv], { type: 'text/csv' }), type: 'text/csv' });
    } finally {
      setPreparing(false);
    }
  };

  const download = async () => {
    if (!job) return;
    const blob = await api.simulationCsv(policyId, job.jobId);
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `${policyId}-${job.jobId}.csv`;
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <div className="impact-screen" data-testid="impact-screen">
      <div className="impact-head">
        <button type="button" onClick={() => onNavigate(`#/policies/${encodeURIComponent(policyId)}`)}>
          ← {t('impact.back')}
        </button>
        <h1>{t('impact.title', { policy: policy?.name ?? policyId })}</h1>
      </div>
      <p className="muted">{t('impact.intro')}</p>

      <form className="impact-form" onSubmit={(e) => (e.preventDefault(), void run())}>
        <fieldset>
          <legend>{t('impact.portfolio')}</legend>
          <label>
            <input type="radio" name="source" checked={source === 'sample'} onChange={() => setSource('sample')} data-testid="source-sample" /> {t('impact.sample')}
          </label>
          <label>
            <input type="radio" name="source" checked={source === 'file'} onChange={() => setSource('file')} data-testid="source-file" /> {t('impact.upload')}
          </label>
          {source === 'file' ? (
            <input type="file" accept=".csv,.json,.ndjson,.jsonl,text/csv,application/json" onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="portfolio-file" aria-label={t('impact.upload')} />
          ) : null}
          <label>
            <input type="radio" name="source" checked={source === 'decisions'} onChange={() => setSource('decisions')} data-testid="source-decisions" /> {t('impact.replay')}
          </label>
          {source === 'decisions' ? (
            <span className="impact-window">
              <input type="date" value={windowFrom} onChange={(e) => setWindowFrom(e.target.value)} aria-label={t('impact.windowFrom')} />
              →
              <input type="date" value={windowTo} onChange={(e) => setWindowTo(e.target.value)} aria-label={t('impact.windowTo')} />
            </span>
          ) : null}
        </fieldset>
        <fieldset>
          <legend>{t('impact.targets')}</legend>
          <label>
            {t('impact.from')}{' '}
            <select value={from} onChange={(e) => setFrom(e.target.value)} data-testid="target-from">
              {targets.map((x) => (
                <option key={x} value={x}>
                  {targetLabel(x)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('impact.to')}{' '}
            <select value={to} onChange={(e) => setTo(e.target.value)} data-testid="target-to">
              {targets.map((x) => (
                <option key={x} value={x}>
                  {targetLabel(x)}
                </option>
              ))}
            </select>
          </label>
        </fieldset>
        <button type="submit" className="primary" disabled={running || preparing || (source === 'file' && !file)} data-testid="run-impact">
          {preparing ? t('impact.preparing') : t('impact.run')}
        </button>
      </form>

      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      {job ? <JobProgress job={job} /> : null}
      {job?.status === 'failed' ? (
        <p className="error-text" role="alert">
          {t('impact.failed', { error: job.error ?? '?' })}
        </p>
      ) : null}
      {job?.status === 'done' && job.result ? (
        <Results
          job={job}
          targetLabel={targetLabel}
          onDownload={() => void download()}
          onOpen={(row) => api.getSimulatedCustomer(policyId, job.jobId, row).then(setOpened, () => undefined)}
        />
      ) : null}
      {opened && job ? <SideBySide customer={opened} fromName={targetLabel(job.from.target)} toName={targetLabel(job.to.target)} onClose={() => setOpened(null)} /> : null}
    </div>
  );
}

function typeOfFile(file: File): string {
  const name = file.name.toLowerCase();
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl')) return 'application/x-ndjson';
  if (name.endsWith('.json')) return 'application/json';
  return 'text/csv';
}

async function baseDocument(api: ApiClient, policyId: string, policy: PolicySummary | null): Promise<PolicyDocument> {
  if (policy?.activeVersion) return (await api.getVersion(policyId, policy.activeVersion)).document;
  return (await api.getDraft(policyId)).document;
}

function JobProgress({ job }: { job: SimulationJob }) {
  const { t, formatNumber } = useI18n();
  const { done, total } = job.progress;
  return (
    <div className="impact-progress" data-testid="impact-progress" data-status={job.status}>
      <progress max={total || 1} value={job.status === 'done' ? total || 1 : done} aria-label={t('impact.progress')} />
      <span>
        {job.status === 'done'
          ? t('impact.doneRows', { done: formatNumber(done) })
          : total
            ? t('impact.progressRows', { done: formatNumber(done), total: formatNumber(total) })
            : t(`impact.status.${job.status}`)}
      </span>
    </div>
  );
}

function Results(props: { job: SimulationJob; targetLabel: (x: string) => string; onDownload(): void; onOpen(row: number): void }) {
  const { t, formatNumber } = useI18n();
  const { job } = props;
  const r = job.result!;
  const aName = props.targetLabel(job.from.target);
  const bName = props.targetLabel(job.to.target);
  const money = (n: number) => formatNumber(n, { maximumFractionDigits: 0 });
  const signed = (n: number) => `${n > 0 ? '+' : ''}${money(n)}`;
  const cards: [string, string, string][] = [
    [t('impact.card.customers'), formatNumber(r.rowCount), 'card-customers'],
    [t('impact.card.changed'), formatNumber(r.changed.any), 'card-changed'],
    [t('impact.card.outcome'), formatNumber(r.changed.outcome), 'card-outcome'],
    [t('impact.card.riskClass'), formatNumber(r.changed.riskClass), 'card-class'],
    [t('impact.card.limit', { currency: r.currency }), `${money(r.a.grossLimit)} → ${money(r.b.grossLimit)} (${signed(r.delta.grossLimit)})`, 'card-limit'],
    [t('impact.card.rejected'), formatNumber(job.portfolio?.rejectedCount ?? 0), 'card-rejected'],
  ];
  return (
    <section className="impact-results" aria-label={t('impact.results')}>
      <div className="impact-cards">
        {cards.map(([label, value, id]) => (
          <div key={id} className="impact-card" data-testid={id}>
            <div className="impact-card-value">{value}</div>
            <div className="muted">{label}</div>
          </div>
        ))}
        <button type="button" onClick={props.onDownload} data-testid="download-csv">
          ⤓ {t('impact.download')}
        </button>
      </div>

      <Suspense fallback={<p className="muted">{t('impact.loadingCharts')}</p>}>
        <Charts job={job} aName={aName} bName={bName} money={money} />
      </Suspense>

      {job.portfolio && job.portfolio.errors.length > 0 ? (
        <details className="impact-errors" data-testid="impact-errors">
          <summary>{t('impact.errors', { count: job.portfolio.rejectedCount })}</summary>
          <ul>
            {job.portfolio.errors.slice(0, 50).map((e, i) => (
              <li key={i}>
                {t('impact.errorLine', { row: e.row, line: e.line ?? '—', column: e.column ?? '—' })} {e.message}
              </li>
            ))}
          </ul>
        </details>
      ) : null}

      <h2>{t('impact.topChanges')}</h2>
      {r.topChanges.length === 0 ? (
        <p className="muted">{t('impact.noChanges')}</p>
      ) : (
        <table className="impact-table" data-testid="top-changes">
          <thead>
            <tr>
              <th>{t('impact.col.customer')}</th>
              <th>{t('impact.col.class')}</th>
              <th>{t('impact.col.outcome')}</th>
              <th className="num">{t('impact.col.limit', { name: aName })}</th>
              <th className="num">{t('impact.col.limit', { name: bName })}</th>
              <th className="num">{t('impact.col.delta')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {r.topChanges.map((c) => (
              <tr key={c.rowNumber}>
                <td>{c.customerId}</td>
                <td>
                  {c.a.riskClass ?? '—'} → {c.b.riskClass ?? '—'}
                </td>
                <td>
                  {t(`outcome.${c.a.outcome}`)} → {t(`outcome.${c.b.outcome}`)}
                </td>
                <td className="num">{money(c.a.grossLimit)}</td>
                <td className="num">{money(c.b.grossLimit)}</td>
                <td className={`num ${c.limitDelta < 0 ? 'down' : 'up'}`}>{signed(c.limitDelta)}</td>
                <td>
                  <button type="button" onClick={() => props.onOpen(c.rowNumber)} data-testid={`open-${c.customerId}`}>
                    {t('impact.open')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The chart module's components, arranged; built once the lazy chunk has arrived. */
function ChartsOf(m: typeof import('./ImpactCharts.js')) {
  return function ImpactChartGrid(props: { job: SimulationJob; aName: string; bName: string; money: (n: number) => string }) {
    const { t, tk, formatNumber } = useI18n();
    const r = props.job.result!;
    const classes = r.riskClasses.filter((c) => c !== '(none)');
    const classIdx = r.riskClasses.map((c, i) => (c === '(none)' ? -1 : i)).filter((i) => i >= 0);
    const scores = props.job.scores;
    return (
      <div className="impact-charts">
        <figure>
          <figcaption>{t('impact.chart.outcome')}</figcaption>
          <m.MigrationHeatmap labels={r.outcomes.map((o) => tk(`outcome.${o}`))} matrix={r.migration.outcome} fromName={props.aName} toName={props.bName} testId="chart-outcome" format={(n) => formatNumber(n)} />
        </figure>
        <figure>
          <figcaption>{t('impact.chart.riskClass')}</figcaption>
          <m.MigrationHeatmap
            labels={classes}
            matrix={classIdx.map((i) => classIdx.map((j) => r.migration.riskClass[i]![j]!))}
            fromName={props.aName}
            toName={props.bName}
            testId="chart-class"
            format={(n) => formatNumber(n)}
          />
        </figure>
        <figure>
          <figcaption>{t('impact.chart.limit', { currency: r.currency })}</figcaption>
          <m.LimitByClass classes={classes} a={classIdx.map((i) => r.a.grossLimitByClass[i]!)} b={classIdx.map((i) => r.b.grossLimitByClass[i]!)} aName={props.aName} bName={props.bName} format={props.money} />
        </figure>
        {scores ? (
          <figure>
            <figcaption>{t('impact.chart.scores')}</figcaption>
            <m.ScoreHistogram edges={scores.edges} a={scores.a} b={scores.b} aName={props.aName} bName={props.bName} format={(n) => formatNumber(n)} />
          </figure>
        ) : null}
      </div>
    );
  };
}

function SideBySide(props: { customer: SimulatedCustomer; fromName: string; toName: string; onClose(): void }) {
  const dialog = useModal<HTMLDivElement>(props.onClose);
  const { t } = useI18n();
  const { customer } = props;
  return (
    <div className="impact-dialog-backdrop" onClick={props.onClose}>
      <div ref={dialog} className="impact-dialog" role="dialog" aria-modal="true" aria-label={t('impact.sideBySide', { customer: customer.customerId })} onClick={(e) => e.stopPropagation()} data-testid="side-by-side">
        <div className="impact-dialog-head">
          <h2>{t('impact.sideBySide', { customer: customer.customerId })}</h2>
          <button type="button" onClick={props.onClose} data-testid="close-side-by-side">
            {t('impact.close')}
          </button>
        </div>
        <div className="impact-pair">
          <div>
            <h3>{props.fromName}</h3>
            <DecisionSummary decision={customer.a} />
          </div>
          <div>
            <h3>{props.toName}</h3>
            <DecisionSummary decision={customer.b} />
          </div>
        </div>
        <details>
          <summary>{t('impact.facts')}</summary>
          <pre className="impact-facts">{JSON.stringify(customer.facts, null, 2)}</pre>
        </details>
      </div>
    </div>
  );
}
