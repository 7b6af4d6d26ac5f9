// Table definitions and the statements shared by both SQL backends, built from the field catalog.
import { EVENT_COLUMNS, EXTRA_COLUMN, FINDING_COLUMNS, FINDING_STATE_COLUMNS } from "./columns.js";
import { quoteIdent as q, type SqlDialect } from "./dialect.js";

/** Finding-state columns copied from the latest observation (the raw record stays in the event log). */
export const STATE_COPIED_COLUMNS = FINDING_COLUMNS.filter(
  (column) => column.name !== "dt.raw_data",
);

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

/** The event log: one typed column per catalog field, `extra` for undeclared fields. */
export function createEventsTable(dialect: SqlDialect, table = "events"): string {
  const columns = EVENT_COLUMNS.map((column) => {
    const notNull =
      column.name === "event.id" ||
      column.name === "timestamp" ||
      column.name === "dt.system.bucket";
    return `  ${q(column.name)} ${dialect.columnType(column.type)}${notNull ? " NOT NULL" : ""}`;
  });
  columns.push(`  ${EXTRA_COLUMN} ${dialect.jsonType}`);
  return `CREATE TABLE ${table} (\n${columns.join(",\n")},\n  PRIMARY KEY (${q("event.id")})\n)`;
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

/** `(a.time, a.timestamp, a.id) >= (b.time, b.timestamp, b.id)`: is the observation `a` at least as new as `b`. */
function newerOrSame(a: string, b: string): string {
  const key = (alias: string) =>
    `(${alias}.${q("finding.time.created")}, ${alias}.${q("timestamp")}, ${alias}.${q("event.id")})`;
  return `${key(a)} >= ${key(b)}`;
}

/**
 * Upserts finding state from the finding events of `source` (a staging table, or the event log for
 * a backfill). The newest observation per finding in the batch is compared with the stored one;
 * the stored state changes only when the incoming observation is at least as new, so an older
 * observation arriving late never rolls the state back. First/last seen widen either way.
 */
export function upsertFindingsSql(dialect: SqlDialect, source: string): string {
  const copied = STATE_COPIED_COLUMNS.map((column) => q(column.name));
  const partition = `PARTITION BY ${q("finding.id")}`;
  const order = `ORDER BY ${q("finding.time.created")} DESC, ${q("timestamp")} DESC, ${q("event.id")} DESC`;
  const resolvedAt = `CASE WHEN ${q("finding.status")} = 'RESOLVED' THEN ${q("finding.time.created")} END`;
  const select = `SELECT ${copied.join(", ")}, first_seen, last_seen, ${resolvedAt}
FROM (
  SELECT *, row_number() OVER (${partition} ${order}) AS vigil_rank,
         min(${q("timestamp")}) OVER (${partition}) AS first_seen,
         max(${q("timestamp")}) OVER (${partition}) AS last_seen
  FROM ${source}
  WHERE ${q("event.type")} = 'VULNERABILITY_FINDING'
) latest
WHERE vigil_rank = 1
ORDER BY ${q("finding.id")}`;
  const target = dialect.name === "postgres" ? "EXCLUDED" : "EXCLUDED";
  const newer = newerOrSame(target, "findings");
  const sets = copied
    .filter((column) => column !== q("finding.id"))
    .map(
      (column) =>
        `${column} = CASE WHEN ${newer} THEN ${target}.${column} ELSE findings.${column} END`,
    );
  sets.push(
    `${q(STATE.firstSeen)} = least(findings.${q(STATE.firstSeen)}, ${target}.${q(STATE.firstSeen)})`,
    `${q(STATE.lastSeen)} = greatest(findings.${q(STATE.lastSeen)}, ${target}.${q(STATE.lastSeen)})`,
    `${q(STATE.resolvedAt)} = CASE WHEN ${newer} THEN ${target}.${q(STATE.resolvedAt)} ELSE findings.${q(STATE.resolvedAt)} END`,
  );
  const columns = [...copied, q(STATE.firstSeen), q(STATE.lastSeen), q(STATE.resolvedAt)];
  return `INSERT INTO findings (${columns.join(", ")})
${select}
ON CONFLICT (${q("finding.id")}) DO UPDATE SET
  ${sets.join(",\n  ")}`;
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
