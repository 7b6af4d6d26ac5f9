// Command shapes: each command's raw argument list → its typed AST node (parameters checked, names derived).
import type {
  Argument,
  Assignment,
  Command,
  DurationLiteral,
  Expr,
  FieldRef,
  NumberLiteral,
  Query,
  SortKey,
  StringLiteral,
} from "./ast.js";
import { fail } from "./errors.js";
import type { RawCommand } from "./parser.js";
import { printExpr } from "./printer.js";
import { closestName } from "./suggest.js";

/** The data objects `fetch` can read. */
export const DATA_OBJECTS: readonly string[] = ["security.events"];

type Builder = (raw: RawCommand) => Command;

/** Named parameters each command accepts. */
const PARAMS: Readonly<Record<string, readonly string[]>> = {
  fetch: ["from", "to", "timeframe", "bucket", "scanLimitGBytes"],
  filter: [],
  filterOut: [],
  fields: [],
  fieldsAdd: [],
  fieldsKeep: [],
  fieldsRemove: [],
  fieldsRename: [],
  summarize: ["by"],
  sort: [],
  limit: [],
  dedup: ["sort"],
  makeTimeseries: ["by", "time", "interval", "bins", "from", "to"],
  expand: [],
  lookup: ["sourceField", "lookupField", "prefix"],
  join: ["on", "kind", "fields", "prefix"],
  append: [],
  parse: [],
};

export const COMMAND_NAMES: ReadonlySet<string> = new Set(Object.keys(PARAMS));

/** Checks the parameters of `raw` and builds its typed node. */
export function buildCommand(raw: RawCommand): Command {
  const allowed = PARAMS[raw.name]!;
  for (const arg of raw.args) {
    if (arg.param === undefined || allowed.includes(arg.param)) continue;
    const guess = closestName(arg.param, allowed);
    fail(
      "SEC_ERR_QUERY_SYNTAX",
      `unknown parameter "${arg.param}" of ${raw.name}${guess ? `: did you mean "${guess}:"?` : allowed.length > 0 ? ` (expected one of ${allowed.map((p) => `${p}:`).join(", ")})` : ""}`,
      arg.span,
      guess,
    );
  }
  const seen = new Set<string>();
  for (const arg of raw.args) {
    if (arg.param === undefined) continue;
    if (seen.has(arg.param))
      fail("SEC_ERR_QUERY_SYNTAX", `parameter "${arg.param}:" given twice`, arg.span);
    seen.add(arg.param);
  }
  return BUILDERS[raw.name]!(raw);
}

function positional(raw: RawCommand): Argument[] {
  return raw.args.filter((arg) => arg.param === undefined);
}

function named(raw: RawCommand, param: string): Argument | undefined {
  return raw.args.find((arg) => arg.param === param);
}

function noOrder(arg: Argument): void {
  if (arg.order !== undefined)
    fail("SEC_ERR_QUERY_SYNTAX", `"${arg.order}" is only allowed in sort keys`, arg.span);
}

function exactlyOne(raw: RawCommand, what: string): Argument {
  const args = positional(raw);
  if (args.length !== 1)
    fail(
      "SEC_ERR_QUERY_SYNTAX",
      `${raw.name} expects ${what}${args.length > 1 ? `, found ${args.length} arguments` : ""}`,
      args[1]?.span ?? raw.span,
    );
  noOrder(args[0]!);
  return args[0]!;
}

/** The items of `{…}`, or the arguments themselves when not in braces. */
function items(args: readonly Argument[]): Argument[] {
  if (args.length === 1 && args[0]!.value.kind === "curly" && args[0]!.alias === undefined)
    return [...args[0]!.value.items];
  return [...args];
}

function valueItems(arg: Argument): Argument[] {
  if (arg.value.kind === "curly") return [...arg.value.items];
  return [{ ...arg, param: undefined } as Argument];
}

/** `name = expr` → name; a field → its name; anything else → its canonical text. */
function assignment(arg: Argument): Assignment {
  noOrder(arg);
  if (arg.param !== undefined)
    fail("SEC_ERR_QUERY_SYNTAX", `unexpected parameter "${arg.param}:" here`, arg.span);
  if (arg.value.kind === "subquery")
    fail("SEC_ERR_QUERY_SYNTAX", "a subquery is not allowed here", arg.value.span);
  if (arg.alias !== undefined)
    return { name: arg.alias, expr: arg.value, explicit: true, span: arg.span };
  const name = arg.value.kind === "field" ? arg.value.name : printExpr(arg.value);
  return { name, expr: arg.value, explicit: false, span: arg.span };
}

