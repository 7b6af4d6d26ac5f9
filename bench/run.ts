// npm run bench [-- --quick] [--sections a,b] [--max-findings N]: runs the sections, writes BENCHMARKS.md and bench/results/latest.json
// (a run of some sections only writes bench/results/partial-<sections>.md/.json and leaves BENCHMARKS.md alone).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openDuckDbStore } from "../src/store/duckdb/open-duckdb-store.js";
import { openPostgresStore } from "../src/store/postgres/open-postgres-store.js";
import { createDatabase, startPostgres } from "../test/helpers/postgres-server.js";
import { describeMachine } from "./lib/machine.js";
import { copiesFor, tiledDuckDbStore, tiledPostgresStore } from "./lib/tiled-store.js";
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
const flag = (name: string) => {
  const index = process.argv.indexOf(name);
  return index < 0 ? undefined : process.argv[index + 1];
};
const SECTIONS = [
  "mapping",
  "duckdb-import",
  "postgres-import",
  "http-ingest",
  "event-hubs",
  "scaling",
  "queries",
  "profiles",
] as const;
const chosen = flag("--sections")?.split(",");
const unknown = chosen?.filter((name) => !(SECTIONS as readonly string[]).includes(name)) ?? [];
if (unknown.length > 0) {
  process.stderr.write(
    `bench: unknown section(s) ${unknown.join(", ")}; known: ${SECTIONS.join(", ")}\n`,
  );
  process.exit(2);
}
const selected = (section: (typeof SECTIONS)[number]) =>
  chosen === undefined || chosen.includes(section);
/**
 * Stores above this many findings are skipped. The full run stops at 1M unless asked for more: a 10M
 * DuckDB store is ~30 GB on disk and took over an hour to build on the 2-core machine (and the scaling
 * section copies each store once more to import into it).
 */
const maxFindings = Number(
  flag("--max-findings") ?? (quick ? Number.POSITIVE_INFINITY : 1_000_000),
);
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
      eh: 5_000,
      ehRuns: 1,
      queryBase: 10_000,
      /** Query stores: [engine, target findings (0 = the base store as it is), timed runs per query]. */
      queryStores: [
        ["duckdb", 0, 3],
        ["postgres", 0, 3],
      ] as const,
      queryRuns: 3,
      scalingBase: 5_000,
      /** Target findings per scaling store (0 = the base store as it is). */
      scalingFindings: [0, 20_000],
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
      eh: 20_000,
      ehRuns: 1,
      /** The big stores are copies of this base (see bench/lib/tiled-store.ts). */
      queryBase: 10_000,
      queryStores: [
        ["duckdb", 1_000_000, 5],
        ["postgres", 1_000_000, 3],
        ["duckdb", 10_000_000, 3],
      ] as const,
      queryRuns: 5,
      scalingBase: 10_000,
      scalingFindings: [100_000, 300_000, 1_000_000, 10_000_000],
      scalingIncrement: 5_000,
      profile: 5_000,
    };

const root = join(import.meta.dirname, "..");
const started = performance.now();
const results: RunResults = {
  mode: quick ? "quick" : "full",
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
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

if (selected("mapping"))
  results.mapping = await step("mapping", () => benchMapping(SIZES.map, SIZES.mapRuns));
if (selected("duckdb-import"))
  results.duckdbImport = await step("duckdb import", () =>
    benchDuckDbImport(SIZES.duck, SIZES.duckRuns, 3),
  );
if (selected("postgres-import"))
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
if (selected("http-ingest"))
  results.httpIngest = await step("http ingest", () => benchHttpIngest(SIZES.http, SIZES.httpRuns));
if (selected("event-hubs"))
  results.eventHubs = await step("event hubs", () => benchEventHubs(SIZES.eh, SIZES.ehRuns));
if (selected("scaling"))
  results.scaling = await step("scaling", () =>
    benchScaling(
      SIZES.scalingBase,
      SIZES.scalingFindings,
      SIZES.scalingIncrement,
      SIZES.queryRuns,
      maxFindings,
    ),
  );
if (selected("queries")) results.queries = await step("queries", () => queriesOnEveryStore());
if (selected("profiles"))
  results.profiles = await step("profiles", () => benchProfiles(SIZES.profile));

const final: RunResults = { ...results, seconds: (performance.now() - started) / 1000 };
const resultsDir = join(root, "bench", "results");
mkdirSync(resultsDir, { recursive: true });
const name = chosen === undefined ? "latest" : `partial-${chosen.join("-")}`;
writeFileSync(join(resultsDir, `${name}.json`), `${JSON.stringify(final, null, 2)}\n`);
const reportPath =
  chosen === undefined ? join(root, "BENCHMARKS.md") : join(resultsDir, `${name}.md`);
writeFileSync(reportPath, renderReport(final));
process.stderr.write(`bench: wrote ${reportPath} in ${final.seconds?.toFixed(0)} s\n`);
process.exit(0);

/** Every query on each store of SIZES.queryStores; PostgreSQL stores live on one throwaway server. */
async function queriesOnEveryStore(): Promise<QueriesResult[]> {
  const out: QueriesResult[] = [];
  let postgres: Awaited<ReturnType<typeof startPostgres>> | undefined;
  try {
    for (const [engine, findings, runs] of SIZES.queryStores) {
      if (findings > maxFindings) continue;
      const copies = await copiesFor(SIZES.queryBase, findings);
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
