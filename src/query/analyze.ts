// Semantic analysis: field names against the catalog and each stage's fields, expression types, aggregation rules.
import type { Call, Command, Expr, FieldRef, Query, Span } from "./ast.js";
import { fail } from "./errors.js";
import { FUNCTIONS } from "./functions.js";
import { printExpr } from "./printer.js";
import {
  EVENTS_SCHEMA,
  findColumn,
  type Schema,
  type SchemaColumn,
  wildcardMatcher,
  withColumns,
} from "./schema.js";
import { closestName } from "./suggest.js";
import { compatible, isNumeric, T, typeName, unify, type ValueType } from "./types.js";

/** Where an expression is evaluated. */
export interface Scope {
  readonly schema: Schema;
  /** `forbidden` per record (filter, fields…); `required` in summarize (fields only inside aggregations). */
  readonly aggregation: "forbidden" | "required";
  /** Inside an aggregation's arguments. */
  readonly inAggregation?: boolean;
  /** Inside iAny/iAll: `x[]` allowed. */
  readonly iterating?: boolean;
  /** The command, for messages. */
  readonly command: string;
}

export type FieldResolution =
  | { readonly kind: "column"; readonly column: SchemaColumn }
  | { readonly kind: "extra"; readonly name: string };

/**
 * Resolves a field name: a stage field, or (on open security.events stages) an undeclared field in `extra`.
 * A name close to a known one is refused with "did you mean".
 *
 * @example
 * resolveField({ kind: "field", name: "finding.id", … }, EVENTS_SCHEMA); // { kind: "column", … }
 */
export function resolveField(ref: FieldRef, schema: Schema): FieldResolution {
  const column = findColumn(schema, ref.name);
  if (column !== undefined) return { kind: "column", column };
  const known = schema.columns.map((c) => c.name);
  const guess = closestName(ref.name, known);
  if (schema.open && guess === undefined) return { kind: "extra", name: ref.name };
  if (guess !== undefined)
    fail(
      "SEC_ERR_QUERY_UNKNOWN_FIELD",
      `unknown field "${ref.name}": did you mean "${guess}"?`,
      ref.span,
      guess,
    );
  const list = known.length > 8 ? `${known.slice(0, 8).join(", ")}, …` : known.join(", ");
  return fail(
    "SEC_ERR_QUERY_UNKNOWN_FIELD",
    `unknown field "${ref.name}": the fields here are ${list || "(none)"}`,
    ref.span,
  );
}

/** Whether the expression calls an aggregation (outside subqueries). */
export function hasAggregation(expr: Expr): boolean {
  return someNode(
    expr,
    (node) => node.kind === "call" && FUNCTIONS.get(node.name)?.aggregation === true,
  );
}

/** Whether any node of the expression satisfies `test`. */
export function someNode(expr: Expr, test: (node: Expr) => boolean): boolean {
  if (test(expr)) return true;
  switch (expr.kind) {
    case "index":
      return someNode(expr.target, test) || someNode(expr.index, test);
    case "member":
    case "iterate":
      return someNode(expr.target, test);
    case "call":
      return expr.args.some((arg) => someNode(arg.value, test));
    case "binary":
      return someNode(expr.left, test) || someNode(expr.right, test);
    case "unary":
      return someNode(expr.operand, test);
    case "curly":
      return expr.items.some((arg) => someNode(arg.value, test));
    default:
      return false;
  }
}

function typeError(message: string, span: Span): never {
  return fail("SEC_ERR_QUERY_TYPE", message, span);
}

/**
 * The type of an expression in a scope; throws a QueryError at the offending node.
 *
 * @example
 * typeOf(parseExpression("dt.security.risk.score > 7"), { schema: EVENTS_SCHEMA, aggregation: "forbidden", command: "filter" }); // T.boolean
 */
