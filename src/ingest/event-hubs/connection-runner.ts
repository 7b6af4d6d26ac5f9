// One running connection: an SDK subscription whose batches are mapped, stored, then checkpointed — in that order.
import {
  type Checkpoint,
  type EventHubConsumerClient,
  earliestEventPosition,
  latestEventPosition,
  type PartitionContext,
  type ReceivedEventData,
  type Subscription,
} from "@azure/event-hubs";
import type { SqlConnectionStore } from "../../store/sql-connection-store.js";
import type { Storage } from "../../store/storage.js";
import { toDeadLetter } from "../dead-letter.js";
import { createConsumerClient } from "./client-factory.js";
import { CommitQueue, chunkByBytes } from "./commit-queue.js";
import type { Connection, ConnectionAuth } from "./connection.js";
import { type MappedBatch, mapEventHubsBatch } from "./map-batch.js";

export interface PartitionStatus {
  readonly partitionId: string;
  ownedHere: boolean;
  lastCheckpointedSequenceNumber?: number;
  lastEnqueuedSequenceNumber?: number;
  lastEventTime?: string;
  lastError?: string;
}

export interface RunnerDeps {
  readonly storage: Storage;
  readonly connections: SqlConnectionStore;
  readonly clock: () => Date;
  readonly log: (
    level: "info" | "warn" | "error",
    message: string,
    fields?: Record<string, unknown>,
  ) => void;
  readonly loadBalancing: {
    readonly updateIntervalInMs: number;
    readonly partitionOwnershipExpirationIntervalInMs: number;
  };
}

/** Delay before retrying a failed store write, growing to 30 s; the partition waits, nothing is skipped. */
function backoffMs(attempt: number): number {
  return Math.min(30_000, 250 * 2 ** Math.min(attempt - 1, 7));
}

/**
 * How much is read, held and stored at once. The SDK counts messages, not bytes: per partition it
 * hands over batches of at most `maxBatchMessages` and keeps at most `prefetchMessages` received
 * ahead (its default would be three batches). Past the SDK everything is bounded by message body
 * bytes (Event Hubs messages reach 1 MB): a batch is mapped in chunks of at most `maxChunkMessages`
 * / `maxChunkBytes`, one chunk per turn of the event loop for all partitions together (the store's
 * statements each need a turn to go on); chunks mapped and not yet stored are at most
 * `partitionInFlightBytes` per partition and `connectionInFlightBytes` in all (plus one chunk per
 * partition, so every partition makes progress); one store transaction takes the waiting chunks of
 * every partition up to `maxGroupEvents` / `maxGroupBytes`, so about two groups are in flight: one
 * being stored, the next being mapped.
 */
const CONSUMER_LIMITS = {
  maxBatchMessages: 100,
  prefetchMessages: 300,
  maxChunkMessages: 100,
  maxChunkBytes: 4 * 1024 * 1024,
  partitionInFlightBytes: 24 * 1024 * 1024,
  connectionInFlightBytes: 32 * 1024 * 1024,
  maxGroupEvents: 20_000,
  maxGroupBytes: 16 * 1024 * 1024,
} as const;

/** One chunk of one partition's batch, mapped and waiting for its group commit. */
interface PendingChunk {
  readonly partitionId: string;
  readonly mapped: MappedBatch;
  readonly receivedAt: string;
  readonly checkpoint: Checkpoint;
  readonly lastEventTime: string;
}

/** The body size of a received message (its AMQP data section), without re-serializing it. */
function messageBytes(event: {
  readonly body: unknown;
  getRawAmqpMessage?: () => { body?: unknown };
}): number {
  const sizeOf = (value: unknown): number | undefined => {
    if (value instanceof Uint8Array) return value.byteLength;
    if (typeof value === "string") return Buffer.byteLength(value);
    if (value !== null && typeof value === "object" && "content" in value)
      return sizeOf((value as { content: unknown }).content);
    return undefined;
  };
  return (
    sizeOf(event.getRawAmqpMessage?.().body) ??
    sizeOf(event.body) ??
    Buffer.byteLength(JSON.stringify(event.body ?? null))
  );
}

