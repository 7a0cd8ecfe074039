/**
 * On the approve screen: the latest impact simulation of the draft under review (active → draft),
 * so the approver sees what the change does before approving. Says when the draft changed since.
 */
import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import type { SimulationJob } from './types.js';
import './impact.css';

export function LatestImpact(props: { api: ApiClient; policyId: string; draftEtag: string; onOpen(): void }) {
  const { t, formatNumber, formatDate } = useI18n();
  const [job, setJob] = useState<SimulationJob | null | undefined>(undefined);
  const { api, policyId } = props;

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    // The run started on submit may still be going: follow it until it is done.
    const look = async () => {
      const items = await api.listSimulations(policyId);
      const latest = items.find((j) => j.to.target === 'draft' && j.status !== 'failed');
      if (latest && (latest.status === 'queued' || latest.status === 'running')) {
        if (!cancelled) setJob(latest);
        timer = setTimeout(() => void look().catch(() => undefined), 1000);
        return;
      }
      const full = latest ? await api.getSimulation(policyId, latest.jobId) : null;
      if (!cancelled) setJob(full);
    };
    look().catch(() => !cancelled && setJob(null));
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [api, policyId]);

  if (job === undefined) return null;
  const open = (
    <button type="button" onClick={props.onOpen} data-testid="open-impact">
      {job ? t('impact.latest.open') : t('impact.latest.run')}
    </button>
  );
  if (job && (job.status === 'queued' || job.status === 'running'))
    return (
      <div className="latest-impact" data-testid="latest-impact">
        <p className="muted" aria-live="polite">
          {t('impact.latest.running')}
        </p>
      </div>
    );
  if (!job || !job.result) {
    return (
      <div className="latest-impact" data-testid="latest-impact">
        <p className="muted">{t('impact.latest.none')}</p>
        {open}
      </div>
    );
  }
  const r = job.result;
  const money = (n: number) => formatNumber(n, { maximumFractionDigits: 0 });
  const outcome = (counts: number[]) => r.outcomes.map((o, i) => `${t(`outcome.${o}`)} ${formatNumber(counts[i] ?? 0)}`).join(' · ');
  return (
    <div className="latest-impact" data-testid="latest-impact">
      <h4>{t('impact.latest.title', { date: formatDate(job.finishedAt ?? job.createdAt), count: formatNumber(r.rowCount) })}</h4>
      {job.to.draftEtag !== bareEtag(props.draftEtag) ? <p className="warning-text">{t('impact.latest.stale')}</p> : null}
      <ul>
        <li data-testid="latest-changed">{t('impact.latest.changed', { changed: formatNumber(r.changed.any), outcome: formatNumber(r.changed.outcome), riskClass: formatNumber(r.changed.riskClass) })}</li>
        <li>{t('impact.latest.limit', { a: money(r.a.grossLimit), b: money(r.b.grossLimit), delta: `${r.delta.grossLimit > 0 ? '+' : ''}${money(r.delta.grossLimit)}`, currency: r.currency })}</li>
        <li>
          {outcome(r.a.outcomeCounts)} → {outcome(r.b.outcomeCounts)}
        </li>
      </ul>
      {open}
    </div>
  );
}

/** The editor keeps the draft's ETag as HTTP sends it (quoted); a job names the bare revision. */
const bareEtag = (etag: string) => etag.replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
