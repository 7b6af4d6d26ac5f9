// Latest-arrivals plan vs general plan: p50 of every dql.md example and dashboard tile the plan takes, on one store.
import { type ExecuteOptions, executeDql } from "../../src/query/execute.js";
import { parseQuery } from "../../src/query/parser.js";
import { choosePlan } from "../../src/query/plan.js";
import type { EventStore } from "../../src/store/event-store.js";
import { percentile } from "../lib/stats.js";
import { dashboardTiles } from "../queries/dashboard-tiles.js";
import { type BenchQuery, DQL_EXAMPLES } from "../queries/dql-examples.js";

export interface PlanFigure {
  readonly name: string;
  readonly source: string;
  readonly group: "dql.md" | "dashboard";
  readonly latestP50Ms: number;
  readonly generalP50Ms: number;
  /** generalP50Ms / latestP50Ms. */
  readonly speedup: number;
  readonly records: number;
  /** Both plans gave the same records (as a multiset; a final sort with ties under a limit may differ legitimately). */
  readonly sameRecords: boolean;
}

export interface LatestArrivalsResult {
  readonly engine: "duckdb" | "postgres";
  readonly findingEvents: number;
  readonly latestArrivals: number;
  readonly runs: number;
  readonly queries: PlanFigure[];
}

/** The dql.md examples and dashboard tiles that get the latest-arrivals plan. */
export function latestArrivalsQueries(): { query: BenchQuery; group: PlanFigure["group"] }[] {
  return [
    ...DQL_EXAMPLES.map((query) => ({ query, group: "dql.md" as const })),
    ...dashboardTiles().map((query) => ({ query, group: "dashboard" as const })),
  ].filter(({ query }) => choosePlan(parseQuery(query.dql)).kind === "latest-arrivals");
}

const canonical = (records: readonly Record<string, unknown>[]) =>
  JSON.stringify(records.map((record) => JSON.stringify(record)).sort());

/**
 * Runs each query `runs` times with each plan, alternating (so load on a shared machine hits both
 * alike), after one warm-up of each.
 */
export async function benchLatestArrivals(
  store: EventStore,
  options: ExecuteOptions,
  runs: number,
): Promise<LatestArrivalsResult> {
  const count = async (sql: string) => Number((await store.query(sql))[0]?.n ?? 0);
  const queries: PlanFigure[] = [];
  for (const { query, group } of latestArrivalsQueries()) {
    const latest = { ...options, latestArrivals: true };
    const general = { ...options, latestArrivals: false };
    const a = await executeDql(store, query.dql, latest);
    const b = await executeDql(store, query.dql, general);
    const times = { latest: [] as number[], general: [] as number[] };
    for (let run = 0; run < runs; run++) {
      for (const [plan, settings] of [
        ["latest", latest],
        ["general", general],
      ] as const) {
        const started = performance.now();
        await executeDql(store, query.dql, settings);
        times[plan].push(performance.now() - started);
      }
    }
    const latestP50Ms = percentile(times.latest, 50);
    const generalP50Ms = percentile(times.general, 50);
    queries.push({
      name: query.name,
      source: query.source,
      group,
      latestP50Ms,
      generalP50Ms,
      speedup: generalP50Ms / latestP50Ms,
      records: a.records.length,
      sameRecords: canonical(a.records) === canonical(b.records),
    });
  }
  return {
    engine: store.dialect.name,
    findingEvents: await count(
      `SELECT count(*) AS n FROM events WHERE "event.type" = 'VULNERABILITY_FINDING'`,
    ),
    latestArrivals: await count("SELECT count(*) AS n FROM latest_arrivals"),
    runs,
    queries,
  };
}

/** A Markdown table of the figures. */
export function latestArrivalsTable(result: LatestArrivalsResult): string {
  const ms = (value: number) => value.toFixed(1);
  const rows = result.queries.map(
    (q) =>
      `| ${q.name} | ${ms(q.latestP50Ms)} | ${ms(q.generalP50Ms)} | ${q.speedup.toFixed(1)}× | ${q.records} | ${q.sameRecords ? "yes" : "no"} |`,
  );
  return [
    `${result.engine}: ${result.findingEvents} finding events, ${result.latestArrivals} latest arrivals, p50 of ${result.runs} runs per plan (alternating)`,
    "",
    "| query | latest-arrivals p50 ms | general p50 ms | speed-up | records | same records |",
    "|---|---:|---:|---:|---:|---|",
    ...rows,
  ].join("\n");
}
