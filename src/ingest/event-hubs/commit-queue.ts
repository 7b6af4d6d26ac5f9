// Group commit for one connection's partitions: batches delivered concurrently are stored in one transaction, in order per partition, retried until stored.

/** Bounds of one group: whole entries only, always at least one. */
export interface GroupLimits {
  /** Mapped events per group. */
  readonly maxEvents: number;
  /** Message body bytes per group. */
  readonly maxBytes: number;
}

/** What the queue needs to know of a submitted batch to group it. */
export interface Sized {
  readonly partitionId: string;
  readonly events: number;
  readonly bytes: number;
}

/**
 * Indexes (into `pending`, ascending) of the entries the next group takes: in submission order,
 * skipping partitions in `skip` (all their entries, so no partition gets ahead of its own earlier
 * batch), whole entries, stopping at the first that would cross a limit; at least one entry when
 * any is eligible. Pure.
 */
export function nextGroup(
  pending: readonly Sized[],
  limits: GroupLimits,
  skip: ReadonlySet<string> = new Set(),
): number[] {
  const taken: number[] = [];
  let events = 0;
  let bytes = 0;
  for (let index = 0; index < pending.length; index++) {
    const entry = pending[index]!;
    if (skip.has(entry.partitionId)) continue;
    if (
      taken.length > 0 &&
      (events + entry.events > limits.maxEvents || bytes + entry.bytes > limits.maxBytes)
    )
      break;
    taken.push(index);
    events += entry.events;
    bytes += entry.bytes;
  }
  return taken;
}

/**
 * Splits `items` into consecutive runs of at most `maxCount` items whose `bytesOf` sum stays
 * within `maxBytes` (an item larger than `maxBytes` makes a run of its own). Pure.
 */
export function chunkByBytes<T>(
  items: readonly T[],
  bytesOf: (item: T) => number,
  maxBytes: number,
  maxCount = Number.POSITIVE_INFINITY,
): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = bytesOf(item);
    if (current.length > 0 && (bytes + size > maxBytes || current.length >= maxCount)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** How a submitted batch ended: stored (and its progress recorded), or dropped because the queue closed. */
export type CommitOutcome = "committed" | "stopped";

export interface CommitQueueOptions<T, R> {
  readonly limits: GroupLimits;
  /**
   * Makes a group's items durable (one store transaction for all of them). Throws to have the
   * items retried; nothing after it runs for items it did not store.
   */
  readonly store: (items: readonly T[]) => Promise<R>;
  /** Runs after `store` succeeded (metrics and checkpoints); reports its own failures (a rejection is ignored). */
  readonly afterStore: (items: readonly T[], stored: R) => Promise<void>;
  /** A store attempt failed; the partitions' items are retried after `delayMs`. */
  readonly onError: (
    error: unknown,
    attempt: number,
    partitionIds: readonly string[],
    delayMs: number,
  ) => void;
  /** Delay before retry `attempt` (1, 2, …). */
  readonly backoffMs: (attempt: number) => number;
}

interface Entry<T> extends Sized {
  readonly item: T;
  readonly resolve: (outcome: CommitOutcome) => void;
}

/**
 * Entries submitted while a group is being stored wait and go together into the next one (whole
 * entries, within the limits, per partition in submission order). A group whose store fails is
 * split by partition: each of its partitions retries alone, with backoff, together with what that
 * partition submits meanwhile, and the others go on. A partition's entries are therefore stored —
 * and `afterStore` called — in the order submitted, and never after a failed one of its own.
 */
export class CommitQueue<T, R = void> {
  private pending: Entry<T>[] = [];
  /** Partitions whose last store failed: their entries wait for their own retry. */
  private readonly retrying = new Set<string>();
  private readonly work = new Set<Promise<void>>();
  private writing: Promise<void> | undefined;
  private readonly closing = new AbortController();

  constructor(private readonly options: CommitQueueOptions<T, R>) {}

  /** Resolves once `item` is stored and `afterStore` ran for it, or with "stopped" when the queue closes first. */
  submit(partitionId: string, events: number, bytes: number, item: T): Promise<CommitOutcome> {
    if (this.closing.signal.aborted) return Promise.resolve("stopped");
    return new Promise((resolve) => {
      this.pending.push({ partitionId, events, bytes, item, resolve });
      if (!this.retrying.has(partitionId)) this.kick();
    });
  }

  /** Stops: nothing new is stored, waiting entries resolve "stopped"; resolves once the store call in progress is over. */
  async close(): Promise<void> {
    this.closing.abort();
    for (const entry of this.pending.splice(0)) entry.resolve("stopped");
    while (this.work.size > 0) await Promise.all([...this.work]);
  }

  private kick(): void {
    if (this.writing !== undefined || this.closing.signal.aborted) return;
    this.writing = this.track(this.writeLoop()).finally(() => {
      this.writing = undefined;
      // Submitted between the loop's last look and now: start again.
      if (this.pending.some((entry) => !this.retrying.has(entry.partitionId))) this.kick();
    });
  }

  private track(promise: Promise<void>): Promise<void> {
    this.work.add(promise);
    return promise.finally(() => this.work.delete(promise));
  }

  private take(indexes: readonly number[]): Entry<T>[] {
    const wanted = new Set(indexes);
    const taken: Entry<T>[] = [];
    const rest: Entry<T>[] = [];
    this.pending.forEach((entry, index) => {
      (wanted.has(index) ? taken : rest).push(entry);
    });
    this.pending = rest;
    return taken;
  }

  private async writeLoop(): Promise<void> {
    while (!this.closing.signal.aborted) {
      const group = this.take(nextGroup(this.pending, this.options.limits, this.retrying));
      if (group.length === 0) return;
      const error = await this.commit(group);
      if (error === undefined) continue;
      for (const partitionId of new Set(group.map((entry) => entry.partitionId))) {
        this.retrying.add(partitionId);
        const own = group.filter((entry) => entry.partitionId === partitionId);
        void this.track(this.retry(partitionId, own, error));
      }
    }
  }

  /** Retries one partition's failed entries (plus what it submits meanwhile) until stored or closed. */
  private async retry(partitionId: string, failed: Entry<T>[], firstError: unknown): Promise<void> {
    let entries = failed;
    let error: unknown = firstError;
    for (let attempt = 1; ; attempt++) {
      const delayMs = this.options.backoffMs(attempt);
      this.options.onError(error, attempt, [partitionId], delayMs);
      await sleep(delayMs, this.closing.signal);
      if (this.closing.signal.aborted) {
        for (const entry of entries) entry.resolve("stopped");
        return;
      }
      const own = this.pending
        .map((entry, index) => (entry.partitionId === partitionId ? index : -1))
        .filter((index) => index >= 0);
      entries = [...entries, ...this.take(own)];
      error = await this.commit(entries);
      if (error === undefined) {
        this.retrying.delete(partitionId);
        this.kick();
        return;
      }
    }
  }

  /** Stores `entries` and records their progress; resolves them. Returns the store error, if any (entries then unresolved). */
  private async commit(entries: readonly Entry<T>[]): Promise<unknown> {
    const items = entries.map((entry) => entry.item);
    let stored: R;
    try {
      stored = await this.options.store(items);
    } catch (error) {
      return error ?? new Error("storing failed");
    }
    // Stored: whatever happens to the progress record, these items are not stored again.
    await this.options.afterStore(items, stored).catch(() => undefined);
    for (const entry of entries) entry.resolve("committed");
    return undefined;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
