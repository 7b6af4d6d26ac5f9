// The SQL each engine needs for DQL's operations: one table of snippets per dialect, chosen by dialect name.
import type { SqlDialect } from "../../store/dialect.js";
import { isJsonBacked, type ValueType } from "../types.js";

/** Per-dialect SQL fragments. Arguments are SQL expressions built by the compiler (never user text). */
export interface DialectSql {
  readonly type: (type: ValueType) => string;
  readonly jsonKey: (json: string, key: string) => string;
  readonly jsonIndex: (json: string, index: string) => string;
  readonly jsonText: (json: string) => string;
  readonly jsonTyped: (json: string, type: ValueType) => string;
  readonly toJson: (value: string) => string;
  readonly jsonObject: (pairs: readonly string[]) => string;
  readonly jsonAgg: (value: string, filter: string) => string;
  readonly parseJson: (text: string) => string;
  readonly arrayLiteral: (items: readonly string[], element: ValueType) => string;
  readonly arrayContains: (array: string, value: string) => string;
  readonly arraySize: (array: string, json: boolean) => string;
  readonly arraySort: (array: string) => string;
  readonly arrayRemoveNulls: (array: string) => string;
  readonly splitString: (text: string, separator: string) => string;
  /** A FROM item yielding one row per element as `alias.e`. */
  readonly unnestFrom: (array: string, json: boolean, alias: string) => string;
  /**
   * Whether some element of `array` satisfies `predicate` (given the element's SQL; `alias` names it):
   * NULL for a null array, false for an empty one; an element whose predicate is null does not count.
   */
  readonly anyElement: (
    array: string,
    json: boolean,
    alias: string,
    predicate: (element: string) => string,
  ) => string;
  /** Whether every element satisfies `predicate` (null counts as not): NULL for a null array, true for an empty one. */
  readonly everyElement: (
    array: string,
    json: boolean,
    alias: string,
    predicate: (element: string) => string,
  ) => string;
  /** Whether a (native) array shares an element with `values` (non-null): NULL for a null array. */
  readonly arrayHasAny: (array: string, values: readonly string[]) => string;
  readonly endsWith: (text: string, suffix: string) => string;
  readonly regexMatchI: (text: string, pattern: string) => string;
  readonly epochSeconds: (ts: string) => string;
  /** Timestamp from epoch seconds (double). */
  readonly fromEpochSeconds: (seconds: string) => string;
  readonly addNanos: (ts: string, nanos: string) => string;
  readonly tryDouble: (text: string) => string;
  readonly timestampText: (ts: string) => string;
  readonly round: (value: string, digits: string) => string;
  readonly collectDistinct: (value: string) => string;
  readonly collectArray: (value: string) => string;
  readonly percentile: (value: string, p: string) => string;
  readonly countDistinctApprox: (value: string) => string;
}

const NUMBER_PATTERN = `'^\\s*[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?\\s*$'`;

