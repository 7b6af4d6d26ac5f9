// Expressions → SQL: a dispatch table keyed by node kind; every literal becomes a bound parameter.
import { quoteIdent } from "../../store/dialect.js";
import { resolveField, type Scope, typeOf } from "../analyze.js";
import type { Call, Expr } from "../ast.js";
import { fail } from "../errors.js";
import { FUNCTIONS, type SqlCall } from "../functions.js";
import { printExpr } from "../printer.js";
import { isJsonBacked, T, type ValueType } from "../types.js";
import { type CompileContext, EXTRA, type Stage, sqlName } from "./context.js";
import { parseIso, staticInstant } from "./time.js";

export interface ExprEnv {
  readonly ctx: CompileContext;
  readonly scope: Scope;
  readonly stage: Stage;
  /** Qualifier for this stage's columns (`p.`), or "". */
  readonly rel: string;
  /** Inside iAny/iAll: the SQL of the current element. */
  readonly iter?: { readonly sql: string };
  /** Called when dt.raw_data is read. */
  readonly onField?: (name: string) => void;
}

export interface Compiled {
  readonly sql: string;
  readonly type: ValueType;
}

type Compiler<K extends Expr["kind"]> = (
  expr: Extract<Expr, { kind: K }>,
  env: ExprEnv,
  type: ValueType,
) => string;

/**
 * Compiles an expression of a stage.
 *
 * @example
 * compileExpr(parseExpression('a == "x"'), env).sql; // (… = CAST($1 AS VARCHAR))
 */
export function compileExpr(expr: Expr, env: ExprEnv): Compiled {
  const type = typeOf(expr, env.scope);
  const compiler = COMPILERS[expr.kind] as Compiler<typeof expr.kind>;
  return { sql: compiler(expr as never, env, type), type };
}

/** Compiles and converts JSON-held values (undeclared fields) to `target`'s SQL type. */
export function compileAs(expr: Expr, env: ExprEnv, target: ValueType): string {
  const compiled = compileExpr(expr, env);
  return coerce(compiled, target, env.ctx);
}

export function coerce(compiled: Compiled, target: ValueType, ctx: CompileContext): string {
  if (compiled.type.kind !== "any" || target.kind === "any" || isJsonBacked(target))
    return compiled.sql;
  return ctx.sql.jsonTyped(compiled.sql, target);
}

/** The value as text (concat, toString). */
export function asText(compiled: Compiled, ctx: CompileContext): string {
  const text = ctx.sql.type(T.string);
  switch (compiled.type.kind) {
    case "string":
    case "null":
      return compiled.sql;
    case "timestamp":
      return ctx.sql.timestampText(compiled.sql);
    case "any":
      return ctx.sql.jsonText(compiled.sql);
    case "array":
    case "record":
    case "timeframe":
      return `CAST(${ctx.sql.toJson(compiled.sql)} AS ${text})`;
    case "boolean":
      return `(CASE WHEN ${compiled.sql} THEN 'true' WHEN NOT ${compiled.sql} THEN 'false' END)`;
    default:
      return `CAST(${compiled.sql} AS ${text})`;
  }
}

const OPS: Readonly<Record<string, string>> = {
  "==": "=",
  "!=": "<>",
  "<": "<",
  "<=": "<=",
  ">": ">",
  ">=": ">=",
  and: "AND",
  or: "OR",
};