export function typeOf(expr: Expr, scope: Scope): ValueType {
  switch (expr.kind) {
    case "string":
      return T.string;
    case "number":
      return expr.integer ? T.long : T.double;
    case "boolean":
      return T.boolean;
    case "null":
      return T.null;
    case "duration":
      return T.duration;
    case "field": {
      if (scope.aggregation === "required" && !scope.inAggregation)
        fail(
          "SEC_ERR_QUERY_AGGREGATION",
          `field "${expr.name}" must be inside an aggregation in ${scope.command} (or be a by: key)`,
          expr.span,
        );
      const resolved = resolveField(expr, scope.schema);
      return resolved.kind === "column" ? resolved.column.type : T.any;
    }
    case "iterate": {
      if (!scope.iterating)
        fail(
          "SEC_ERR_QUERY_SYNTAX",
          `"${printExpr(expr)}" iterates an array: use it inside iAny(…) or iAll(…)`,
          expr.span,
        );
      const target = typeOf(expr.target, scope);
      if (target.kind === "any") return T.any;
      if (target.kind !== "array")
        typeError(
          `"${printExpr(expr.target)}" is ${typeName(target)}, not an array`,
          expr.target.span,
        );
      return target.element;
    }
    case "index": {
      const target = typeOf(expr.target, scope);
      const index = typeOf(expr.index, scope);
      if (index.kind !== "long") typeError("an array index is a whole number", expr.index.span);
      if (target.kind === "any") return T.any;
      if (target.kind !== "array")
        typeError(
          `"${printExpr(expr.target)}" is ${typeName(target)}, not an array`,
          expr.target.span,
        );
      return target.element;
    }
    case "member": {
      const target = typeOf(expr.target, scope);
      if (target.kind === "any") return T.any;
      if (target.kind === "timeframe" && (expr.key === "start" || expr.key === "end"))
        return T.timestamp;
      if (target.kind !== "record")
        typeError(
          `"${printExpr(expr.target)}" is ${typeName(target)}, not a record: [${expr.key}] reads a record's field`,
          expr.span,
        );
      return target.fields?.get(expr.key) ?? T.any;
    }
    case "binary":
      return binaryType(expr.op, typeOf(expr.left, scope), typeOf(expr.right, scope), expr);
    case "unary": {
      const operand = typeOf(expr.operand, scope);
      if (expr.op === "not") {
        if (!compatible(operand, T.boolean))
          typeError(`"not" expects a boolean, found ${typeName(operand)}`, expr.span);
        return T.boolean;
      }
      if (!isNumeric(operand) && operand.kind !== "duration")
        typeError(`"-" expects a number, found ${typeName(operand)}`, expr.span);
      return operand.kind === "any" ? T.double : operand;
    }
    case "curly":
      return typeError(
        "a {…} list is only allowed as a command parameter or the set of in()",
        expr.span,
      );
    case "subquery":
      return typeError("a subquery is only allowed in lookup, join and append", expr.span);
    case "call":
      return callType(expr, scope);
  }
}

function binaryType(
  op: string,
  left: ValueType,
  right: ValueType,
  expr: Expr & { kind: "binary" },
): ValueType {
  const mismatch = () =>
    typeError(`"${op}" cannot combine ${typeName(left)} and ${typeName(right)}`, expr.span);
  switch (op) {
    case "and":
    case "or":
      if (!compatible(left, T.boolean))
        typeError(`"${op}" expects booleans, found ${typeName(left)}`, expr.left.span);
      if (!compatible(right, T.boolean))
        typeError(`"${op}" expects booleans, found ${typeName(right)}`, expr.right.span);
      return T.boolean;
    case "==":
    case "!=":
    case "<":
    case "<=":
    case ">":
    case ">=":
      if (!compatible(left, right)) mismatch();
      if (
        left.kind === "array" ||
        right.kind === "array" ||
        left.kind === "record" ||
        right.kind === "record"
      )
        if (op !== "==" && op !== "!=") mismatch();
      return T.boolean;
    default:
      break;
  }
  const l = left.kind;
  const r = right.kind;
  if (l === "null" || r === "null")
    return l === "timestamp" || r === "timestamp" ? T.timestamp : T.double;
  if (l === "timestamp" && r === "duration" && (op === "+" || op === "-")) return T.timestamp;
  if (l === "duration" && r === "timestamp" && op === "+") return T.timestamp;
  if (l === "timestamp" && r === "timestamp" && op === "-") return T.duration;
  if (l === "duration" && r === "duration" && (op === "+" || op === "-")) return T.duration;
  if (isNumeric(left) && isNumeric(right)) {
    if (op === "/") return T.double;
    return l === "long" && r === "long" ? T.long : T.double;
  }
  return mismatch();
}

