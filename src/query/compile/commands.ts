// Commands → SQL: a dispatch table keyed by command kind; each command becomes one CTE over the previous stage,
// carrying only the fields later commands need (compile/demand.ts).
import { EVENT_NOT_NULL } from "../../store/columns.js";
import { quoteIdent as q } from "../../store/dialect.js";
import { recordScope, type Scope, schemaAfter } from "../analyze.js";
import type {
  Command,
  DedupCommand,
  Expr,
  FetchCommand,
  FilterCommand,
  LimitCommand,
  MakeTimeseriesCommand,
  Query,
  SortCommand,
} from "../ast.js";
import { fail } from "../errors.js";
import { FUNCTIONS } from "../functions.js";
import { EVENTS_SCHEMA, findColumn, type Schema } from "../schema.js";
import { T } from "../types.js";
import {
  allocateNames,
  type CompileContext,
  EXTRA,
  ORDER,
  type Stage,
  sqlName,
  type Timeframe,
} from "./context.js";
import {
  type Demand,
  dedupKeyFields,
  fullDemand,
  renameSources,
  subqueryDemand,
} from "./demand.js";
import { type Compiled, coerce, compileAs, compileExpr, type ExprEnv } from "./expressions.js";
import { iso, requireInstant } from "./time.js";

export interface PipelineTools {
  readonly ctx: CompileContext;
  /** The table fetch reads: `events`, or the `security_events` view when dt.raw_data is needed. */
  readonly table: string;
  readonly onField: (name: string) => void;
  /** Compiles a subquery whose result carries what `need` asks for. */
  readonly compileSubquery: (query: Query, need: Demand) => Stage;
  /** The main query's commands: a sort (| limit) at their end is left to the final statement. */
  readonly result?: readonly Command[];
}

/** Thrown when a fetch of the `events` table must carry dt.raw_data: compile again over the view. */
export class NeedsRawData extends Error {
  constructor() {
    super("the query reads dt.raw_data");
  }
}

type CommandCompiler<K extends Command["kind"]> = (
  command: Command & { kind: K },
  prev: Stage,
  tools: PipelineTools,
  schema: Schema,
  need: Demand,
) => Stage;

/** What a new stage carries. */
interface Carried {
  readonly sqlNames: ReadonlyMap<string, string>;
  readonly extra: boolean;
  readonly ordered: boolean;
  readonly notNull: ReadonlySet<string>;
}

function env(prev: Stage, tools: PipelineTools, scope?: Scope, rel = ""): ExprEnv {
  return {
    ctx: tools.ctx,
    scope: scope ?? recordScope(prev.schema, "query"),
    stage: prev,
    rel,
    onField: tools.onField,
  };
}

/**
 * Compiles expressions whose values nothing needs, for their compile-time errors only (nothing they
 * bind stays), against every field of the stage whether carried or not.
 */
function diagnose(prev: Stage, tools: PipelineTools, exprs: readonly Expr[]): void {
  const stage: Stage = {
    ...prev,
    sqlNames: new Map(
      prev.schema.columns.map((c) => [c.name, prev.sqlNames.get(c.name) ?? c.name]),
    ),
    extra: prev.schema.open,
  };
  const e: ExprEnv = { ctx: tools.ctx, scope: recordScope(prev.schema, "query"), stage, rel: "" };
  tools.ctx.discard(() => {
    for (const expr of exprs) compileExpr(expr, e);
  });
}

/** The fields of `prev` that `need` asks for (all of them are carried by prev), and its hidden columns. */
function carry(prev: Stage, need: Demand): Carried {
  const sqlNames = new Map<string, string>();
  for (const column of prev.schema.columns)
    if (need.fields.has(column.name)) sqlNames.set(column.name, sqlName(prev, column.name));
  if (need.extra && !prev.extra) throw new Error(`internal: extra is not carried by ${prev.cte}`);
  return {
    sqlNames,
    extra: need.extra,
    ordered: prev.ordered && need.order,
    notNull: new Set([...prev.notNull].filter((name) => sqlNames.has(name))),
  };
}

/** The SQL columns a stage carries, hidden ones included. */
function columnsOf(carried: Carried): string[] {
  const columns = [...carried.sqlNames.values()].map((name) => q(name));
  if (carried.extra) columns.push(q(EXTRA));
  if (carried.ordered) columns.push(q(ORDER));
  return columns;
}

/** A select list; a stage nothing is needed of (before count(), say) still selects one column. */
function selectList(items: readonly string[]): string {
  return items.length === 0 ? "1 AS vigil_one" : items.join(", ");
}

function next(
  tools: PipelineTools,
  prev: Stage,
  body: string,
  schema: Schema,
  carried: Carried,
): Stage {
  const cte = tools.ctx.fresh("s");
  tools.ctx.addCte(cte, body);
  return { cte, schema, ...carried, timeframe: prev.timeframe };
}