function fieldRef(arg: Argument | Expr, what: string): FieldRef {
  const expr = "kind" in arg && arg.kind === "argument" ? arg.value : (arg as Expr);
  if (expr.kind !== "field")
    fail(
      "SEC_ERR_QUERY_SYNTAX",
      `expected ${what} (a field name), found ${printExpr(expr)}`,
      expr.span,
    );
  return expr;
}

function stringLiteral(arg: Argument, what: string): StringLiteral {
  if (arg.value.kind !== "string")
    fail("SEC_ERR_QUERY_SYNTAX", `expected ${what} as a string`, arg.value.span);
  return arg.value;
}

function subquery(raw: RawCommand): Query {
  const arg = exactlyOne(raw, "a subquery in brackets: [fetch …]");
  if (arg.value.kind !== "subquery")
    fail("SEC_ERR_QUERY_SYNTAX", `${raw.name} expects a subquery in brackets: [fetch …]`, arg.span);
  return arg.value.query;
}

/** `f desc`, `{f, direction: "descending"}`. */
function sortKeys(args: readonly Argument[]): SortKey[] {
  return args.map((arg) => {
    if (arg.value.kind === "curly" && arg.order === undefined) {
      const inner = arg.value.items.filter((item) => item.param === undefined);
      const direction = arg.value.items.find((item) => item.param === "direction");
      if (inner.length !== 1)
        fail(
          "SEC_ERR_QUERY_SYNTAX",
          "a sort key in braces has one expression and direction:",
          arg.span,
        );
      let descending = inner[0]!.order === "desc";
      if (direction !== undefined) {
        const value = stringLiteral(direction, "direction").value;
        if (value !== "ascending" && value !== "descending")
          fail(
            "SEC_ERR_QUERY_SYNTAX",
            `direction must be "ascending" or "descending", found "${value}"`,
            direction.value.span,
          );
        descending = value === "descending";
      }
      return { expr: inner[0]!.value, descending, span: arg.span };
    }
    if (arg.alias !== undefined)
      fail("SEC_ERR_QUERY_SYNTAX", "a sort key cannot be named", arg.span);
    return { expr: arg.value, descending: arg.order === "desc", span: arg.span };
  });
}

function aggregationsOf(raw: RawCommand): Assignment[] {
  const args = positional(raw);
  if (args.length === 0)
    fail(
      "SEC_ERR_QUERY_SYNTAX",
      `${raw.name} expects at least one aggregation such as count()`,
      raw.span,
    );
  return items(args).map(assignment);
}

function byOf(raw: RawCommand): Assignment[] {
  const by = named(raw, "by");
  return by === undefined ? [] : valueItems(by).map(assignment);
}