function callType(call: Call, scope: Scope): ValueType {
  const spec = FUNCTIONS.get(call.name);
  if (spec === undefined) {
    const guess = closestName(call.name, FUNCTIONS.keys());
    return fail(
      "SEC_ERR_QUERY_UNKNOWN_FUNCTION",
      `unknown function "${call.name}"${guess ? `: did you mean "${guess}"?` : ""}`,
      call.nameSpan,
      guess,
    );
  }
  const positional = call.args.filter((arg) => arg.param === undefined);
  const named = call.args.filter((arg) => arg.param !== undefined);
  const [min, max] = spec.arity;
  if (positional.length < min || positional.length > max)
    fail(
      "SEC_ERR_QUERY_SYNTAX",
      `${call.name}() expects ${min === max ? min : max === Number.POSITIVE_INFINITY ? `at least ${min}` : `${min} to ${max}`} argument${max === 1 ? "" : "s"}, found ${positional.length}`,
      call.span,
    );
  for (const arg of named) {
    if (spec.params?.[arg.param!] === undefined)
      fail("SEC_ERR_QUERY_SYNTAX", `${call.name}() has no parameter "${arg.param}:"`, arg.span);
  }
  for (const [param, need] of Object.entries(spec.params ?? {}))
    if (need === "required" && !named.some((arg) => arg.param === param))
      fail("SEC_ERR_QUERY_SYNTAX", `${call.name}() needs ${param}:`, call.span);
  if (call.name !== "record")
    for (const arg of call.args)
      if (arg.alias !== undefined)
        fail("SEC_ERR_QUERY_SYNTAX", `${call.name}() arguments cannot be named with "="`, arg.span);

  if (spec.aggregation) {
    if (scope.aggregation === "forbidden")
      fail(
        "SEC_ERR_QUERY_AGGREGATION",
        `aggregation ${call.name}() is not allowed in ${scope.command}: aggregate with summarize or makeTimeseries`,
        call.span,
      );
    if (scope.inAggregation)
      fail(
        "SEC_ERR_QUERY_AGGREGATION",
        `aggregation ${call.name}() cannot be nested inside another aggregation`,
        call.span,
      );
    const inner: Scope = { ...scope, inAggregation: true };
    const types = positional.map((arg) => typeOf(arg.value, inner));
    return checked(spec.returns(types, {}), call);
  }
  if (spec.special) return specialType(call, scope);
  const types = positional.map((arg) => typeOf(arg.value, scope));
  const namedTypes: Record<string, ValueType> = {};
  for (const arg of named) namedTypes[arg.param!] = typeOf(arg.value, scope);
  return checked(spec.returns(types, namedTypes), call);
}

function checked(result: ValueType | string, call: Call): ValueType {
  return typeof result === "string" ? typeError(result, call.span) : result;
}

