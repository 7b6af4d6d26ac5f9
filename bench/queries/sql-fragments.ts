// What the hand-written benchmark SQL writes differently on DuckDB and PostgreSQL: the timeframe condition,
// "the newest event per key" (DQL's `dedup {key}, sort: {timestamp desc}`) and makeTimeseries' per-bin arrays.
// Each engine gets its idiom: DuckDB a hash aggregate (`arg_max`), PostgreSQL `DISTINCT ON`.
//
// Parameters: $1/$2 are the default timeframe's start and end (ISO text), or $1 alone is the query's now().

/** Hand-written SQL of one benchmark query, per engine. */
export interface HandSql {
  readonly duckdb: string;
  readonly postgres: string;
}

/** The key of a finding as the spec's dedups write it: image × vulnerability × component. */
export const FINDING_KEY = ["object.id", "vulnerability.id", "component.name", "component.version"];
/** The same with the image's registry and repository (some spec examples dedup on these too). */
export const FINDING_IMAGE_KEY = [
  ...FINDING_KEY,
  "container_image.registry",
  "container_image.repository",
];

export const FINDINGS = `"event.type" = 'VULNERABILITY_FINDING'`;
export const IMAGE_SCANS = `"event.type" = 'VULNERABILITY_SCAN' AND "object.type" = 'CONTAINER_IMAGE'`;
export const NOT_RESOLVED = `"finding.status" IS DISTINCT FROM 'RESOLVED'`;

/**
 * The newest event per finding (FINDING_KEY) in the default timeframe, with `columns`, read the way the
 * store keeps it: the rows of `latest_arrivals` (a copy of each finding's latest arrival) that lie in
 * the timeframe and match `where`, plus — for findings whose latest arrival is after the timeframe's
 * end — their newest event in the timeframe from the log. What a hand-written query that knows the
 * schema reads instead of ranking every event. Assumes the findings live in one bucket, as in the
 * benchmark's stores and test/bench/hand-sql.test.ts (which checks the answers); DQL checks that at
 * run time.
 */
export function latestFindings(e: Engine, columns: readonly string[], where: string): string {
  const list = columns.map((column) => `"${column}"`).join(", ");
  const keys = FINDING_KEY.map((k) => `"${k}"`).join(", ");
  const sameKey = FINDING_KEY.map((k) => e.sameValue(`l."${k}"`, `e."${k}"`)).join(" AND ");
  // An uncorrelated join with the (usually empty) late keys: a correlated EXISTS makes DuckDB
  // compute the distinct keys of every event first (2-4 s at a million findings).
  const lateEvents = `(SELECT e.* FROM events e JOIN (SELECT ${keys} FROM latest_arrivals WHERE "timestamp" >= ${e.timeframeEnd}) l ON ${sameKey}) events`;
  return `SELECT ${list} FROM latest_arrivals WHERE ${e.timeframe} AND ${where}
  UNION ALL
  SELECT ${list} FROM (${e.newestPer(FINDING_KEY, columns, `${e.timeframe} AND ${where}`, lateEvents)}) late`;
}

export interface TimeseriesSpec {
  /** The condition besides the timeframe. */
  readonly where: string;
  /** The group column and its name in the result. */
  readonly by: { readonly column: string; readonly as: string };
  /** Name of the count array in the result. */
  readonly count: string;
  /** Bin width in hours (DQL picks 2 h for the benchmark's 8-day default timeframe when no interval is given). */
  readonly hours: number;
}

export interface Engine {
  /** The default timeframe: `"timestamp" >= $1 AND "timestamp" < $2`. */
  readonly timeframe: string;
  /** The default timeframe's end ($2) as a timestamp. */
  readonly timeframeEnd: string;
  /** `from: now() - <days>d` with $1 = now() (the benchmark's now() is also the default timeframe's end). */
  readonly lastDays: (days: number) => string;
  /** now() - <days> days, with $1 = now(). */
  readonly daysAgo: (days: number) => string;
  /**
   * The newest event per `key` among those matching `where` (ties to the greater event.id, as DQL's dedup),
   * with `columns` under their own names.
   */
  readonly newestPer: (
    key: readonly string[],
    columns: readonly string[],
    where: string,
    from?: string,
  ) => string;
  /** `a` and `b` are equal, nulls equal to nulls, as a condition the engine can hash-join on. */
  readonly sameValue: (a: string, b: string) => string;
  /** The sorted distinct non-null values of a column, [] when none (collectDistinct). */
  readonly sortedDistinct: (column: string) => string;
  /** One row per group: timeframe, interval (ns) and one count per bin (0 where none), bins aligned to the interval. */
  readonly timeseries: (spec: TimeseriesSpec) => string;
}

const quote = (name: string) => `"${name}"`;
const NANOS_PER_HOUR = 3_600_000_000_000;

