// The function catalog as data: every DQL function and aggregation with its arguments, result type and SQL per dialect.
import type { DialectSql } from "./compile/dialect-sql.js";
import {
  compatible,
  isJsonBacked,
  isNumeric,
  T,
  typeName,
  unify,
  type ValueType,
} from "./types.js";

/** What a SQL builder gets: compiled arguments (positional and named) with their types. */
export interface SqlCall {
  readonly args: readonly string[];
  readonly types: readonly ValueType[];
  readonly named: Readonly<Record<string, string>>;
  readonly sql: DialectSql;
  /** The value as text (for concat). */
  readonly asText: (index: number) => string;
}

export interface FunctionSpec {
  readonly name: string;
  readonly aggregation: boolean;
  /** Fewest and most positional arguments (Infinity: variadic). */
  readonly arity: readonly [number, number];
  /** Named parameters (`else:`, `from:`, `decimals:` …) and whether each is required. */
  readonly params?: Readonly<Record<string, "required" | "optional">>;
  /** Handled by the compiler itself (it needs the syntax, not just compiled arguments). */
  readonly special?: true;
  /** The result type, or a message saying which argument has the wrong type. */
  readonly returns: (
    types: readonly ValueType[],
    named: Readonly<Record<string, ValueType>>,
  ) => ValueType | string;
  readonly toSql: (call: SqlCall) => string;
  /** Value of the aggregation over no rows inside makeTimeseries bins (0 for counts, else null). */
  readonly emptyValue?: 0;
  readonly description: string;
}

const ANY_SCALAR = ["string", "double", "long", "boolean", "timestamp", "duration"];

function expectKind(
  name: string,
  types: readonly ValueType[],
  index: number,
  kinds: readonly string[],
): string | undefined {
  const type = types[index];
  if (type === undefined || type.kind === "null" || type.kind === "any") return undefined;
  if (kinds.includes(type.kind)) return undefined;
  if (kinds.includes("double") && type.kind === "long") return undefined;
  return `${name}() expects ${kinds.join(" or ")} as argument ${index + 1}, found ${typeName(type)}`;
}

function scalar(
  name: string,
  arity: readonly [number, number],
  argKinds: readonly (readonly string[])[],
  result: ValueType | ((types: readonly ValueType[]) => ValueType),
  toSql: (call: SqlCall) => string,
  description: string,
  params?: FunctionSpec["params"],
): FunctionSpec {
  return {
    name,
    aggregation: false,
    arity,
    ...(params === undefined ? {} : { params }),
    returns: (types) => {
      for (let i = 0; i < types.length; i += 1) {
        const kinds = argKinds[Math.min(i, argKinds.length - 1)];
        const problem = kinds === undefined ? undefined : expectKind(name, types, i, kinds);
        if (problem !== undefined) return problem;
      }
      return typeof result === "function" ? result(types) : result;
    },
    toSql,
    description,
  };
}

function aggregation(
  name: string,
  arity: readonly [number, number],
  argKinds: readonly string[] | undefined,
  result: (types: readonly ValueType[]) => ValueType,
  toSql: (call: SqlCall) => string,
  description: string,
  emptyValue?: 0,
): FunctionSpec {
  return {
    name,
    aggregation: true,
    arity,
    returns: (types) => {
      if (argKinds !== undefined) {
        const problem = expectKind(name, types, 0, argKinds);
        if (problem !== undefined) return problem;
      }
      return result(types);
    },
    toSql,
    ...(emptyValue === undefined ? {} : { emptyValue }),
    description,
  };
}

const first = (types: readonly ValueType[]): ValueType => types[0] ?? T.null;
const elementOf = (types: readonly ValueType[]): ValueType => {
  const type = types[0];
  return type?.kind === "array" ? type.element : T.any;
};
const a = (call: SqlCall, i: number) => call.args[i]!;
const nonNull = (value: string) => `(array_agg(${value}) FILTER (WHERE ${value} IS NOT NULL))`;