function specialType(call: Call, scope: Scope): ValueType {
  const args = call.args.filter((arg) => arg.param === undefined);
  const argType = (index: number, s: Scope = scope) => typeOf(args[index]!.value, s);
  switch (call.name) {
    case "now":
      return T.timestamp;
    case "in": {
      const value = argType(0);
      const set = args[1]!.value;
      if (set.kind === "curly") {
        for (const item of set.items) {
          const type = typeOf(item.value, scope);
          if (!compatible(value, type))
            typeError(`in() compares ${typeName(value)} with ${typeName(type)}`, item.span);
        }
        return T.boolean;
      }
      const array = argType(1);
      if (array.kind !== "array" && array.kind !== "any")
        typeError("in() expects a set {…} or an array as argument 2", set.span);
      return T.boolean;
    }
    case "iAny":
    case "iAll": {
      if (!someNode(args[0]!.value, (node) => node.kind === "iterate"))
        fail(
          "SEC_ERR_QUERY_SYNTAX",
          `${call.name}() needs an iterated array such as tags[] in its condition`,
          call.span,
        );
      const type = argType(0, { ...scope, iterating: true });
      if (!compatible(type, T.boolean)) typeError(`${call.name}() expects a condition`, call.span);
      return T.boolean;
    }
    case "if": {
      const condition = argType(0);
      if (!compatible(condition, T.boolean))
        typeError("if() expects a condition as argument 1", args[0]!.span);
      const then = argType(1);
      const otherwise = call.args.find((arg) => arg.param === "else");
      const elseType = otherwise === undefined ? T.null : typeOf(otherwise.value, scope);
      const result = unify(then, elseType);
      if (result === undefined)
        typeError(
          `if() branches have different types: ${typeName(then)} and ${typeName(elseType)}`,
          call.span,
        );
      return result;
    }
    case "record": {
      const fields = new Map<string, ValueType>();
      for (const arg of call.args) {
        const name = arg.alias ?? (arg.value.kind === "field" ? arg.value.name : undefined);
        if (name === undefined)
          fail("SEC_ERR_QUERY_SYNTAX", "record() fields are written name = value", arg.span);
        fields.set(name, typeOf(arg.value, scope));
      }
      return T.record(fields);
    }
    case "array": {
      let element: ValueType = T.null;
      for (let i = 0; i < args.length; i += 1) {
        const next = unify(element, argType(i));
        if (next === undefined) typeError("array() elements have different types", args[i]!.span);
        element = next;
      }
      return T.array(element.kind === "null" ? T.string : element);
    }
    case "matchesValue":
    case "matchesPhrase": {
      const value = argType(0);
      if (args[1]!.value.kind !== "string")
        typeError(`${call.name}() expects a string literal pattern`, args[1]!.span);
      const ok =
        value.kind === "string" ||
        value.kind === "any" ||
        value.kind === "null" ||
        (value.kind === "array" && value.element.kind === "string");
      if (!ok)
        typeError(
          `${call.name}() expects text or an array of text, found ${typeName(value)}`,
          args[0]!.span,
        );
      return T.boolean;
    }
    case "toTimestamp": {
      const value = argType(0);
      if (!["string", "timestamp", "long", "any", "null"].includes(value.kind))
        typeError(`toTimestamp() expects text, found ${typeName(value)}`, args[0]!.span);
      return T.timestamp;
    }
    case "bin": {
      const value = argType(0);
      const width = argType(1);
      if (value.kind === "timestamp") {
        if (args[1]!.value.kind !== "duration")
          typeError("bin() of a timestamp expects a duration literal such as 1h", args[1]!.span);
        return T.timestamp;
      }
      if (isNumeric(value) && isNumeric(width) && args[1]!.value.kind === "number")
        return value.kind === "any" ? T.double : value;
      return typeError(
        `bin() expects a timestamp and a duration, or a number and a number literal`,
        call.span,
      );
    }
    default:
      return typeError(`${call.name}() is not supported here`, call.span);
  }
}

/** A scope for per-record expressions. */
export function recordScope(schema: Schema, command: string): Scope {
  return { schema, aggregation: "forbidden", command };
}

/**
 * The fields after each command. Checks every expression of the command against the fields before it.
 *
 * @example
 * schemaAfter(parseQuery("fetch security.events | summarize count()").commands[1], EVENTS_SCHEMA).columns.map((c) => c.name); // ["count()"]
 */
