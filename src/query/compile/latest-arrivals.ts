// The latest-arrivals plan: fetch … | filter (key fields) | dedup {key fields}, sort: {timestamp desc} → reads latest_arrivals.
import { quoteIdent as q } from "../../store/dialect.js";
import {
  ARRIVAL_COLUMNS,
  ARRIVAL_EVENT_TYPE,
  ARRIVAL_KEY_FIELDS,
  LATEST_ARRIVALS_TABLE,
  sameKeySql,
} from "../../store/latest-arrivals.js";
import type { DedupCommand, FetchCommand, FilterCommand, Query } from "../ast.js";
import { EVENTS_SCHEMA, findColumn, type Schema } from "../schema.js";
import { T } from "../types.js";
import {
  compileCommands,
  compileFetch,
  fetchTimeframe,
  filtersAfter,
  type PipelineTools,
} from "./commands.js";
import type { Stage } from "./context.js";
import type { Demand } from "./demand.js";

/**
 * The stage after `query.commands[dedupIndex]` (a dedup that `choosePlan` accepted), read from the
 * latest-arrivals table: the same rows the general plan keeps, without ranking every finding event.
 *
 * 1. Candidates, one per finding key: its latest arrival when that lies in [from, to) — or, for a key
 *    whose latest arrival is at or after `to` (a timeframe ending in the past), its events in [from, to)
 *    from the event log. Keys whose latest arrival is before `from` have no event in the timeframe.
 * 2. The filters before the dedup, on the candidates (they read key fields only: same answer for
 *    every event of a key).
 * 3. Per dedup key (a union of finding keys), the candidate first in (timestamp desc, event.id desc):
 *    the order the general plan's dedup uses.
 * 4. Those events (a join on event.id: each is the newest of one dedup key, so no event comes twice,
 *    and DuckDB joins faster than it semi-joins an IN list), with what later commands need
 *    (`demands`, aligned with `query.commands`), as the fetch would read them; filters right after
 *    the dedup go into the same WHERE.
 * Then the commands after the dedup.
 */
export function compileLatestArrivals(
  query: Query,
  dedupIndex: number,
  tools: PipelineTools,
  demands: readonly Demand[],
): Stage {
  const ctx = tools.ctx;
  const fetch = query.commands[0] as FetchCommand;
  const dedup = query.commands[dedupIndex] as DedupCommand;
  const timeframe = fetchTimeframe(fetch, ctx);
  const from = ctx.bind(timeframe.start, T.timestamp);
  const to = ctx.bind(timeframe.end, T.timestamp);
  const buckets = fetch.buckets?.map((bucket) => ctx.bind(bucket.value, T.string));
  const inBuckets = (rel: string) =>
    buckets === undefined ? "" : ` AND ${rel}${q("dt.system.bucket")} IN (${buckets.join(", ")})`;
  const ts = q("timestamp");
  const id = q("event.id");

  const late = ctx.fresh("s");
  ctx.addCte(
    late,
    `SELECT ${ARRIVAL_KEY_FIELDS.map((name) => q(name)).join(", ")}\nFROM ${LATEST_ARRIVALS_TABLE}\nWHERE ${ts} >= ${to}${inBuckets("")}`,
  );
  const candidates = ctx.fresh("s");
  ctx.addCte(
    candidates,
    `SELECT ${ARRIVAL_COLUMNS.map((name) => q(name)).join(", ")}
FROM ${LATEST_ARRIVALS_TABLE}
WHERE ${ts} >= ${from} AND ${ts} < ${to}${inBuckets("")}
UNION ALL
SELECT ${ARRIVAL_COLUMNS.map((name) => `e.${q(name)}`).join(", ")}
FROM events e JOIN ${late} l ON ${sameKeySql(ctx.dialect, "e", "l")}
WHERE e.${ts} >= ${from} AND e.${ts} < ${to} AND e.${q("event.type")} = ${ctx.bind(ARRIVAL_EVENT_TYPE, T.string)}${inBuckets("e.")}`,
  );
  const schema: Schema = {
    columns: ARRIVAL_COLUMNS.map((name) => findColumn(EVENTS_SCHEMA, name)!),
    open: false,
  };
  const narrow: Stage = {
    cte: candidates,
    schema,
    sqlNames: new Map(ARRIVAL_COLUMNS.map((name) => [name, name])),
    extra: false,
    ordered: false,
    notNull: new Set(["timestamp", "event.id", "dt.system.bucket"]),
    timeframe,
  };
  const filtered = compileCommands(query.commands.slice(0, dedupIndex), 1, narrow, tools);
  const keys = dedup.keys
    .map((key) => q(filtered.sqlNames.get((key.expr as { name: string }).name)!))
    .join(", ");
  const newest = ctx.fresh("s");
  ctx.addCte(
    newest,
    ctx.dialect.name === "duckdb"
      ? `SELECT arg_max(${id}, (${ts}, ${id})) AS ${id}\nFROM ${filtered.cte}\nGROUP BY ${keys}`
      : `SELECT ${id}\nFROM (SELECT ${id}, row_number() OVER (PARTITION BY ${keys} ORDER BY ${ts} DESC, ${id} DESC) AS vigil_rank FROM ${filtered.cte}) ranked\nWHERE vigil_rank = 1`,
  );
  const end = filtersAfter(query.commands, dedupIndex);
  const latest = compileFetch(
    fetch,
    tools,
    EVENTS_SCHEMA,
    demands[end - 1],
    newest,
    query.commands.slice(dedupIndex + 1, end) as FilterCommand[],
  );
  return compileCommands(query.commands, end, latest, tools, demands);
}
