// Table definitions and the statements shared by both SQL backends, built from the field catalog.
import {
  EVENT_COLUMNS,
  EVENT_NOT_NULL,
  FINDING_COLUMNS,
  FINDING_STATE_COLUMNS,
  RAW_DATA_FIELD,
  RAW_ID_COLUMN,
} from "./columns.js";
import { DUCKDB_DIALECT as DUCKDB, quoteIdent as q, type SqlDialect } from "./dialect.js";
import { rebuildEventCountsStatements } from "./event-counts.js";
import { fillLatestArrivalsStatements, LATEST_ARRIVALS_TABLE } from "./latest-arrivals.js";

/** Finding-state columns copied from the latest observation (the raw record stays in `raw_records`). */
export const STATE_COPIED_COLUMNS = FINDING_COLUMNS;

const STATE = FINDING_STATE_COLUMNS;

export function createBucketsTable(dialect: SqlDialect): string {
  return `CREATE TABLE buckets (
  name ${dialect.columnType("string")} PRIMARY KEY,
  display_name ${dialect.columnType("string")},
  retention_days INTEGER NOT NULL,
  built_in BOOLEAN NOT NULL,
  created_at ${dialect.columnType("timestamp")} NOT NULL
)`;
}

export function createRoutingRulesTable(dialect: SqlDialect): string {
  const text = dialect.columnType("string");
  return `CREATE TABLE routing_rules (
  name ${text} PRIMARY KEY,
  field ${text} NOT NULL,
  operator ${text} NOT NULL,
  "values" ${dialect.columnType("string[]")} NOT NULL,
  bucket ${text} NOT NULL,
  position INTEGER NOT NULL
)`;
}

/** The event log: one typed column per catalog field, the raw record's id, `extra` for undeclared fields. */
export function createEventsTable(dialect: SqlDialect): string {
  const columns = EVENT_COLUMNS.map((column) => {
    const notNull = EVENT_NOT_NULL.has(column.name);
    return `  ${q(column.name)} ${dialect.columnType(column.type)}${notNull ? " NOT NULL" : ""}`;
  });
  return `CREATE TABLE events (\n${columns.join(",\n")},\n  PRIMARY KEY (${q("event.id")})\n)`;
}

/** Original records, stored once however many events came from them (keyed by SHA-256 of the text). */
export function createRawRecordsTable(dialect: SqlDialect): string {
  const text = dialect.columnType("string");
  return `CREATE TABLE raw_records (raw_id ${text} PRIMARY KEY, raw_data ${text} NOT NULL)`;
}

/** Events with their original record as `dt.raw_data`: what queries over security.events read. */
export function createSecurityEventsView(): string {
  return `CREATE VIEW security_events AS
SELECT events.*, raw_records.raw_data AS ${q(RAW_DATA_FIELD)}
FROM events LEFT JOIN raw_records ON raw_records.raw_id = events.${q(RAW_ID_COLUMN)}`;
}

/** Current finding state: the latest observation's fields plus first/last seen and resolution time. */
export function createFindingsTable(dialect: SqlDialect): string {
  const ts = dialect.columnType("timestamp");
  const columns = STATE_COPIED_COLUMNS.map(
    (column) => `  ${q(column.name)} ${dialect.columnType(column.type)}`,
  );
  columns.push(
    `  ${q(STATE.firstSeen)} ${ts} NOT NULL`,
    `  ${q(STATE.lastSeen)} ${ts} NOT NULL`,
    `  ${q(STATE.resolvedAt)} ${ts}`,
  );
  return `CREATE TABLE findings (\n${columns.join(",\n")},\n  PRIMARY KEY (${q("finding.id")})\n)`;
}

/** Weekly snapshot runs, detected from arrival: per bucket, subscription and recommendation. */
export function createSnapshotRunsTable(dialect: SqlDialect): string {
  const text = dialect.columnType("string");
  const ts = dialect.columnType("timestamp");
  return `CREATE TABLE snapshot_runs (
  run_id ${text} PRIMARY KEY,
  bucket ${text} NOT NULL,
  subscription ${text} NOT NULL,
  assessment_key ${text} NOT NULL,
  started_at ${ts} NOT NULL,
  last_record_at ${ts} NOT NULL,
  records BIGINT NOT NULL,
  completed_at ${ts}
)`;
}

/**
 * Whether observation `l` replaces the stored state `f`: it is newer by Defender's time, or as new
 * with a different status or resolution and a later arrival. An unchanged resend (the weekly
 * snapshot) only widens first/last seen; an older observation arriving late changes nothing else.
 */
