// Versioned schema migrations, shared by both SQL backends; each runs once, in a transaction, on open.
import { DEFAULT_BUCKET } from "./buckets.js";
import type { SqlDialect } from "./dialect.js";
import { quoteIdent as q } from "./dialect.js";
import { eventCountsMigration } from "./event-counts.js";
import { latestArrivalsMigration } from "./latest-arrivals.js";
import {
  createBucketsTable,
  createEventsTable,
  createFindingsTable,
  createRawRecordsTable,
  createRoutingRulesTable,
  createSecurityEventsView,
  createSnapshotRunsTable,
  upsertFindingsStatements,
} from "./sql-schema.js";

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Statements to run, in order, inside one transaction. */
  up(dialect: SqlDialect): string[];
}

const DEFAULT_BUCKET_INSERT = `INSERT INTO buckets (name, display_name, retention_days, built_in, created_at)
VALUES ('${DEFAULT_BUCKET.name}', '${DEFAULT_BUCKET.displayName}', ${DEFAULT_BUCKET.retentionDays}, TRUE, CURRENT_TIMESTAMP)`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "event log, buckets and routing rules",
    up: (dialect) => {
      const statements = [
        createBucketsTable(dialect),
        createRoutingRulesTable(dialect),
        createEventsTable(dialect),
        createRawRecordsTable(dialect),
        createSecurityEventsView(),
        DEFAULT_BUCKET_INSERT,
      ];
      if (dialect.name === "postgres") {
        statements.push(
          `CREATE INDEX events_bucket_time ON events (${q("dt.system.bucket")}, ${q("timestamp")})`,
          `CREATE INDEX events_time ON events (${q("timestamp")})`,
          `CREATE INDEX events_finding ON events (${q("finding.id")})`,
        );
      }
      return statements;
    },
  },
  {
    version: 2,
    name: "current finding state and snapshot runs (backfilled from the event log)",
    up: (dialect) => {
      const statements = [
        createFindingsTable(dialect),
        createSnapshotRunsTable(dialect),
        ...upsertFindingsStatements(dialect, "events"),
      ];
      if (dialect.name === "postgres") {
        statements.push(
          `CREATE INDEX findings_status_risk ON findings (${q("finding.status")}, ${q("dt.security.risk.level")})`,
          `CREATE INDEX findings_scope ON findings (${q("dt.system.bucket")}, ${q("azure.subscription")}, ${q("microsoft_defender.assessment.key")})`,
        );
      }
      return statements;
    },
  },
  {
    version: 3,
    name: "API tokens and dead letters",
    up: (dialect) => {
      const text = dialect.columnType("string");
      const ts = dialect.columnType("timestamp");
      return [
        `CREATE TABLE api_tokens (
  id ${text} PRIMARY KEY,
  name ${text} NOT NULL,
  secret_hash ${text} NOT NULL,
  scopes ${dialect.columnType("string[]")} NOT NULL,
  created_at ${ts} NOT NULL,
  last_used_at ${ts},
  revoked_at ${ts}
)`,
        `CREATE TABLE dead_letters (
  id ${text} PRIMARY KEY,
  received_at ${ts} NOT NULL,
  source ${text} NOT NULL,
  kind ${text} NOT NULL,
  position ${text},
  reason ${text} NOT NULL,
  field ${text},
  message ${text} NOT NULL,
  raw ${text} NOT NULL,
  raw_bytes BIGINT NOT NULL,
  truncated BOOLEAN NOT NULL,
  context ${text},
  attempts INTEGER NOT NULL,
  replayed_at ${ts}
)`,
      ];
    },
  },
  {
    version: 4,
    name: "Event Hubs connections, their per-minute metrics, partition ownership and checkpoints",
    up: (dialect) => {
      const text = dialect.columnType("string");
      const ts = dialect.columnType("timestamp");
      return [
        `CREATE TABLE connections (
  id ${text} PRIMARY KEY,
  name ${text} NOT NULL UNIQUE,
  namespace ${text} NOT NULL,
  event_hub ${text} NOT NULL,
  consumer_group ${text} NOT NULL,
  auth_kind ${text} NOT NULL,
  secret ${text},
  tenant_id ${text},
  client_id ${text},
  start_position ${text} NOT NULL,
  bucket ${text} NOT NULL,
  state ${text} NOT NULL,
  last_error ${text},
  created_at ${ts} NOT NULL,
  updated_at ${ts} NOT NULL
)`,
        `CREATE TABLE connection_metrics (
  connection_id ${text} NOT NULL,
  minute ${ts} NOT NULL,
  events_received BIGINT NOT NULL,
  events_stored BIGINT NOT NULL,
  findings_stored BIGINT NOT NULL,
  records_rejected BIGINT NOT NULL,
  PRIMARY KEY (connection_id, minute)
)`,
        `CREATE TABLE eventhub_ownership (
  namespace ${text} NOT NULL,
  event_hub ${text} NOT NULL,
  consumer_group ${text} NOT NULL,
  partition_id ${text} NOT NULL,
  owner_id ${text} NOT NULL,
  last_modified_ms BIGINT NOT NULL,
  etag ${text} NOT NULL,
  PRIMARY KEY (namespace, event_hub, consumer_group, partition_id)
)`,
        `CREATE TABLE eventhub_checkpoints (
  namespace ${text} NOT NULL,
  event_hub ${text} NOT NULL,
  consumer_group ${text} NOT NULL,
  partition_id ${text} NOT NULL,
  sequence_number BIGINT NOT NULL,
  "offset" ${text} NOT NULL,
  updated_at ${ts} NOT NULL,
  PRIMARY KEY (namespace, event_hub, consumer_group, partition_id)
)`,
      ];
    },
  },
  {
    version: 5,
    name: "documents: the team's notebooks and dashboards, versioned for optimistic concurrency",
    up: (dialect) => {
      const text = dialect.columnType("string");
      const ts = dialect.columnType("timestamp");
      const statements = [
        `CREATE TABLE documents (
  id ${text} PRIMARY KEY,
  kind ${text} NOT NULL,
  name ${text} NOT NULL,
  content ${text} NOT NULL,
  owner ${text} NOT NULL,
  created_at ${ts} NOT NULL,
  updated_at ${ts} NOT NULL,
  version BIGINT NOT NULL
)`,
      ];
      // Not on DuckDB: an index there turns every update of an indexed column into delete + insert.
      if (dialect.name === "postgres")
        statements.push("CREATE INDEX documents_kind_updated ON documents (kind, updated_at)");
      return statements;
    },
  },
  {
    version: 6,
    name: "latest arrival per finding key (what dedup … sort: {timestamp desc} keeps), backfilled from the event log",
    // Its table (key fields and a pointer to the event) is replaced by version 7's; a store that
    // has not run 6 yet gets 7's table directly.
    up: () => [],
  },
  {
    version: 7,
    name: "latest arrivals keyed by the finding (bucket, type, image, vulnerability, component) and carrying a copy of the event, backfilled",
    up: (dialect) => latestArrivalsMigration(dialect),
  },
  {
    version: 8,
    name: "events per bucket and hour (what scannedRecords counts), backfilled from the event log",
    up: (dialect) => eventCountsMigration(dialect),
  },
];

export const LATEST_VERSION = Math.max(...MIGRATIONS.map((migration) => migration.version));

export const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name VARCHAR NOT NULL,
  applied_at TIMESTAMP NOT NULL
)`;

/** Migrations still to run after `applied` versions, up to `target`, in order. */
export function pendingMigrations(
  applied: ReadonlySet<number>,
  target = LATEST_VERSION,
): Migration[] {
  return MIGRATIONS.filter(
    (migration) => !applied.has(migration.version) && migration.version <= target,
  ).sort((a, b) => a.version - b.version);
}
