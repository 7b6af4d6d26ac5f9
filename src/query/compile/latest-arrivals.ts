// The latest-arrivals plan: fetch … | filter (key fields) | dedup {finding}, sort: {timestamp desc} → reads latest_arrivals alone.

import { EVENT_NOT_NULL } from "../../store/columns.js";
import { quoteIdent as q } from "../../store/dialect.js";
import { EVENT_COUNTS_TABLE, startOfHour } from "../../store/event-counts.js";
import {
  ARRIVAL_COLUMNS,
  ARRIVAL_EVENT_TYPE,
  ARRIVAL_KEY_FIELDS,
  LATEST_ARRIVALS_TABLE,
  sameKeySql,
} from "../../store/latest-arrivals.js";
import type { DedupCommand, FetchCommand, FilterCommand, Query } from "../ast.js";
import { EVENTS_SCHEMA } from "../schema.js";
import { T } from "../types.js";
import {
  compileCommands,
  compileFetch,
  fetchTimeframe,
  filtersAfter,
  type PipelineTools,
} from "./commands.js";
import { EXTRA, physicalColumns, type Stage } from "./context.js";
import type { Demand } from "./demand.js";

const BUCKET = "dt.system.bucket";
/** Key fields that vary within one bucket's finding events (event.type is fixed by the plan's filter). */
const FINDING_FIELDS = ARRIVAL_KEY_FIELDS.filter(
  (name) => name !== BUCKET && name !== "event.type",
);

/**
 * The stage after `query.commands[dedupIndex]` (a dedup that `choosePlan` accepted), read from the
 * latest-arrivals table: the same rows the general plan keeps, without ranking every finding event.
 *
 * 1. Candidates, one per finding key: its latest arrival (a copy of the event) when that lies in
 *    [from, to) — or, for a key whose latest arrival is at or after `to` (a timeframe ending in the
 *    past), its events in [from, to) from the event log. Keys whose latest arrival is before `from`
 *    have no event in the timeframe. Only the columns the rest of the query reads are carried.
 * 2. The filters before the dedup, on the candidates (they read key fields only: same answer for
 *    every event of a key).
 * 3. The dedup. When its keys include image, vulnerability and component, each candidate from the
 *    table is alone in its dedup group unless the query spans several buckets holding the finding:
 *    the statement checks that (and whether any key came from the log) and ranks the candidates the
 *    general way only then. Other dedup keys (a subset of the finding) always rank the candidates.
 * 4. The commands after the dedup read the candidates directly: the table holds every column of the
 *    event. Only a query reading dt.raw_data joins the kept events back to the security_events view.
 */
export function compileLatestArrivals(
  query: Query,
  dedupIndex: number,
  tools: PipelineTools,
  demands: readonly Demand[],
): Stage {
  const ctx = tools.ctx;
  const fetch = query.commands[0] as FetchCommand;
  const timeframe = fetchTimeframe(fetch, ctx);
  const from = ctx.bind(timeframe.start, T.timestamp);
  const to = ctx.bind(timeframe.end, T.timestamp);
  const buckets = fetch.buckets?.map((bucket) => ctx.bind(bucket.value, T.string));
  const inBuckets = (rel: string) =>
    buckets === undefined ? "" : ` AND ${rel}${q(BUCKET)} IN (${buckets.join(", ")})`;
  const ts = q("timestamp");

  // What the rest of the query reads, plus what the plan itself needs; never dt.raw_data.
  const need = demands[0]!;
  const wanted = new Set([...need.fields, ...ARRIVAL_KEY_FIELDS, "timestamp", "event.id"]);
  const names = ARRIVAL_COLUMNS.filter((name) => name !== EXTRA && wanted.has(name));
  const list = (rel: string) =>
    [...names, ...(need.extra ? [EXTRA] : [])].map((name) => `${rel}${q(name)}`).join(", ");

  const lateKeys = ctx.fresh("s");
  ctx.addCte(
    lateKeys,
    `SELECT ${ARRIVAL_KEY_FIELDS.map((name) => q(name)).join(", ")}\nFROM ${LATEST_ARRIVALS_TABLE}\nWHERE ${ts} >= ${to}${inBuckets("")}`,
  );
  const lateRows = ctx.fresh("s");
  ctx.addCte(
    lateRows,
    `SELECT ${list("e.")}
FROM events e JOIN ${lateKeys} l ON ${sameKeySql(ctx.dialect, "e", "l")}
WHERE e.${ts} >= ${from} AND e.${ts} < ${to} AND e.${q("event.type")} = ${ctx.bind(ARRIVAL_EVENT_TYPE, T.string)}${inBuckets("e.")}`,
  );
  const candidates = ctx.fresh("s");
  ctx.addCte(
    candidates,
    `SELECT ${list("")}
FROM ${LATEST_ARRIVALS_TABLE}
WHERE ${ts} >= ${from} AND ${ts} < ${to}${inBuckets("")}
UNION ALL
SELECT ${list("")} FROM ${lateRows}`,
  );
  const first: Stage = {
    cte: candidates,
    schema: {
      columns: EVENTS_SCHEMA.columns.filter((column) => column.name !== "dt.raw_data"),
      open: true,
    },
    sqlNames: new Map(names.map((name) => [name, name])),
    extra: need.extra,
    ordered: false,
    notNull: new Set(names.filter((name) => EVENT_NOT_NULL.has(name))),
    timeframe,
  };
  const filtered = compileCommands(query.commands.slice(0, dedupIndex), 1, first, tools, demands);
  const deduped = dedupCandidates(
    query,
    dedupIndex,
    filtered,
    { lateRows, buckets },
    tools,
    demands,
  );

  if (tools.table === "events")
    return compileCommands(query.commands, dedupIndex + 1, deduped, tools, demands);
  // dt.raw_data: the kept events, read again from the view with their original records.
  const ids = ctx.fresh("s");
  ctx.addCte(ids, `SELECT ${q("event.id")} FROM ${deduped.cte}`);
  const end = filtersAfter(query.commands, dedupIndex);
  const latest = compileFetch(
    fetch,
    tools,
    EVENTS_SCHEMA,
    demands[end - 1],
    ids,
    query.commands.slice(dedupIndex + 1, end) as FilterCommand[],
  );
  return compileCommands(query.commands, end, latest, tools, demands);
}

