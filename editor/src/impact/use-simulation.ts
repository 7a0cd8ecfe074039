/** Starts a simulation and follows it until it is done (polling: jobs are short and few). */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiClient } from '../api/client.js';
import type { SimulationJob, SimulationTargetRef } from './types.js';

const POLL_MS = 400;

export type PortfolioChoice = { file: Blob; type: string } | { replay: { from: string; to: string } };

export function useSimulation(api: ApiClient, policyId: string) {
  const [job, setJob] = useState<SimulationJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const follow = useCallback(
    (jobId: string) => {
      const tick = async () => {
        try {
          const next = await api.getSimulation(policyId, jobId);
          setJob(next);
          if (next.status === 'queued' || next.status === 'running') timer.current = setTimeout(() => void tick(), POLL_MS);
        } catch (e) {
          setError((e as Error).message);
        }
      };
      void tick();
    },
    [api, policyId],
  );

  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  // On opening: the latest simulation of this policy, if the server still has one.
  useEffect(() => {
    let cancelled = false;
    api.listSimulations(policyId).then(
      (items) => {
        if (!cancelled && items[0]) follow(items[0].jobId);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [api, policyId, follow]);

  const start = useCallback(
    async (from: SimulationTargetRef, to: SimulationTargetRef, portfolio: PortfolioChoice) => {
      setError(null);
      if (timer.current) clearTimeout(timer.current);
      try {
        const started = await api.startSimulation(policyId, from, to, portfolio);
        setJob(started);
        follow(started.jobId);
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [api, policyId, follow],
  );

  return { job, error, start };
}
