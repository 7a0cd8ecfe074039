/**
 * Metrics of a clustered server (WORKERS>1): each worker counts in its own registry, so a scrape
 * answered by one worker would show that worker's share only (counters jumping between scrapes).
 * The worker that receives GET /metrics asks the primary over the cluster's IPC channel; the
 * primary collects every worker's registry with prom-client's AggregatorRegistry (counters and
 * histograms summed) and answers with the text.
 */
import cluster from 'node:cluster';
import client from 'prom-client';

const ASK = 'creditgraph:metrics?';
const ANSWER = 'creditgraph:metrics!';
const WAIT_MS = 5000;

interface Ask {
  type: typeof ASK;
  id: number;
}
interface Answer {
  type: typeof ANSWER;
  id: number;
  text?: string;
  error?: string;
}

/** In the primary: answer workers' requests with the aggregate of all workers. */
export function aggregateWorkerMetrics(): void {
  const aggregator = new client.AggregatorRegistry();
  cluster.on('message', (worker, message: Ask) => {
    if (message?.type !== ASK) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: ANSWER, id: message.id, text } satisfies Answer),
      (err: Error) => worker.send({ type: ANSWER, id: message.id, error: err.message } satisfies Answer),
    );
  });
}

/** In a worker: offer `registry` to the primary's aggregation; returns what GET /metrics serves. */
export function clusterMetricsText(registry: client.Registry): () => Promise<string> {
  client.AggregatorRegistry.setRegistries([registry]);
  new client.AggregatorRegistry(); // installs the worker's listener for the primary's requests
  const waiting = new Map<number, { resolve: (text: string) => void; reject: (err: Error) => void }>();
  let next = 0;
  process.on('message', (message: Answer) => {
    if (message?.type !== ANSWER) return;
    const w = waiting.get(message.id);
    if (!w) return;
    waiting.delete(message.id);
    if (message.text !== undefined) w.resolve(message.text);
    else w.reject(new Error(message.error ?? 'no metrics from the primary'));
  });
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = next++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`the primary did not answer with the cluster's metrics within ${WAIT_MS} ms`));
      }, WAIT_MS);
      timer.unref();
      waiting.set(id, {
        resolve: (text) => (clearTimeout(timer), resolve(text)),
        reject: (err) => (clearTimeout(timer), reject(err)),
      });
      process.send!({ type: ASK, id } satisfies Ask);
    });
}