const BUILDERS: Readonly<Record<string, Builder>> = {
  fetch: (raw) => {
    const source = exactlyOne(raw, "one data object, such as security.events");
    const name = source.value.kind === "field" ? source.value.name : printExpr(source.value);
    if (!DATA_OBJECTS.includes(name)) {
      const guess = closestName(name, DATA_OBJECTS);
      fail(
        "SEC_ERR_QUERY_SYNTAX",
        `unknown data object "${name}": Vigil stores ${DATA_OBJECTS.join(", ")}${guess ? ` (did you mean "${guess}"?)` : ""}`,
        source.span,
        guess,
      );
    }
    const bucket = named(raw, "bucket");
    const buckets =
      bucket === undefined
        ? undefined
        : valueItems(bucket).map((item) => stringLiteral(item, "a bucket name"));
    const from = named(raw, "from")?.value;
    const to = named(raw, "to")?.value;
    const timeframe = named(raw, "timeframe")?.value;
    if (timeframe !== undefined && (from !== undefined || to !== undefined))
      fail("SEC_ERR_QUERY_SYNTAX", "give either timeframe: or from:/to:, not both", timeframe.span);
    return {
      kind: "fetch",
      source: name,
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
      ...(timeframe === undefined ? {} : { timeframe }),
      ...(buckets === undefined ? {} : { buckets }),
      span: raw.span,
    };
  },
  filter: (raw) => ({ kind: "filter", condition: condition(raw), span: raw.span }),
  filterOut: (raw) => ({ kind: "filterOut", condition: condition(raw), span: raw.span }),
  fields: (raw) => ({ kind: "fields", fields: fieldList(raw), span: raw.span }),
  fieldsAdd: (raw) => ({ kind: "fieldsAdd", fields: fieldList(raw), span: raw.span }),
  fieldsKeep: (raw) => ({ kind: "fieldsKeep", patterns: patterns(raw), span: raw.span }),
  fieldsRemove: (raw) => ({ kind: "fieldsRemove", patterns: patterns(raw), span: raw.span }),
  fieldsRename: (raw) => {
    const renames = positional(raw).map((arg) => {
      if (arg.alias === undefined)
        fail(
          "SEC_ERR_QUERY_SYNTAX",
          "fieldsRename expects newName = oldName",
          arg.span,
          `newName = ${printExpr(arg.value)}`,
        );
      return { to: arg.alias, from: fieldRef(arg, "the field to rename"), span: arg.span };
    });
    if (renames.length === 0)
      fail("SEC_ERR_QUERY_SYNTAX", "fieldsRename expects newName = oldName", raw.span);
    return { kind: "fieldsRename", renames, span: raw.span };
  },
  summarize: (raw) => ({
    kind: "summarize",
    aggregations: aggregationsOf(raw),
    by: byOf(raw),
    span: raw.span,
  }),
  sort: (raw) => {
    const args = positional(raw);
    if (args.length === 0)
      fail(
        "SEC_ERR_QUERY_SYNTAX",
        "sort expects at least one key, such as: sort timestamp desc",
        raw.span,
      );
    return { kind: "sort", keys: sortKeys(args), span: raw.span };
  },
  limit: (raw) => {
    const arg = exactlyOne(raw, "a number of records");
    if (arg.value.kind !== "number" || !arg.value.integer || arg.value.value < 0)
      fail("SEC_ERR_QUERY_SYNTAX", "limit expects a whole number of records", arg.value.span);
    return { kind: "limit", count: arg.value, span: raw.span };
  },
  dedup: (raw) => {
    const args = positional(raw);
    if (args.length === 0)
      fail(
        "SEC_ERR_QUERY_SYNTAX",
        "dedup expects the fields to deduplicate by, such as {object.id}",
        raw.span,
      );
    const sort = named(raw, "sort");
    return {
      kind: "dedup",
      keys: items(args).map(assignment),
      sort:
        sort === undefined
          ? []
          : sortKeys(
              sort.value.kind === "curly"
                ? sort.value.items
                : [{ ...sort, param: undefined } as Argument],
            ),
      span: raw.span,
    };
  },
  makeTimeseries: (raw) => {
    const interval = named(raw, "interval");
    if (interval !== undefined && interval.value.kind !== "duration")
      fail("SEC_ERR_QUERY_SYNTAX", "interval: expects a duration such as 1h", interval.value.span);
    const bins = named(raw, "bins");
    if (
      bins !== undefined &&
      (bins.value.kind !== "number" || !bins.value.integer || bins.value.value < 1)
    )
      fail("SEC_ERR_QUERY_SYNTAX", "bins: expects a positive whole number", bins.value.span);
    if (interval !== undefined && bins !== undefined)
      fail("SEC_ERR_QUERY_SYNTAX", "give either interval: or bins:, not both", bins.span);
    const time = named(raw, "time");
    const timeItems = time === undefined ? undefined : valueItems(time);
    if (timeItems !== undefined && timeItems.length !== 1)
      fail(
        "SEC_ERR_QUERY_SYNTAX",
        "time: expects one timestamp field, such as {timestamp}",
        time!.span,
      );
    const from = named(raw, "from")?.value;
    const to = named(raw, "to")?.value;
    return {
      kind: "makeTimeseries",
      aggregations: aggregationsOf(raw),
      by: byOf(raw),
      ...(timeItems === undefined ? {} : { time: timeItems[0]!.value }),
      ...(interval === undefined ? {} : { interval: interval.value as DurationLiteral }),
      ...(bins === undefined ? {} : { bins: bins.value as NumberLiteral }),
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
      span: raw.span,
    };
  },
  expand: (raw) => {
    const arg = exactlyOne(raw, "one array field");
    return {
      kind: "expand",
      field: fieldRef(arg, "the array field to expand"),
      ...(arg.alias === undefined ? {} : { alias: arg.alias }),
      span: raw.span,
    };
  },
  lookup: (raw) => {
    const source = named(raw, "sourceField");
    const lookup = named(raw, "lookupField");
    if (source === undefined || lookup === undefined)
      fail(
        "SEC_ERR_QUERY_SYNTAX",
        "lookup expects sourceField: and lookupField:",
        raw.span,
        "sourceField: a, lookupField: b",
      );
    const prefix = named(raw, "prefix");
    return {
      kind: "lookup",
      subquery: subquery(raw),
      sourceField: fieldRef(source, "sourceField:"),
      lookupField: fieldRef(lookup, "lookupField:"),
      prefix: prefix === undefined ? "lookup." : stringLiteral(prefix, "prefix:").value,
      span: raw.span,
    };
  },
  join: (raw) => {
    const on = named(raw, "on");
    if (on === undefined)
      fail("SEC_ERR_QUERY_SYNTAX", "join expects on: {left[a] == right[b]}", raw.span);
    const kindArg = named(raw, "kind");
    const kindName =
      kindArg === undefined ? "inner" : kindArg.value.kind === "field" ? kindArg.value.name : "";
    if (kindName !== "inner" && kindName !== "leftOuter")
      fail(
        "SEC_ERR_QUERY_UNSUPPORTED",
        "join kind: must be inner or leftOuter",
        kindArg!.value.span,
      );
    const fieldsArg = named(raw, "fields");
    const prefix = named(raw, "prefix");
    return {
      kind: "join",
      subquery: subquery(raw),
      on: valueItems(on).map(joinCondition),
      joinKind: kindName,
      ...(fieldsArg === undefined
        ? {}
        : {
            fields: valueItems(fieldsArg).map((item) => fieldRef(item, "a field of the subquery")),
          }),
      prefix: prefix === undefined ? "right." : stringLiteral(prefix, "prefix:").value,
      span: raw.span,
    };
  },
  append: (raw) => ({ kind: "append", subquery: subquery(raw), span: raw.span }),
  parse: (raw) => {
    const args = positional(raw);
    if (args.length !== 2)
      fail(
        "SEC_ERR_QUERY_SYNTAX",
        'parse expects a field and a pattern: parse dt.raw_data, "JSON:raw"',
        raw.span,
      );
    const pattern = stringLiteral(args[1]!, "the pattern");
    const match = /^\s*JSON\s*:\s*([A-Za-z_][A-Za-z0-9_.]*)\s*$/.exec(pattern.value);
    if (match === null)
      fail(
        "SEC_ERR_QUERY_UNSUPPORTED",
        'parse supports the pattern "JSON:name" only',
        pattern.span,
        '"JSON:raw"',
      );
    return { kind: "parse", source: args[0]!.value, target: match[1]!, span: raw.span };
  },
};