const DUCKDB: DialectSql = {
  type: (type) => {
    if (isJsonBacked(type)) return "JSON";
    if (type.kind === "array") return `${DUCKDB.type(type.element)}[]`;
    return (
      (
        {
          string: "VARCHAR",
          double: "DOUBLE",
          long: "BIGINT",
          boolean: "BOOLEAN",
          timestamp: "TIMESTAMP",
          duration: "BIGINT",
        } as Record<string, string>
      )[type.kind] ?? "VARCHAR"
    );
  },
  jsonKey: (json, key) => `(${json} -> ${key})`,
  jsonIndex: (json, index) => `(${json} -> CAST(${index} AS BIGINT))`,
  jsonText: (json) => `json_extract_string(${json}, '$')`,
  jsonTyped: (json, type) => {
    switch (type.kind) {
      case "double":
      case "long":
        return `(CASE WHEN json_type(${json}) IN ('DOUBLE', 'BIGINT', 'UBIGINT') THEN CAST(json_extract_string(${json}, '$') AS ${DUCKDB.type(type)}) END)`;
      case "boolean":
        return `(CASE WHEN json_type(${json}) = 'BOOLEAN' THEN CAST(json_extract_string(${json}, '$') AS BOOLEAN) END)`;
      case "timestamp":
        return `TRY_CAST(json_extract_string(${json}, '$') AS TIMESTAMP)`;
      case "string":
        return `json_extract_string(${json}, '$')`;
      case "array":
        return isJsonBacked(type) ? json : `TRY_CAST(${json} AS ${DUCKDB.type(type)})`;
      default:
        return json;
    }
  },
  toJson: (value) => `to_json(${value})`,
  jsonObject: (pairs) => `json_object(${pairs.join(", ")})`,
  jsonAgg: (value, filter) =>
    `coalesce(to_json(list(${value}) FILTER (WHERE ${filter})), CAST('[]' AS JSON))`,
  // Invalid JSON is null (TRY_CAST parses once; json_valid and CAST parsed twice).
  parseJson: (text) => `TRY_CAST(${text} AS JSON)`,
  arrayLiteral: (items, element) =>
    items.length === 0 ? `CAST([] AS ${DUCKDB.type(element)}[])` : `[${items.join(", ")}]`,
  arrayContains: (array, value) => `list_contains(${array}, ${value})`,
  arraySize: (array, json) =>
    json ? `CAST(json_array_length(${array}) AS BIGINT)` : `CAST(len(${array}) AS BIGINT)`,
  arraySort: (array) => `list_sort(${array}, 'ASC', 'NULLS LAST')`,
  arrayRemoveNulls: (array) => `list_filter(${array}, vigil_e -> vigil_e IS NOT NULL)`,
  splitString: (text, separator) => `string_split(${text}, ${separator})`,
  unnestFrom: (array, json, alias) =>
    `unnest(${json ? `CAST(${array} AS JSON[])` : array}) AS ${alias}(e)`,
  // A lambda per row: DuckDB turns a correlated EXISTS over unnest into a join over every array.
  anyElement: (array, json, alias, predicate) =>
    `(len(list_filter(${json ? `CAST(${array} AS JSON[])` : array}, lambda ${alias}: ${predicate(alias)})) > 0)`,
  everyElement: (array, json, alias, predicate) =>
    `(len(list_filter(${json ? `CAST(${array} AS JSON[])` : array}, lambda ${alias}: NOT coalesce(${predicate(alias)}, FALSE))) = 0)`,
  arrayHasAny: (array, values) => `list_has_any(${array}, [${values.join(", ")}])`,
  endsWith: (text, suffix) => `ends_with(${text}, ${suffix})`,
  regexMatchI: (text, pattern) => `regexp_matches(${text}, ${pattern}, 'i')`,
  epochSeconds: (ts) => `(CAST(epoch_us(${ts}) AS DOUBLE) / 1000000)`,
  fromEpochSeconds: (seconds) => `make_timestamp(CAST(round((${seconds}) * 1000000) AS BIGINT))`,
  addNanos: (ts, nanos) => `(${ts} + to_microseconds(CAST((${nanos}) / 1000 AS BIGINT)))`,
  tryDouble: (text) => `TRY_CAST(${text} AS DOUBLE)`,
  timestampText: (ts) => `strftime(${ts}, '%Y-%m-%dT%H:%M:%S.%gZ')`,
  round: (value, digits) => `round(${value}, CAST(${digits} AS INTEGER))`,
  collectDistinct: (value) =>
    `coalesce(list(DISTINCT ${value} ORDER BY ${value}) FILTER (WHERE ${value} IS NOT NULL), [])`,
  collectArray: (value) => `coalesce(list(${value}) FILTER (WHERE ${value} IS NOT NULL), [])`,
  percentile: (value, p) => `quantile_cont(${value}, ${p})`,
  countDistinctApprox: (value) => `CAST(approx_count_distinct(${value}) AS BIGINT)`,
};