export const DUCKDB: Engine = {
  timeframe: `"timestamp" >= CAST($1 AS TIMESTAMP) AND "timestamp" < CAST($2 AS TIMESTAMP)`,
  timeframeEnd: "CAST($2 AS TIMESTAMP)",
  lastDays: (days) =>
    `"timestamp" >= CAST($1 AS TIMESTAMP) - INTERVAL ${days} DAY AND "timestamp" < CAST($1 AS TIMESTAMP)`,
  daysAgo: (days) => `CAST($1 AS TIMESTAMP) - INTERVAL ${days} DAY`,
  // Group by the key and take the other columns from the newest row in one struct: a hash aggregate,
  // cheaper than a window (a struct is never null, so arg_max keeps rows whose values are).
  newestPer: (key, columns, where, from = "events") => {
    const keys = new Set(key);
    const picked = columns.filter((column) => !keys.has(column));
    const select = columns.filter((column) => keys.has(column)).map(quote);
    if (picked.length > 0)
      select.push(
        `unnest(arg_max({${picked.map((column) => `'${column}': ${quote(column)}`).join(", ")}}, ("timestamp", "event.id")))`,
      );
    return `SELECT ${select.join(", ")}
  FROM ${from}
  WHERE ${where}
  GROUP BY ${key.map(quote).join(", ")}`;
  },
  sameValue: (a, b) => `${a} IS NOT DISTINCT FROM ${b}`,
  sortedDistinct: (column) =>
    `coalesce(list(DISTINCT ${column} ORDER BY ${column}) FILTER (WHERE ${column} IS NOT NULL), [])`,
  // Bins as integers (microseconds since the epoch // width): cheaper than bucketing timestamps.
  timeseries: (spec) => {
    const width = spec.hours * 3_600_000_000;
    return `WITH bins AS (
  SELECT unnest(range(epoch_us(CAST($1 AS TIMESTAMP)) // ${width}, (epoch_us(CAST($2 AS TIMESTAMP)) + ${width - 1}) // ${width})) AS bin
),
counts AS (
  SELECT ${spec.by.column} AS grp, epoch_us("timestamp") // ${width} AS bin, count(*) AS n
  FROM events
  WHERE "timestamp" >= CAST($1 AS TIMESTAMP) AND "timestamp" < CAST($2 AS TIMESTAMP) AND ${spec.where}
  GROUP BY 1, 2
)
SELECT {'start': make_timestamp(min(b.bin) * ${width}), 'end': make_timestamp((max(b.bin) + 1) * ${width})} AS "timeframe",
  ${spec.hours * NANOS_PER_HOUR} AS "interval", g.grp AS "${spec.by.as}", list(coalesce(c.n, 0) ORDER BY b.bin) AS "${spec.count}"
FROM (SELECT DISTINCT grp FROM counts) g CROSS JOIN bins b
LEFT JOIN counts c ON c.grp IS NOT DISTINCT FROM g.grp AND c.bin = b.bin
GROUP BY g.grp`;
  },
};

export const POSTGRES: Engine = {
  timeframe: `"timestamp" >= $1::timestamptz AND "timestamp" < $2::timestamptz`,
  timeframeEnd: "$2::timestamptz",
  lastDays: (days) =>
    `"timestamp" >= $1::timestamptz - interval '${days} days' AND "timestamp" < $1::timestamptz`,
  daysAgo: (days) => `$1::timestamptz - interval '${days} days'`,
  newestPer: (
    key,
    columns,
    where,
    from = "events",
  ) => `SELECT DISTINCT ON (${key.map(quote).join(", ")}) ${columns.map(quote).join(", ")}
  FROM ${from}
  WHERE ${where}
  ORDER BY ${key.map(quote).join(", ")}, "timestamp" DESC, "event.id" DESC`,
  // PostgreSQL cannot hash-join on IS NOT DISTINCT FROM.
  sameValue: (a, b) =>
    `(${a} IS NULL) = (${b} IS NULL) AND coalesce(${a}, '') = coalesce(${b}, '')`,
  sortedDistinct: (column) =>
    `coalesce(array_agg(DISTINCT ${column} ORDER BY ${column}) FILTER (WHERE ${column} IS NOT NULL), '{}')`,
  timeseries: (spec) => {
    const width = `interval '${spec.hours} hours'`;
    return `WITH bins AS (
  SELECT generate_series(date_bin(${width}, $1::timestamptz, timestamptz 'epoch'), $2::timestamptz - interval '1 microsecond', ${width}) AS bin
),
counts AS (
  SELECT ${spec.by.column} AS grp, date_bin(${width}, "timestamp", timestamptz 'epoch') AS bin, count(*) AS n
  FROM events
  WHERE "timestamp" >= $1::timestamptz AND "timestamp" < $2::timestamptz AND ${spec.where}
  GROUP BY 1, 2
)
SELECT jsonb_build_object('start', min(b.bin), 'end', max(b.bin) + ${width}) AS "timeframe", ${spec.hours * NANOS_PER_HOUR}::bigint AS "interval",
  g.grp AS "${spec.by.as}", array_agg(coalesce(c.n, 0) ORDER BY b.bin) AS "${spec.count}"
FROM (SELECT DISTINCT grp FROM counts) g CROSS JOIN bins b
LEFT JOIN counts c ON c.grp IS NOT DISTINCT FROM g.grp AND c.bin = b.bin
GROUP BY g.grp`;
  },
};

/** The same query written once over each engine's pieces. */
export function onBoth(sql: (engine: Engine) => string): HandSql {
  return { duckdb: sql(DUCKDB), postgres: sql(POSTGRES) };
}
