// Large query stores: a generated, imported base store copied in SQL with fresh image digests and ids, its derived tables copied alike.
import {
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { EVENT_COLUMNS, FINDING_STATE_COLUMNS } from "../../src/store/columns.js";
import { quoteIdent as q, type SqlDialect } from "../../src/store/dialect.js";
import { DuckDbBackend } from "../../src/store/duckdb/duckdb-backend.js";
import { openDuckDbStore } from "../../src/store/duckdb/open-duckdb-store.js";
import type { Row } from "../../src/store/event-store.js";
import {
  ARRIVAL_KEY_COLUMN,
  arrivalKeySql,
  LATEST_ARRIVALS_TABLE,
  upsertLatestArrivalsStatements,
} from "../../src/store/latest-arrivals.js";
import { LATEST_VERSION } from "../../src/store/migrations.js";
import { openPostgresStore } from "../../src/store/postgres/open-postgres-store.js";
import { PostgresBackend } from "../../src/store/postgres/postgres-backend.js";
import { runMigrations } from "../../src/store/run-migrations.js";
import type { SqlBackend, SqlSession } from "../../src/store/sql-backend.js";
import { STATE_COPIED_COLUMNS } from "../../src/store/sql-schema.js";
import { CACHE_DIR, SEED } from "./data.js";
import { DISK_RESERVE_BYTES, fits, freeBytes, gb } from "./disk.js";
import { duckDbStore, type StoreMeta } from "./store-cache.js";

export interface TiledMeta extends StoreMeta {
  /** How many copies of the base store the tiled store holds (1 = the base itself). */
  readonly copies: number;
  readonly findings: number;
  readonly eventRows: number;
  readonly tileSeconds: number;
  /** The schema version of the cached store this one was migrated from (instead of built again). */
  readonly upgradedFrom?: number;
  readonly upgradeSeconds?: number;
}

/**
 * Why copies instead of importing millions of records: importing 10M findings takes longer than the
 * whole benchmark budget; the queries only need the shape of the data (images × components × CVEs
 * over a week of ingest), which a copy with new image digests keeps. Import speed is measured on
 * its own in the import sections.
 */
function tiledColumn(dialect: SqlDialect, name: string, copy: string): string {
  const hash = (text: string) =>
    dialect.name === "duckdb"
      ? `sha256(${text})`
      : `encode(sha256(convert_to(${text}, 'UTF8')), 'hex')`;
  const col = q(name);
  const salted = (text: string) => hash(`${text} || '#' || ${copy}`);
  switch (name) {
    case "event.id":
    case "finding.id":
    case "scan.id":
      return salted(col);
    case "container_image.digest":
      return `'sha256:' || ${salted(col)}`;
    case "object.id":
      return `CASE WHEN ${q("container_image.digest")} IS NULL THEN ${col} || '#' || ${copy}
        ELSE replace(${col}, ${q("container_image.digest")}, 'sha256:' || ${salted(q("container_image.digest"))}) END`;
    case "azure.resource.id":
    case "microsoft_defender.record.id":
      return `${col} || '/copy-' || ${copy}`;
    default:
      return col;
  }
}

const DIGEST = "container_image.digest";

/** The tables a copy repeats: the event log and the tables derived from it (each copied as its schema is now). */
const TILED_TABLES = ["events", "findings", LATEST_ARRIVALS_TABLE] as const;

/** A tiled table's columns in table order, read from the catalog: a migration that changes a table changes its copy. */
export interface TiledTable {
  readonly table: string;
  readonly columns: readonly string[];
}

/** The columns of `tables` in table order, from the engine's catalog. */
export async function tiledTables(backend: SqlBackend): Promise<TiledTable[]> {
  const rows = await backend.read((session) =>
    session.all(
      `SELECT table_name, column_name FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name IN (${TILED_TABLES.map((t) => `'${t}'`).join(", ")})
ORDER BY table_name, ordinal_position`,
    ),
  );
  return TILED_TABLES.map((table) => ({
    table,
    columns: rows.filter((row) => row.table_name === table).map((row) => String(row.column_name)),
  }));
}

/**
 * Statements that add copies number `$1` to `$2 - 1` of the base tables (`tile_<table>`), one
 * INSERT … SELECT per table from a cross join with the copy numbers: every column as it is but the
 * ids and image digests (`tiledColumn`), and the latest arrivals' key recomputed over the transformed
 * key fields. Copying the derived tables is what rebuilding them from the copied log would give (a
 * copy only renames images and ids), without ranking millions of events at once.
 */
export function tileCopyStatements(dialect: SqlDialect, tables: readonly TiledTable[]): string[] {
  const text = dialect.columnType("string");
  const copies =
    dialect.name === "duckdb"
      ? `range(CAST(${dialect.placeholder(1)} AS BIGINT), CAST(${dialect.placeholder(2)} AS BIGINT)) AS c(n)`
      : `generate_series(CAST(${dialect.placeholder(1)} AS BIGINT), CAST(${dialect.placeholder(2)} AS BIGINT) - 1) AS c(n)`;
  const copy = `CAST(c.n AS ${text})`;
  const select = (columns: readonly string[], from: string) =>
    `SELECT ${columns.map((name) => `${tiledColumn(dialect, name, copy)} AS ${q(name)}`).join(", ")} FROM ${from}, ${copies}`;
  return tables.map(({ table, columns }) => {
    if (!columns.includes(ARRIVAL_KEY_COLUMN))
      return `INSERT INTO ${table} (${columns.map(q).join(", ")}) ${select(columns, `tile_${table}`)}`;
    const rest = columns.filter((name) => name !== ARRIVAL_KEY_COLUMN);
    return `INSERT INTO ${table} (${columns.map(q).join(", ")})
SELECT ${columns.map((name) => (name === ARRIVAL_KEY_COLUMN ? arrivalKeySql(dialect, "t.") : `t.${q(name)}`)).join(", ")}
FROM (${select(rest, `tile_${table}`)}) t`;
  });
}

/** Runs `work`, printing how long it took (the big stores take minutes to build). */
async function timed<T>(what: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const value = await work();
  process.stderr.write(
    `bench:   tiling: ${what} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return value;
}

/** Rows per copying statement: bounded so that one statement never holds millions of rows. */
const ROWS_PER_STATEMENT = 400_000;

/**
 * Turns the store into `copies` copies of itself (copy 0 is the original). Each statement reads a
 * base of one row group, so it runs on one thread; two connections copying concurrently were no
 * faster on the loaded 2-core machine (20 copies: 121 s vs 91–102 s wall, the same CPU).
 */
export async function tile(backend: SqlBackend, copies: number): Promise<void> {
  const tables = await tiledTables(backend);
  let baseRows = 0;
  await backend.transaction(async (session) => {
    for (const { table, columns } of tables) {
      await session.run(`DROP TABLE IF EXISTS tile_${table}`);
      // A copy's object.id is rewritten with its image digest: a latest-arrivals table without its
      // own digest column reads it from the event.
      const source =
        columns.includes("object.id") && !columns.includes(DIGEST)
          ? `SELECT a.*, e.${q(DIGEST)} FROM ${table} a JOIN events e ON e.${q("event.id")} = a.${q("event.id")}`
          : `SELECT * FROM ${table}`;
      await session.run(`CREATE TABLE tile_${table} AS ${source}`);
    }
    baseRows = Number((await session.all("SELECT count(*) AS n FROM tile_events"))[0]?.n ?? 0);
  });
  const step = Math.max(1, Math.floor(ROWS_PER_STATEMENT / Math.max(1, baseRows)));
  const statements = tileCopyStatements(backend.dialect, tables);
  const copyAll = () => timed(`${copies - 1} copies`, copyEach);
  const copyEach = async () => {
    for (let from = 1; from < copies; from += step) {
      const to = Math.min(copies, from + step);
      await backend.transaction(async (session) => {
        for (const statement of statements) await session.run(statement, [from, to]);
      });
    }
  };
  if (backend.dialect.name === "duckdb")
    await withoutConstraints(
      backend,
      tables.map((t) => t.table),
      copyAll,
    );
  else await copyAll();
  await backend.transaction(async (session) => {
    for (const { table } of tables) await session.run(`DROP TABLE tile_${table}`);
    // Counts of events per bucket and hour, where the schema keeps them: every copy repeats each
    // event's bucket and timestamp, so each count is the base's times the copies.
    for (const table of await countingTables(session))
      await session.run(`UPDATE ${table} SET n = n * ${copies}`);
  });
}

/** Tables that count events per bucket and hour (`event_counts`, when a migration created it). */
async function countingTables(session: SqlSession): Promise<string[]> {
  const rows = await session.all(
    `SELECT table_name FROM information_schema.tables
WHERE table_schema = current_schema() AND table_name = 'event_counts'`,
  );
  return rows.map((row) => String(row.table_name));
}

/**
 * Runs `work` with `tables` stripped of their primary keys and NOT NULL constraints, then puts them
 * back. On DuckDB, inserting millions of rows into a table with a primary key maintains the index
 * row by row (2.5× the time of the whole copy here); building it once at the end is a bulk sort.
 */
async function withoutConstraints(
  backend: SqlBackend,
  tables: readonly string[],
  work: () => Promise<void>,
): Promise<void> {
  const constraints = await tableConstraints(backend, tables);
  await timed("copying the base without constraints", () =>
    backend.transaction(async (session) => {
      for (const table of tables) {
        await session.run(`CREATE TABLE unkeyed_${table} AS SELECT * FROM ${table}`);
        await session.run(`DROP TABLE ${table}`);
        await session.run(`ALTER TABLE unkeyed_${table} RENAME TO ${table}`);
      }
    }),
  );
  await work();
  await backend.transaction(async (session) => {
    for (const { table, type, columns } of constraints)
      await timed(`${type} ${table}(${columns.join(", ")})`, () =>
        session.run(
          type === "PRIMARY KEY"
            ? `ALTER TABLE ${table} ADD PRIMARY KEY (${columns.map(q).join(", ")})`
            : `ALTER TABLE ${table} ALTER COLUMN ${q(columns[0]!)} SET NOT NULL`,
        ),
      );
  });
}

/** The primary keys and NOT NULL constraints of `tables` (DuckDB's catalog). */
export async function tableConstraints(
  backend: SqlBackend,
  tables: readonly string[],
): Promise<{ table: string; type: string; columns: string[] }[]> {
  const rows = await backend.read((session) =>
    session.all(
      `SELECT table_name, constraint_type, constraint_column_names FROM duckdb_constraints()
WHERE constraint_type IN ('PRIMARY KEY', 'NOT NULL') AND table_name IN (${tables.map((t) => `'${t}'`).join(", ")})
ORDER BY table_name, constraint_type, CAST(constraint_column_names AS VARCHAR)`,
    ),
  );
  return rows.map((row) => ({
    table: String(row.table_name),
    type: String(row.constraint_type),
    columns: (row.constraint_column_names as unknown[]).map(String),
  }));
}

async function counts(backend: SqlBackend): Promise<{ findings: number; eventRows: number }> {
  return backend.read(async (session) => {
    const one = async (sql: string) => Number((await session.all(sql))[0]?.n ?? 0);
    return {
      findings: await one("SELECT count(*) AS n FROM findings"),
      eventRows: await one("SELECT count(*) AS n FROM events"),
    };
  });
}

/**
 * A cached tiled store of the same base and copies from an older schema version (the newest such),
 * if any: migrating it is what tiling the migrated base would give — a migration derives its tables
 * from the log, and a copy commutes with that (test/bench/tiled-store.test.ts) — in seconds to
 * minutes where building a million findings again takes ten.
 */
function olderTiledStore(
  baseRecords: number,
  copies: number,
): { path: string; version: number } | undefined {
  const pattern = new RegExp(`^tiled-${baseRecords}x${copies}-${SEED}-v(\\d+)\\.duckdb$`);
  let found: { path: string; version: number } | undefined;
  for (const name of existsSync(CACHE_DIR) ? readdirSync(CACHE_DIR) : []) {
    const version = Number(pattern.exec(name)?.[1] ?? Number.NaN);
    const path = join(CACHE_DIR, name);
    if (version < LATEST_VERSION && existsSync(`${path}.json`) && version > (found?.version ?? 0))
      found = { path, version };
  }
  return found;
}

/**
 * The file size of a tiled store before building it: per copy, that of the largest cached tiled store
 * of the same base and schema, else the base file's (which also holds the raw records: an overestimate).
 */
export function estimatedTiledBytes(
  baseRecords: number,
  copies: number,
  basePath = join(CACHE_DIR, `store-${baseRecords}-${SEED}.duckdb`),
): number {
  let perCopy = existsSync(basePath) ? statSync(basePath).size : Number.NaN;
  let largest = 0;
  const pattern = new RegExp(`^tiled-${baseRecords}x(\\d+)-${SEED}-v${LATEST_VERSION}\\.duckdb$`);
  for (const name of existsSync(CACHE_DIR) ? readdirSync(CACHE_DIR) : []) {
    const built = Number(pattern.exec(name)?.[1] ?? 0);
    if (built > largest) {
      largest = built;
      perCopy = statSync(join(CACHE_DIR, name)).size / built;
    }
  }
  return perCopy * copies;
}

/** A DuckDB store of `copies` copies of the `baseRecords` store (built once, cached in bench/.cache). */
export async function tiledDuckDbStore(
  baseRecords: number,
  copies: number,
): Promise<{ path: string; meta: TiledMeta }> {
  // The schema version is part of the name: derived tables of an older schema would be stale.
  const path = join(CACHE_DIR, `tiled-${baseRecords}x${copies}-${SEED}-v${LATEST_VERSION}.duckdb`);
  const metaPath = `${path}.json`;
  if (existsSync(path) && existsSync(metaPath))
    return {
      path,
      meta: { ...(JSON.parse(readFileSync(metaPath, "utf8")) as TiledMeta), fromCache: true },
    };
  const older = olderTiledStore(baseRecords, copies);
  if (older !== undefined) return upgradeTiledStore(older, path);
  const base = await duckDbStore(baseRecords);
  const needs = estimatedTiledBytes(baseRecords, copies, base.path);
  if (!fits(needs))
    throw new Error(
      `a DuckDB store of ${copies} copies of ${baseRecords} records needs about ${gb(needs)} and ${gb(freeBytes())} are free (${gb(DISK_RESERVE_BYTES)} kept free): not built`,
    );
  const building = `${path}.building`;
  rmSync(building, { force: true });
  rmSync(`${building}.wal`, { force: true });
  copyFileSync(base.path, building);
  const started = performance.now();
  // Copying millions of rows is a one-off build, not the product's bounded import: give it room.
  const backend = await DuckDbBackend.open(building, { memoryLimit: "6GB" });
  let sizes: { findings: number; eventRows: number };
  try {
    await runMigrations(backend);
    await tile(backend, copies);
    await timed("checkpoint", () => backend.read((session) => session.run("CHECKPOINT")));
    sizes = await counts(backend);
  } finally {
    await backend.close();
  }
  renameSync(building, path);
  const meta: TiledMeta = {
    ...base.meta,
    fromCache: false,
    copies,
    ...sizes,
    tileSeconds: (performance.now() - started) / 1000,
  };
  writeFileSync(metaPath, JSON.stringify(meta, null, 2));
  return { path, meta };
}

/** Migrates the cached store at `older.path` to the current schema and renames it to `path`. */
async function upgradeTiledStore(
  older: { path: string; version: number },
  path: string,
): Promise<{ path: string; meta: TiledMeta }> {
  const previous = JSON.parse(readFileSync(`${older.path}.json`, "utf8")) as TiledMeta;
  const building = `${path}.building`;
  rmSync(`${older.path}.json`);
  renameSync(older.path, building);
  const started = performance.now();
  const backend = await DuckDbBackend.open(building, { memoryLimit: "6GB" });
  let sizes: { findings: number; eventRows: number };
  try {
    await timed(`migrating v${older.version} → v${LATEST_VERSION}`, () => runMigrations(backend));
    await backend.read((session) => session.run("CHECKPOINT"));
    sizes = await counts(backend);
  } finally {
    await backend.close();
  }
  renameSync(building, path);
  const meta: TiledMeta = {
    ...previous,
    ...sizes,
    fromCache: false,
    upgradedFrom: older.version,
    upgradeSeconds: (performance.now() - started) / 1000,
  };
  writeFileSync(`${path}.json`, JSON.stringify(meta, null, 2));
  return { path, meta };
}

/**
 * A PostgreSQL store at `url` with the same content as the tiled DuckDB store: the base store's
 * events and raw records are copied over through the store's own bulk path, then tiled in SQL.
 */
export async function tiledPostgresStore(
  url: string,
  baseRecords: number,
  copies: number,
): Promise<TiledMeta> {
  const base = await duckDbStore(baseRecords);
  const started = performance.now();
  await (await openPostgresStore(url)).close(); // creates the schema
  const source = await openDuckDbStore(base.path);
  const target = await PostgresBackend.open(url);
  try {
    await copyTable(source, target, "events", EVENT_COLUMNS);
    await copyTable(source, target, "raw_records", [
      { name: "raw_id", type: "string" },
      { name: "raw_data", type: "string" },
    ]);
    // The base's finding state as DuckDB keeps it (a rebuild from the log would differ where an
    // unchanged resend moved a finding's last seen), and the latest arrivals, a function of the log.
    await copyTable(source, target, "findings", [
      ...STATE_COPIED_COLUMNS,
      ...Object.values(FINDING_STATE_COLUMNS).map((name) => ({ name, type: "timestamp" as const })),
    ]);
    await target.transaction(async (session) => {
      await session.run(`DELETE FROM ${LATEST_ARRIVALS_TABLE}`);
      for (const statement of upsertLatestArrivalsStatements(target.dialect, "events"))
        await session.run(statement.sql, statement.params);
    });
    await tile(target, copies);
    // The state autovacuum leaves a bulk-loaded table in (visibility map set: index-only scans).
    await target.read((session) => session.run("VACUUM ANALYZE"));
    return {
      ...base.meta,
      fromCache: false,
      copies,
      ...(await counts(target)),
      tileSeconds: (performance.now() - started) / 1000,
    };
  } finally {
    await source.close();
    await target.close();
  }
}

const PAGE = 20_000;

async function copyTable(
  source: Awaited<ReturnType<typeof openDuckDbStore>>,
  target: SqlBackend,
  table: "events" | "raw_records" | "findings",
  columns: readonly { name: string; type: (typeof EVENT_COLUMNS)[number]["type"] }[],
): Promise<void> {
  const key = { events: q("event.id"), raw_records: "raw_id", findings: q("finding.id") }[table];
  for (let offset = 0; ; offset += PAGE) {
    const rows: Row[] = await source.query(
      `SELECT * FROM ${table} ORDER BY ${key} LIMIT ${PAGE} OFFSET $1`,
      [offset],
    );
    if (rows.length === 0) return;
    // DuckDB hands JSON columns back as text; the staging path wants the value itself.
    for (const row of rows) if (typeof row.extra === "string") row.extra = JSON.parse(row.extra);
    await target.transaction(async (session) => {
      await session.stage("tile_copy", table, columns, rows);
      await session.run(`INSERT INTO ${table} SELECT * FROM tile_copy ON CONFLICT DO NOTHING`);
    });
    if (rows.length < PAGE) return;
  }
}

/** How many copies of the base store hold at least `targetFindings` findings (1 for 0 or less). */
export async function copiesFor(baseRecords: number, targetFindings: number): Promise<number> {
  if (targetFindings <= 0) return 1;
  const base = await duckDbStore(baseRecords);
  const store = await openDuckDbStore(base.path);
  try {
    const findings = Number((await store.query("SELECT count(*) AS n FROM findings"))[0]?.n ?? 0);
    return Math.max(1, Math.ceil(targetFindings / Math.max(1, findings)));
  } finally {
    await store.close();
  }
}
