// The Event Hubs CheckpointStore on Vigil's own database: partition ownership with etag concurrency, and checkpoints.
import { randomUUID } from "node:crypto";
import type { Checkpoint, CheckpointStore, PartitionOwnership } from "@azure/event-hubs";
import { timestampParam } from "./dialect.js";
import type { Row } from "./event-store.js";
import type { SqlBackend, SqlSession } from "./sql-backend.js";

/**
 * Several processes sharing one PostgreSQL store split partitions through this table, as they
 * would through Azure Blob Storage: a claim succeeds only if the stored etag is the one the
 * claimer read (or no row exists when it read none), and only the claims won are returned.
 */
export class SqlCheckpointStore implements CheckpointStore {
  constructor(
    private readonly backend: SqlBackend,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  listOwnership(
    namespace: string,
    eventHub: string,
    consumerGroup: string,
  ): Promise<PartitionOwnership[]> {
    return this.backend.read(async (session) =>
      (
        await session.all(
          "SELECT * FROM eventhub_ownership WHERE namespace = $1 AND event_hub = $2 AND consumer_group = $3 ORDER BY partition_id",
          [namespace, eventHub, consumerGroup],
        )
      ).map(toOwnership),
    );
  }

  async claimOwnership(claims: PartitionOwnership[]): Promise<PartitionOwnership[]> {
    const won: PartitionOwnership[] = [];
    for (const claim of claims) {
      const etag = randomUUID();
      const now = this.clock().getTime();
      const key = [
        claim.fullyQualifiedNamespace,
        claim.eventHubName,
        claim.consumerGroup,
        claim.partitionId,
      ];
      const changed = await this.backend.transaction((session) =>
        claim.etag === undefined
          ? session.run(
              `INSERT INTO eventhub_ownership (namespace, event_hub, consumer_group, partition_id, owner_id, last_modified_ms, etag)
               VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (namespace, event_hub, consumer_group, partition_id) DO NOTHING`,
              [...key, claim.ownerId, now, etag],
            )
          : session.run(
              `UPDATE eventhub_ownership SET owner_id = $5, last_modified_ms = $6, etag = $7
               WHERE namespace = $1 AND event_hub = $2 AND consumer_group = $3 AND partition_id = $4 AND etag = $8`,
              [...key, claim.ownerId, now, etag, claim.etag],
            ),
      );
      if (changed === 1) won.push({ ...claim, etag, lastModifiedTimeInMs: now });
    }
    return won;
  }

  listCheckpoints(
    namespace: string,
    eventHub: string,
    consumerGroup: string,
  ): Promise<Checkpoint[]> {
    return this.backend.read(async (session) =>
      (
        await session.all(
          `SELECT * FROM eventhub_checkpoints WHERE namespace = $1 AND event_hub = $2 AND consumer_group = $3 ORDER BY partition_id`,
          [namespace, eventHub, consumerGroup],
        )
      ).map(
        (row): Checkpoint => ({
          fullyQualifiedNamespace: String(row.namespace),
          eventHubName: String(row.event_hub),
          consumerGroup: String(row.consumer_group),
          partitionId: String(row.partition_id),
          sequenceNumber: Number(row.sequence_number),
          offset: String(row.offset),
        }),
      ),
    );
  }

  updateCheckpoint(checkpoint: Checkpoint): Promise<void> {
    return this.updateCheckpoints([checkpoint]);
  }

  /**
   * Moves several partitions' checkpoints in one transaction; `before` runs first in the same
   * transaction (what must be visible no later than the checkpoints, e.g. the batch's metrics).
   */
  updateCheckpoints(
    checkpoints: readonly Checkpoint[],
    before?: (session: SqlSession) => Promise<void>,
  ): Promise<void> {
    const ts = timestampParam(this.backend.dialect, 7);
    const now = this.clock().toISOString();
    return this.backend.transaction(async (session) => {
      await before?.(session);
      for (const checkpoint of checkpoints)
        await session.run(
          `INSERT INTO eventhub_checkpoints (namespace, event_hub, consumer_group, partition_id, sequence_number, "offset", updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, ${ts})
           ON CONFLICT (namespace, event_hub, consumer_group, partition_id)
           DO UPDATE SET sequence_number = EXCLUDED.sequence_number, "offset" = EXCLUDED."offset", updated_at = EXCLUDED.updated_at`,
          [
            checkpoint.fullyQualifiedNamespace,
            checkpoint.eventHubName,
            checkpoint.consumerGroup,
            checkpoint.partitionId,
            checkpoint.sequenceNumber,
            checkpoint.offset,
            now,
          ],
        );
    });
  }

  /** Removes a consumer's ownership and checkpoints (a deleted connection). */
  forget(namespace: string, eventHub: string, consumerGroup: string): Promise<void> {
    return this.backend.transaction(async (session) => {
      const key = [namespace, eventHub, consumerGroup];
      await session.run(
        "DELETE FROM eventhub_ownership WHERE namespace = $1 AND event_hub = $2 AND consumer_group = $3",
        key,
      );
      await session.run(
        "DELETE FROM eventhub_checkpoints WHERE namespace = $1 AND event_hub = $2 AND consumer_group = $3",
        key,
      );
    });
  }
}

function toOwnership(row: Row): PartitionOwnership {
  return {
    fullyQualifiedNamespace: String(row.namespace),
    eventHubName: String(row.event_hub),
    consumerGroup: String(row.consumer_group),
    partitionId: String(row.partition_id),
    ownerId: String(row.owner_id),
    lastModifiedTimeInMs: Number(row.last_modified_ms),
    etag: String(row.etag),
  };
}
