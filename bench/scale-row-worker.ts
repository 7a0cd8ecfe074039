/**
 * A worker thread of the scale bench's fill: builds the sealed rows of the ranges it is sent
 * (bench/lib/scale-rows.ts) and posts them back. workerData: the policy document.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { PolicyDocument } from '../engine/index.js';
import { scaleRowMaker, type RowRange } from './lib/scale-rows.js';

const makeRows = scaleRowMaker(workerData as PolicyDocument);
parentPort!.on('message', (message: RowRange & { id: number }) => {
  parentPort!.postMessage({ id: message.id, rows: makeRows(message) });
});