/** A filter's condition as SQL over `stage` (filterOut keeps records whose condition is null). */
function filterCondition(command: FilterCommand, stage: Stage, tools: PipelineTools): string {
  const condition = compileAs(command.condition, env(stage, tools), T.boolean);
  return command.kind === "filter" ? condition : `NOT coalesce(${condition}, FALSE)`;
}

function filterStage(
  command: FilterCommand,
  prev: Stage,
  tools: PipelineTools,
  need: Demand,
): Stage {
  const out = carry(prev, need);
  return next(
    tools,
    prev,
    `SELECT ${selectList(columnsOf(out))}\nFROM ${prev.cte}\nWHERE ${filterCondition(command, prev, tools)}`,
    prev.schema,
    out,
  );
}

interface OrderKey {
  readonly expr: Expr;
  readonly descending: boolean;
  readonly compiled: Compiled;
}

/**
 * ORDER BY terms, nulls last; a key that is a field never null here (`notNull`, e.g. timestamp) gets
 * no NULLS clause, so PostgreSQL can walk an index on it backwards for `DESC` (its index order is
 * NULLS FIRST then) instead of sorting every row.
 */
function orderBy(
  keys: readonly OrderKey[],
  tieBreak: string | undefined,
  notNull: ReadonlySet<string>,
): string {
  const parts = keys.map((key) => {
    const nulls = key.expr.kind === "field" && notNull.has(key.expr.name) ? "" : " NULLS LAST";
    return `${key.compiled.sql} ${key.descending ? "DESC" : "ASC"}${nulls}`;
  });
  if (tieBreak !== undefined) parts.push(tieBreak);
  return parts.join(", ");
}

/**
 * The fields of `schema` that `need` asks for: computed ones from `computed`, the others taken from
 * `prev` (qualified by `rel`), under SQL names that keep prev's where they can.
 */
function projection(
  tools: PipelineTools,
  prev: Stage,
  schema: Schema,
  computed: ReadonlyMap<string, string>,
  need: Demand,
  from: string = prev.cte,
  rel = "",
): Stage {
  const names = schema.columns.filter((c) => need.fields.has(c.name)).map((c) => c.name);
  const sqlNames = allocateNames(tools.ctx, names, prev.sqlNames);
  // Only picks columns prev carries, under their names (fields a, b; fieldsRemove; fieldsKeep):
  // no CTE, the later stages read prev's.
  const picks = (name: string) => {
    const own = prev.sqlNames.get(name);
    const value = computed.get(name);
    return own === sqlNames.get(name) && (value === undefined || value === q(own!));
  };
  if (from === prev.cte && names.every(picks) && (!need.extra || prev.extra))
    return {
      ...prev,
      schema,
      sqlNames,
      extra: need.extra,
      ordered: prev.ordered && need.order,
      notNull: new Set(names.filter((name) => prev.notNull.has(name))),
    };
  const select = names.map((name) => {
    const value = computed.get(name) ?? `${rel}${q(sqlName(prev, name))}`;
    return `${value} AS ${q(sqlNames.get(name)!)}`;
  });
  if (need.extra && !prev.extra) throw new Error(`internal: extra is not carried by ${prev.cte}`);
  if (need.extra) select.push(`${rel}${q(EXTRA)}`);
  const ordered = prev.ordered && need.order;
  if (ordered) select.push(`${rel}${q(ORDER)}`);
  const notNull = new Set(names.filter((name) => !computed.has(name) && prev.notNull.has(name)));
  return next(tools, prev, `SELECT ${selectList(select)}\nFROM ${from}`, schema, {
    sqlNames,
    extra: need.extra,
    ordered,
    notNull,
  });
}

/** Computed fields (`name = expr`) that `need` asks for; the others are only checked. */
function computeFields(
  fields: readonly { readonly name: string; readonly expr: Expr }[],
  prev: Stage,
  tools: PipelineTools,
  need: Demand,
): Map<string, string> {
  const e = env(prev, tools);
  const computed = new Map<string, string>();
  for (const field of fields)
    if (need.fields.has(field.name)) computed.set(field.name, compileExpr(field.expr, e).sql);
  diagnose(
    prev,
    tools,
    fields.filter((f) => !need.fields.has(f.name)).map((f) => f.expr),
  );
  return computed;
}

function aggregateScope(schema: Schema, command: string): Scope {
  return { schema, aggregation: "required", command };
}

const SCALARS: ReadonlySet<string> = new Set([
  "string",
  "double",
  "long",
  "boolean",
  "timestamp",
  "duration",
]);

/**
 * DuckDB: the terms of a tuple whose greatest value (arg_max) is the first record in the dedup's order
 * (each key NULLS LAST, then the tie break), or undefined when a key cannot be put so (an ascending
 * text key). Struct comparison puts nulls above every value, so a key that may be null is preceded
 * by `key IS NOT NULL`.
 */
