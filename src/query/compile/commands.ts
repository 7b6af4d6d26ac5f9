// Commands → SQL: a dispatch table keyed by command kind; each command becomes one CTE over the previous stage.
import { quoteIdent as q } from "../../store/dialect.js";
import { recordScope, type Scope, schemaAfter } from "../analyze.js";
import type { Command, FetchCommand, MakeTimeseriesCommand, Query, SortKey } from "../ast.js";
import { fail } from "../errors.js";
import { FUNCTIONS } from "../functions.js";
import type { Schema } from "../schema.js";
import { T } from "../types.js";
import {
  allocateNames,
  type CompileContext,
  EXTRA,
  ORDER,
  physicalColumns,
  type Stage,
  type Timeframe,
} from "./context.js";
import { type Compiled, coerce, compileAs, compileExpr, type ExprEnv } from "./expressions.js";
import { iso, requireInstant } from "./time.js";

export interface PipelineTools {
  readonly ctx: CompileContext;
  /** The table fetch reads: `events`, or the `security_events` view when dt.raw_data is needed. */
  readonly table: string;
  readonly onField: (name: string) => void;
  readonly compileSubquery: (query: Query) => Stage;
}

type CommandCompiler<K extends Command["kind"]> = (
  command: Command & { kind: K },
  prev: Stage,
  tools: PipelineTools,
  schema: Schema,
) => Stage;

function env(prev: Stage, tools: PipelineTools, scope?: Scope, rel = ""): ExprEnv {
  return {
    ctx: tools.ctx,
    scope: scope ?? recordScope(prev.schema, "query"),
    stage: prev,
    rel,
    onField: tools.onField,
  };
}

function next(
  tools: PipelineTools,
  prev: Stage,
  body: string,
  schema: Schema,
  sqlNames: ReadonlyMap<string, string>,
  ordered: boolean,
): Stage {
  const cte = tools.ctx.fresh("s");
  tools.ctx.addCte(cte, body);
  return { cte, schema, sqlNames, ordered, timeframe: prev.timeframe };
}

/** Same columns as before (filter, limit, dedup): the SQL names carry over. */
function sameShape(tools: PipelineTools, prev: Stage, body: string, ordered = prev.ordered): Stage {
  return next(tools, prev, body, prev.schema, prev.sqlNames, ordered);
}

function orderBy(keys: readonly SortKey[], e: ExprEnv, tieBreak: string | undefined): string {
  const parts = keys.map(
    (key) => `${compileExpr(key.expr, e).sql} ${key.descending ? "DESC" : "ASC"} NULLS LAST`,
  );
  if (tieBreak !== undefined) parts.push(tieBreak);
  return parts.join(", ");
}

/** The columns of `prev` except `drop`, as SQL. */
function keptColumns(prev: Stage, drop: ReadonlySet<string>, rel = ""): string[] {
  const columns = prev.schema.columns
    .filter((c) => !drop.has(c.name))
    .map((c) => `${rel}${q(prev.sqlNames.get(c.name)!)}`);
  if (prev.schema.open) columns.push(`${rel}${q(EXTRA)}`);
  if (prev.ordered) columns.push(`${rel}${q(ORDER)}`);
  return columns;
}

/** Fields computed by expressions, appended after the kept columns. */
function projection(
  tools: PipelineTools,
  prev: Stage,
  schema: Schema,
  computed: ReadonlyMap<string, string>,
  keepHidden: { extra: boolean; order: boolean },
  from: string,
): Stage {
  const sqlNames = allocateNames(
    tools.ctx,
    schema.columns.map((c) => c.name),
    prev.sqlNames,
  );
  const select = schema.columns.map((column) => {
    const value = computed.get(column.name) ?? q(prev.sqlNames.get(column.name)!);
    return `${value} AS ${q(sqlNames.get(column.name)!)}`;
  });
  if (keepHidden.extra) select.push(q(EXTRA));
  if (keepHidden.order) select.push(q(ORDER));
  return next(
    tools,
    prev,
    `SELECT ${select.join(", ")}\nFROM ${from}`,
    schema,
    sqlNames,
    keepHidden.order,
  );
}

function aggregateScope(schema: Schema, command: string): Scope {
  return { schema, aggregation: "required", command };
}