export class ConnectionRunner {
  readonly partitions = new Map<string, PartitionStatus>();
  lastError: string | undefined;
  private client: EventHubConsumerClient | undefined;
  private subscription: Subscription | undefined;
  private readonly stopping = new AbortController();
  private refresher: NodeJS.Timeout | undefined;
  /** Whether an error is recorded on the connection row (cleared once a batch succeeds again). */
  private errorRecorded = false;
  private readonly commits: CommitQueue<PendingChunk, number>;
  /** Message bytes mapped and not yet stored (or dropped), per partition and in all. */
  private readonly inFlightBytes = new Map<string, number>();
  private totalInFlightBytes = 0;
  private lastMappingTurn: Promise<void> = Promise.resolve();
  /** Resolves when some chunk is stored or dropped (then replaced). */
  private progress = signal();

  constructor(
    readonly connection: Connection,
    private readonly auth: ConnectionAuth,
    private readonly deps: RunnerDeps,
  ) {
    this.commits = new CommitQueue<PendingChunk, number>({
      limits: {
        maxEvents: CONSUMER_LIMITS.maxGroupEvents,
        maxBytes: CONSUMER_LIMITS.maxGroupBytes,
      },
      backoffMs,
      store: (chunks) => this.store(chunks),
      afterStore: (chunks, stored) => this.recordProgress(chunks, stored),
      onError: (error, attempt, partitionIds) => {
        const message = `storing a batch failed (attempt ${attempt}, retrying): ${(error as Error).message}`;
        this.lastError = message;
        for (const id of partitionIds) this.partition(id).lastError = message;
        this.deps.log("error", "Storing an Event Hubs batch failed; retrying.", {
          connection: this.connection.name,
          partitions: partitionIds,
          error: (error as Error).message,
        });
      },
    });
  }

  start(): void {
    const client = createConsumerClient(
      { ...this.connection, auth: this.auth },
      this.deps.storage.checkpoints,
      this.deps.loadBalancing,
    );
    this.client = client;
    // Know every partition and its last enqueued sequence number (for lag), also when idle.
    const refresh = () => void this.refreshPartitions(client);
    refresh();
    this.refresher = setInterval(
      refresh,
      Math.min(10_000, this.deps.loadBalancing.updateIntervalInMs),
    );
    this.refresher.unref();
    this.subscription = client.subscribe(
      {
        processInitialize: async (context) => {
          this.partition(context.partitionId).ownedHere = true;
        },
        processClose: async (_reason, context) => {
          this.partition(context.partitionId).ownedHere = false;
        },
        processEvents: (events, context) => this.processEvents(events, context),
        processError: async (error, context) => {
          const message = describeError(error);
          this.lastError = message;
          if (context.partitionId !== "") this.partition(context.partitionId).lastError = message;
          this.deps.log("warn", "Event Hubs consumer error.", {
            connection: this.connection.name,
            partition: context.partitionId,
            error: message,
          });
          await this.deps.connections
            .setError(this.connection.id, message, this.deps.clock().toISOString())
            .catch(() => undefined);
          this.errorRecorded = true;
        },
      },
      {
        maxBatchSize: CONSUMER_LIMITS.maxBatchMessages,
        prefetchCount: CONSUMER_LIMITS.prefetchMessages,
        maxWaitTimeInSeconds: 1,
        trackLastEnqueuedEventProperties: true,
        startPosition: startPositionOf(this.connection.startPosition),
      },
    );
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    if (this.refresher !== undefined) clearInterval(this.refresher);
    // What is not stored yet is not checkpointed: the next owner reads it again.
    await this.commits.close();
    await this.subscription?.close().catch(() => undefined);
    await this.client?.close().catch(() => undefined);
  }

