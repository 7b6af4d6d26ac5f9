// Options and public types of the local Event Hubs stand-in, with the validation of its hub list.

/** One event hub the stand-in serves. */
export interface HubDefinition {
  /** Event hub name (the `EntityPath`), e.g. `defender-export`. */
  name: string;
  /** Number of partitions, 1–1024; partition ids are `"0"`…`"n-1"`. */
  partitions: number;
}

/** How to start the stand-in. */
export interface EmulatorOptions {
  /** TCP port for plain AMQP; 0 picks an ephemeral port. */
  port: number;
  /** Address to listen on; default `127.0.0.1`. */
  host?: string;
  /** Event hubs to serve (names are matched case-insensitively, like Azure). */
  hubs: HubDefinition[];
  /** When set, every partition is an append-only file under this directory, reloaded on start. */
  dataDir?: string;
  /** Largest accepted message (a whole batch), in bytes; default 1 MiB like the Standard tier. */
  maxMessageBytes?: number;
}

/** Runtime properties of one partition, as `getPartitionProperties` reports them. */
export interface PartitionInfo {
  hub: string;
  partitionId: string;
  /** First retained sequence number (0; nothing expires). */
  beginningSequenceNumber: number;
  /** -1 when the partition is empty. */
  lastEnqueuedSequenceNumber: number;
  /** `"-1"` when the partition is empty. */
  lastEnqueuedOffset: string;
  /** The Unix epoch when the partition is empty. */
  lastEnqueuedOnUtc: Date;
  isEmpty: boolean;
}

/** A started stand-in. */
export interface RunningEmulator {
  /** The port actually listened on (useful with `port: 0`). */
  readonly port: number;
  /**
   * A connection string the `@azure/event-hubs` SDK accepts
   * (`UseDevelopmentEmulator=true` makes it use plain AMQP and SASL ANONYMOUS).
   * With `hub`, it ends in `;EntityPath=<hub>`.
   */
  connectionString(hub?: string): string;
  /** Current properties of one partition; throws for an unknown hub or partition. */
  partitionInfo(hub: string, partitionId: string): PartitionInfo;
  /** Closes every connection and the listener, and flushes the partition files. */
  stop(): Promise<void>;
}

/** Default largest message: the Event Hubs Standard tier limit. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

const HUB_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,255}$/;

/** Throws a `TypeError` naming the first problem in the hub list. */
export function validateHubs(hubs: readonly HubDefinition[]): void {
  if (hubs.length === 0) throw new TypeError("at least one event hub is required");
  const seen = new Set<string>();
  for (const hub of hubs) {
    if (!HUB_NAME.test(hub.name)) {
      throw new TypeError(
        `invalid event hub name ${JSON.stringify(hub.name)}: letters, digits, '.', '_' and '-', starting with a letter or digit`,
      );
    }
    if (!Number.isInteger(hub.partitions) || hub.partitions < 1 || hub.partitions > 1024) {
      throw new TypeError(`event hub ${hub.name}: partitions must be an integer from 1 to 1024`);
    }
    const key = hub.name.toLowerCase();
    if (seen.has(key)) throw new TypeError(`event hub ${hub.name} is listed twice`);
    seen.add(key);
  }
}