function replaces(l: string, f: string): string {
  const col = (alias: string, name: string) => `${alias}.${q(name)}`;
  const time = "finding.time.created";
  return `(${col(l, time)} > ${col(f, time)} OR (${col(l, time)} = ${col(f, time)}
    AND (${col(l, "finding.status")} IS DISTINCT FROM ${col(f, "finding.status")} OR ${col(l, "vigil.finding.resolution")} IS DISTINCT FROM ${col(f, "vigil.finding.resolution")})
    AND (${col(l, "timestamp")}, ${col(l, "event.id")}) > (${col(f, "timestamp")}, ${col(f, "event.id")})))`;
}

const LATEST = "vigil_latest";

/**
 * The newest observation per finding among the finding events of `source`, with the batch's
 * first/last seen. DuckDB picks the winner with a hash aggregate (`arg_max`) and joins it back,
 * which is several times cheaper than a window over every column; PostgreSQL sorts.
 */
function latestObservationsSql(dialect: SqlDialect, source: string): string {
  const copied = STATE_COPIED_COLUMNS.map((column) => q(column.name));
  const finding = `${q("event.type")} = 'VULNERABILITY_FINDING'`;
  const resolvedAt = (alias: string) =>
    `CASE WHEN ${alias}${q("finding.status")} = 'RESOLVED' THEN ${alias}${q("finding.time.created")} END AS ${q(STATE.resolvedAt)}`;
  if (dialect.name === "duckdb") {
    // Same order as the window below: created (nulls last), then arrival, then event id, all descending.
    const rank = `(coalesce(${q("finding.time.created")}, TIMESTAMP '-infinity'), ${q("timestamp")}, ${q("event.id")})`;
    return `WITH winners AS (
  SELECT arg_max(${q("event.id")}, ${rank}) AS winner,
         min(${q("timestamp")}) AS first_seen, max(${q("timestamp")}) AS last_seen
  FROM ${source} WHERE ${finding} GROUP BY ${q("finding.id")}
)
SELECT ${copied.map((column) => `s.${column}`).join(", ")}, first_seen AS ${q(STATE.firstSeen)}, last_seen AS ${q(STATE.lastSeen)}, ${resolvedAt("s.")}
FROM ${source} s JOIN winners ON s.${q("event.id")} = winners.winner`;
  }
  const partition = `PARTITION BY ${q("finding.id")}`;
  const order = `ORDER BY ${q("finding.time.created")} DESC NULLS LAST, ${q("timestamp")} DESC, ${q("event.id")} DESC`;
  return `SELECT ${copied.join(", ")}, first_seen AS ${q(STATE.firstSeen)}, last_seen AS ${q(STATE.lastSeen)}, ${resolvedAt("")}
FROM (
  SELECT *, row_number() OVER (${partition} ${order}) AS vigil_rank,
         min(${q("timestamp")}) OVER (${partition}) AS first_seen,
         max(${q("timestamp")}) OVER (${partition}) AS last_seen
  FROM ${source}
  WHERE ${finding}
) ranked
WHERE vigil_rank = 1`;
}

/**
 * Statements that upsert finding state from the finding events of `source` (a staging table, or the
 * event log for a backfill): the newest observation per finding in the batch is inserted when the
 * finding is new, replaces the stored state when `replaces` says so, and otherwise only widens
 * first/last seen. Three set-based statements (the updates first, so they never touch the rows the
 * insert adds), so that the common cases (new findings, unchanged
 * resends) stay cheap on a column store (one `ON CONFLICT DO UPDATE` with a CASE per column
 * measured twice as slow on DuckDB).
 */
export function upsertFindingsStatements(dialect: SqlDialect, source: string): string[] {
  const copied = STATE_COPIED_COLUMNS.map((column) => q(column.name));
  const columns = [...copied, q(STATE.firstSeen), q(STATE.lastSeen), q(STATE.resolvedAt)];
  const seen = [
    `${q(STATE.firstSeen)} = least(findings.${q(STATE.firstSeen)}, l.${q(STATE.firstSeen)})`,
    `${q(STATE.lastSeen)} = greatest(findings.${q(STATE.lastSeen)}, l.${q(STATE.lastSeen)})`,
  ];
  const replaceAll = [
    ...copied
      .filter((column) => column !== q("finding.id"))
      .map((column) => `${column} = l.${column}`),
    `${q(STATE.resolvedAt)} = l.${q(STATE.resolvedAt)}`,
    ...seen,
  ];
  const match = `findings.${q("finding.id")} = l.${q("finding.id")}`;
  const widenSeen = `UPDATE findings SET ${seen.join(", ")} FROM ${LATEST} l WHERE ${match} AND NOT ${replaces("l", "findings")}
  AND (l.${q(STATE.lastSeen)} > findings.${q(STATE.lastSeen)} OR l.${q(STATE.firstSeen)} < findings.${q(STATE.firstSeen)})`;
  if (dialect.name === "duckdb") return duckDbUpsertFindingsStatements(source, columns, widenSeen);
  return [
    `DROP TABLE IF EXISTS ${LATEST}`,
    `CREATE TEMP TABLE ${LATEST} ON COMMIT DROP AS\n${latestObservationsSql(dialect, source)}`,
    `UPDATE findings SET ${replaceAll.join(", ")} FROM ${LATEST} l WHERE ${match} AND ${replaces("l", "findings")}`,
    widenSeen,
    // After the updates, so that they only meet findings known before this batch.
    `INSERT INTO findings (${columns.join(", ")}) SELECT ${columns.join(", ")} FROM ${LATEST} ON CONFLICT (${q("finding.id")}) DO NOTHING`,
    `DROP TABLE ${LATEST}`,
  ];
}