function condition(raw: RawCommand): Expr {
  const arg = exactlyOne(raw, "one condition");
  if (arg.alias !== undefined)
    fail(
      "SEC_ERR_QUERY_SYNTAX",
      `expected "==" to compare ("=" names a field in fields and summarize)`,
      arg.aliasSpan ?? arg.span,
      `${arg.alias} == ${printExpr(arg.value)}`,
    );
  return arg.value;
}

function fieldList(raw: RawCommand): Assignment[] {
  const args = positional(raw);
  if (args.length === 0)
    fail("SEC_ERR_QUERY_SYNTAX", `${raw.name} expects at least one field`, raw.span);
  return args.map(assignment);
}

function patterns(raw: RawCommand): FieldRef[] {
  const args = positional(raw);
  if (args.length === 0)
    fail("SEC_ERR_QUERY_SYNTAX", `${raw.name} expects at least one field name`, raw.span);
  return args.map((arg) => fieldRef(arg, "a field name or pattern"));
}

/** `left[a] == right[b]`, or a field name present on both sides. */
function joinCondition(arg: Argument): { left: FieldRef; right: FieldRef } {
  const value = arg.value;
  if (value.kind === "field") return { left: value, right: value };
  if (value.kind === "binary" && value.op === "==") {
    const side = (expr: Expr, name: string): FieldRef => {
      if (expr.kind === "member" && expr.target.kind === "field" && expr.target.name === name)
        return { kind: "field", name: expr.key, backticked: false, span: expr.span };
      return fail(
        "SEC_ERR_QUERY_SYNTAX",
        `expected ${name}[field] in the join condition`,
        expr.span,
      );
    };
    return { left: side(value.left, "left"), right: side(value.right, "right") };
  }
  return fail(
    "SEC_ERR_QUERY_SYNTAX",
    "a join condition is left[a] == right[b] or a field name",
    arg.span,
  );
}