const COMPILERS: { readonly [K in Expr["kind"]]: Compiler<K> } = {
  string: (expr, env) => env.ctx.bind(expr.value, T.string),
  number: (expr, env, type) => env.ctx.bind(expr.value, type),
  boolean: (expr, env) => env.ctx.bind(expr.value, T.boolean),
  null: () => "NULL",
  duration: (expr, env) => env.ctx.bind(expr.nanos, T.duration),
  field: (expr, env) => {
    env.onField?.(expr.name);
    const resolved = resolveField(expr, env.stage.schema);
    if (resolved.kind === "column")
      return `${env.rel}${quoteIdent(sqlName(env.stage, resolved.column.name))}`;
    return env.ctx.sql.jsonKey(`${env.rel}${quoteIdent(EXTRA)}`, env.ctx.bind(expr.name, T.string));
  },
  iterate: (expr, env) => {
    if (env.iter === undefined)
      return fail(
        "SEC_ERR_QUERY_SYNTAX",
        `"${printExpr(expr)}" must be inside iAny or iAll`,
        expr.span,
      );
    return env.iter.sql;
  },
  index: (expr, env) => {
    const target = compileExpr(expr.target, env);
    const index = compileExpr(expr.index, env).sql;
    if (isJsonBacked(target.type) || target.type.kind === "any")
      return env.ctx.sql.jsonIndex(target.sql, index);
    return `(${target.sql})[${index} + 1]`;
  },
  member: (expr, env, type) => {
    const target = compileExpr(expr.target, env);
    const json = env.ctx.sql.jsonKey(target.sql, env.ctx.bind(expr.key, T.string));
    return target.type.kind === "record" || target.type.kind === "timeframe"
      ? env.ctx.sql.jsonTyped(json, type)
      : json;
  },
  binary: (expr, env, type) => {
    const instant =
      type.kind === "timestamp" ? staticInstant(expr, env.ctx.now.getTime()) : undefined;
    if (instant !== undefined) return env.ctx.bind(new Date(instant).toISOString(), T.timestamp);
    const left = compileExpr(expr.left, env);
    const right = compileExpr(expr.right, env);
    if (expr.op === "and" || expr.op === "or")
      return `(${coerce(left, T.boolean, env.ctx)} ${OPS[expr.op]} ${coerce(right, T.boolean, env.ctx)})`;
    if (OPS[expr.op] !== undefined) {
      const [l, r] = comparable(left, right, env.ctx);
      return `(${l} ${OPS[expr.op]} ${r})`;
    }
    return arithmetic(expr.op, left, right, type, env.ctx);
  },
  unary: (expr, env, type) => {
    const operand = compileExpr(expr.operand, env);
    if (expr.op === "not") return `(NOT ${coerce(operand, T.boolean, env.ctx)})`;
    return `(-${coerce(operand, type, env.ctx)})`;
  },
  curly: (expr) => fail("SEC_ERR_QUERY_SYNTAX", "a {…} list is only allowed in in()", expr.span),
  subquery: (expr) =>
    fail("SEC_ERR_QUERY_SYNTAX", "a subquery is not allowed in an expression", expr.span),
  call: (expr, env, type) => compileCall(expr, env, type),
};

/** Both sides of a comparison in one SQL type (JSON-held values converted to the other side's type). */
function comparable(left: Compiled, right: Compiled, ctx: CompileContext): [string, string] {
  if (left.type.kind === "any" && right.type.kind === "any")
    return [ctx.sql.jsonText(left.sql), ctx.sql.jsonText(right.sql)];
  if (left.type.kind === "any") return [coerce(left, right.type, ctx), right.sql];
  if (right.type.kind === "any") return [left.sql, coerce(right, left.type, ctx)];
  return [left.sql, right.sql];
}

function arithmetic(
  op: string,
  left: Compiled,
  right: Compiled,
  type: ValueType,
  ctx: CompileContext,
): string {
  const l = left.type.kind;
  const r = right.type.kind;
  if (type.kind === "timestamp") {
    if (l === "timestamp")
      return ctx.sql.addNanos(left.sql, op === "-" ? `-(${right.sql})` : right.sql);
    return ctx.sql.addNanos(right.sql, left.sql);
  }
  if (l === "timestamp" && r === "timestamp")
    return `CAST(round((${ctx.sql.epochSeconds(left.sql)} - ${ctx.sql.epochSeconds(right.sql)}) * 1000000000) AS BIGINT)`;
  const a = coerce(left, T.double, ctx);
  const b = coerce(right, T.double, ctx);
  if (op === "/") return `(CAST(${a} AS ${ctx.sql.type(T.double)}) / NULLIF(${b}, 0))`;
  if (op === "%") return `(${a} % NULLIF(${b}, 0))`;
  return `(${a} ${op} ${b})`;
}

function positionalArgs(call: Call): Expr[] {
  return call.args.filter((arg) => arg.param === undefined).map((arg) => arg.value);
}

function namedArg(call: Call, name: string): Expr | undefined {
  return call.args.find((arg) => arg.param === name)?.value;
}

function compileCall(call: Call, env: ExprEnv, type: ValueType): string {
  const spec = FUNCTIONS.get(call.name)!;
  const special = Object.hasOwn(SPECIAL_FORMS, call.name) ? SPECIAL_FORMS[call.name] : undefined;
  if (special !== undefined) return special(call, env, type);
  const inner: ExprEnv = spec.aggregation
    ? { ...env, scope: { ...env.scope, inAggregation: true } }
    : env;
  const compiled = positionalArgs(call).map((arg) => compileExpr(arg, inner));
  const numeric = [
    "sum",
    "avg",
    "min",
    "max",
    "takeMin",
    "takeMax",
    "percentile",
    "round",
    "abs",
  ].includes(call.name);
  const args = compiled.map((c) => coerce(c, numeric ? T.double : T.string, env.ctx));
  const named: Record<string, string> = {};
  for (const arg of call.args)
    if (arg.param !== undefined) named[arg.param] = compileExpr(arg.value, inner).sql;
  const sqlCall: SqlCall = {
    args,
    types: compiled.map((c) => c.type),
    named,
    sql: env.ctx.sql,
    asText: (index) => asText(compiled[index]!, env.ctx),
  };
  return spec.toSql(sqlCall);
}