const REPLACED = "vigil_replaced_findings";

/**
 * DuckDB's version of the upsert: a replaced finding is deleted and inserted again instead of
 * updated. A DuckDB UPDATE of every column of a wide row (long texts) writes each column's old and
 * new values into per-column update segments, which later scans merge and each checkpoint rewrites
 * whole column segments for; it took ~30 % of an import's append time and grew with the table. A
 * delete only marks the row. New findings are a plain insert of the ids not stored yet (a DuckDB
 * store has one writer) instead of ON CONFLICT, which DuckDB runs as a MERGE at several times the cost.
 */
function duckDbUpsertFindingsStatements(
  source: string,
  columns: readonly string[],
  widenSeen: string,
): string[] {
  const id = q("finding.id");
  const fromLatest = columns.filter(
    (column) => column !== q(STATE.firstSeen) && column !== q(STATE.lastSeen),
  );
  return [
    `DROP TABLE IF EXISTS ${LATEST}`,
    `CREATE OR REPLACE TEMP TABLE ${LATEST} AS\n${latestObservationsSql(DUCKDB, source)}`,
    // The replacing rows, computed before anything changes: the batch's state, seen widened by the stored one.
    `CREATE OR REPLACE TEMP TABLE ${REPLACED} AS SELECT ${fromLatest.map((column) => `l.${column}`).join(", ")},
  least(f.${q(STATE.firstSeen)}, l.${q(STATE.firstSeen)}) AS ${q(STATE.firstSeen)},
  greatest(f.${q(STATE.lastSeen)}, l.${q(STATE.lastSeen)}) AS ${q(STATE.lastSeen)}
FROM ${LATEST} l JOIN findings f ON f.${id} = l.${id} WHERE ${replaces("l", "f")}`,
    widenSeen,
    `DELETE FROM findings WHERE ${id} IN (SELECT ${id} FROM ${REPLACED})`,
    `INSERT INTO findings (${columns.join(", ")}) SELECT ${columns.join(", ")} FROM ${REPLACED}`,
    `INSERT INTO findings (${columns.join(", ")}) SELECT ${columns.join(", ")} FROM ${LATEST} l WHERE NOT EXISTS (SELECT 1 FROM findings f WHERE f.${id} = l.${id})`,
    `DROP TABLE ${REPLACED}`,
    `DROP TABLE ${LATEST}`,
  ];
}

/**
 * Statements that recompute finding state and the latest arrivals from the whole event log (after
 * the log was changed in bulk, e.g. by a restore or the benchmark's copies); run them in one
 * transaction.
 */
export function derivedStateRebuildStatements(dialect: SqlDialect): string[] {
  return [
    "DELETE FROM findings",
    ...upsertFindingsStatements(dialect, "events"),
    `DELETE FROM ${LATEST_ARRIVALS_TABLE}`,
    ...fillLatestArrivalsStatements(dialect),
    ...rebuildEventCountsStatements(dialect),
  ];
}

/** Snapshot records of a batch, grouped per run key, with their arrival span. */
export function snapshotGroupsSql(source: string): string {
  return `SELECT ${q("dt.system.bucket")} AS bucket, ${q("azure.subscription")} AS subscription,
       ${q("microsoft_defender.assessment.key")} AS assessment_key,
       min(${q("timestamp")}) AS first_at, max(${q("timestamp")}) AS last_at, count(*) AS records
FROM ${source}
WHERE ${q("microsoft_defender.is_snapshot")} AND ${q("event.type")} = 'VULNERABILITY_FINDING'
  AND ${q("azure.subscription")} IS NOT NULL AND ${q("microsoft_defender.assessment.key")} IS NOT NULL
GROUP BY 1, 2, 3`;
}