function argMaxOrder(
  keys: readonly OrderKey[],
  prev: Stage,
  tieBreak: "order" | { readonly eventId: string } | undefined,
): string[] | undefined {
  const terms: string[] = [];
  for (const key of keys) {
    const { sql, type } = key.compiled;
    let value: string | undefined;
    if (key.descending) value = SCALARS.has(type.kind) ? sql : undefined;
    else if (type.kind === "long" || type.kind === "duration") value = `-(${sql})`;
    else if (type.kind === "timestamp") value = `-epoch_us(${sql})`;
    else if (type.kind === "boolean") value = `(NOT ${sql})`;
    if (value === undefined) return undefined;
    const notNull = key.expr.kind === "field" && prev.notNull.has(key.expr.name);
    if (!notNull) terms.push(`(${sql} IS NOT NULL)`);
    terms.push(value);
  }
  if (tieBreak === "order") terms.push(`-${q(ORDER)}`);
  else if (tieBreak !== undefined) {
    if (!prev.notNull.has("event.id")) terms.push(`(${q(tieBreak.eventId)} IS NOT NULL)`);
    terms.push(q(tieBreak.eventId));
  }
  return terms;
}

/**
 * dedup: per key, the first record in the sort (NULLS LAST), ties to the earlier order, else to the
 * greater event.id — the same record every run, and the one the latest-arrivals plan picks
 * (compile/latest-arrivals.ts). Each engine gets the cheapest form for what is needed after it:
 * only key fields → one GROUP BY; DuckDB → arg_max over the needed fields (a hash aggregate);
 * PostgreSQL → DISTINCT ON; otherwise a row_number window.
 */
function compileDedup(
  command: DedupCommand,
  prev: Stage,
  tools: PipelineTools,
  need: Demand,
): Stage {
  const ctx = tools.ctx;
  const e = env(prev, tools);
  const keys = command.keys.map((key) => compileExpr(key.expr, e).sql);
  const out = carry(prev, need);
  const groupBy = `\nGROUP BY ${keys.join(", ")}`;
  const keyFields = dedupKeyFields(command, prev.schema);

  // Nothing but key fields is needed (a count of keys, say): one record per key, nothing to rank.
  const onlyKeys = [...out.sqlNames.keys()].every((name) => keyFields.has(name));
  if (onlyKeys && !out.extra && !(out.ordered && command.sort.length > 0)) {
    diagnose(
      prev,
      tools,
      command.sort.map((key) => key.expr),
    );
    const select = [...out.sqlNames.values()].map((name) => q(name));
    if (out.ordered) select.push(`min(${q(ORDER)}) AS ${q(ORDER)}`);
    return next(
      tools,
      prev,
      `SELECT ${selectList(select)}\nFROM ${prev.cte}${groupBy}`,
      prev.schema,
      out,
    );
  }

  const sorted: OrderKey[] = command.sort.map((key) => ({
    expr: key.expr,
    descending: key.descending,
    compiled: compileExpr(key.expr, e),
  }));
  const eventId =
    sorted.length > 0 && !prev.ordered && findColumn(prev.schema, "event.id") !== undefined
      ? sqlName(prev, "event.id")
      : undefined;
  if (ctx.dialect.name === "duckdb") {
    const terms = argMaxOrder(
      sorted,
      prev,
      prev.ordered ? "order" : eventId === undefined ? undefined : { eventId },
    );
    if (terms !== undefined) {
      const direct = [...out.sqlNames].filter(([name]) => keyFields.has(name));
      const packed = [...out.sqlNames].filter(([name]) => !keyFields.has(name)).map(([, n]) => n);
      if (out.extra) packed.push(EXTRA);
      if (out.ordered) packed.push(ORDER);
      const struct = `struct_pack(${packed.map((name) => `${q(name)} := ${q(name)}`).join(", ")})`;
      const first =
        terms.length === 0
          ? `any_value(${struct})`
          : `arg_max(${struct}, row(${terms.join(", ")}))`;
      const select = [...direct.map(([, name]) => q(name)), `unnest(${first})`];
      return next(
        tools,
        prev,
        `SELECT ${select.join(", ")}\nFROM ${prev.cte}${groupBy}`,
        prev.schema,
        out,
      );
    }
  }

  const tieBreak = prev.ordered
    ? q(ORDER)
    : eventId === undefined
      ? undefined
      : `${q(eventId)} DESC NULLS LAST`;
  const order = sorted.length > 0 || prev.ordered ? orderBy(sorted, tieBreak, prev.notNull) : "";
  const select = selectList(columnsOf(out));
  if (ctx.dialect.name === "postgres")
    return next(
      tools,
      prev,
      `SELECT DISTINCT ON (${keys.join(", ")}) ${select}\nFROM ${prev.cte}\nORDER BY ${[...keys, ...(order === "" ? [] : [order])].join(", ")}`,
      prev.schema,
      out,
    );
  const window = `row_number() OVER (PARTITION BY ${keys.join(", ")}${order === "" ? "" : ` ORDER BY ${order}`})`;
  return next(
    tools,
    prev,
    `SELECT ${select}\nFROM ${prev.cte}\nQUALIFY ${window} = 1`,
    prev.schema,
    out,
  );
}