const COMMANDS: { readonly [K in Command["kind"]]: CommandCompiler<K> } = {
  fetch: () => {
    throw new Error("fetch is compiled by compilePipeline");
  },
  filter: (command, prev, tools) =>
    sameShape(
      tools,
      prev,
      `SELECT *\nFROM ${prev.cte}\nWHERE ${compileAs(command.condition, env(prev, tools), T.boolean)}`,
    ),
  filterOut: (command, prev, tools) =>
    sameShape(
      tools,
      prev,
      `SELECT *\nFROM ${prev.cte}\nWHERE NOT coalesce(${compileAs(command.condition, env(prev, tools), T.boolean)}, FALSE)`,
    ),
  limit: (command, prev, tools) => {
    const order = prev.ordered ? `\nORDER BY ${q(ORDER)}` : "";
    return sameShape(
      tools,
      prev,
      `SELECT *\nFROM ${prev.cte}${order}\nLIMIT ${tools.ctx.bind(command.count.value, T.long)}`,
    );
  },
  sort: (command, prev, tools) => {
    const order = orderBy(command.keys, env(prev, tools), prev.ordered ? q(ORDER) : undefined);
    const columns = keptColumns({ ...prev, ordered: false }, new Set());
    return sameShape(
      tools,
      prev,
      `SELECT ${columns.join(", ")}, row_number() OVER (ORDER BY ${order}) AS ${q(ORDER)}\nFROM ${prev.cte}`,
      true,
    );
  },
  dedup: (command, prev, tools) => {
    const e = env(prev, tools);
    const keys = command.keys.map((key) => compileExpr(key.expr, e).sql).join(", ");
    // Ties in the sort go to the earlier order, else to the greater event.id: the same record every
    // run, and the one the latest-arrivals plan picks (compile/latest-arrivals.ts).
    const eventId = prev.sqlNames.get("event.id");
    const tieBreak = prev.ordered
      ? q(ORDER)
      : command.sort.length > 0 && eventId !== undefined
        ? `${q(eventId)} DESC NULLS LAST`
        : undefined;
    const order =
      command.sort.length > 0 || prev.ordered
        ? ` ORDER BY ${orderBy(command.sort, e, tieBreak)}`
        : "";
    const inner = `SELECT *, row_number() OVER (PARTITION BY ${keys}${order}) AS vigil_rank FROM ${prev.cte}`;
    return sameShape(
      tools,
      prev,
      `SELECT ${physicalColumns(prev).join(", ")}\nFROM (${inner}) ranked\nWHERE vigil_rank = 1`,
    );
  },
  fields: (command, prev, tools, schema) => {
    const e = env(prev, tools);
    const computed = new Map(command.fields.map((f) => [f.name, compileExpr(f.expr, e).sql]));
    return projection(
      tools,
      prev,
      schema,
      computed,
      { extra: false, order: prev.ordered },
      prev.cte,
    );
  },
  fieldsAdd: (command, prev, tools, schema) => {
    const e = env(prev, tools);
    const computed = new Map(command.fields.map((f) => [f.name, compileExpr(f.expr, e).sql]));
    return projection(
      tools,
      prev,
      schema,
      computed,
      { extra: prev.schema.open, order: prev.ordered },
      prev.cte,
    );
  },
  fieldsKeep: (_command, prev, tools, schema) => {
    const e = env(prev, tools);
    const computed = new Map<string, string>();
    for (const column of schema.columns)
      if (!prev.sqlNames.has(column.name))
        computed.set(
          column.name,
          compileExpr(
            { kind: "field", name: column.name, backticked: false, span: _command.span },
            e,
          ).sql,
        );
    return projection(
      tools,
      prev,
      schema,
      computed,
      { extra: false, order: prev.ordered },
      prev.cte,
    );
  },
  fieldsRemove: (_command, prev, tools, schema) =>
    projection(
      tools,
      prev,
      schema,
      new Map(),
      { extra: schema.open, order: prev.ordered },
      prev.cte,
    ),
  fieldsRename: (command, prev, tools, schema) => {
    const e = env(prev, tools);
    const computed = new Map<string, string>();
    let current = prev;
    for (const rename of command.renames) {
      computed.set(
        rename.to,
        computed.get(rename.from.name) ?? compileExpr(rename.from, { ...e, stage: current }).sql,
      );
      current = { ...current, schema: { ...current.schema, columns: current.schema.columns } };
    }
    return projection(
      tools,
      prev,
      schema,
      computed,
      { extra: schema.open, order: prev.ordered },
      prev.cte,
    );
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
    return next(
      tools,
      prev,
      `SELECT ${select.join(", ")}\nFROM ${prev.cte}${groupBy}`,
      schema,
      sqlNames,
      false,
    );
  },
  makeTimeseries: (command, prev, tools, schema) => compileTimeseries(command, prev, tools, schema),
  expand: (command, prev, tools, schema) => {
    const e = env(prev, tools, undefined, "p.");
    const array: Compiled = compileExpr(command.field, e);
    const alias = tools.ctx.fresh("vigil_x");
    const json =
      array.type.kind !== "array" ||
      array.type.element.kind === "record" ||
      array.type.element.kind === "any";
    const computed = new Map([[command.alias ?? command.field.name, `${alias}.e`]]);
    const from = `${prev.cte} AS p CROSS JOIN ${tools.ctx.sql.unnestFrom(array.sql, json, alias)}`;
    const qualified = { ...prev, sqlNames: new Map([...prev.sqlNames].map(([k, v]) => [k, v])) };
    return projectionQualified(tools, qualified, schema, computed, from);
  },
  parse: (command, prev, tools, schema) => {
    const source = compileAs(command.source, env(prev, tools), T.string);
    const computed = new Map([[command.target, tools.ctx.sql.parseJson(source)]]);
    return projection(
      tools,
      prev,
      schema,
      computed,
      { extra: schema.open, order: prev.ordered },
      prev.cte,
    );
  },
  lookup: (command, prev, tools, schema) => {
    const sub = tools.compileSubquery(command.subquery);
    const source = compileExpr(command.sourceField, env(prev, tools, undefined, "p."));
    const lookupSql = q(sub.sqlNames.get(command.lookupField.name)!);
    const order = sub.ordered ? ` ORDER BY ${q(ORDER)}` : "";
    const ranked = `(SELECT *, row_number() OVER (PARTITION BY ${lookupSql}${order}) AS vigil_rank FROM ${sub.cte})`;
    const computed = new Map(
      sub.schema.columns.map((c) => [command.prefix + c.name, `l.${q(sub.sqlNames.get(c.name)!)}`]),
    );
    const lookupType = sub.schema.columns.find((c) => c.name === command.lookupField.name)!.type;
    const from = `${prev.cte} AS p LEFT JOIN ${ranked} AS l ON l.vigil_rank = 1 AND ${coerce(source, lookupType, tools.ctx)} = l.${lookupSql}`;
    return projectionQualified(tools, prev, schema, computed, from);
  },
  join: (command, prev, tools, schema) => {
    const sub = tools.compileSubquery(command.subquery);
    const e = env(prev, tools, undefined, "p.");
    const on = command.on.map((c) => {
      const left = compileExpr(c.left, e);
      const rightType = sub.schema.columns.find((col) => col.name === c.right.name)!.type;
      return `${coerce(left, rightType, tools.ctx)} = r.${q(sub.sqlNames.get(c.right.name)!)}`;
    });
    const picked = command.fields?.map((f) => f.name) ?? sub.schema.columns.map((c) => c.name);
    const computed = new Map(
      picked.map((name) => [command.prefix + name, `r.${q(sub.sqlNames.get(name)!)}`]),
    );
    const kind = command.joinKind === "inner" ? "INNER JOIN" : "LEFT JOIN";
    return projectionQualified(
      tools,
      prev,
      schema,
      computed,
      `${prev.cte} AS p ${kind} ${sub.cte} AS r ON ${on.join(" AND ")}`,
    );
  },
  append: (command, prev, tools, schema) => {
    const sub = tools.compileSubquery(command.subquery);
    const sqlNames = allocateNames(
      tools.ctx,
      schema.columns.map((c) => c.name),
      prev.sqlNames,
    );
    const side = (stage: Stage) => {
      const select = schema.columns.map((c) => {
        const own = stage.sqlNames.get(c.name);
        const value = own === undefined ? `CAST(NULL AS ${tools.ctx.sql.type(c.type)})` : q(own);
        return `${value} AS ${q(sqlNames.get(c.name)!)}`;
      });
      if (schema.open) select.push(q(EXTRA));
      return `SELECT ${select.join(", ")} FROM ${stage.cte}`;
    };
    return next(tools, prev, `${side(prev)}\nUNION ALL\n${side(sub)}`, schema, sqlNames, false);
  },
};

