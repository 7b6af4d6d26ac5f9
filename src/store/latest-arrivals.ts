// The latest arrival per finding, as a copy of its event: what `dedup {finding}, sort: {timestamp desc}` keeps, without ranking the log.
//
// A "finding key" here is one value of every ARRIVAL_KEY_FIELDS field (bucket, event type, image,
// vulnerability, component name and version; nulls are values too): the identity the dashboards'
// and dql.md's dedups use. Per key, `latest_arrivals` holds a copy of the event that arrived last:
// the greatest (`timestamp`, `event.id`), exactly the event `dedup {…}, sort: {timestamp desc}` keeps
// (the compiler breaks timestamp ties by `event.id` descending). The copy has every column of
// `events`, so a query over the latest findings reads this table alone: no grouping of millions of
// events by long text keys, no join back to the log. Unlike the `findings` table (the state-defining
// observation by Defender's time), this is arrival order, so a late older observation or an
// unchanged resend does move it. Kept in the same transaction as append (only events stored now),
// retention and bucket deletion.
import { EVENT_COLUMNS, EVENT_NOT_NULL } from "./columns.js";
import { quoteIdent as q, type SqlDialect } from "./dialect.js";
import type { SqlParam } from "./event-store.js";

export const LATEST_ARRIVALS_TABLE = "latest_arrivals";
export const ARRIVAL_KEY_COLUMN = "vigil.key";

/** The event type the table covers. */
export const ARRIVAL_EVENT_TYPE = "VULNERABILITY_FINDING";

/**
 * Fields whose values together make a key. Every event of a key has the same value in each, so a
 * filter on these fields alone keeps or drops whole keys, and any dedup over a subset of them can be
 * answered from the per-key latest arrivals.
 */
export const ARRIVAL_KEY_FIELDS: readonly string[] = [
  "dt.system.bucket",
  "event.type",
  "object.id",
  "vulnerability.id",
  "component.name",
  "component.version",
];

/** The columns of the table besides the key: every column of `events`, in the same order. */
export const ARRIVAL_COLUMNS: readonly string[] = EVENT_COLUMNS.map((column) => column.name);

const ORDER = `${q("timestamp")} DESC, ${q("event.id")} DESC`;
const STALE = "vigil_stale_arrivals";
const NEWEST = "vigil_newest_arrivals";

export function createLatestArrivalsTable(dialect: SqlDialect): string {
  const key = dialect.name === "postgres" ? "BYTEA" : "BLOB";
  const columns = EVENT_COLUMNS.map(
    (column) =>
      `  ${q(column.name)} ${dialect.columnType(column.type)}${EVENT_NOT_NULL.has(column.name) ? " NOT NULL" : ""}`,
  );
  return `CREATE TABLE ${LATEST_ARRIVALS_TABLE} (\n  ${q(ARRIVAL_KEY_COLUMN)} ${key} PRIMARY KEY,\n${columns.join(",\n")}\n)`;
}

/**
 * The key of a row of `alias` (or of unqualified columns): SHA-256 of an injective text encoding of
 * the key fields (each as `<length>:<text>`, null as `~`, joined by `|`), as 32 bytes.
 */
export function arrivalKeySql(dialect: SqlDialect, alias = ""): string {
  const text = dialect.columnType("string");
  const parts = ARRIVAL_KEY_FIELDS.map((name) => {
    const value = `${alias}${q(name)}`;
    return `coalesce(CAST(length(${value}) AS ${text}) || ':' || ${value}, '~')`;
  });
  const encoded = parts.join(" || '|' || ");
  return dialect.name === "postgres"
    ? `sha256(convert_to(${encoded}, 'UTF8'))`
    : `unhex(sha256(${encoded}))`;
}

/**
 * `a` and `b` (SQL expressions of the key fields' text) are equal, nulls equal to nulls, as a
 * condition both engines can hash-join on (PostgreSQL cannot hash IS NOT DISTINCT FROM).
 */
export function sameValueSql(dialect: SqlDialect, a: string, b: string): string {
  return dialect.name === "postgres"
    ? `(${a} IS NULL) = (${b} IS NULL) AND coalesce(${a}, '') = coalesce(${b}, '')`
    : `${a} IS NOT DISTINCT FROM ${b}`;
}

/** Rows `a.` and `b.` have the same key (all key fields equal, nulls included). */
export function sameKeySql(dialect: SqlDialect, a: string, b: string): string {
  return ARRIVAL_KEY_FIELDS.map((name) =>
    sameValueSql(dialect, `${a}.${q(name)}`, `${b}.${q(name)}`),
  ).join(" AND ");
}