const COMMANDS: { readonly [K in Command["kind"]]: CommandCompiler<K> } = {
  fetch: () => {
    throw new Error("fetch is compiled by compileFetch");
  },
  filter: (command, prev, tools, _schema, need) => filterStage(command, prev, tools, need),
  filterOut: (command, prev, tools, _schema, need) => filterStage(command, prev, tools, need),
  limit: (command, prev, tools, _schema, need) => {
    const out = carry(prev, need);
    const order = prev.ordered ? `\nORDER BY ${q(ORDER)}` : "";
    return next(
      tools,
      prev,
      `SELECT ${selectList(columnsOf(out))}\nFROM ${prev.cte}${order}\nLIMIT ${tools.ctx.bind(command.count.value, T.long)}`,
      prev.schema,
      out,
    );
  },
  sort: (command, prev, tools, _schema, need) => {
    // Nothing after depends on the order (a summarize follows, say): no sort at all.
    if (!need.order) {
      diagnose(
        prev,
        tools,
        command.keys.map((key) => key.expr),
      );
      return prev;
    }
    const keys = compileSortKeys(command, prev, tools);
    const order = orderBy(keys, prev.ordered ? q(ORDER) : undefined, prev.notNull);
    const out = { ...carry(prev, need), ordered: false };
    const select = [...columnsOf(out), `row_number() OVER (ORDER BY ${order}) AS ${q(ORDER)}`];
    return next(tools, prev, `SELECT ${select.join(", ")}\nFROM ${prev.cte}`, prev.schema, {
      ...out,
      ordered: true,
    });
  },
  dedup: (command, prev, tools, _schema, need) => compileDedup(command, prev, tools, need),
  fields: (command, prev, tools, schema, need) =>
    projection(tools, prev, schema, computeFields(command.fields, prev, tools, need), need),
  fieldsAdd: (command, prev, tools, schema, need) =>
    projection(tools, prev, schema, computeFields(command.fields, prev, tools, need), need),
  fieldsKeep: (command, prev, tools, schema, need) => {
    const e = env(prev, tools);
    const computed = new Map<string, string>();
    // Kept undeclared fields are read from extra.
    for (const column of schema.columns)
      if (need.fields.has(column.name) && findColumn(prev.schema, column.name) === undefined)
        computed.set(
          column.name,
          compileExpr(
            { kind: "field", name: column.name, backticked: false, span: command.span },
            e,
          ).sql,
        );
    return projection(tools, prev, schema, computed, need);
  },
  fieldsRemove: (_command, prev, tools, schema, need) =>
    projection(tools, prev, schema, new Map(), need),
  fieldsRename: (command, prev, tools, schema, need) => {
    const e = env(prev, tools);
    const computed = new Map<string, string>();
    for (const [to, from] of renameSources(command))
      if (need.fields.has(to)) computed.set(to, compileExpr(from, e).sql);
    return projection(tools, prev, schema, computed, need);
  },
  summarize: (command, prev, tools, schema) => {
    const e = env(prev, tools);
    const aggEnv = env(prev, tools, aggregateScope(prev.schema, "summarize"));
    const computed = new Map<string, string>();
    for (const key of command.by) computed.set(key.name, compileExpr(key.expr, e).sql);
    for (const agg of command.aggregations)
      computed.set(agg.name, compileExpr(agg.expr, aggEnv).sql);
    const sqlNames = allocateNames(
      tools.ctx,
      schema.columns.map((c) => c.name),
    );
    const select = schema.columns.map(
      (c) => `${computed.get(c.name)} AS ${q(sqlNames.get(c.name)!)}`,
    );
    const groupBy =
      command.by.length === 0 ? "" : `\nGROUP BY ${command.by.map((_, i) => i + 1).join(", ")}`;
    return next(tools, prev, `SELECT ${select.join(", ")}\nFROM ${prev.cte}${groupBy}`, schema, {
      sqlNames,
      extra: false,
      ordered: false,
      notNull: new Set(),
    });
  },
  makeTimeseries: (command, prev, tools, schema) => compileTimeseries(command, prev, tools, schema),
  expand: (command, prev, tools, schema, need) => {
    const e = env(prev, tools, undefined, "p.");
    const array: Compiled = compileExpr(command.field, e);
    const alias = tools.ctx.fresh("vigil_x");
    const json =
      array.type.kind !== "array" ||
      array.type.element.kind === "record" ||
      array.type.element.kind === "any";
    const name = command.alias ?? command.field.name;
    const computed = new Map(need.fields.has(name) ? [[name, `${alias}.e`]] : []);
    const from = `${prev.cte} AS p CROSS JOIN ${tools.ctx.sql.unnestFrom(array.sql, json, alias)}`;
    return projection(tools, prev, schema, computed, need, from, "p.");
  },
  parse: (command, prev, tools, schema, need) => {
    const computed = new Map<string, string>();
    if (need.fields.has(command.target)) {
      const source = compileAs(command.source, env(prev, tools), T.string);
      computed.set(command.target, tools.ctx.sql.parseJson(source));
    } else diagnose(prev, tools, [command.source]);
    return projection(tools, prev, schema, computed, need);
  },
  lookup: (command, prev, tools, schema, need) => {
    const sub = tools.compileSubquery(command.subquery, subqueryDemand(command, need));
    const source = compileExpr(command.sourceField, env(prev, tools, undefined, "p."));
    const lookupSql = q(sqlName(sub, command.lookupField.name));
    const order = sub.ordered ? ` ORDER BY ${q(ORDER)}` : "";
    const ranked = `(SELECT *, row_number() OVER (PARTITION BY ${lookupSql}${order}) AS vigil_rank FROM ${sub.cte})`;
    const computed = new Map<string, string>();
    for (const c of sub.schema.columns)
      if (need.fields.has(command.prefix + c.name))
        computed.set(command.prefix + c.name, `l.${q(sqlName(sub, c.name))}`);
    const lookupType = sub.schema.columns.find((c) => c.name === command.lookupField.name)!.type;
    const from = `${prev.cte} AS p LEFT JOIN ${ranked} AS l ON l.vigil_rank = 1 AND ${coerce(source, lookupType, tools.ctx)} = l.${lookupSql}`;
    return projection(tools, prev, schema, computed, need, from, "p.");
  },
  join: (command, prev, tools, schema, need) => {
    const sub = tools.compileSubquery(command.subquery, subqueryDemand(command, need));
    const e = env(prev, tools, undefined, "p.");
    const on = command.on.map((c) => {
      const left = compileExpr(c.left, e);
      const rightType = sub.schema.columns.find((col) => col.name === c.right.name)!.type;
      return `${coerce(left, rightType, tools.ctx)} = r.${q(sqlName(sub, c.right.name))}`;
    });
    const picked = command.fields?.map((f) => f.name) ?? sub.schema.columns.map((c) => c.name);
    const computed = new Map<string, string>();
    for (const name of picked)
      if (need.fields.has(command.prefix + name))
        computed.set(command.prefix + name, `r.${q(sqlName(sub, name))}`);
    const kind = command.joinKind === "inner" ? "INNER JOIN" : "LEFT JOIN";
    const from = `${prev.cte} AS p ${kind} ${sub.cte} AS r ON ${on.join(" AND ")}`;
    return projection(tools, prev, schema, computed, need, from, "p.");
  },
  append: (command, prev, tools, schema, need) => {
    const sub = tools.compileSubquery(command.subquery, subqueryDemand(command, need));
    const names = schema.columns.filter((c) => need.fields.has(c.name));
    const sqlNames = allocateNames(
      tools.ctx,
      names.map((c) => c.name),
      prev.sqlNames,
    );
    const side = (stage: Stage) => {
      const select = names.map((c) => {
        const value =
          findColumn(stage.schema, c.name) === undefined
            ? `CAST(NULL AS ${tools.ctx.sql.type(c.type)})`
            : q(sqlName(stage, c.name));
        return `${value} AS ${q(sqlNames.get(c.name)!)}`;
      });
      if (need.extra) {
        if (!stage.extra) throw new Error(`internal: extra is not carried by ${stage.cte}`);
        select.push(q(EXTRA));
      }
      return `SELECT ${selectList(select)} FROM ${stage.cte}`;
    };
    return next(tools, prev, `${side(prev)}\nUNION ALL\n${side(sub)}`, schema, {
      sqlNames,
      extra: need.extra,
      ordered: false,
      notNull: new Set(),
    });
  },
};

