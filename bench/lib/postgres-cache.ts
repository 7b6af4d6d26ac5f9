// A persistent embedded PostgreSQL cluster in bench/.cache: the tiled PostgreSQL query stores are built once and reused by later runs.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { LATEST_VERSION } from "../../src/store/migrations.js";
import { openPostgresStore } from "../../src/store/postgres/open-postgres-store.js";
import { embeddedCluster, freePort } from "../../test/helpers/postgres-server.js";
import { CACHE_DIR, SEED } from "./data.js";
import { freeBytes } from "./disk.js";
import { type TiledMeta, tiledPostgresStore } from "./tiled-store.js";

export interface CachedPostgres {
  /** A tiled store of `copies` copies of the `baseRecords` store: reused when an earlier run built it. */
  store(baseRecords: number, copies: number): Promise<{ url: string; meta: TiledMeta }>;
  stop(): Promise<void>;
}

/**
 * Starts the cluster whose data directory is `bench/.cache/postgres` (created on first use). Each
 * store is a database named by its size and schema version, complete once its meta file
 * (`bench/.cache/postgres-<database>.json`) is written; a database without one (a run stopped while
 * building it) is built again. A store of an older schema version is renamed and migrated instead
 * of built again (migrations derive their tables from the log, which copying commutes with).
 */
export async function startCachedPostgres(): Promise<CachedPostgres> {
  const databaseDir = join(CACHE_DIR, "postgres");
  const port = await freePort();
  const server = embeddedCluster({
    databaseDir,
    port,
    password: "vigil-bench",
    persistent: true,
    maxConnections: 50,
  });
  if (!existsSync(join(databaseDir, "PG_VERSION"))) await server.initialise();
  await server.start();
  const admin = `postgres://postgres:vigil-bench@127.0.0.1:${port}/postgres`;
  return {
    async store(baseRecords, copies) {
      const prefix = `tiled_${baseRecords}x${copies}_${SEED}_v`;
      const name = `${prefix}${LATEST_VERSION}`;
      const metaPath = (database: string) => join(CACHE_DIR, `postgres-${database}.json`);
      const url = new URL(admin);
      url.pathname = `/${name}`;
      if (existsSync(metaPath(name)))
        return {
          url: url.toString(),
          meta: {
            ...(JSON.parse(readFileSync(metaPath(name), "utf8")) as TiledMeta),
            fromCache: true,
          },
        };
      const older = readdirSync(CACHE_DIR)
        .map((file) => /^postgres-(.+_v(\d+))\.json$/.exec(file))
        .filter((m): m is RegExpExecArray => m?.[1]?.startsWith(prefix) === true)
        .map((m) => ({ database: m[1]!, version: Number(m[2]) }))
        .filter((o) => o.version < LATEST_VERSION)
        .sort((a, b) => b.version - a.version)[0];
      const previous =
        older === undefined
          ? undefined
          : (JSON.parse(readFileSync(metaPath(older.database), "utf8")) as TiledMeta);
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        if (older === undefined) await client.query(`CREATE DATABASE "${name}"`);
        else {
          rmSync(metaPath(older.database));
          await client.query(`ALTER DATABASE "${older.database}" RENAME TO "${name}"`);
        }
      } finally {
        await client.end();
      }
      let meta: TiledMeta;
      if (older === undefined || previous === undefined)
        meta = await tiledPostgresStore(url.toString(), baseRecords, copies);
      else {
        const started = performance.now();
        await (await openPostgresStore(url.toString())).close(); // runs the newer migrations
        meta = {
          ...previous,
          fromCache: false,
          upgradedFrom: older.version,
          upgradeSeconds: (performance.now() - started) / 1000,
        };
      }
      writeFileSync(metaPath(name), JSON.stringify(meta, null, 2));
      process.stderr.write(
        `bench:   PostgreSQL ${name} ready in ${(meta.upgradeSeconds ?? meta.tileSeconds).toFixed(0)} s; ${(freeBytes() / 2 ** 30).toFixed(0)} GB left on disk\n`,
      );
      return { url: url.toString(), meta };
    },
    stop: () => server.stop(),
  };
}
