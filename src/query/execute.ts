// Runs a DQL query against an event store and answers in Grail's result shape; explainDql shows the SQL.
import type { SqlDialect } from "../store/dialect.js";
import type { EventStore, SqlParam } from "../store/event-store.js";
import { type CompileOptions, compile } from "./compile/compile.js";
import { QueryError } from "./errors.js";
import {
  type GrailNotification,
  type GrailQueryResult,
  toRecords,
  typeBuckets,
} from "./grail-result.js";
import { parseQuery } from "./parser.js";
import type { QueryPlan } from "./plan.js";

export interface ExecuteOptions {
  /** Timeframe for fetches without from:/to: (ISO-8601); default the last 2 hours. With to: alone, its length. */
  readonly defaultTimeframeStart?: string;
  readonly defaultTimeframeEnd?: string;
  /** At most this many records (default 1000); a cut result says so in metadata. */
  readonly maxResultRecords?: number;
  readonly timezone?: string;
  readonly locale?: string;
  /** The query's now() (tests pin it). */
  readonly now?: Date;
  /** Fails with SEC_ERR_QUERY_TIMEOUT after this long (the statement itself is not cancelled). */
  readonly timeoutMs?: number;
  /**
   * The latest-arrivals plan for a query it recognizes (plan.ts): true or by default always, false
   * never (for comparisons and benchmarks).
   */
  readonly latestArrivals?: boolean;
}

export const DEFAULT_MAX_RESULT_RECORDS = 1000;

function compileOptions(options: ExecuteOptions, maxRecords?: number): CompileOptions {
  return {
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.defaultTimeframeStart === undefined
      ? {}
      : { defaultTimeframeStart: options.defaultTimeframeStart }),
    ...(options.defaultTimeframeEnd === undefined
      ? {}
      : { defaultTimeframeEnd: options.defaultTimeframeEnd }),
    ...(maxRecords === undefined ? {} : { maxRecords }),
    ...(options.latestArrivals === undefined ? {} : { latestArrivals: options.latestArrivals }),
  };
}

/**
 * The SQL a query compiles to on `dialect` and the plan it got (for `vigil query --explain`).
 *
 * @example
 * explainDql("fetch security.events | limit 5", DUCKDB_DIALECT).sql; // "WITH s1 AS (…) SELECT …"
 */
export function explainDql(
  query: string,
  dialect: SqlDialect,
  options: ExecuteOptions = {},
): { sql: string; params: SqlParam[]; plan: QueryPlan } {
  const compiled = compile(parseQuery(query), dialect, compileOptions(options));
  return { sql: compiled.sql, params: compiled.params, plan: compiled.plan };
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number | undefined): Promise<T> {
  if (timeoutMs === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const position = { offset: 0, line: 1, column: 1 };
      reject(
        new QueryError([
          {
            code: "SEC_ERR_QUERY_TIMEOUT",
            message: `the query did not finish within ${timeoutMs} ms`,
            line: 1,
            column: 1,
            endLine: position.line,
            endColumn: position.column,
          },
        ]),
      );
    }, timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Parses, compiles and runs a DQL query. Query errors are thrown as QueryError (with line and column).
 *
 * @example
 * const result = await executeDql(store, "fetch security.events | summarize count()", { now: new Date() });
 * result.records; // [{ "count()": 42 }]
 */
export async function executeDql(
  store: EventStore,
  query: string,
  options: ExecuteOptions = {},
): Promise<GrailQueryResult> {
  const started = performance.now();
  const max = options.maxResultRecords ?? DEFAULT_MAX_RESULT_RECORDS;
  const parsed = parseQuery(query);
  const settings = compileOptions(options, max + 1);
  const compiled = compile(parsed, store.dialect, settings);
  // The engine cancels statements that outlive the limit; withTimeout answers on time regardless.
  const limit = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
  const run = async (): Promise<[Record<string, unknown>[], number]> => {
    const [rows, scanned] = await Promise.all([
      store.query(compiled.sql, compiled.params, limit),
      store.query(compiled.scan.sql, compiled.scan.params, limit),
    ]);
    return [rows, Number(scanned[0]?.n ?? 0)];
  };
  const [rows, scannedRecords] = await withTimeout(run(), options.timeoutMs).catch(
    (error: unknown) => {
      if (error instanceof QueryError) throw error;
      const timedOut =
        options.timeoutMs !== undefined && performance.now() - started >= options.timeoutMs;
      throw new QueryError([
        {
          code: timedOut ? "SEC_ERR_QUERY_TIMEOUT" : "SEC_ERR_QUERY_EXECUTION",
          message: timedOut
            ? `the query did not finish within ${options.timeoutMs} ms and was cancelled`
            : `the store could not run the query: ${(error as Error).message}`,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 1,
        },
      ]);
    },
  );
  const truncated = rows.length > max;
  const { records, recordTypes } = toRecords(
    truncated ? rows.slice(0, max) : rows,
    compiled.columns,
    compiled.extraColumn,
  );
  const notifications: GrailNotification[] = truncated
    ? [
        {
          severity: "WARNING",
          notificationType: "RESULT_TRUNCATED",
          message: `The result was limited to ${max} records (maxResultRecords); add a limit or narrow the query.`,
        },
      ]
    : [];
  return {
    records,
    types: typeBuckets(recordTypes),
    metadata: {
      grail: {
        query,
        canonicalQuery: query.trim(),
        timezone: options.timezone ?? "Z",
        locale: options.locale ?? "und",
        executionTimeMilliseconds: Math.round(performance.now() - started),
        scannedRecords,
        scannedBytes: 0,
        scannedDataPoints: 0,
        analysisTimeframe: compiled.timeframe,
        notifications,
        truncated,
        plan: compiled.plan.kind,
        planReason: compiled.plan.reason,
      },
    },
  };
}