/** `*` wildcards → a LIKE pattern (lower case; %, _ and \ escaped). */
export function likePattern(pattern: string): string {
  return pattern
    .toLowerCase()
    .replace(/[\\%_]/g, "\\$&")
    .replace(/\*/g, "%");
}

/** A phrase → a case-insensitive regular expression matching it on word boundaries. */
export function phrasePattern(phrase: string): string {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return `(^|[^A-Za-z0-9_])${escaped}($|[^A-Za-z0-9_])`;
}

type SpecialForm = (call: Call, env: ExprEnv, type: ValueType) => string;

/** Whether any element of `array` satisfies `predicate(elementSql)`. */
function anyElement(array: Compiled, env: ExprEnv, predicate: (element: string) => string): string {
  const alias = env.ctx.fresh("vigil_u");
  const json = isJsonBacked(array.type) || array.type.kind === "any";
  return env.ctx.sql.anyElement(array.sql, json, alias, predicate);
}

const SPECIAL_FORMS: Readonly<Record<string, SpecialForm>> = {
  now: (_call, env) => env.ctx.bind(env.ctx.now.toISOString(), T.timestamp),
  in: (call, env) => {
    const [valueExpr, setExpr] = positionalArgs(call) as [Expr, Expr];
    const value = compileExpr(valueExpr, env);
    if (setExpr.kind === "curly") {
      const items = setExpr.items.map((item) => compileExpr(item.value, env));
      const target =
        value.type.kind === "any"
          ? (items.find((i) => i.type.kind !== "null")?.type ?? T.string)
          : value.type;
      return `(${coerce(value, target, env.ctx)} IN (${items.map((i) => coerce(i, target, env.ctx)).join(", ")}))`;
    }
    const array = compileExpr(setExpr, env);
    const element = array.type.kind === "array" ? array.type.element : T.string;
    return env.ctx.sql.arrayContains(array.sql, coerce(value, element, env.ctx));
  },
  iAny: (call, env) => iterative(call, env, "any"),
  iAll: (call, env) => iterative(call, env, "all"),
  if: (call, env, type) => {
    const [condition, then] = positionalArgs(call) as [Expr, Expr];
    const otherwise = namedArg(call, "else");
    const elseSql = otherwise === undefined ? "NULL" : compileAs(otherwise, env, type);
    return `(CASE WHEN ${compileAs(condition, env, T.boolean)} THEN ${compileAs(then, env, type)} ELSE ${elseSql} END)`;
  },
  record: (call, env) => {
    const pairs: string[] = [];
    for (const arg of call.args) {
      const name = arg.alias ?? (arg.value.kind === "field" ? arg.value.name : "");
      pairs.push(env.ctx.bind(name, T.string), compileExpr(arg.value, env).sql);
    }
    return env.ctx.sql.jsonObject(pairs);
  },
  array: (call, env, type) => {
    const element = type.kind === "array" ? type.element : T.string;
    return env.ctx.sql.arrayLiteral(
      positionalArgs(call).map((arg) => compileAs(arg, env, element)),
      element,
    );
  },
  matchesValue: (call, env) => {
    const [valueExpr, patternExpr] = positionalArgs(call) as [Expr, Expr];
    const pattern = env.ctx.bind(likePattern((patternExpr as { value: string }).value), T.string);
    const value = compileExpr(valueExpr, env);
    const like = (text: string) => `(lower(${text}) LIKE ${pattern} ESCAPE '\\')`;
    if (value.type.kind === "array") return anyElement(value, env, like);
    return like(coerce(value, T.string, env.ctx));
  },
  matchesPhrase: (call, env) => {
    const [valueExpr, patternExpr] = positionalArgs(call) as [Expr, Expr];
    const pattern = env.ctx.bind(phrasePattern((patternExpr as { value: string }).value), T.string);
    const value = compileExpr(valueExpr, env);
    if (value.type.kind === "array")
      return anyElement(value, env, (e) => env.ctx.sql.regexMatchI(e, pattern));
    return env.ctx.sql.regexMatchI(coerce(value, T.string, env.ctx), pattern);
  },
  toTimestamp: (call, env) => {
    const [arg] = positionalArgs(call) as [Expr];
    if (arg.kind === "string") {
      const ms = parseIso(arg.value);
      if (ms === undefined)
        fail("SEC_ERR_QUERY_TYPE", `"${arg.value}" is not an ISO-8601 timestamp`, arg.span);
      return env.ctx.bind(new Date(ms).toISOString(), T.timestamp);
    }
    const value = compileExpr(arg, env);
    if (value.type.kind === "timestamp") return value.sql;
    if (value.type.kind === "long")
      return env.ctx.sql.fromEpochSeconds(
        `CAST(${value.sql} AS ${env.ctx.sql.type(T.double)}) / 1000000000`,
      );
    return `CAST(${coerce(value, T.string, env.ctx)} AS ${env.ctx.sql.type(T.timestamp)})`;
  },
  bin: (call, env, type) => {
    const [valueExpr, widthExpr] = positionalArgs(call) as [Expr, Expr];
    const value = compileExpr(valueExpr, env);
    if (type.kind === "timestamp") {
      const seconds = env.ctx.bind((widthExpr as { nanos: number }).nanos / 1e9, T.double);
      const epoch = env.ctx.sql.epochSeconds(value.sql);
      return env.ctx.sql.fromEpochSeconds(`floor(${epoch} / ${seconds}) * ${seconds}`);
    }
    const width = compileExpr(widthExpr, env).sql;
    return `(floor(${coerce(value, T.double, env.ctx)} / ${width}) * ${width})`;
  },
};