/** The newest event per key among `from` (a FROM item) under `where`, as rows of the table. */
function newestPerKey(dialect: SqlDialect, from: string, where: string): string {
  const fields = ARRIVAL_KEY_FIELDS.map((name) => q(name)).join(", ");
  const columns = ARRIVAL_COLUMNS.map((name) => q(name)).join(", ");
  // The key is hashed for the newest event of each key only.
  return `SELECT ${arrivalKeySql(dialect)} AS ${q(ARRIVAL_KEY_COLUMN)}, ${columns} FROM (
  SELECT ${columns}, row_number() OVER (PARTITION BY ${fields} ORDER BY ${ORDER}) AS vigil_rank
  FROM ${from}
  WHERE ${where}
) ranked
WHERE vigil_rank = 1`;
}

function tempTable(dialect: SqlDialect, name: string): string {
  return dialect.name === "postgres"
    ? `CREATE TEMP TABLE ${name} ON COMMIT DROP AS`
    : `CREATE OR REPLACE TEMP TABLE ${name} AS`;
}

export interface Statement {
  readonly sql: string;
  readonly params: readonly SqlParam[];
}

/**
 * Statements that fold the finding events of `source` (the staging table of an append, or `events`
 * for the backfill) into the table: per key, the batch's newest arrival replaces the stored copy when
 * it is newer by (`timestamp`, `event.id`). `storedIds`, when given, limits `source` to the events the
 * append stored (a redelivered event id keeps its first copy, which may differ, e.g. in bucket).
 *
 * PostgreSQL: one `INSERT … ON CONFLICT DO UPDATE` of every column. DuckDB runs that as an update of
 * every column of the conflicting rows, which is slow; there, the batch's newest arrivals are looked
 * up against the table once (a join driven by the batch), the replaced copies deleted and the new
 * ones inserted.
 */
export function upsertLatestArrivalsStatements(
  dialect: SqlDialect,
  source: string,
  storedIds?: readonly string[],
): Statement[] {
  if (storedIds?.length === 0) return [];
  const key = q(ARRIVAL_KEY_COLUMN);
  const columns = [key, ...ARRIVAL_COLUMNS.map((name) => q(name))];
  const params: SqlParam[] = storedIds === undefined ? [] : [storedIds];
  const only =
    storedIds === undefined
      ? ""
      : ` AND ${q("event.id")} IN (SELECT unnest(CAST(${dialect.placeholder(1)} AS ${dialect.columnType("string[]")})))`;
  const newest = newestPerKey(
    dialect,
    source,
    `${q("event.type")} = '${ARRIVAL_EVENT_TYPE}'${only}`,
  );
  const ts = q("timestamp");
  const id = q("event.id");
  const t = LATEST_ARRIVALS_TABLE;
  if (dialect.name === "postgres") {
    const set = ARRIVAL_COLUMNS.map((name) => `${q(name)} = excluded.${q(name)}`).join(", ");
    return [
      {
        // Rows in key order: concurrent writers lock the same keys in the same order.
        sql: `INSERT INTO ${t} (${columns.join(", ")})
${newest}
ORDER BY 1
ON CONFLICT (${key}) DO UPDATE SET ${set}
WHERE (excluded.${ts}, excluded.${id}) > (${t}.${ts}, ${t}.${id})`,
        params,
      },
    ];
  }
  const list = columns.join(", ");
  return [
    // The batch's newest arrival per key, and whether the table holds the key and an older copy.
    {
      sql: `${tempTable(dialect, NEWEST)}
SELECT n.*, s.${key} IS NOT NULL AS vigil_stored, s.${key} IS NOT NULL AND (n.${ts}, n.${id}) > (s.${ts}, s.${id}) AS vigil_newer
FROM (${newest}) n LEFT JOIN (SELECT ${key}, ${ts}, ${id} FROM ${t}) s USING (${key})`,
      params,
    },
    {
      sql: `DELETE FROM ${t} WHERE ${key} IN (SELECT ${key} FROM ${NEWEST} WHERE vigil_newer)`,
      params: [],
    },
    {
      sql: `INSERT INTO ${t} (${list}) SELECT ${list} FROM ${NEWEST} WHERE vigil_newer OR NOT vigil_stored`,
      params: [],
    },
    { sql: `DROP TABLE ${NEWEST}`, params: [] },
  ];
}

/**
 * Statements that fill the (empty) table from the whole event log: the newest event id per key first
 * (a narrow aggregate), then those events copied with their key. Ranking full-width rows in one
 * window, as an append does for its batch, takes ~1.8× the time at a million findings.
 */
