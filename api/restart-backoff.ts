/**
 * How long the cluster primary waits before replacing a dead worker: at once after a worker that
 * ran a while (a crash in service), doubling from 1 s up to 30 s while workers keep dying young
 * (the store is down, a setting is wrong), so a broken start does not fork in a tight loop.
 */
export class RestartBackoff {
  private quickDeaths = 0;

  constructor(
    private readonly options: { healthyAfterMs: number; firstMs: number; maxMs: number } = { healthyAfterMs: 30_000, firstMs: 1000, maxMs: 30_000 },
  ) {}

  /** The wait before the next fork, given how long the dead worker lived. */
  next(livedMs: number): number {
    if (livedMs >= this.options.healthyAfterMs) {
      this.quickDeaths = 0;
      return 0;
    }
    const wait = Math.min(this.options.maxMs, this.options.firstMs * 2 ** this.quickDeaths);
    this.quickDeaths++;
    return wait;
  }
}