export function schemaAfter(command: Command, before: Schema): Schema {
  const scope = recordScope(before, command.kind);
  switch (command.kind) {
    case "fetch":
      return EVENTS_SCHEMA;
    case "filter":
    case "filterOut": {
      const type = typeOf(command.condition, scope);
      if (!compatible(type, T.boolean))
        typeError(
          `${command.kind} expects a condition, found ${typeName(type)}`,
          command.condition.span,
        );
      return before;
    }
    case "sort":
      for (const key of command.keys) typeOf(key.expr, scope);
      return before;
    case "limit":
      return before;
    case "dedup":
      for (const key of command.keys) typeOf(key.expr, scope);
      for (const key of command.sort) typeOf(key.expr, scope);
      return before;
    case "fields":
      return {
        columns: uniqueNames(
          command.fields.map((f) => ({
            name: f.name,
            type: typeOf(f.expr, scope),
            sparse: false,
            span: f.span,
          })),
        ),
        open: false,
      };
    case "fieldsAdd":
      return withColumns(
        before,
        uniqueNames(
          command.fields.map((f) => ({
            name: f.name,
            type: typeOf(f.expr, scope),
            sparse: false,
            span: f.span,
          })),
        ),
      );
    case "fieldsKeep": {
      const kept: SchemaColumn[] = [];
      for (const pattern of command.patterns) {
        const matches = before.columns.filter((c) => wildcardMatcher(pattern.name)(c.name));
        if (matches.length === 0 && !pattern.name.includes("*")) {
          const resolved = resolveField(pattern, before);
          if (resolved.kind === "extra")
            kept.push({ name: pattern.name, type: T.any, sparse: true });
        }
        for (const match of matches) if (!kept.includes(match)) kept.push(match);
      }
      return { columns: kept, open: false };
    }
    case "fieldsRemove": {
      const removes = command.patterns.map((p) => wildcardMatcher(p.name));
      return {
        columns: before.columns.filter((c) => !removes.some((m) => m(c.name))),
        open: before.open,
      };
    }
    case "fieldsRename": {
      let columns = [...before.columns];
      for (const rename of command.renames) {
        const resolved = resolveField(rename.from, { columns, open: before.open });
        const type = resolved.kind === "column" ? resolved.column.type : T.any;
        columns = columns.filter((c) => c.name !== rename.from.name && c.name !== rename.to);
        columns.push({
          name: rename.to,
          type,
          sparse: resolved.kind === "column" ? resolved.column.sparse : true,
        });
      }
      return { columns, open: before.open };
    }
    case "summarize": {
      const keys = command.by.map((k) => ({
        name: k.name,
        type: typeOf(k.expr, scope),
        sparse: false,
        span: k.span,
      }));
      for (const key of command.by)
        if (hasAggregation(key.expr))
          fail("SEC_ERR_QUERY_AGGREGATION", "a by: key cannot aggregate", key.span);
      const aggScope: Scope = { schema: before, aggregation: "required", command: "summarize" };
      const aggs = command.aggregations.map((a) => {
        const type = typeOf(a.expr, aggScope);
        if (!hasAggregation(a.expr))
          fail(
            "SEC_ERR_QUERY_AGGREGATION",
            `"${printExpr(a.expr)}" is not an aggregation such as count() or max(x)`,
            a.span,
          );
        return { name: a.name, type, sparse: false, span: a.span };
      });
      return { columns: uniqueNames([...keys, ...aggs]), open: false };
    }
    case "makeTimeseries": {
      const time = command.time ?? {
        kind: "field",
        name: "timestamp",
        backticked: false,
        span: command.span,
      };
      const timeType = typeOf(time, scope);
      if (timeType.kind !== "timestamp")
        typeError("makeTimeseries time: must be a timestamp", time.span);
      const keys = command.by.map((k) => ({
        name: k.name,
        type: typeOf(k.expr, scope),
        sparse: false,
        span: k.span,
      }));
      const aggScope: Scope = {
        schema: before,
        aggregation: "required",
        command: "makeTimeseries",
      };
      const series = command.aggregations.map((a) => {
        if (a.expr.kind === "call" && !FUNCTIONS.has(a.expr.name)) typeOf(a.expr, aggScope);
        if (a.expr.kind !== "call" || FUNCTIONS.get(a.expr.name)?.aggregation !== true)
          fail(
            "SEC_ERR_QUERY_AGGREGATION",
            "makeTimeseries expects aggregations such as count() or avg(x)",
            a.span,
          );
        const type = typeOf(a.expr, aggScope);
        if (!isNumeric(type)) typeError("makeTimeseries aggregations must give numbers", a.span);
        return { name: a.name, type: T.array(type), sparse: false, span: a.span };
      });
      return {
        columns: uniqueNames([
          { name: "timeframe", type: T.timeframe, sparse: false, span: command.span },
          { name: "interval", type: T.duration, sparse: false, span: command.span },
          ...keys,
          ...series,
        ]),
        open: false,
      };
    }
    case "expand": {
      const resolved = resolveField(command.field, before);
      const type = resolved.kind === "column" ? resolved.column.type : T.any;
      if (type.kind !== "array" && type.kind !== "any")
        typeError(
          `expand expects an array field, "${command.field.name}" is ${typeName(type)}`,
          command.field.span,
        );
      const element = type.kind === "array" ? type.element : T.any;
      const name = command.alias ?? command.field.name;
      const columns = before.columns.filter(
        (c) => c.name !== command.field.name && c.name !== name,
      );
      return { columns: [...columns, { name, type: element, sparse: false }], open: before.open };
    }
    case "parse": {
      const type = typeOf(command.source, scope);
      if (type.kind !== "string" && type.kind !== "any")
        typeError("parse expects a text field", command.source.span);
      return withColumns(before, [{ name: command.target, type: T.record(), sparse: false }]);
    }
    case "lookup": {
      const sub = analyzeQuery(command.subquery);
      const source = typeOf(command.sourceField, scope);
      const lookupColumn = findColumn(sub, command.lookupField.name);
      if (lookupColumn === undefined)
        resolveField(command.lookupField, { columns: sub.columns, open: false });
      if (lookupColumn !== undefined && !compatible(source, lookupColumn.type))
        typeError("sourceField and lookupField have different types", command.lookupField.span);
      return withColumns(
        before,
        sub.columns.map((c) => ({ name: command.prefix + c.name, type: c.type, sparse: false })),
      );
    }
    case "join": {
      const sub = analyzeQuery(command.subquery);
      for (const on of command.on) {
        typeOf(on.left, scope);
        if (findColumn(sub, on.right.name) === undefined)
          resolveField(on.right, { columns: sub.columns, open: false });
      }
      const picked =
        command.fields === undefined
          ? sub.columns
          : command.fields.map((f) => {
              const column = findColumn(sub, f.name);
              if (column === undefined)
                return resolveField(f, { columns: sub.columns, open: false }) as never;
              return column;
            });
      return withColumns(
        before,
        picked.map((c) => ({ name: command.prefix + c.name, type: c.type, sparse: false })),
      );
    }
    case "append": {
      const sub = analyzeQuery(command.subquery);
      const columns = [...before.columns];
      for (const column of sub.columns) {
        const index = columns.findIndex((c) => c.name === column.name);
        if (index < 0) {
          columns.push(column);
          continue;
        }
        const type = unify(columns[index]!.type, column.type);
        if (type === undefined)
          typeError(
            `append: field "${column.name}" is ${typeName(columns[index]!.type)} here but ${typeName(column.type)} in the subquery`,
            command.span,
          );
        columns[index] = { ...columns[index]!, type };
      }
      return { columns, open: before.open && sub.open };
    }
  }
}

function uniqueNames(columns: readonly (SchemaColumn & { span: Span })[]): SchemaColumn[] {
  const seen = new Set<string>();
  return columns.map(({ span, ...column }) => {
    if (seen.has(column.name))
      fail("SEC_ERR_QUERY_SYNTAX", `field "${column.name}" is given twice`, span);
    seen.add(column.name);
    return column;
  });
}

/** The schema of every stage of a query (index i: after command i). Throws on the first problem. */
export function analyzeStages(query: Query): Schema[] {
  const schemas: Schema[] = [];
  let schema = EVENTS_SCHEMA;
  for (const command of query.commands) {
    schema = schemaAfter(command, schema);
    schemas.push(schema);
  }
  return schemas;
}

/** The fields a query's result has. */
export function analyzeQuery(query: Query): Schema {
  return analyzeStages(query).at(-1)!;
}