  private async refreshPartitions(client: EventHubConsumerClient): Promise<void> {
    try {
      const signal = this.stopping.signal;
      for (const id of await client.getPartitionIds({ abortSignal: signal })) {
        const properties = await client.getPartitionProperties(id, { abortSignal: signal });
        this.partition(id).lastEnqueuedSequenceNumber = properties.lastEnqueuedSequenceNumber;
      }
    } catch {
      // Reported through processError when the hub is unreachable; the next refresh tries again.
    }
  }

  private partition(partitionId: string): PartitionStatus {
    let status = this.partitions.get(partitionId);
    if (status === undefined) {
      status = { partitionId, ownedHere: false };
      this.partitions.set(partitionId, status);
    }
    return status;
  }

  private async processEvents(
    events: ReceivedEventData[],
    context: PartitionContext,
  ): Promise<void> {
    const status = this.partition(context.partitionId);
    const enqueued = context.lastEnqueuedEventProperties;
    if (enqueued?.sequenceNumber !== undefined)
      status.lastEnqueuedSequenceNumber = enqueued.sequenceNumber;
    if (events.length === 0) {
      // An empty batch means the receiver is healthy again: an outage recorded earlier is over.
      if (
        this.errorRecorded &&
        this.lastError !== undefined &&
        !this.lastError.startsWith("storing")
      ) {
        this.errorRecorded = false;
        this.lastError = undefined;
        status.lastError = undefined;
        await this.deps.connections
          .setError(this.connection.id, undefined, this.deps.clock().toISOString())
          .catch(() => undefined);
      }
      return;
    }
    const partitionId = context.partitionId;
    const chunks = chunkByBytes(
      events,
      messageBytes,
      CONSUMER_LIMITS.maxChunkBytes,
      CONSUMER_LIMITS.maxChunkMessages,
    );
    for (const chunk of chunks) {
      const bytes = chunk.reduce((sum, event) => sum + messageBytes(event), 0);
      if (!(await this.roomFor(partitionId, bytes))) return; // not checkpointed: read again later
      await this.mappingTurn();
      if (this.stopping.signal.aborted) return;
      const receivedAt = this.deps.clock().toISOString();
      const mapped = mapEventHubsBatch(chunk, {
        connectionId: this.connection.id,
        connectionName: this.connection.name,
        namespace: context.fullyQualifiedNamespace,
        eventHub: context.eventHubName,
        partitionId,
        bucket: this.connection.bucket,
        observedAt: receivedAt,
      });
      const last = chunk[chunk.length - 1]!;
      this.holdBytes(partitionId, bytes);
      // Not awaited: the partition reads on while this chunk waits for its group commit; its
      // checkpoint moves only once it is stored, after every earlier chunk of the partition.
      void this.commits
        .submit(partitionId, mapped.events.length, bytes, {
          partitionId,
          mapped,
          receivedAt,
          checkpoint: {
            fullyQualifiedNamespace: context.fullyQualifiedNamespace,
            eventHubName: context.eventHubName,
            consumerGroup: context.consumerGroup,
            partitionId,
            sequenceNumber: last.sequenceNumber,
            offset: last.offset,
          },
          lastEventTime: last.enqueuedTimeUtc.toISOString(),
        })
        .then(() => this.holdBytes(partitionId, -bytes));
    }
  }

  /**
   * Resolves in a later turn of the event loop than the previous caller's: the partitions map one
   * chunk per turn, so the store's statements, which each need a turn to go on, never wait long.
   */
  private mappingTurn(): Promise<void> {
    const turn = this.lastMappingTurn.then(
      () => new Promise<void>((resolve) => setImmediate(resolve)),
    );
    this.lastMappingTurn = turn;
    return turn;
  }

  /** Waits until `bytes` more of this partition may be in flight; false once stopping. */
  private async roomFor(partitionId: string, bytes: number): Promise<boolean> {
    for (;;) {
      if (this.stopping.signal.aborted) return false;
      const own = this.inFlightBytes.get(partitionId) ?? 0;
      if (
        own === 0 ||
        (own + bytes <= CONSUMER_LIMITS.partitionInFlightBytes &&
          this.totalInFlightBytes + bytes <= CONSUMER_LIMITS.connectionInFlightBytes)
      )
        return true;
      await this.progress.promise;
    }
  }