/** Like projection, for commands reading `p` (and a joined relation): kept columns are qualified. */
function projectionQualified(
  tools: PipelineTools,
  prev: Stage,
  schema: Schema,
  computed: ReadonlyMap<string, string>,
  from: string,
): Stage {
  const sqlNames = allocateNames(
    tools.ctx,
    schema.columns.map((c) => c.name),
    prev.sqlNames,
  );
  const select = schema.columns.map((column) => {
    const value = computed.get(column.name) ?? `p.${q(prev.sqlNames.get(column.name)!)}`;
    return `${value} AS ${q(sqlNames.get(column.name)!)}`;
  });
  if (schema.open) select.push(`p.${q(EXTRA)}`);
  if (prev.ordered) select.push(`p.${q(ORDER)}`);
  return next(
    tools,
    prev,
    `SELECT ${select.join(", ")}\nFROM ${from}`,
    schema,
    sqlNames,
    prev.ordered,
  );
}

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
    command.time === undefined
      ? `${q(prev.sqlNames.get("timestamp") ?? "timestamp")}`
      : compileExpr(command.time, e).sql;
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
    sqlNames,
    false,
  );
}

/** The analysis timeframe of a fetch: from:/to:/timeframe:, else the caller's default, else the last 2 hours. */
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
    return { start: iso(start), end: iso(end) };
  }
  const fallbackEnd = ctx.defaultTimeframe?.end ?? iso(nowMs);
  const end =
    command.to === undefined ? fallbackEnd : iso(requireInstant(command.to, nowMs, "to:"));
  const fallbackStart = ctx.defaultTimeframe?.start ?? iso(nowMs - 2 * 3600_000);
  const start =
    command.from === undefined ? fallbackStart : iso(requireInstant(command.from, nowMs, "from:"));
  return { start, end };
}

