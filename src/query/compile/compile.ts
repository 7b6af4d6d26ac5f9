// The compiler's entry: a parsed query and a dialect → SQL, bound parameters and the result's columns. Pure.

import { quoteIdent as q, type SqlDialect } from "../../store/dialect.js";
import { countEventsQuery } from "../../store/event-counts.js";
import type { SqlParam } from "../../store/event-store.js";
import { analyzeStages } from "../analyze.js";
import type { Query } from "../ast.js";
import { fail } from "../errors.js";
import { choosePlan, type QueryPlan } from "../plan.js";
import { T, type ValueType } from "../types.js";
import { compilePipeline, NeedsRawData, type PipelineTools } from "./commands.js";
import { CompileContext, EXTRA, ORDER, type Stage, sqlName, type Timeframe } from "./context.js";
import { stageDemands } from "./demand.js";
import { compileLatestArrivals } from "./latest-arrivals.js";
import { parseIso } from "./time.js";

export interface CompileOptions {
  /** The query's `now()`; defaults to the current time. */
  readonly now?: Date;
  /**
   * Timeframe for a fetch without from:/to:/timeframe: (ISO-8601); default: the last 2 hours. A fetch
   * with to: alone takes its length (fetchTimeframe in commands.ts).
   */
  readonly defaultTimeframeStart?: string;
  readonly defaultTimeframeEnd?: string;
  /** Adds `LIMIT maxRecords` to the final statement. */
  readonly maxRecords?: number;
  /** Whether a recognized "latest per finding" dedup may read the latest-arrivals table (default true). */
  readonly latestArrivals?: boolean;
}

export interface ResultColumn {
  /** The DQL field name. */
  readonly name: string;
  readonly type: ValueType;
  /** The SQL column the rows carry it in. */
  readonly sqlName: string;
  /** A stored event field: left out of a record when null. */
  readonly sparse: boolean;
}

export interface CompiledQuery {
  readonly sql: string;
  readonly params: SqlParam[];
  readonly columns: ResultColumn[];
  /** The SQL column holding undeclared fields (JSON) to merge into each record, when the result has them. */
  readonly extraColumn?: string;
  /** The main fetch's timeframe. */
  readonly timeframe: Timeframe;
  /** Counts the records the main fetch reads (for scannedRecords). */
  readonly scan: { readonly sql: string; readonly params: SqlParam[] };
  /** The plan the main query got, and why (subqueries always get the general plan). */
  readonly plan: QueryPlan;
}

/**
 * Compiles a parsed query for one SQL engine. Every literal is a bound parameter; identifiers are
 * quoted catalog or generated names. Reads `events` unless the query needs `dt.raw_data`. Each stage
 * carries only the fields the rest of the query needs (compile/demand.ts).
 *
 * @example
 * const { sql, params } = compile(parseQuery("fetch security.events | summarize count()"), DUCKDB_DIALECT, { now });
 */
export function compile(
  query: Query,
  dialect: SqlDialect,
  options: CompileOptions = {},
): CompiledQuery {
  const analyzed = analyzeStages(query).at(-1)!;
  // The result carries dt.raw_data (whole records, or kept/prefixed by name): read the view.
  if (analyzed.columns.some((c) => c.name.endsWith("dt.raw_data")))
    return compileWith(query, dialect, options, "security_events")!;
  return (
    compileWith(query, dialect, options, "events") ??
    compileWith(query, dialect, options, "security_events")!
  );
}

function defaultTimeframe(options: CompileOptions, now: Date): Timeframe | undefined {
  if (options.defaultTimeframeStart === undefined && options.defaultTimeframeEnd === undefined)
    return undefined;
  const parse = (text: string | undefined, fallback: number) => {
    if (text === undefined) return fallback;
    const ms = parseIso(text);
    if (ms === undefined)
      fail("SEC_ERR_QUERY_SYNTAX", `the default timeframe "${text}" is not an ISO-8601 timestamp`, {
        start: { offset: 0, line: 1, column: 1 },
        end: { offset: 0, line: 1, column: 1 },
      });
    return ms;
  };
  const end = parse(options.defaultTimeframeEnd, now.getTime());
  const start = parse(options.defaultTimeframeStart, end - 2 * 3600_000);
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}

/** The compiled query reading `table`; undefined when it reads `events` but needs dt.raw_data. */
function compileWith(
  query: Query,
  dialect: SqlDialect,
  options: CompileOptions,
  table: string,
): CompiledQuery | undefined {
  const now = options.now ?? new Date();
  const ctx = new CompileContext(dialect, now, defaultTimeframe(options, now));
  let needsRawData = false;
  const tools: PipelineTools = {
    ctx,
    table,
    onField: (name) => {
      if (name === "dt.raw_data") needsRawData = true;
    },
    compileSubquery: (sub, need) => compilePipeline(sub, tools, stageDemands(sub, need)),
    result: query.commands,
  };
  const plan: QueryPlan =
    options.latestArrivals === false
      ? { kind: "general", reason: "the latest-arrivals plan is turned off" }
      : choosePlan(query);
  let final: Stage;
  try {
    const demands = stageDemands(query);
    final =
      plan.kind === "latest-arrivals"
        ? compileLatestArrivals(query, plan.dedupIndex, tools, demands)
        : compilePipeline(query, tools, demands);
  } catch (error) {
    if (error instanceof NeedsRawData && table !== "security_events") return undefined;
    throw error;
  }
  if (needsRawData && table !== "security_events") return undefined;

  const columns: ResultColumn[] = final.schema.columns.map((c) => ({
    name: c.name,
    type: c.type,
    sqlName: sqlName(final, c.name),
    sparse: c.sparse,
  }));
  const select = columns.map((c) => q(c.sqlName));
  if (final.extra) select.push(q(EXTRA));
  const orderBy = final.finalOrder?.orderBy ?? (final.ordered ? q(ORDER) : undefined);
  const order = orderBy === undefined ? "" : `\nORDER BY ${orderBy}`;
  const cap = Math.min(
    final.finalOrder?.limit ?? Number.POSITIVE_INFINITY,
    options.maxRecords ?? Number.POSITIVE_INFINITY,
  );
  const limit = Number.isFinite(cap) ? `\nLIMIT ${ctx.bind(cap, T.long)}` : "";
  const sql = `WITH ${ctx.ctes.join(",\n")}\nSELECT ${select.join(", ")}\nFROM ${final.cte}${order}${limit}`;

  const scan = countEventsQuery(dialect, final.timeframe.start, final.timeframe.end);
  return {
    sql,
    params: ctx.params,
    columns,
    ...(final.extra ? { extraColumn: EXTRA } : {}),
    timeframe: final.timeframe,
    scan,
    plan,
  };
}