/** Nice intervals DQL picks from when only bins (or nothing) is given. */
const NICE_INTERVALS_S = [
  1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800,
  604800,
];

/**
 * makeTimeseries: per group, one array per aggregation with one value per bin of the timeframe
 * (start aligned down to the interval). Bins without records hold 0 for counts and null otherwise.
 */
function compileTimeseries(
  command: MakeTimeseriesCommand,
  prev: Stage,
  tools: PipelineTools,
  schema: Schema,
): Stage {
  const ctx = tools.ctx;
  const nowMs = ctx.now.getTime();
  const fromMs =
    command.from === undefined
      ? Date.parse(prev.timeframe.start)
      : requireInstant(command.from, nowMs, "makeTimeseries from:");
  const toMs =
    command.to === undefined
      ? Date.parse(prev.timeframe.end)
      : requireInstant(command.to, nowMs, "makeTimeseries to:");
  if (toMs <= fromMs)
    fail("SEC_ERR_QUERY_TYPE", "makeTimeseries: to: must be after from:", command.span);
  let intervalS: number;
  if (command.interval !== undefined) intervalS = command.interval.nanos / 1e9;
  else {
    const bins = command.bins?.value ?? 120;
    const ideal = (toMs - fromMs) / 1000 / bins;
    intervalS = NICE_INTERVALS_S.find((s) => s >= ideal) ?? Math.ceil(ideal / 86400) * 86400;
  }
  if (intervalS <= 0)
    fail("SEC_ERR_QUERY_TYPE", "makeTimeseries interval: must be positive", command.span);
  const startS = Math.floor(fromMs / 1000 / intervalS) * intervalS;
  const endS = Math.ceil(toMs / 1000 / intervalS) * intervalS;
  const binCount = Math.round((endS - startS) / intervalS);
  if (binCount > 10_000)
    fail(
      "SEC_ERR_QUERY_UNSUPPORTED",
      `makeTimeseries would make ${binCount} bins (at most 10000): use a larger interval`,
      command.span,
    );

  const e = env(prev, tools);
  const aggEnv = env(prev, tools, aggregateScope(prev.schema, "makeTimeseries"));
  const time =
    command.time === undefined ? q(sqlName(prev, "timestamp")) : compileExpr(command.time, e).sql;
  const keys = command.by.map((k, i) => ({
    name: k.name,
    sql: compileExpr(k.expr, e).sql,
    col: `vigil_k${i}`,
  }));
  const aggs = command.aggregations.map((a, i) => ({
    name: a.name,
    sql: compileExpr(a.expr, aggEnv).sql,
    col: `vigil_a${i}`,
    zero: a.expr.kind === "call" && FUNCTIONS.get(a.expr.name)?.emptyValue === 0,
  }));
  const start = ctx.bind(new Date(startS * 1000).toISOString(), T.timestamp);
  const end = ctx.bind(new Date(endS * 1000).toISOString(), T.timestamp);
  const startEpoch = ctx.bind(startS, T.double);
  const width = ctx.bind(intervalS, T.double);
  const binned = ctx.fresh("s");
  const binExpr = `CAST(floor((${ctx.sql.epochSeconds(time)} - ${startEpoch}) / ${width}) AS BIGINT)`;
  const binSelect = [
    ...keys.map((k) => `${k.sql} AS ${k.col}`),
    `${binExpr} AS vigil_bin`,
    ...aggs.map((a) => `${a.sql} AS ${a.col}`),
  ];
  ctx.addCte(
    binned,
    `SELECT ${binSelect.join(", ")}\nFROM ${prev.cte}\nWHERE ${time} >= ${start} AND ${time} < ${end}\nGROUP BY ${[...keys, null].map((_, i) => i + 1).join(", ")}`,
  );
  const groups = ctx.fresh("s");
  ctx.addCte(
    groups,
    keys.length === 0
      ? "SELECT 1 AS vigil_one"
      : `SELECT DISTINCT ${keys.map((k) => k.col).join(", ")} FROM ${binned}`,
  );
  const sqlNames = allocateNames(
    ctx,
    schema.columns.map((c) => c.name),
  );
  const timeframe = ctx.sql.jsonObject([
    ctx.bind("start", T.string),
    ctx.bind(new Date(startS * 1000).toISOString(), T.string),
    ctx.bind("end", T.string),
    ctx.bind(new Date(endS * 1000).toISOString(), T.string),
  ]);
  const select = [
    `${timeframe} AS ${q(sqlNames.get("timeframe")!)}`,
    `${ctx.bind(Math.round(intervalS * 1e9), T.duration)} AS ${q(sqlNames.get("interval")!)}`,
    ...keys.map((k) => `g.${k.col} AS ${q(sqlNames.get(k.name)!)}`),
    ...aggs.map(
      (a) =>
        `array_agg(${a.zero ? `coalesce(b.${a.col}, 0)` : `b.${a.col}`} ORDER BY bins.vigil_bin) AS ${q(sqlNames.get(a.name)!)}`,
    ),
  ];
  const match = [
    ...keys.map((k) => `b.${k.col} IS NOT DISTINCT FROM g.${k.col}`),
    "b.vigil_bin = bins.vigil_bin",
  ].join(" AND ");
  const last = ctx.bind(binCount - 1, T.long);
  const groupBy = keys.length === 0 ? "" : `\nGROUP BY ${keys.map((k) => `g.${k.col}`).join(", ")}`;
  return next(
    tools,
    prev,
    `SELECT ${select.join(", ")}\nFROM ${groups} AS g CROSS JOIN generate_series(0, ${last}) AS bins(vigil_bin)\nLEFT JOIN ${binned} AS b ON ${match}${groupBy}`,
    schema,
    { sqlNames, extra: false, ordered: false, notNull: new Set() },
  );
}

