// Events per bucket and hour of their timestamp: what a query's scannedRecords counts, without counting the log.
//
// `event_counts` holds, per bucket and hour (UTC, by `timestamp`), how many events the log holds. It
// is kept in the same transaction as every change of the log: append (the events stored now),
// retention batches, bucket deletion, and the bulk rebuild. A timeframe's count is then the sum over
// the whole hours inside it plus two index range counts of the log for the partial hours at its
// edges: exact, and a few milliseconds however large the store (PostgreSQL counts a million rows in
// about a second otherwise, more than many queries take).
import { quoteIdent as q, type SqlDialect, timestampParam } from "./dialect.js";
import type { SqlParam } from "./event-store.js";

export const EVENT_COUNTS_TABLE = "event_counts";

const HOUR_MS = 3_600_000;

/** The start of the UTC hour `iso` falls in, as ISO text. */
export function startOfHour(iso: string): string {
  return new Date(Math.floor(Date.parse(iso) / HOUR_MS) * HOUR_MS).toISOString();
}
const BUCKET = q("dt.system.bucket");
const TS = q("timestamp");

export interface Statement {
  readonly sql: string;
  readonly params: readonly SqlParam[];
}

/** The hour (UTC) an event's timestamp falls in, independent of the session's time zone. */
function hourOf(dialect: SqlDialect, column: string): string {
  return dialect.name === "postgres"
    ? `date_bin(INTERVAL '1 hour', ${column}, TIMESTAMPTZ '2000-01-01 00:00:00+00')`
    : `date_trunc('hour', ${column})`;
}

export function createEventCountsTable(dialect: SqlDialect): string {
  const text = dialect.columnType("string");
  return `CREATE TABLE ${EVENT_COUNTS_TABLE} (
  bucket ${text} NOT NULL,
  hour ${dialect.columnType("timestamp")} NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (bucket, hour)
)`;
}

/** Counts of the events of `source` under `where`, per bucket and hour. */
function countsOf(dialect: SqlDialect, source: string, where = "TRUE"): string {
  return `SELECT ${BUCKET} AS bucket, ${hourOf(dialect, TS)} AS hour, count(*) AS n FROM ${source} WHERE ${where} GROUP BY 1, 2`;
}

/**
 * After an append stored the events of `source` (all of them, or those whose id is in `storedIds`):
 * adds them to their hours.
 */
export function addEventCountsStatement(
  dialect: SqlDialect,
  source: string,
  storedIds?: readonly string[],
): Statement | undefined {
  if (storedIds?.length === 0) return undefined;
  const where =
    storedIds === undefined
      ? "TRUE"
      : `${q("event.id")} IN (SELECT unnest(CAST(${dialect.placeholder(1)} AS ${dialect.columnType("string[]")})))`;
  // Rows in key order: concurrent writers lock the same hours in the same order (no deadlock).
  return {
    sql: `INSERT INTO ${EVENT_COUNTS_TABLE} (bucket, hour, n)
${countsOf(dialect, source, where)} ORDER BY 1, 2
ON CONFLICT (bucket, hour) DO UPDATE SET n = ${EVENT_COUNTS_TABLE}.n + excluded.n`,
    params: storedIds === undefined ? [] : [storedIds],
  };
}

/** The counts recomputed from the log: the migration's backfill and the bulk rebuild. */
export function rebuildEventCountsStatements(dialect: SqlDialect): string[] {
  return [
    `DELETE FROM ${EVENT_COUNTS_TABLE}`,
    `INSERT INTO ${EVENT_COUNTS_TABLE} (bucket, hour, n)\n${countsOf(dialect, "events")}`,
  ];
}

export function eventCountsMigration(dialect: SqlDialect): string[] {
  return [createEventCountsTable(dialect), ...rebuildEventCountsStatements(dialect)];
}

/** After deleting every event of a bucket ($1). */
export function deleteBucketCountsStatement(dialect: SqlDialect): string {
  return `DELETE FROM ${EVENT_COUNTS_TABLE} WHERE bucket = ${dialect.placeholder(1)}`;
}

/**
 * After a retention batch deleted events of `bucket` older than `cutoff` (maybe not all of them
 * yet): the hours up to the cutoff's are counted again from what the log still holds there.
 */
export function retentionCountsStatements(
  dialect: SqlDialect,
  bucket: string,
  cutoff: string,
): Statement[] {
  const end = new Date(Math.ceil(Date.parse(cutoff) / HOUR_MS) * HOUR_MS).toISOString();
  const p = dialect.placeholder;
  return [
    {
      sql: `DELETE FROM ${EVENT_COUNTS_TABLE} WHERE bucket = ${p(1)} AND hour < ${timestampParam(dialect, 2)}`,
      params: [bucket, end],
    },
    {
      sql: `INSERT INTO ${EVENT_COUNTS_TABLE} (bucket, hour, n)\n${countsOf(dialect, "events", `${BUCKET} = ${p(1)} AND ${TS} < ${timestampParam(dialect, 2)}`)}`,
      params: [bucket, end],
    },
  ];
}

/**
 * The statement counting the events with `timestamp` in [start, end) (ISO texts), as `n`: whole
 * hours from the table, the partial hours at either edge from the log.
 */
export function countEventsQuery(
  dialect: SqlDialect,
  start: string,
  end: string,
): { sql: string; params: SqlParam[] } {
  const from = Date.parse(start);
  const to = Date.parse(end);
  const firstHour = Math.ceil(from / HOUR_MS) * HOUR_MS;
  const lastHour = Math.floor(to / HOUR_MS) * HOUR_MS;
  const t = (index: number) => timestampParam(dialect, index);
  const inLog = (a: number, b: number) =>
    `(SELECT count(*) FROM events WHERE ${TS} >= ${t(a)} AND ${TS} < ${t(b)})`;
  if (!(firstHour < lastHour)) return { sql: `SELECT ${inLog(1, 2)} AS n`, params: [start, end] };
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    sql: `SELECT ${inLog(1, 2)} + (SELECT coalesce(sum(n), 0) FROM ${EVENT_COUNTS_TABLE} WHERE hour >= ${t(2)} AND hour < ${t(3)}) + ${inLog(3, 4)} AS n`,
    params: [start, iso(firstHour), iso(lastHour), end],
  };
}