const SPECIAL = (
  name: string,
  arity: readonly [number, number],
  description: string,
  params?: FunctionSpec["params"],
): FunctionSpec => ({
  name,
  aggregation: false,
  arity,
  special: true,
  ...(params === undefined ? {} : { params }),
  returns: () => T.any,
  toSql: () => {
    throw new Error(`${name}() is compiled by the compiler`);
  },
  description,
});

const SPECS: readonly FunctionSpec[] = [
  SPECIAL("in", [2, 2], 'Whether the value is one of a set {…} or array: in(x, {"A", "B"}).'),
  SPECIAL(
    "iAny",
    [1, 1],
    "Whether the condition holds for any element of the iterated array (x[]).",
  ),
  SPECIAL(
    "iAll",
    [1, 1],
    "Whether the condition holds for every element of the iterated array (x[]).",
  ),
  SPECIAL("if", [2, 2], "if(condition, then, else: otherwise); null when false and no else.", {
    else: "optional",
  }),
  SPECIAL("record", [0, Number.POSITIVE_INFINITY], "A record: record(a = x, b = y)."),
  SPECIAL("array", [0, Number.POSITIVE_INFINITY], "An array of the arguments."),
  SPECIAL("now", [0, 0], "The query's current time."),
  SPECIAL(
    "matchesValue",
    [2, 2],
    "Case-insensitive match with * wildcards at either end; any element for arrays.",
    { caseSensitive: "optional" },
  ),
  SPECIAL("matchesPhrase", [2, 2], "Case-insensitive match of a phrase on word boundaries."),
  SPECIAL(
    "toTimestamp",
    [1, 1],
    "A timestamp from ISO-8601 text (folded at compile time for literals).",
  ),
  SPECIAL("bin", [2, 2], "The start of the bin of width d that holds x (timestamps or numbers)."),
  scalar(
    "isNull",
    [1, 1],
    [],
    T.boolean,
    (c) => `(${a(c, 0)} IS NULL)`,
    "Whether the value is null.",
  ),
  scalar(
    "isNotNull",
    [1, 1],
    [],
    T.boolean,
    (c) => `(${a(c, 0)} IS NOT NULL)`,
    "Whether the value is not null.",
  ),
  scalar(
    "contains",
    [2, 2],
    [["string"]],
    T.boolean,
    (c) => `(strpos(${a(c, 0)}, ${a(c, 1)}) > 0)`,
    "Whether the text contains the substring (case-sensitive).",
  ),
  scalar(
    "startsWith",
    [2, 2],
    [["string"]],
    T.boolean,
    (c) => `starts_with(${a(c, 0)}, ${a(c, 1)})`,
    "Whether the text starts with the prefix.",
  ),
  scalar(
    "endsWith",
    [2, 2],
    [["string"]],
    T.boolean,
    (c) => c.sql.endsWith(a(c, 0), a(c, 1)),
    "Whether the text ends with the suffix.",
  ),
  scalar("lower", [1, 1], [["string"]], T.string, (c) => `lower(${a(c, 0)})`, "Lower case."),
  scalar("upper", [1, 1], [["string"]], T.string, (c) => `upper(${a(c, 0)})`, "Upper case."),
  scalar(
    "concat",
    [1, Number.POSITIVE_INFINITY],
    [ANY_SCALAR],
    T.string,
    (c) => `concat(${c.args.map((_, i) => c.asText(i)).join(", ")})`,
    "The texts of the arguments joined (nulls left out).",
  ),
  {
    name: "coalesce",
    aggregation: false,
    arity: [1, Number.POSITIVE_INFINITY],
    returns: (types) => {
      let result: ValueType = T.null;
      for (const type of types) {
        const next = unify(result, type);
        if (next === undefined)
          return `coalesce() arguments have different types: ${typeName(result)} and ${typeName(type)}`;
        result = next;
      }
      return result;
    },
    toSql: (c) => `coalesce(${c.args.join(", ")})`,
    description: "The first non-null argument.",
  },
  scalar(
    "toDouble",
    [1, 1],
    [["string", "double", "long", "boolean"]],
    T.double,
    (c) =>
      c.types[0]?.kind === "string"
        ? c.sql.tryDouble(a(c, 0))
        : `CAST(${a(c, 0)} AS ${c.sql.type(T.double)})`,
    "The value as a double (null when text is not a number).",
  ),
  scalar(
    "toLong",
    [1, 1],
    [["string", "double", "long", "boolean"]],
    T.long,
    (c) =>
      `CAST(trunc(${c.types[0]?.kind === "string" ? c.sql.tryDouble(a(c, 0)) : `CAST(${a(c, 0)} AS ${c.sql.type(T.double)})`}) AS BIGINT)`,
    "The value as a long (truncated).",
  ),
  scalar(
    "toString",
    [1, 1],
    [[...ANY_SCALAR, "array", "record"]],
    T.string,
    (c) => c.asText(0),
    "The value as text (timestamps in ISO-8601).",
  ),
  scalar(
    "arraySize",
    [1, 1],
    [["array"]],
    T.long,
    (c) => c.sql.arraySize(a(c, 0), isJsonBacked(c.types[0] ?? T.any)),
    "Number of elements.",
  ),
  scalar(
    "arraySort",
    [1, 1],
    [["array"]],
    first,
    (c) => c.sql.arraySort(a(c, 0)),
    "The elements in ascending order (nulls last).",
  ),
  scalar(
    "arrayRemoveNulls",
    [1, 1],
    [["array"]],
    first,
    (c) => c.sql.arrayRemoveNulls(a(c, 0)),
    "The array without null elements.",
  ),
  scalar(
    "arrayFirst",
    [1, 1],
    [["array"]],
    elementOf,
    (c) => `(${a(c, 0)})[1]`,
    "The first element.",
  ),
  scalar(
    "asArray",
    [1, 1],
    [[...ANY_SCALAR, "array"]],
    (types) => (types[0]?.kind === "array" ? types[0] : T.array(types[0] ?? T.string)),
    (c) =>
      c.types[0]?.kind === "array"
        ? a(c, 0)
        : c.sql.arrayLiteral([a(c, 0)], c.types[0] ?? T.string),
    "The value as an array (arrays unchanged).",
  ),
  scalar(
    "splitString",
    [2, 2],
    [["string"], ["string"]],
    T.array(T.string),
    (c) => c.sql.splitString(a(c, 0), a(c, 1)),
    "The text split at each separator.",
  ),
  scalar(
    "substring",
    [1, 1],
    [["string"]],
    T.string,
    (c) =>
      c.named.to === undefined
        ? `substr(${a(c, 0)}, CAST(${c.named.from ?? "0"} AS INTEGER) + 1)`
        : `substr(${a(c, 0)}, CAST(${c.named.from ?? "0"} AS INTEGER) + 1, greatest(CAST(${c.named.to} AS INTEGER) - CAST(${c.named.from ?? "0"} AS INTEGER), 0))`,
    "Characters from from: (0-based) up to to: (exclusive).",
    { from: "optional", to: "optional" },
  ),
  scalar(
    "round",
    [1, 1],
    [["double"]],
    first,
    (c) => c.sql.round(a(c, 0), c.named.decimals ?? "0"),
    "Rounded to decimals: digits (default 0).",
    { decimals: "optional" },
  ),
  scalar("abs", [1, 1], [["double"]], first, (c) => `abs(${a(c, 0)})`, "Absolute value."),

  aggregation(
    "count",
    [0, 0],
    undefined,
    () => T.long,
    () => "count(*)",
    "Number of records.",
    0,
  ),
  aggregation(
    "countIf",
    [1, 1],
    ["boolean"],
    () => T.long,
    (c) => `count(*) FILTER (WHERE ${a(c, 0)})`,
    "Number of records where the condition is true.",
    0,
  ),
  aggregation(
    "countDistinct",
    [1, 1],
    undefined,
    () => T.long,
    (c) => `count(DISTINCT ${a(c, 0)})`,
    "Number of distinct non-null values (exact in Vigil).",
    0,
  ),
  aggregation(
    "countDistinctExact",
    [1, 1],
    undefined,
    () => T.long,
    (c) => `count(DISTINCT ${a(c, 0)})`,
    "Exact number of distinct non-null values.",
    0,
  ),
  aggregation(
    "countDistinctApprox",
    [1, 1],
    undefined,
    () => T.long,
    (c) => c.sql.countDistinctApprox(a(c, 0)),
    "Approximate number of distinct non-null values.",
    0,
  ),
  aggregation(
    "sum",
    [1, 1],
    ["double"],
    first,
    (c) => `sum(${a(c, 0)})`,
    "Sum of non-null values.",
  ),
  aggregation(
    "avg",
    [1, 1],
    ["double"],
    () => T.double,
    (c) => `avg(${a(c, 0)})`,
    "Average of non-null values.",
  ),
  aggregation(
    "min",
    [1, 1],
    ["double", "string", "timestamp", "duration"],
    first,
    (c) => `min(${a(c, 0)})`,
    "Smallest value.",
  ),
  aggregation(
    "max",
    [1, 1],
    ["double", "string", "timestamp", "duration"],
    first,
    (c) => `max(${a(c, 0)})`,
    "Largest value.",
  ),
  aggregation(
    "takeMin",
    [1, 1],
    ["double", "string", "timestamp", "duration"],
    first,
    (c) => `min(${a(c, 0)})`,
    "Smallest value.",
  ),
  aggregation(
    "takeMax",
    [1, 1],
    ["double", "string", "timestamp", "duration"],
    first,
    (c) => `max(${a(c, 0)})`,
    "Largest value.",
  ),
  aggregation(
    "takeFirst",
    [1, 1],
    ANY_SCALAR,
    first,
    (c) => `${nonNull(a(c, 0))}[1]`,
    "First non-null value (in the engine's reading order).",
  ),
  aggregation(
    "takeAny",
    [1, 1],
    ANY_SCALAR,
    first,
    (c) => `${nonNull(a(c, 0))}[1]`,
    "Any non-null value.",
  ),
  aggregation(
    "takeLast",
    [1, 1],
    ANY_SCALAR,
    first,
    (c) => `${nonNull(a(c, 0))}[count(${a(c, 0)})]`,
    "Last non-null value (in the engine's reading order).",
  ),
  aggregation(
    "collectDistinct",
    [1, 1],
    [...ANY_SCALAR, "record"],
    (types) => T.array(first(types)),
    (c) =>
      isJsonBacked(c.types[0] ?? T.any)
        ? c.sql.jsonAgg(`DISTINCT ${a(c, 0)}`, `${a(c, 0)} IS NOT NULL`)
        : c.sql.collectDistinct(a(c, 0)),
    "The distinct non-null values, sorted.",
  ),
  aggregation(
    "collectArray",
    [1, 1],
    [...ANY_SCALAR, "record"],
    (types) => T.array(first(types)),
    (c) =>
      isJsonBacked(c.types[0] ?? T.any)
        ? c.sql.jsonAgg(a(c, 0), `${a(c, 0)} IS NOT NULL`)
        : c.sql.collectArray(a(c, 0)),
    "The non-null values.",
  ),
  {
    name: "percentile",
    aggregation: true,
    arity: [2, 2],
    returns: (types) =>
      isNumeric(types[0] ?? T.null) && compatible(types[1] ?? T.double, T.double)
        ? T.double
        : "percentile() expects a number and a percentile such as 95",
    toSql: (c) => c.sql.percentile(a(c, 0), `CAST(${a(c, 1)} AS ${c.sql.type(T.double)}) / 100`),
    description: "The p-th percentile (0-100), interpolated.",
  },
];

/** Every function by name. */
export const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map(
  SPECS.map((spec) => [spec.name, spec]),
);