/**
 * The analysis timeframe of a fetch: timeframe:, or from:/to:, else the caller's default, else the
 * last 2 hours (dql.md: "Default time range: the last 2 hours, like Dynatrace; the query API and UI
 * let the caller give a default range instead").
 *
 * A query that gives one bound decides its timeframe itself, as from:/to: override the timeframe
 * selector in Dynatrace; the caller's default does not bound it:
 * - from: without to: ends now (Dynatrace: `fetch logs, from: -25m` reads the last 25 minutes), not
 *   at the end of the caller's default range.
 * - to: without from: starts the default range's length before to: — 2 hours without a caller's
 *   default, Dynatrace's default length (and how defaultTimeframe in compile.ts completes a default
 *   given by its end alone). Neither dql.md nor Dynatrace's fetch reference names this start. The
 *   default's length keeps the range as wide as the caller's timeframe (UI picker, API request);
 *   the default's start would not, and would end the range before it starts once to: lies before it.
 */
export function fetchTimeframe(command: FetchCommand, ctx: CompileContext): Timeframe {
  const nowMs = ctx.now.getTime();
  if (command.timeframe !== undefined) {
    const text = command.timeframe.kind === "string" ? command.timeframe.value : "";
    const [from, to] = text.split("/");
    const start = from === undefined ? undefined : Date.parse(from);
    const end = to === undefined ? undefined : Date.parse(to);
    if (start === undefined || end === undefined || Number.isNaN(start) || Number.isNaN(end))
      fail(
        "SEC_ERR_QUERY_SYNTAX",
        'timeframe: expects "<ISO start>/<ISO end>"',
        command.timeframe.span,
      );
    if (start >= end)
      fail(
        "SEC_ERR_QUERY_SYNTAX",
        `timeframe: the start (${iso(start)}) must be before the end (${iso(end)})`,
        command.timeframe.span,
      );
    return { start: iso(start), end: iso(end) };
  }
  const from =
    command.from === undefined ? undefined : requireInstant(command.from, nowMs, "from:");
  const to = command.to === undefined ? undefined : requireInstant(command.to, nowMs, "to:");
  const fallback = ctx.defaultTimeframe ?? { start: iso(nowMs - 2 * 3600_000), end: iso(nowMs) };
  if (from === undefined && to === undefined) return fallback;
  const end = to ?? nowMs;
  const start = from ?? end - (Date.parse(fallback.end) - Date.parse(fallback.start));
  // An empty or inverted range would quietly return nothing: say which end is wrong instead.
  if (start >= end)
    fail(
      "SEC_ERR_QUERY_SYNTAX",
      `from: (${iso(start)}) must be before to: (${iso(end)})${to === undefined ? ", which is now when to: is not given" : ""}`,
      (command.from ?? command.to)!.span,
    );
  return { start: iso(start), end: iso(end) };
}

