/** How a GroupBatcher forms its batches. */
export interface GroupBatcherOptions {
  /** At most this many calls in one batch (default 500). */
  maxBatch?: number;
  /**
   * Hold a batch this many milliseconds after its first call before running it, so that more
   * calls join it (default 0: run at once). For work where a few ms do not matter but round
   * trips do: the mail worker's jobs arrive one by one, and without it batches were 3 calls.
   */
  lingerMs?: number;
}

/**
 * Group commit for calls that many concurrent jobs make one at a time (the mail worker's
 * "record this email as sent"): the first call runs at once (or after `lingerMs`); calls made
 * while a batch is in flight wait and then run together as the next batch, in one query. Under
 * light load each call is its own batch; under heavy load batches grow by themselves, and round
 * trips shrink.
 *
 * `run` gets the keys in call order and returns one value per key, in the same order. If it
 * throws, every call of that batch rejects with the error.
 */
export class GroupBatcher<K, V> {
  private waiting: { key: K; resolve: (value: V) => void; reject: (error: unknown) => void }[] = [];
  private inFlight = false;
  private readonly maxBatch: number;
  private readonly lingerMs: number;

  constructor(
    private readonly run: (keys: K[]) => Promise<V[]>,
    options: GroupBatcherOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 500;
    this.lingerMs = options.lingerMs ?? 0;
  }

  call(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      this.waiting.push({ key, resolve, reject });
      if (this.inFlight) return;
      if (this.lingerMs > 0 && this.waiting.length < this.maxBatch) {
        this.inFlight = true; // the batch is forming: later calls join it
        setTimeout(() => this.next(), this.lingerMs);
        return;
      }
      this.next();
    });
  }

  private next(): void {
    const batch = this.waiting.splice(0, this.maxBatch);
    if (batch.length === 0) {
      this.inFlight = false;
      return;
    }
    this.inFlight = true;
    void this.run(batch.map((b) => b.key))
      .then((values) => {
        if (values.length !== batch.length)
          throw new Error(`A batch of ${batch.length} returned ${values.length} values`);
        batch.forEach((b, i) => b.resolve(values[i]!));
      })
      .catch((error: unknown) => batch.forEach((b) => b.reject(error)))
      .finally(() => {
        this.inFlight = false;
        this.next();
      });
  }
}
