// 6. Queries: p50/p95 of every dql.md example and dashboard tile via executeDql, next to hand-written SQL on the same engine
// (the engine's own SQL of each query; test/bench/hand-sql.test.ts proves both engines' SQL gives DQL's answer).

import { executeDql } from "../../src/query/execute.js";
import type { SqlEventStore } from "../../src/store/sql-event-store.js";
import { percentile, type RunPlan, timeRunsPlanned } from "../lib/stats.js";
import type { StoreMeta } from "../lib/store-cache.js";
import type { TiledMeta } from "../lib/tiled-store.js";
import { dashboardTiles } from "../queries/dashboard-tiles.js";
import { type BenchQuery, DQL_EXAMPLES } from "../queries/dql-examples.js";

export interface QueryFigure {
  readonly name: string;
  readonly source: string;
  readonly group: "dql.md" | "dashboard";
  readonly dqlP50Ms: number;
  readonly dqlP95Ms: number;
  readonly dqlMinMs: number;
  readonly dqlMaxMs: number;
  readonly sqlP50Ms?: number;
  readonly sqlP95Ms?: number;
  readonly overhead?: number;
  readonly records?: number;
  /** Timed runs of the DQL and of the hand SQL (fewer than the plan's most for slow or steady queries). */
  readonly dqlRuns?: number;
  readonly sqlRuns?: number;
  readonly error?: string;
}

export interface QueriesResult {
  readonly engine: "duckdb" | "postgres";
  /** "DuckDB" or "PostgreSQL", with the store's size in the report. */
  readonly label: string;
  readonly store: TiledMeta;
  /** The most timed runs per query (results of older runs: every query ran this often). */
  readonly runs: number;
  readonly plan?: RunPlan;
  readonly seconds?: number;
  readonly queries: QueryFigure[];
}

/** A store to run every query against: its engine, how to open it, what it holds. */
export interface QueryTarget {
  readonly label: string;
  readonly meta: TiledMeta;
  open(): Promise<SqlEventStore>;
}

export async function benchQueries(
  target: QueryTarget,
  plan: RunPlan,
  only?: (q: BenchQuery) => boolean,
): Promise<QueriesResult> {
  const started = performance.now();
  const { meta } = target;
  const store = await target.open();
  const options = {
    defaultTimeframeStart: meta.timeframeStart,
    defaultTimeframeEnd: meta.timeframeEnd,
    now: new Date(meta.now),
  };
  const all: { query: BenchQuery; group: QueryFigure["group"] }[] = [
    ...DQL_EXAMPLES.map((query) => ({ query, group: "dql.md" as const })),
    ...dashboardTiles().map((query) => ({ query, group: "dashboard" as const })),
  ].filter((entry) => only === undefined || only(entry.query));
  const queries: QueryFigure[] = [];
  try {
    for (const { query, group } of all) {
      const figure = await measure(store, query, group, plan, options, meta);
      queries.push(figure);
      process.stderr.write(
        `bench:   ${target.label} ${meta.findings} findings · ${query.name}: DQL p50 ${figure.dqlP50Ms.toFixed(0)} ms, SQL p50 ${figure.sqlP50Ms?.toFixed(0) ?? "–"} ms${figure.error === undefined ? "" : ` · ${figure.error}`}\n`,
      );
    }
  } finally {
    await store.close();
  }
  return {
    engine: store.dialect.name,
    label: target.label,
    store: meta,
    runs: plan.runs,
    plan,
    seconds: (performance.now() - started) / 1000,
    queries,
  };
}

async function measure(
  store: SqlEventStore,
  query: BenchQuery,
  group: QueryFigure["group"],
  plan: RunPlan,
  options: Parameters<typeof executeDql>[2],
  meta: TiledMeta,
): Promise<QueryFigure> {
  try {
    let count = 0;
    await executeDql(store, query.dql, options); // warm-up
    const dql = await timeRunsPlanned(plan, async () => {
      count = (await executeDql(store, query.dql, options)).records.length;
    });
    let sql: number[] | undefined;
    const handSql = query.sql?.[store.dialect.name];
    if (handSql !== undefined) {
      const params = handSqlParams(query, meta);
      if (plan.sqlWarmUp) await store.query(handSql, params);
      sql = await timeRunsPlanned(plan, () => store.query(handSql, params));
    }
    const dqlP50Ms = percentile(dql, 50);
    const sqlP50Ms = sql === undefined ? undefined : percentile(sql, 50);
    return {
      name: query.name,
      source: query.source,
      group,
      dqlP50Ms,
      dqlP95Ms: percentile(dql, 95),
      dqlMinMs: Math.min(...dql),
      dqlMaxMs: Math.max(...dql),
      records: count,
      dqlRuns: dql.length,
      ...(sql === undefined ? {} : { sqlRuns: sql.length }),
      ...(sql === undefined || sqlP50Ms === undefined
        ? {}
        : { sqlP50Ms, sqlP95Ms: percentile(sql, 95), overhead: dqlP50Ms / sqlP50Ms }),
    };
  } catch (error) {
    return {
      name: query.name,
      source: query.source,
      group,
      dqlP50Ms: Number.NaN,
      dqlP95Ms: Number.NaN,
      dqlMinMs: Number.NaN,
      dqlMaxMs: Number.NaN,
      error: (error as Error).message.slice(0, 300),
    };
  }
}

/** The parameters of a query's hand-written SQL: the default timeframe, or now() when it uses now(). */
export function handSqlParams(
  query: BenchQuery,
  times: Pick<StoreMeta, "now" | "timeframeStart" | "timeframeEnd">,
): string[] {
  return query.usesNow === true ? [times.now] : [times.timeframeStart, times.timeframeEnd];
}

/** The selective query of the scaling section: one repository's critical findings. */
export function selectiveQuery(repository: string): string {
  return `fetch security.events
| filter event.type == "VULNERABILITY_FINDING" and container_image.repository == ${JSON.stringify(repository)} and dt.security.risk.level == "CRITICAL"
| summarize {n = count()}`;
}
