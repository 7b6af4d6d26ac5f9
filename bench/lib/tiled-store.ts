// Large query stores: a generated, imported base store copied in SQL with fresh image digests and ids, then finding state rebuilt.
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EVENT_COLUMNS } from "../../src/store/columns.js";
import { quoteIdent as q, type SqlDialect } from "../../src/store/dialect.js";
import { DuckDbBackend } from "../../src/store/duckdb/duckdb-backend.js";
import { openDuckDbStore } from "../../src/store/duckdb/open-duckdb-store.js";
import type { Row } from "../../src/store/event-store.js";
import { LATEST_VERSION } from "../../src/store/migrations.js";
import { openPostgresStore } from "../../src/store/postgres/open-postgres-store.js";
import { PostgresBackend } from "../../src/store/postgres/postgres-backend.js";
import { runMigrations } from "../../src/store/run-migrations.js";
import type { SqlBackend } from "../../src/store/sql-backend.js";
import { derivedStateRebuildStatements } from "../../src/store/sql-schema.js";
import { CACHE_DIR, SEED } from "./data.js";
import { duckDbStore, type StoreMeta } from "./store-cache.js";

export interface TiledMeta extends StoreMeta {
  /** How many copies of the base store the tiled store holds (1 = the base itself). */
  readonly copies: number;
  readonly findings: number;
  readonly eventRows: number;
  readonly tileSeconds: number;
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

/** Copies every event of `tile_base` once more as copy number `copy` (bound, never spliced). */
async function addCopy(backend: SqlBackend, copy: number): Promise<void> {
  const placeholder = backend.dialect.placeholder(1);
  const columns = EVENT_COLUMNS.map((column) =>
    tiledColumn(backend.dialect, column.name, placeholder),
  );
  await backend.transaction((session) =>
    session.run(`INSERT INTO events SELECT ${columns.join(", ")} FROM tile_base`, [String(copy)]),
  );
}

async function tile(backend: SqlBackend, copies: number): Promise<void> {
  await backend.transaction(async (session) => {
    await session.run("DROP TABLE IF EXISTS tile_base");
    await session.run("CREATE TABLE tile_base AS SELECT * FROM events");
  });
  for (let copy = 1; copy < copies; copy++) await addCopy(backend, copy);
  await backend.transaction(async (session) => {
    await session.run("DROP TABLE tile_base");
    for (const statement of derivedStateRebuildStatements(backend.dialect))
      await session.run(statement);
  });
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
  const base = await duckDbStore(baseRecords);
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
    await backend.read((session) => session.run("CHECKPOINT"));
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
    await tile(target, copies);
    await target.read((session) => session.run("ANALYZE"));
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
  table: "events" | "raw_records",
  columns: readonly { name: string; type: (typeof EVENT_COLUMNS)[number]["type"] }[],
): Promise<void> {
  const key = table === "events" ? q("event.id") : "raw_id";
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
