// The event hubs a stand-in serves: names, creation times and partition logs, in memory or under a directory.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { HubDefinition } from "./emulator-options.js";
import { PartitionLog } from "./partition-log.js";

/** One served event hub. */
export interface EventHub {
  readonly name: string;
  readonly createdAt: Date;
  readonly partitions: readonly PartitionLog[];
  /** Partition index the next keyless, partition-less send goes to (round robin). */
  nextPartition: number;
}

/** The hubs of one stand-in, looked up case-insensitively as Azure does. */
export class HubRegistry {
  private readonly hubs = new Map<string, EventHub>();

  /** Opens every hub; with `dataDir`, loads and appends to `<dataDir>/<hub>/partition-<id>.log`. */
  constructor(definitions: readonly HubDefinition[], dataDir: string | undefined, nowMs: number) {
    for (const definition of definitions) {
      const directory =
        dataDir === undefined ? undefined : join(dataDir, definition.name.toLowerCase());
      const createdAt = directory === undefined ? new Date(nowMs) : loadCreation(directory, nowMs);
      const partitions = Array.from(
        { length: definition.partitions },
        (_, i) =>
          new PartitionLog(
            definition.name,
            String(i),
            directory === undefined ? undefined : join(directory, `partition-${i}.log`),
          ),
      );
      this.hubs.set(definition.name.toLowerCase(), {
        name: definition.name,
        createdAt,
        partitions,
        nextPartition: 0,
      });
    }
  }

  /** The hub with this name (any casing). */
  find(name: string): EventHub | undefined {
    return this.hubs.get(name.toLowerCase());
  }

  /** The partition `partitionId` of hub `name`. */
  partition(name: string, partitionId: string): PartitionLog | undefined {
    const hub = this.find(name);
    if (hub === undefined || !/^(0|[1-9][0-9]*)$/.test(partitionId)) return undefined;
    return hub.partitions[Number(partitionId)];
  }

  /** Flushes and closes every partition file. */
  close(): void {
    for (const hub of this.hubs.values()) for (const partition of hub.partitions) partition.close();
  }
}

// The hub's creation time survives restarts in <dir>/hub.json.
function loadCreation(directory: string, nowMs: number): Date {
  mkdirSync(directory, { recursive: true });
  const file = join(directory, "hub.json");
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, "utf8")) as { createdAt?: unknown };
    if (typeof stored.createdAt === "string") return new Date(stored.createdAt);
  }
  const createdAt = new Date(nowMs);
  writeFileSync(file, `${JSON.stringify({ createdAt: createdAt.toISOString() })}\n`);
  return createdAt;
}
