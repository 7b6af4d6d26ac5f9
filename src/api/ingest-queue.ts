// The ingest queue: requests wait for their events to be stored (group commit), bounded so a flood gets 429, not memory growth.
import type { SecurityEvent } from "../model/security-event.js";
import type { AppendResult, EventStore } from "../store/event-store.js";

export class QueueFullError extends Error {}
export class ShuttingDownError extends Error {}

export interface IngestQueueOptions {
  /** Events waiting to be written beyond which new submissions are refused. */
  readonly maxQueuedEvents: number;
  /** Events per store transaction (whole submissions are never split). */
  readonly maxBatchEvents: number;
  readonly onBatch?: (events: number, durationMs: number, error?: unknown) => void;
}

interface Entry {
  readonly events: readonly SecurityEvent[];
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Every submission resolves only once its events are durably stored, so a 202 is never given for
 * events that a crash could lose. Concurrent submissions share transactions (group commit).
 */
export class IngestQueue {
  private pending: Entry[] = [];
  private queued = 0;
  private writing: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly store: EventStore,
    private readonly options: IngestQueueOptions,
  ) {}

  /** Events accepted and not yet written. */
  get depth(): number {
    return this.queued;
  }

  /** Resolves when `events` are stored; rejects at once with QueueFullError or ShuttingDownError. */
  submit(events: readonly SecurityEvent[]): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new ShuttingDownError("the server is shutting down"));
    if (events.length === 0) return Promise.resolve({ received: 0, stored: 0, duplicates: 0 });
    if (this.queued > 0 && this.queued + events.length > this.options.maxQueuedEvents) {
      return Promise.reject(
        new QueueFullError(`the ingest queue is full (${this.queued} events waiting)`),
      );
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ events, resolve, reject });
      this.queued += events.length;
      this.writing ??= this.writeLoop().finally(() => {
        this.writing = undefined;
      });
    });
  }

  /** Stops accepting and waits until everything accepted is written. */
  async drain(): Promise<void> {
    this.closed = true;
    while (this.writing !== undefined) await this.writing;
  }

  private async writeLoop(): Promise<void> {
    while (this.pending.length > 0) {
      const batch: Entry[] = [];
      let size = 0;
      while (
        this.pending.length > 0 &&
        (batch.length === 0 ||
          size + (this.pending[0]?.events.length ?? 0) <= this.options.maxBatchEvents)
      ) {
        const entry = this.pending.shift()!;
        batch.push(entry);
        size += entry.events.length;
      }
      const started = performance.now();
      try {
        const result = await this.store.append(batch.flatMap((entry) => entry.events));
        this.options.onBatch?.(size, performance.now() - started);
        for (const entry of batch) entry.resolve({ ...result, received: entry.events.length });
      } catch (error) {
        this.options.onBatch?.(size, performance.now() - started, error);
        for (const entry of batch) entry.reject(error);
      } finally {
        this.queued -= size;
      }
    }
  }
}
