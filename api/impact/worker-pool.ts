/**
 * A small pool of worker threads for CPU-bound work (impact simulations), so the event loop keeps
 * answering decisions while a 100,000-row portfolio is evaluated. One task per worker at a time,
 * FIFO queue; a worker that dies fails its task and is replaced on the next one.
 *
 * Workers are unref'd: they never keep the process alive on their own (the HTTP server does).
 */
import { availableParallelism } from 'node:os';
import { Worker, type TransferListItem } from 'node:worker_threads';

/** One core is left to the event loop (decisions, uploads); at least one worker. */
export const DEFAULT_POOL_SIZE = Math.max(1, availableParallelism() - 1);

interface Task {
  payload: unknown;
  transfer: TransferListItem[];
  onProgress: (message: unknown) => void;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
}

/** Messages a pool worker posts: `{type:'progress', …}` any number of times, then one `done` or `error`. */
export type WorkerReply = { type: 'progress'; [k: string]: unknown } | { type: 'done'; value: unknown } | { type: 'error'; message: string };

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private closed = false;

  constructor(
    private readonly script: URL,
    readonly size = DEFAULT_POOL_SIZE,
  ) {}

  /** Tasks waiting for a free worker. */
  get waiting(): number {
    return this.queue.length;
  }

  run<T>(payload: unknown, options: { transfer?: TransferListItem[]; onProgress?: (message: unknown) => void } = {}): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ payload, transfer: options.transfer ?? [], onProgress: options.onProgress ?? (() => {}), resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new Error('the worker pool is closed'));
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.task === null);
      if (!slot) {
        if (this.slots.length >= this.size) return;
        slot = this.spawn();
      }
      const task = this.queue.shift()!;
      slot.task = task;
      slot.worker.ref();
      try {
        slot.worker.postMessage(task.payload, task.transfer);
      } catch (error) {
        // Not cloneable (a bug of the caller): fail this task, keep the worker.
        slot.task = null;
        slot.worker.unref();
        task.reject(error as Error);
      }
    }
  }

  private spawn(): Slot {
    // Under tsx (development, tests) the worker is a .ts file. Node 20 does not apply `--import tsx`
    // given in a worker's execArgv, so a one-line bootstrap registers tsx's loader, then imports it.
    const worker = this.script.pathname.endsWith('.ts')
      ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(this.script.href)}); })`, { eval: true })
      : new Worker(this.script);
    const slot: Slot = { worker, task: null };
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      const task = slot.task;
      if (!task) return;
      if (reply.type === 'progress') return task.onProgress(reply);
      this.finish(slot);
      if (reply.type === 'done') task.resolve(reply.value);
      else task.reject(new Error(reply.message));
    });
    const die = (error: Error) => {
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      const task = slot.task;
      slot.task = null;
      if (task) task.reject(error);
      if (!this.closed) this.dispatch();
    };
    worker.on('error', die);
    worker.on('exit', (code) => die(new Error(`a simulation worker stopped (exit code ${code})`)));
    this.slots.push(slot);
    return slot;
  }

  private finish(slot: Slot): void {
    slot.task = null;
    slot.worker.unref();
    this.dispatch();
  }
}
