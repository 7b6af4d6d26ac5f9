// npm run bench [-- --quick]: runs every section, writes BENCHMARKS.md and bench/results/latest.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openDuckDbStore } from "../src/store/duckdb/open-duckdb-store.js";
import { openPostgresStore } from "../src/store/postgres/open-postgres-store.js";
import { createDatabase, startPostgres } from "../test/helpers/postgres-server.js";
import { describeMachine } from "./lib/machine.js";
import { tiledDuckDbStore, tiledPostgresStore } from "./lib/tiled-store.js";
import { type RunResults, renderReport } from "./report.js";
import { benchEventHubs } from "./sections/eventhubs.js";
import { benchHttpIngest } from "./sections/http-ingest.js";
import { benchDuckDbImport } from "./sections/import-duckdb.js";
import { benchPostgresImport } from "./sections/import-postgres.js";
import { benchMapping } from "./sections/mapping.js";
import { benchProfiles } from "./sections/profiles.js";
import { benchQueries, type QueriesResult } from "./sections/queries.js";
import { benchScaling } from "./sections/scaling.js";

const quick = process.argv.includes("--quick");
/** Sizes per mode. The full sizes are bounded by the 15-minute budget at today's import speed (see BENCHMARKS.md). */
const SIZES = quick
  ? {
      map: 5_000,
      mapRuns: 3,
      duck: 20_000,
      duckRuns: 1,
      pg: 3_000,
      http: 3_000,
      httpRuns: 2,
      eh: 1_000,
      ehRuns: 1,
      queryBase: 10_000,
      /** Query stores: [engine, copies of the base store, timed runs per query]. */
      queryStores: [
        ["duckdb", 1, 3],
        ["postgres", 1, 3],
      ] as const,
      queryRuns: 3,
      scalingBase: 5_000,
      scalingCopies: [1, 4],
      scalingIncrement: 500,
      profile: 2_000,
    }
  : {
      map: 30_000,
      mapRuns: 5,
      duck: 200_000,
      duckRuns: 1,
      pg: 10_000,
      http: 10_000,
      httpRuns: 3,
      eh: 5_000,
      ehRuns: 1,
      queryBase: 100_000,
      queryStores: [
        ["duckdb", 10, 5],
        ["postgres", 10, 5],
        ["duckdb", 100, 3],
      ] as const,
      queryRuns: 5,
      scalingBase: 100_000,
      scalingCopies: [1, 10, 100],
      scalingIncrement: 5_000,
      profile: 5_000,
    };

const root = join(import.meta.dirname, "..");
const started = performance.now();
const results: RunResults = {
  mode: quick ? "quick" : "full",
  command: quick ? "npm run bench -- --quick" : "npm run bench",
  machine: describeMachine(),
};
const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
  const at = performance.now();
  process.stderr.write(`bench: ${name}…\n`);
  const value = await work();
  process.stderr.write(
    `bench: ${name} done in ${((performance.now() - at) / 1000).toFixed(1)} s\n`,
  );
  return value;
};

results.mapping = await step("mapping", () => benchMapping(SIZES.map, SIZES.mapRuns));
results.duckdbImport = await step("duckdb import", () =>
  benchDuckDbImport(SIZES.duck, SIZES.duckRuns, 3),
);
results.postgresImport = await step("postgres import", async () => {
  try {
    const server = await startPostgres();
    try {
      return await benchPostgresImport(server, SIZES.pg, 1);
    } finally {
      await server.stop();
    }
  } catch (error) {
    return { error: (error as Error).message };
  }
});
results.httpIngest = await step("http ingest", () => benchHttpIngest(SIZES.http, SIZES.httpRuns));
results.eventHubs = await step("event hubs", () => benchEventHubs(SIZES.eh, SIZES.ehRuns));
results.scaling = await step("scaling", () =>
  benchScaling(SIZES.scalingBase, SIZES.scalingCopies, SIZES.scalingIncrement, SIZES.queryRuns),
);
results.queries = await step("queries", () => queriesOnEveryStore());

/** Every query on each store of SIZES.queryStores; PostgreSQL stores live on one throwaway server. */
async function queriesOnEveryStore(): Promise<QueriesResult[]> {
  const out: QueriesResult[] = [];
  let postgres: Awaited<ReturnType<typeof startPostgres>> | undefined;
  try {
    for (const [engine, copies, runs] of SIZES.queryStores) {
      if (engine === "duckdb") {
        const { path, meta } = await tiledDuckDbStore(SIZES.queryBase, copies);
        out.push(
          await benchQueries({ label: "DuckDB", meta, open: () => openDuckDbStore(path) }, runs),
        );
      } else {
        postgres ??= await startPostgres();
        const url = await createDatabase(postgres.url, `bench_queries_${copies}`);
        const meta = await tiledPostgresStore(url, SIZES.queryBase, copies);
        out.push(
          await benchQueries(
            { label: "PostgreSQL", meta, open: () => openPostgresStore(url) },
            runs,
          ),
        );
      }
    }
  } finally {
    await postgres?.stop();
  }
  return out;
}
results.profiles = await step("profiles", () => benchProfiles(SIZES.profile));

const final: RunResults = { ...results, seconds: (performance.now() - started) / 1000 };
mkdirSync(join(root, "bench", "results"), { recursive: true });
writeFileSync(join(root, "bench", "results", "latest.json"), `${JSON.stringify(final, null, 2)}\n`);
writeFileSync(join(root, "BENCHMARKS.md"), renderReport(final));
process.stderr.write(
  `bench: wrote BENCHMARKS.md and bench/results/latest.json in ${final.seconds?.toFixed(0)} s\n`,
);
process.exit(0);