/**
 * Step 3: the dedup over the filtered candidates. `from.lateRows` is the CTE of the candidates read
 * from the log, `from.buckets` the fetch's bucket parameters (undefined: all). The result carries what `demands[dedupIndex]` asks for
 * (event.id only when the view is read).
 */
function dedupCandidates(
  query: Query,
  dedupIndex: number,
  filtered: Stage,
  from: { readonly lateRows: string; readonly buckets: readonly string[] | undefined },
  tools: PipelineTools,
  demands: readonly Demand[],
): Stage {
  const ctx = tools.ctx;
  const dedup = query.commands[dedupIndex] as DedupCommand;
  const asked = demands[dedupIndex]!;
  const need: Demand =
    tools.table === "events"
      ? asked
      : { fields: new Set(["event.id"]), extra: false, order: false };
  const wantedDemands = demands.map((demand, index) => (index === dedupIndex ? need : demand));
  const keys = new Set(dedup.keys.map((key) => (key.expr as { name: string }).name));
  const ranked = (input: Stage) =>
    compileCommands(
      query.commands.slice(0, dedupIndex + 1),
      dedupIndex,
      input,
      tools,
      wantedDemands,
    );
  if (!FINDING_FIELDS.every((name) => keys.has(name))) return ranked(filtered);

  // Candidates are alone in their dedup group unless some came from the log, or (when the dedup
  // does not keep buckets apart) they span more than one bucket.
  // Buckets come from the per-hour event counts of the hours the timeframe touches (a superset of
  // the candidates' buckets: at worst they are ranked when they need not be), not from a scan of
  // every candidate.
  const timeframe = filtered.timeframe;
  const firstHour = startOfHour(timeframe.start);
  const inFetchBuckets =
    from.buckets === undefined ? "" : ` AND bucket IN (${from.buckets.join(", ")})`;
  const mixed = keys.has(BUCKET)
    ? "FALSE"
    : `(SELECT count(DISTINCT bucket) > 1 FROM ${EVENT_COUNTS_TABLE} WHERE hour >= ${ctx.bind(firstHour, T.timestamp)} AND hour < ${ctx.bind(timeframe.end, T.timestamp)} AND n > 0${inFetchBuckets})`;
  const check = ctx.fresh("s");
  ctx.addCte(
    check,
    `SELECT EXISTS (SELECT 1 FROM ${from.lateRows}) OR coalesce(${mixed}, FALSE) AS vigil_rank_needed`,
  );
  const when = (negate: boolean) =>
    `${negate ? "NOT " : ""}(SELECT vigil_rank_needed FROM ${check})`;
  const toRank = ctx.fresh("s");
  ctx.addCte(
    toRank,
    `SELECT ${physicalColumns(filtered).join(", ")}\nFROM ${filtered.cte}\nWHERE ${when(false)}`,
  );
  const rankedStage = ranked({ ...filtered, cte: toRank });
  const columns = physicalColumns(rankedStage).join(", ");
  const out = ctx.fresh("s");
  ctx.addCte(
    out,
    `SELECT ${columns}\nFROM ${filtered.cte}\nWHERE ${when(true)}\nUNION ALL\nSELECT ${columns}\nFROM ${rankedStage.cte}`,
  );
  return { ...rankedStage, cte: out };
}
