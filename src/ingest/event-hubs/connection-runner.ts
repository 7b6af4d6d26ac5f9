// One running connection: an SDK subscription whose batches are mapped, stored, then checkpointed — in that order.
import {
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
import type { Connection, ConnectionAuth } from "./connection.js";
import { mapEventHubsBatch } from "./map-batch.js";

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
  return Math.min(30_000, 250 * 2 ** Math.min(attempt, 7));
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

  constructor(
    readonly connection: Connection,
    private readonly auth: ConnectionAuth,
    private readonly deps: RunnerDeps,
  ) {}

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
        maxBatchSize: 500,
        maxWaitTimeInSeconds: 1,
        trackLastEnqueuedEventProperties: true,
        startPosition: startPositionOf(this.connection.startPosition),
      },
    );
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    if (this.refresher !== undefined) clearInterval(this.refresher);
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
    const now = this.deps.clock();
    const mapped = mapEventHubsBatch(events, {
      connectionId: this.connection.id,
      connectionName: this.connection.name,
      namespace: context.fullyQualifiedNamespace,
      eventHub: context.eventHubName,
      partitionId: context.partitionId,
      bucket: this.connection.bucket,
      observedAt: now.toISOString(),
    });
    let stored = 0;
    for (let attempt = 0; ; attempt += 1) {
      if (this.stopping.signal.aborted) return; // not checkpointed: the next owner reads this batch again
      try {
        await this.deps.storage.metadata.addDeadLetters(
          mapped.rejected.map((input) => toDeadLetter(input, now.toISOString())),
        );
        stored = (await this.deps.storage.events.append(mapped.events)).stored;
        break;
      } catch (error) {
        const message = `storing a batch failed (attempt ${attempt + 1}, retrying): ${(error as Error).message}`;
        this.lastError = message;
        status.lastError = message;
        this.deps.log("error", "Storing an Event Hubs batch failed; retrying.", {
          connection: this.connection.name,
          partition: context.partitionId,
          error: (error as Error).message,
        });
        await sleep(backoffMs(attempt), this.stopping.signal);
      }
    }
    // Counts first: whoever sees the checkpoint also sees the batch in the connection's metrics.
    await this.deps.connections
      .addCounts(this.connection.id, now, {
        received: mapped.records,
        stored,
        findings: mapped.findings,
        rejected: mapped.rejected.length,
      })
      .catch((error) =>
        this.deps.log("warn", "Recording connection metrics failed.", {
          error: (error as Error).message,
        }),
      );
    const last = events[events.length - 1]!;
    await context.updateCheckpoint(last);
    status.lastCheckpointedSequenceNumber = last.sequenceNumber;
    status.lastEventTime = last.enqueuedTimeUtc.toISOString();
    status.lastError = undefined;
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

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
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