/** The first stage: events of the timeframe (and buckets), and of `conditions` (SQL) when given. */
export function compileFetch(
  command: FetchCommand,
  tools: PipelineTools,
  schema: Schema,
  conditions: readonly string[] = [],
): Stage {
  const ctx = tools.ctx;
  const timeframe = fetchTimeframe(command, ctx);
  const where = [
    `${q("timestamp")} >= ${ctx.bind(timeframe.start, T.timestamp)}`,
    `${q("timestamp")} < ${ctx.bind(timeframe.end, T.timestamp)}`,
  ];
  if (command.buckets !== undefined)
    where.push(
      `${q("dt.system.bucket")} IN (${command.buckets.map((b) => ctx.bind(b.value, T.string)).join(", ")})`,
    );
  where.push(...conditions);
  const view = tools.table === "security_events";
  const columns = schema.columns.filter((c) => view || c.name !== "dt.raw_data");
  const visible = { columns, open: true };
  const sqlNames = new Map(columns.map((c) => [c.name, c.name]));
  const cte = ctx.fresh("s");
  ctx.addCte(
    cte,
    `SELECT ${[...columns.map((c) => q(c.name)), q(EXTRA)].join(", ")}\nFROM ${tools.table}\nWHERE ${where.join(" AND ")}`,
  );
  return { cte, schema: visible, sqlNames, ordered: false, timeframe };
}

/** Compiles the commands after fetch, one CTE each. */
export function compileCommands(query: Query, first: Stage, tools: PipelineTools): Stage {
  let stage = first;
  for (const command of query.commands.slice(1)) {
    const schema = schemaAfter(command, stage.schema);
    const compiler = COMMANDS[command.kind] as CommandCompiler<typeof command.kind>;
    stage = compiler(command as never, stage, tools, schema);
  }
  return stage;
}