/**
 * The first stage: events of the timeframe (and buckets), joined with `join` (a FROM item sharing
 * only `event.id` with the events, joined USING it) and of `filters` (the filter commands right after
 * the fetch, in the same WHERE), carrying what `need` asks for (default: every field).
 */
export function compileFetch(
  command: FetchCommand,
  tools: PipelineTools,
  schema: Schema,
  need?: Demand,
  join?: string,
  filters: readonly FilterCommand[] = [],
): Stage {
  const ctx = tools.ctx;
  const cte = ctx.fresh("s");
  const timeframe = fetchTimeframe(command, ctx);
  const where = [
    `${q("timestamp")} >= ${ctx.bind(timeframe.start, T.timestamp)}`,
    `${q("timestamp")} < ${ctx.bind(timeframe.end, T.timestamp)}`,
  ];
  if (command.buckets !== undefined)
    where.push(
      `${q("dt.system.bucket")} IN (${command.buckets.map((b) => ctx.bind(b.value, T.string)).join(", ")})`,
    );
  const view = tools.table === "security_events";
  if (!view && need?.fields.has("dt.raw_data")) throw new NeedsRawData();
  const columns = schema.columns.filter((c) => view || c.name !== "dt.raw_data");
  const visible = { columns, open: true };
  const table: Stage = {
    cte: tools.table,
    schema: visible,
    sqlNames: new Map(columns.map((c) => [c.name, c.name])),
    extra: true,
    ordered: false,
    notNull: EVENT_NOT_NULL, // NOT NULL in events and the security_events view
    timeframe,
  };
  for (const filter of filters) where.push(`(${filterCondition(filter, table, tools)})`);
  const carried = carry(table, need ?? fullDemand(visible, false));
  ctx.addCte(
    cte,
    `SELECT ${selectList(columnsOf(carried))}\nFROM ${tools.table}${join === undefined ? "" : ` JOIN ${join} USING (${q("event.id")})`}\nWHERE ${where.join(" AND ")}`,
  );
  return { cte, schema: visible, ...carried, timeframe };
}

/** Whether a command is a filter (which a preceding fetch can take into its WHERE). */
function isFilter(command: Command | undefined): command is FilterCommand {
  return command?.kind === "filter" || command?.kind === "filterOut";
}

/**
 * A whole query: the fetch with the filters right after it in its WHERE, then one CTE per command;
 * `demands[i]` is what the stage after `query.commands[i]` must carry.
 */
export function compilePipeline(
  query: Query,
  tools: PipelineTools,
  demands: readonly Demand[],
): Stage {
  const commands = query.commands;
  const end = filtersAfter(commands, 0);
  const first = compileFetch(
    commands[0] as FetchCommand,
    tools,
    EVENTS_SCHEMA,
    demands[end - 1],
    undefined,
    commands.slice(1, end) as FilterCommand[],
  );
  return compileCommands(commands, end, first, tools, demands);
}

