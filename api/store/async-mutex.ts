/** A FIFO async mutex: store mutations run one at a time so check-then-write is atomic. */
export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // The chain continues whatever the task's outcome; errors go to the caller only.
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