const POSTGRES: DialectSql = {
  type: (type) => {
    if (isJsonBacked(type)) return "JSONB";
    if (type.kind === "array") return `${POSTGRES.type(type.element)}[]`;
    return (
      (
        {
          string: "TEXT",
          double: "DOUBLE PRECISION",
          long: "BIGINT",
          boolean: "BOOLEAN",
          timestamp: "TIMESTAMPTZ",
          duration: "BIGINT",
        } as Record<string, string>
      )[type.kind] ?? "TEXT"
    );
  },
  jsonKey: (json, key) => `(${json} -> ${key})`,
  jsonIndex: (json, index) => `(${json} -> CAST(${index} AS INTEGER))`,
  jsonText: (json) => `(${json} #>> '{}')`,
  jsonTyped: (json, type) => {
    switch (type.kind) {
      case "double":
      case "long":
        return `(CASE WHEN jsonb_typeof(${json}) = 'number' THEN CAST((${json} #>> '{}') AS ${POSTGRES.type(type)}) END)`;
      case "boolean":
        return `(CASE WHEN jsonb_typeof(${json}) = 'boolean' THEN CAST((${json} #>> '{}') AS BOOLEAN) END)`;
      case "timestamp":
        return `CAST((${json} #>> '{}') AS TIMESTAMPTZ)`;
      case "string":
        return `(${json} #>> '{}')`;
      case "array":
        return isJsonBacked(type)
          ? json
          : `(CASE WHEN jsonb_typeof(${json}) = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(${json})) END)`;
      default:
        return json;
    }
  },
  toJson: (value) => `to_jsonb(${value})`,
  jsonObject: (pairs) => `jsonb_build_object(${pairs.join(", ")})`,
  jsonAgg: (value, filter) => `coalesce(jsonb_agg(${value}) FILTER (WHERE ${filter}), '[]'::jsonb)`,
  parseJson: (text) => `CAST(${text} AS JSONB)`,
  arrayLiteral: (items, element) =>
    items.length === 0
      ? `CAST(ARRAY[] AS ${POSTGRES.type(element)}[])`
      : `ARRAY[${items.join(", ")}]`,
  arrayContains: (array, value) => `(${value} = ANY(${array}))`,
  arraySize: (array, json) =>
    json ? `CAST(jsonb_array_length(${array}) AS BIGINT)` : `CAST(cardinality(${array}) AS BIGINT)`,
  arraySort: (array) =>
    `(CASE WHEN ${array} IS NULL THEN NULL ELSE ARRAY(SELECT vigil_u.e FROM unnest(${array}) AS vigil_u(e) ORDER BY vigil_u.e NULLS LAST) END)`,
  arrayRemoveNulls: (array) => `array_remove(${array}, NULL)`,
  splitString: (text, separator) => `string_to_array(${text}, ${separator})`,
  unnestFrom: (array, json, alias) =>
    json ? `jsonb_array_elements(${array}) AS ${alias}(e)` : `unnest(${array}) AS ${alias}(e)`,
  anyElement: (array, json, alias, predicate) =>
    `(CASE WHEN ${array} IS NULL THEN NULL ELSE EXISTS (SELECT 1 FROM ${POSTGRES.unnestFrom(array, json, alias)} WHERE ${predicate(`${alias}.e`)}) END)`,
  everyElement: (array, json, alias, predicate) =>
    `(CASE WHEN ${array} IS NULL THEN NULL ELSE NOT EXISTS (SELECT 1 FROM ${POSTGRES.unnestFrom(array, json, alias)} WHERE NOT coalesce(${predicate(`${alias}.e`)}, FALSE)) END)`,
  arrayHasAny: (array, values) => `(${array} && ARRAY[${values.join(", ")}])`,
  endsWith: (text, suffix) => `(right(${text}, length(${suffix})) = ${suffix})`,
  regexMatchI: (text, pattern) => `(${text} ~* ${pattern})`,
  epochSeconds: (ts) => `CAST(extract(epoch FROM ${ts}) AS DOUBLE PRECISION)`,
  fromEpochSeconds: (seconds) => `to_timestamp(${seconds})`,
  addNanos: (ts, nanos) =>
    `(${ts} + make_interval(secs => CAST((${nanos}) AS DOUBLE PRECISION) / 1000000000))`,
  tryDouble: (text) =>
    `(CASE WHEN ${text} ~ ${NUMBER_PATTERN} THEN CAST(${text} AS DOUBLE PRECISION) END)`,
  timestampText: (ts) => `to_char(${ts} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  round: (value, digits) =>
    `CAST(round(CAST(${value} AS NUMERIC), CAST(${digits} AS INTEGER)) AS DOUBLE PRECISION)`,
  collectDistinct: (value) =>
    `coalesce(array_agg(DISTINCT ${value} ORDER BY ${value}) FILTER (WHERE ${value} IS NOT NULL), '{}')`,
  collectArray: (value) =>
    `coalesce(array_agg(${value}) FILTER (WHERE ${value} IS NOT NULL), '{}')`,
  percentile: (value, p) => `percentile_cont(${p}) WITHIN GROUP (ORDER BY ${value})`,
  countDistinctApprox: (value) => `count(DISTINCT ${value})`,
};

/** The snippet table of `dialect`. */
export function dialectSql(dialect: SqlDialect): DialectSql {
  return dialect.name === "duckdb" ? DUCKDB : POSTGRES;
}
