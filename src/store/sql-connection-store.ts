// Connections and their per-minute metrics in Vigil's database; the secret column holds ciphertext only.
import type { Connection, ConnectionAuth, StartPosition } from "../ingest/event-hubs/connection.js";
import { timestampParam } from "./dialect.js";
import type { Row } from "./event-store.js";
import type { SqlBackend, SqlSession } from "./sql-backend.js";

export interface NewConnection {
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly eventHub: string;
  readonly consumerGroup: string;
  readonly authKind: ConnectionAuth["kind"];
  readonly sealedSecret?: string;
  readonly tenantId?: string;
  readonly clientId?: string;
  readonly startPosition: StartPosition;
  readonly bucket: string;
  readonly at: string;
}

export interface MinuteCounts {
  readonly received: number;
  readonly stored: number;
  readonly findings: number;
  readonly rejected: number;
}

export interface ConnectionTotals extends MinuteCounts {
  /** The last minute in which the connection received anything. */
  readonly lastMinute?: string;
}

export interface MetricPoint extends MinuteCounts {
  readonly connectionId: string;
  readonly minute: string;
}

export class SqlConnectionStore {
  constructor(private readonly backend: SqlBackend) {}

  private ts(index: number): string {
    return timestampParam(this.backend.dialect, index);
  }

  insert(connection: NewConnection): Promise<void> {
    return this.backend.transaction(async (session) => {
      await session.run(
        `INSERT INTO connections (id, name, namespace, event_hub, consumer_group, auth_kind, secret, tenant_id, client_id, start_position, bucket, state, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'running', ${this.ts(12)}, ${this.ts(13)})`,
        [
          connection.id,
          connection.name,
          connection.namespace,
          connection.eventHub,
          connection.consumerGroup,
          connection.authKind,
          connection.sealedSecret ?? null,
          connection.tenantId ?? null,
          connection.clientId ?? null,
          connection.startPosition,
          connection.bucket,
          connection.at,
          connection.at,
        ],
      );
    });
  }

  list(): Promise<Connection[]> {
    return this.backend.read(async (session) =>
      (await session.all("SELECT * FROM connections ORDER BY name")).map(toConnection),
    );
  }

  /** The connection and its sealed secret (for the consumer; never for the API). */
  getWithSecret(
    id: string,
  ): Promise<{ connection: Connection; sealedSecret?: string } | undefined> {
    return this.backend.read(async (session) => {
      const row = (
        await session.all("SELECT * FROM connections WHERE id = $1 OR name = $1", [id])
      )[0];
      if (row === undefined) return undefined;
      return {
        connection: toConnection(row),
        ...(row.secret === null || row.secret === undefined
          ? {}
          : { sealedSecret: String(row.secret) }),
      };
    });
  }

  setState(id: string, state: "running" | "paused", at: string): Promise<boolean> {
    return this.backend.transaction(
      async (session) =>
        (await session.run(
          `UPDATE connections SET state = $1, last_error = NULL, updated_at = ${this.ts(2)} WHERE id = $3`,
          [state, at, id],
        )) > 0,
    );
  }

  setError(id: string, error: string | undefined, at: string): Promise<void> {
    return this.backend.transaction(async (session) => {
      await session.run(
        `UPDATE connections SET last_error = $1, updated_at = ${this.ts(2)} WHERE id = $3`,
        [error ?? null, at, id],
      );
    });
  }

  /** Deletes the connection (and so its secret) and its metrics. */
  delete(id: string): Promise<boolean> {
    return this.backend.transaction(async (session) => {
      await session.run("DELETE FROM connection_metrics WHERE connection_id = $1", [id]);
      return (await session.run("DELETE FROM connections WHERE id = $1", [id])) > 0;
    });
  }

  /** Adds counts to a connection's minute (the minute is truncated from `at`). */
  addCounts(id: string, at: Date, counts: MinuteCounts): Promise<void> {
    return this.backend.transaction((session) => this.addCountsIn(session, id, at, counts));
  }

  /** `addCounts` inside a transaction someone else runs (e.g. together with checkpoints). */
  async addCountsIn(
    session: SqlSession,
    id: string,
    at: Date,
    counts: MinuteCounts,
  ): Promise<void> {
    const minute = new Date(Math.floor(at.getTime() / 60_000) * 60_000).toISOString();
    await session.run(
      `INSERT INTO connection_metrics (connection_id, minute, events_received, events_stored, findings_stored, records_rejected)
         VALUES ($1, ${this.ts(2)}, $3, $4, $5, $6)
         ON CONFLICT (connection_id, minute) DO UPDATE SET
           events_received = connection_metrics.events_received + EXCLUDED.events_received,
           events_stored = connection_metrics.events_stored + EXCLUDED.events_stored,
           findings_stored = connection_metrics.findings_stored + EXCLUDED.findings_stored,
           records_rejected = connection_metrics.records_rejected + EXCLUDED.records_rejected`,
      [id, minute, counts.received, counts.stored, counts.findings, counts.rejected],
    );
  }

  metrics(from: string, to: string): Promise<MetricPoint[]> {
    return this.backend.read(async (session) =>
      (
        await session.all(
          `SELECT * FROM connection_metrics WHERE minute >= ${this.ts(1)} AND minute < ${this.ts(2)} ORDER BY connection_id, minute`,
          [from, to],
        )
      ).map((row) => ({
        connectionId: String(row.connection_id),
        minute: String(row.minute),
        received: Number(row.events_received),
        stored: Number(row.events_stored),
        findings: Number(row.findings_stored),
        rejected: Number(row.records_rejected),
      })),
    );
  }

  /** Totals since `from` per connection (events in the last 24 hours, rejected records). */
  totals(from: string): Promise<Map<string, ConnectionTotals>> {
    return this.backend.read(async (session) => {
      const rows = await session.all(
        `SELECT connection_id, sum(events_received) AS received, sum(events_stored) AS stored, sum(findings_stored) AS findings, sum(records_rejected) AS rejected,
                max(CASE WHEN events_received > 0 THEN minute END) AS last_minute
         FROM connection_metrics WHERE minute >= ${this.ts(1)} GROUP BY connection_id`,
        [from],
      );
      return new Map(
        rows.map((row) => [
          String(row.connection_id),
          {
            received: Number(row.received),
            stored: Number(row.stored),
            findings: Number(row.findings),
            rejected: Number(row.rejected),
            ...(row.last_minute === null || row.last_minute === undefined
              ? {}
              : { lastMinute: String(row.last_minute) }),
          },
        ]),
      );
    });
  }
}

function optional(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}

function toConnection(row: Row): Connection {
  const tenantId = optional(row.tenant_id);
  const clientId = optional(row.client_id);
  const lastError = optional(row.last_error);
  return {
    id: String(row.id),
    name: String(row.name),
    namespace: String(row.namespace),
    eventHub: String(row.event_hub),
    consumerGroup: String(row.consumer_group),
    authKind: String(row.auth_kind) as ConnectionAuth["kind"],
    startPosition: String(row.start_position),
    bucket: String(row.bucket),
    state: row.state === "paused" ? "paused" : "running",
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
    ...(tenantId === undefined ? {} : { tenantId }),
    ...(clientId === undefined ? {} : { clientId }),
    ...(lastError === undefined ? {} : { lastError }),
  };
}