  private holdBytes(partitionId: string, bytes: number): void {
    this.inFlightBytes.set(partitionId, (this.inFlightBytes.get(partitionId) ?? 0) + bytes);
    this.totalInFlightBytes += bytes;
    if (bytes < 0) {
      this.progress.resolve();
      this.progress = signal();
    }
  }

  /** One group's rejected records and events, durably (dead letters first; retried until both are stored); the events stored. */
  private async store(chunks: readonly PendingChunk[]): Promise<number> {
    const rejected = chunks.flatMap((chunk) =>
      chunk.mapped.rejected.map((input) => toDeadLetter(input, chunk.receivedAt)),
    );
    if (rejected.length > 0) await this.deps.storage.metadata.addDeadLetters(rejected);
    return (await this.deps.storage.events.append(chunks.flatMap((c) => c.mapped.events))).stored;
  }

  /**
   * After a group is stored: its metrics and every partition's new checkpoint in one transaction,
   * so whoever sees a checkpoint also sees the batch in the connection's metrics.
   */
  private async recordProgress(chunks: readonly PendingChunk[], stored: number): Promise<void> {
    const now = this.deps.clock();
    const counts = {
      received: chunks.reduce((sum, chunk) => sum + chunk.mapped.records, 0),
      stored,
      findings: chunks.reduce((sum, chunk) => sum + chunk.mapped.findings, 0),
      rejected: chunks.reduce((sum, chunk) => sum + chunk.mapped.rejected.length, 0),
    };
    // The last chunk of each partition carries its checkpoint (a partition's chunks are in order).
    const latest = new Map(chunks.map((chunk) => [chunk.partitionId, chunk]));
    const checkpoints = [...latest.values()].map((chunk) => chunk.checkpoint);
    const id = this.connection.id;
    try {
      await this.deps.storage.checkpoints.updateCheckpoints(checkpoints, (session) =>
        this.deps.connections.addCountsIn(session, id, now, counts),
      );
    } catch (error) {
      this.deps.log("warn", "Recording connection metrics failed.", {
        error: (error as Error).message,
      });
      try {
        await this.deps.storage.checkpoints.updateCheckpoints(checkpoints);
      } catch (checkpointError) {
        // Stored, not checkpointed: read again later, where redeliveries collapse by event id.
        const message = `checkpointing failed: ${(checkpointError as Error).message}`;
        this.lastError = message;
        for (const chunk of latest.values()) this.partition(chunk.partitionId).lastError = message;
        this.deps.log("warn", "Checkpointing an Event Hubs batch failed.", {
          connection: this.connection.name,
          error: (checkpointError as Error).message,
        });
        return;
      }
    }
    for (const chunk of latest.values()) {
      const status = this.partition(chunk.partitionId);
      status.lastCheckpointedSequenceNumber = chunk.checkpoint.sequenceNumber;
      status.lastEventTime = chunk.lastEventTime;
      status.lastError = undefined;
    }
    this.lastError = undefined;
    if (this.errorRecorded) {
      this.errorRecorded = false;
      await this.deps.connections
        .setError(this.connection.id, undefined, now.toISOString())
        .catch(() => undefined);
    }
  }
}

function startPositionOf(start: string) {
  if (start === "earliest") return earliestEventPosition;
  if (start === "latest") return latestEventPosition;
  return { enqueuedOn: new Date(start) };
}

/** A promise and the function that resolves it. */
function signal(): { readonly promise: Promise<void>; readonly resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** A readable one-line description of an SDK error (some carry an empty message and only a code or name). */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const text = error.message.trim();
  const parts = [typeof code === "string" && code !== "" ? code : error.name, text].filter(
    (part) => part !== "" && part !== "Error",
  );
  return parts.length === 0 ? "the connection to Event Hubs failed" : parts.join(": ");
}
