// A straightforward in-memory evaluator of DQL filter expressions (three-valued logic): the oracle of the property tests.
import type { Expr } from "./ast.js";

export type Value = string | number | boolean | null | readonly Value[];
export type InMemoryRecord = Readonly<Record<string, unknown>>;

interface Env {
  readonly record: InMemoryRecord;
  readonly element?: Value;
}

function compare(a: Value, b: Value): number | null {
  if (a === null || b === null) return null;
  if (typeof a === "number" && typeof b === "number") return a === b ? 0 : a < b ? -1 : 1;
  if (typeof a === "string" && typeof b === "string") return a === b ? 0 : a < b ? -1 : 1;
  if (typeof a === "boolean" && typeof b === "boolean") return a === b ? 0 : a ? 1 : -1;
  if (Array.isArray(a) && Array.isArray(b)) return JSON.stringify(a) === JSON.stringify(b) ? 0 : 1;
  return null;
}

function and(a: Value, b: Value): Value {
  if (a === false || b === false) return false;
  if (a === null || b === null) return null;
  return true;
}

function or(a: Value, b: Value): Value {
  if (a === true || b === true) return true;
  if (a === null || b === null) return null;
  return false;
}

/**
 * Evaluates an expression on one record (missing fields are null).
 *
 * @example
 * evaluate(parseExpression('a > 1 or isNull(b)'), { a: 0 }); // true
 */
export function evaluate(expr: Expr, record: InMemoryRecord): Value {
  return evalIn(expr, { record });
}

function evalIn(expr: Expr, env: Env): Value {
  switch (expr.kind) {
    case "string":
    case "number":
    case "boolean":
      return expr.value;
    case "null":
      return null;
    case "field": {
      const value = env.record[expr.name];
      return value === undefined ? null : (value as Value);
    }
    case "iterate":
      return env.element ?? null;
    case "index": {
      const target = evalIn(expr.target, env);
      const index = evalIn(expr.index, env);
      return Array.isArray(target) && typeof index === "number" ? (target[index] ?? null) : null;
    }
    case "unary": {
      const operand = evalIn(expr.operand, env);
      if (operand === null) return null;
      return expr.op === "not" ? !operand : -(operand as number);
    }
    case "binary": {
      const left = evalIn(expr.left, env);
      const right = evalIn(expr.right, env);
      switch (expr.op) {
        case "and":
          return and(left, right);
        case "or":
          return or(left, right);
        case "==":
        case "!=":
        case "<":
        case "<=":
        case ">":
        case ">=": {
          const c = compare(left, right);
          if (c === null) return null;
          return {
            "==": c === 0,
            "!=": c !== 0,
            "<": c < 0,
            "<=": c <= 0,
            ">": c > 0,
            ">=": c >= 0,
          }[expr.op];
        }
        default: {
          if (typeof left !== "number" || typeof right !== "number") return null;
          if (expr.op === "+") return left + right;
          if (expr.op === "-") return left - right;
          if (expr.op === "*") return left * right;
          if (right === 0) return null;
          return expr.op === "/" ? left / right : left % right;
        }
      }
    }
    case "call":
      return call(expr, env);
    default:
      throw new Error(`evaluate-in-memory: ${expr.kind} is not supported`);
  }
}

function call(expr: Expr & { kind: "call" }, env: Env): Value {
  const args = expr.args.map((arg) => arg.value);
  const value = (i: number) => evalIn(args[i]!, env);
  switch (expr.name) {
    case "isNull":
      return value(0) === null;
    case "isNotNull":
      return value(0) !== null;
    case "in": {
      const x = value(0);
      if (x === null) return null;
      const set = args[1]!;
      const items =
        set.kind === "curly"
          ? set.items.map((item) => evalIn(item.value, env))
          : (value(1) as Value[] | null);
      if (items === null) return null;
      if (items.some((item) => compare(x, item) === 0)) return true;
      return items.some((item) => item === null) ? null : false;
    }
    case "contains":
    case "startsWith":
    case "endsWith": {
      const text = value(0);
      const part = value(1);
      if (typeof text !== "string" || typeof part !== "string") return null;
      if (expr.name === "contains") return text.includes(part);
      return expr.name === "startsWith" ? text.startsWith(part) : text.endsWith(part);
    }
    case "lower":
    case "upper": {
      const text = value(0);
      if (typeof text !== "string") return null;
      return expr.name === "lower" ? text.toLowerCase() : text.toUpperCase();
    }
    case "iAny":
    case "iAll": {
      const target = iteratedArray(args[0]!, env);
      if (target === null) return null;
      const results = target.map((element) => evalIn(args[0]!, { ...env, element }));
      return expr.name === "iAny"
        ? results.some((r) => r === true)
        : results.every((r) => r === true);
    }
    default:
      throw new Error(`evaluate-in-memory: ${expr.name}() is not supported`);
  }
}

function iteratedArray(expr: Expr, env: Env): Value[] | null {
  if (expr.kind === "iterate") {
    const target = evalIn(expr.target, env);
    return Array.isArray(target) ? [...target] : null;
  }
  const children: Expr[] =
    expr.kind === "binary"
      ? [expr.left, expr.right]
      : expr.kind === "unary"
        ? [expr.operand]
        : expr.kind === "call"
          ? expr.args.map((a) => a.value)
          : [];
  for (const child of children) {
    const found = iteratedArray(child, env);
    if (found !== null || containsIterate(child)) return found;
  }
  return null;
}

function containsIterate(expr: Expr): boolean {
  if (expr.kind === "iterate") return true;
  if (expr.kind === "binary") return containsIterate(expr.left) || containsIterate(expr.right);
  if (expr.kind === "unary") return containsIterate(expr.operand);
  if (expr.kind === "call") return expr.args.some((a) => containsIterate(a.value));
  return false;
}