/** iAny / iAll: the condition evaluated per element of the one array iterated with `x[]`. */
function iterative(call: Call, env: ExprEnv, mode: "any" | "all"): string {
  const [condition] = positionalArgs(call) as [Expr];
  const targets = new Map<string, Expr>();
  collectIterated(condition, targets);
  if (targets.size !== 1)
    fail(
      "SEC_ERR_QUERY_UNSUPPORTED",
      `${call.name}() iterates one array at a time in Vigil`,
      call.span,
    );
  const target = [...targets.values()][0]!;
  const array = compileExpr(target, env);
  if (mode === "any") {
    const values = elementIn(condition, array);
    if (values !== undefined)
      return env.ctx.sql.arrayHasAny(
        array.sql,
        values.map((value) => env.ctx.bind(value, T.string)),
      );
  }
  const alias = env.ctx.fresh("vigil_u");
  const json = isJsonBacked(array.type) || array.type.kind === "any";
  const predicate = (element: string) =>
    compileAs(
      condition,
      { ...env, scope: { ...env.scope, iterating: true }, iter: { sql: element } },
      T.boolean,
    );
  return mode === "any"
    ? env.ctx.sql.anyElement(array.sql, json, alias, predicate)
    : env.ctx.sql.everyElement(array.sql, json, alias, predicate);
}

/**
 * The text literals of `in(x[], {"a", "b"})` or `x[] == "a"` over a native text array: iAny of those
 * is the engines' array overlap (same answer: null array → null, nulls in the array match nothing).
 */
function elementIn(condition: Expr, array: Compiled): string[] | undefined {
  if (array.type.kind !== "array" || array.type.element.kind !== "string") return undefined;
  const isElement = (expr: Expr) => expr.kind === "iterate";
  const literals = (exprs: readonly Expr[]) =>
    exprs.every((expr) => expr.kind === "string")
      ? exprs.map((expr) => (expr as { value: string }).value)
      : undefined;
  if (condition.kind === "binary" && condition.op === "==") {
    if (isElement(condition.left)) return literals([condition.right]);
    if (isElement(condition.right)) return literals([condition.left]);
    return undefined;
  }
  if (condition.kind !== "call" || condition.name !== "in") return undefined;
  const [value, set, ...rest] = positionalArgs(condition);
  if (rest.length > 0 || value === undefined || set?.kind !== "curly" || !isElement(value))
    return undefined;
  if (set.items.length === 0 || set.items.some((item) => item.param !== undefined))
    return undefined;
  return literals(set.items.map((item) => item.value));
}

function collectIterated(expr: Expr, into: Map<string, Expr>): void {
  if (expr.kind === "iterate") {
    into.set(printExpr(expr.target), expr.target);
    return;
  }
  switch (expr.kind) {
    case "index":
      collectIterated(expr.target, into);
      collectIterated(expr.index, into);
      return;
    case "member":
      collectIterated(expr.target, into);
      return;
    case "call":
      if (expr.name === "iAny" || expr.name === "iAll") return;
      for (const arg of expr.args) collectIterated(arg.value, into);
      return;
    case "binary":
      collectIterated(expr.left, into);
      collectIterated(expr.right, into);
      return;
    case "unary":
      collectIterated(expr.operand, into);
      return;
    case "curly":
      for (const arg of expr.items) collectIterated(arg.value, into);
      return;
    default:
      return;
  }
}