export function fillLatestArrivalsStatements(dialect: SqlDialect): string[] {
  const keys = ARRIVAL_KEY_FIELDS.map((name) => q(name)).join(", ");
  const id = q("event.id");
  const ts = q("timestamp");
  const findings = `${q("event.type")} = '${ARRIVAL_EVENT_TYPE}'`;
  const winners =
    dialect.name === "postgres"
      ? `SELECT DISTINCT ON (${keys}) ${id} AS id FROM events WHERE ${findings} ORDER BY ${keys}, ${ORDER}`
      : `SELECT arg_max(${id}, (${ts}, ${id})) AS id FROM events WHERE ${findings} GROUP BY ${keys}`;
  const columns = [q(ARRIVAL_KEY_COLUMN), ...ARRIVAL_COLUMNS.map((name) => q(name))].join(", ");
  const values = ARRIVAL_COLUMNS.map((name) => `e.${q(name)}`).join(", ");
  return [
    `INSERT INTO ${LATEST_ARRIVALS_TABLE} (${columns})
SELECT ${arrivalKeySql(dialect, "e.")}, ${values}
FROM events e JOIN (${winners}) w ON w.id = e.${id}`,
  ];
}

/** The migration's statements: the table (replacing an older one), filled from the event log, and PostgreSQL's indexes. */
export function latestArrivalsMigration(dialect: SqlDialect): string[] {
  const statements = [
    `DROP TABLE IF EXISTS ${LATEST_ARRIVALS_TABLE}`,
    createLatestArrivalsTable(dialect),
    ...fillLatestArrivalsStatements(dialect),
  ];
  // PostgreSQL: the plan reads the table by time. (No index on event.id: nothing joins on it.)
  if (dialect.name === "postgres")
    statements.push(
      `CREATE INDEX latest_arrivals_time ON ${LATEST_ARRIVALS_TABLE} (${q("timestamp")})`,
    );
  return statements;
}

/** After deleting every event of `bucket`: its keys have no arrival left. */
export function deleteBucketArrivalsStatement(dialect: SqlDialect): string {
  return `DELETE FROM ${LATEST_ARRIVALS_TABLE} WHERE ${q("dt.system.bucket")} = ${dialect.placeholder(1)}`;
}

/**
 * After a retention batch deleted events of `bucket` older than `cutoff`, in the same transaction:
 * keys whose latest arrival is gone get the newest event they still have, or no row. Only keys whose
 * latest arrival is older than the cutoff can be affected, and the events they have left are all
 * older than it too (none is newer than the latest).
 */
export function retentionArrivalsStatements(
  dialect: SqlDialect,
  bucket: string,
  cutoff: string,
): Statement[] {
  const p = dialect.placeholder;
  const ts = `CAST(${p(2)} AS ${dialect.columnType("timestamp")})`;
  const t = LATEST_ARRIVALS_TABLE;
  const b = q("dt.system.bucket");
  const columns = [q(ARRIVAL_KEY_COLUMN), ...ARRIVAL_COLUMNS.map((name) => q(name))].join(", ");
  const keyFields = ARRIVAL_KEY_FIELDS.map((name) => q(name)).join(", ");
  return [
    { sql: `DROP TABLE IF EXISTS ${STALE}`, params: [] },
    {
      sql: `${tempTable(dialect, STALE)}
SELECT ${q(ARRIVAL_KEY_COLUMN)}, ${keyFields} FROM ${t} l
WHERE l.${b} = ${p(1)} AND l.${q("timestamp")} < ${ts}
  AND NOT EXISTS (SELECT 1 FROM events e WHERE e.${q("event.id")} = l.${q("event.id")})`,
      params: [bucket, cutoff],
    },
    {
      sql: `DELETE FROM ${t} WHERE ${q(ARRIVAL_KEY_COLUMN)} IN (SELECT ${q(ARRIVAL_KEY_COLUMN)} FROM ${STALE})`,
      params: [],
    },
    {
      sql: `INSERT INTO ${t} (${columns})\n${newestPerKey(
        dialect,
        "events e",
        `e.${b} = ${p(1)} AND e.${q("timestamp")} < ${ts} AND e.${q("event.type")} = '${ARRIVAL_EVENT_TYPE}'
    AND EXISTS (SELECT 1 FROM ${STALE} s WHERE ${sameKeySql(dialect, "e", "s")})`,
      )}`,
      params: [bucket, cutoff],
    },
    { sql: `DROP TABLE ${STALE}`, params: [] },
  ];
}
