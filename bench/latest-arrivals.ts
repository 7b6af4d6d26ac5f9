// npx tsx bench/latest-arrivals.ts [--records 100000] [--copies 1] [--runs 7] [--postgres]: the latest-arrivals plan vs
// the general plan on the query store of `records` generated records (bench/lib/store-cache.ts), or on `copies` copies
// of it with new image digests (bench/lib/tiled-store.ts) — run on a copy of the cached file — and with --postgres on
// the same events copied into an embedded PostgreSQL.
import { copyFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { openDuckDbStore } from "../src/store/duckdb/open-duckdb-store.js";
import { openPostgresStore } from "../src/store/postgres/open-postgres-store.js";
import { createDatabase, startPostgres } from "../test/helpers/postgres-server.js";
import { CACHE_DIR } from "./lib/data.js";
import { duckDbStore } from "./lib/store-cache.js";
import { tiledDuckDbStore, tiledPostgresStore } from "./lib/tiled-store.js";
import { benchLatestArrivals, latestArrivalsTable } from "./sections/latest-arrivals.js";

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index < 0 ? fallback : Number(process.argv[index + 1]);
}

const records = flag("--records", 100_000);
const runs = flag("--runs", 7);
const copies = flag("--copies", 1);
const { path, meta } =
  copies === 1 ? await duckDbStore(records) : await tiledDuckDbStore(records, copies);
const options = {
  defaultTimeframeStart: meta.timeframeStart,
  defaultTimeframeEnd: meta.timeframeEnd,
  now: new Date(meta.now),
};

const copy = join(CACHE_DIR, `latest-arrivals-${records}x${copies}.duckdb`);
rmSync(copy, { force: true });
copyFileSync(path, copy);
try {
  const store = await openDuckDbStore(copy); // migrates the copy (backfills latest_arrivals)
  try {
    process.stdout.write(
      `${latestArrivalsTable(await benchLatestArrivals(store, options, runs))}\n\n`,
    );
  } finally {
    await store.close();
  }
} finally {
  rmSync(copy, { force: true });
  rmSync(`${copy}.wal`, { force: true });
}

if (process.argv.includes("--postgres")) {
  const server = await startPostgres();
  try {
    const url = await createDatabase(server.url, `vigil_latest_arrivals_${process.pid}`);
    await tiledPostgresStore(url, records, copies);
    const store = await openPostgresStore(url);
    try {
      process.stdout.write(
        `${latestArrivalsTable(await benchLatestArrivals(store, options, runs))}\n`,
      );
    } finally {
      await store.close();
    }
  } finally {
    await server.stop();
  }
}
