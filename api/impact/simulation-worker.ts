/** Worker-thread entry of the simulation pool: runs one slice task per message (run-slice.ts). */
import { parentPort } from 'node:worker_threads';
import type { ImpactResult } from '../../engine/impact/index.js';
import { runSlice } from './run-slice.js';
import type { SliceTask } from './slice-task.js';

/** The typed arrays of the per-customer columns travel back without a copy. */
function transferables(result: ImpactResult): ArrayBuffer[] {
  const c = result.customers;
  if (!c) return [];
  const buffers = new Set<ArrayBuffer>();
  for (const value of Object.values(c)) if (ArrayBuffer.isView(value)) buffers.add(value.buffer as ArrayBuffer);
  return [...buffers];
}

parentPort?.on('message', (task: SliceTask) => {
  try {
    const value = runSlice(task, (done) => parentPort!.postMessage({ type: 'progress', done }));
    parentPort!.postMessage({ type: 'done', value }, transferables(value.result));
  } catch (error) {
    parentPort!.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
});
