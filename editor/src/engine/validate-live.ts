/**
 * Live validation of the document being edited, in a Web Worker (validation-worker.ts) so the
 * main thread stays free to draw and answer the person; on the main thread with the lazily loaded
 * engine where a browser has no module workers.
 */
import type { PolicyDocument } from '../../../engine/model/policy-schema.js';
import type { DiagnosticLike } from '../document/overlays.js';
import type { GoldenCaseResult } from '../app/workspace/golden-live.js';
import { loadEngine } from './engine.js';

export interface LiveValidationResult {
  diagnostics: DiagnosticLike[];
  golden: { problems: DiagnosticLike[]; results: GoldenCaseResult[] };
}
export interface LiveValidationRequest {
  id: number;
  document: PolicyDocument;
  today: string;
}
export type LiveValidationResponse = { id: number; ok: true; result: LiveValidationResult } | { id: number; ok: false; message: string; evalRefused: boolean };

let worker: Worker | null = null;
let workerBroken = false;
let nextId = 1;
const pending = new Map<number, { request: LiveValidationRequest; resolve(r: LiveValidationResult): void; reject(e: Error): void }>();

function startWorker(): Worker | null {
  if (worker || workerBroken) return worker;
  if (typeof Worker === 'undefined') return null;
  try {
    worker = new Worker(new URL('./validation-worker.ts', import.meta.url), { type: 'module' });
  } catch {
    workerBroken = true;
    return null;
  }
  worker.addEventListener('message', (event: MessageEvent<LiveValidationResponse>) => {
    const answer = event.data;
    const waiting = pending.get(answer.id);
    if (!waiting) return;
    pending.delete(answer.id);
    if (answer.ok) waiting.resolve(answer.result);
    else if (answer.evalRefused) {
      // The worker may not compile (its script's CSP): from now on the page validates on its own thread.
      stopWorker();
      onMainThread(waiting.request).then(waiting.resolve, waiting.reject);
    } else waiting.reject(new Error(answer.message));
  });
  // A worker that cannot start (its script refused): the pending requests and the next ones run here.
  worker.addEventListener('error', () => {
    stopWorker();
    const waiting = [...pending.entries()];
    pending.clear();
    for (const [, w] of waiting) onMainThread(w.request).then(w.resolve, w.reject);
  });
  return worker;
}

function stopWorker(): void {
  workerBroken = true;
  worker?.terminate();
  worker = null;
}

async function onMainThread({ document, today }: LiveValidationRequest): Promise<LiveValidationResult> {
  const [engine, { goldenProblems }] = await Promise.all([loadEngine(), import('../app/workspace/golden-live.js')]);
  const diagnostics = engine.validatePolicy(document, { today }).diagnostics as DiagnosticLike[];
  const hasErrors = diagnostics.some((d) => d.severity === 'error');
  return { diagnostics, golden: hasErrors ? { problems: [], results: [] } : goldenProblems(engine, document) };
}

/** The engine's diagnostics and the golden tests' problems for `document`, checked against `today`. */
export function validateLive(document: PolicyDocument, today: string): Promise<LiveValidationResult> {
  const request: LiveValidationRequest = { id: nextId++, document, today };
  const w = startWorker();
  if (!w) return onMainThread(request);
  return new Promise((resolve, reject) => {
    pending.set(request.id, { request, resolve, reject });
    w.postMessage(request);
  });
}