/** The index after the filters that follow `commands[index]` (they go into its fetch's WHERE). */
export function filtersAfter(commands: readonly Command[], index: number): number {
  let end = index + 1;
  while (isFilter(commands[end])) end += 1;
  return end;
}

/**
 * Compiles `commands[start…]` over `first`, one CTE each, each carrying what `demands` (aligned with
 * `commands`) asks for; without demands every field is carried.
 */
export function compileCommands(
  commands: readonly Command[],
  start: number,
  first: Stage,
  tools: PipelineTools,
  demands?: readonly Demand[],
): Stage {
  let stage = first;
  for (let i = start; i < commands.length; i++) {
    const command = commands[i]!;
    const schema = schemaAfter(command, stage.schema);
    const need = demands?.[i] ?? fullDemand(schema);
    const following = commands[i + 1];
    const lastOrBeforeLimit =
      i === commands.length - 1 || (following?.kind === "limit" && i === commands.length - 2);
    if (command.kind === "sort" && commands === tools.result && lastOrBeforeLimit) {
      const limit = following?.kind === "limit" ? following : undefined;
      return finalSort(command, limit, stage, tools, demands?.at(-1) ?? need);
    }
    if (command.kind === "limit" && commands === tools.result && i === commands.length - 1)
      return {
        ...stage,
        ...carry(stage, need),
        ordered: false,
        finalOrder: {
          ...(stage.ordered ? { orderBy: q(ORDER) } : {}),
          limit: command.count.value,
        },
      };
    if (command.kind === "sort" && following?.kind === "limit") {
      // sort | limit: the first records by the sort, then numbered (a top-n, not a sort of everything).
      stage = compileSortLimit(command, following, stage, tools, demands?.[i + 1] ?? need);
      i += 1;
      continue;
    }
    const compiler = COMMANDS[command.kind] as CommandCompiler<typeof command.kind>;
    stage = compiler(command as never, stage, tools, schema, need);
  }
  return stage;
}

/** A sort's keys compiled against the records of `prev`. */
function compileSortKeys(sort: SortCommand, prev: Stage, tools: PipelineTools) {
  const e = env(prev, tools);
  return sort.keys.map((key) => ({ ...key, compiled: compileExpr(key.expr, e) }));
}

/**
 * A sort (| limit n) ending the query: the records of `prev` that `need` asks for, ordered (and cut)
 * by the final statement, as a hand-written query would, instead of a numbering CTE.
 */
function finalSort(
  sort: SortCommand,
  limit: LimitCommand | undefined,
  prev: Stage,
  tools: PipelineTools,
  need: Demand,
): Stage {
  const keys = compileSortKeys(sort, prev, tools);
  const orderBySql = orderBy(keys, prev.ordered ? q(ORDER) : undefined, prev.notNull);
  return {
    ...prev,
    ...carry(prev, need),
    ordered: false,
    finalOrder: {
      orderBy: orderBySql,
      ...(limit === undefined ? {} : { limit: limit.count.value }),
    },
  };
}

/**
 * `sort | limit n`: the first n records in the sort's order (ties to the earlier order), numbered in
 * that order when the order is needed after; what `need` (after the limit) asks for.
 */
function compileSortLimit(
  sort: SortCommand,
  limit: LimitCommand,
  prev: Stage,
  tools: PipelineTools,
  need: Demand,
): Stage {
  const keys = compileSortKeys(sort, prev, tools);
  const count = tools.ctx.bind(limit.count.value, T.long);
  const out = { ...carry(prev, need), ordered: false };
  if (!need.order)
    return next(
      tools,
      prev,
      `SELECT ${selectList(columnsOf(out))}\nFROM ${prev.cte}\nORDER BY ${orderBy(keys, prev.ordered ? q(ORDER) : undefined, prev.notNull)}\nLIMIT ${count}`,
      prev.schema,
      out,
    );
  // The sort keys once, as columns of the n records, for the numbering.
  const named = keys.map((key, i) => ({
    ...key,
    compiled: { ...key.compiled, sql: `vigil_s${i}` },
  }));
  const inner = [
    ...columnsOf(out),
    ...keys.map((key, i) => `${key.compiled.sql} AS vigil_s${i}`),
    ...(prev.ordered ? [`${q(ORDER)} AS vigil_prev`] : []),
  ];
  const order = orderBy(named, prev.ordered ? "vigil_prev" : undefined, prev.notNull);
  const columns = [...columnsOf(out), `row_number() OVER (ORDER BY ${order}) AS ${q(ORDER)}`];
  return next(
    tools,
    prev,
    `SELECT ${columns.join(", ")}\nFROM (SELECT ${inner.join(", ")} FROM ${prev.cte} ORDER BY ${order} LIMIT ${count}) top_n`,
    prev.schema,
    { ...out, ordered: true },
  );
}
