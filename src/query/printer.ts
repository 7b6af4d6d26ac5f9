// Expressions back to canonical DQL text: the default names of computed fields (`count()`, `bin(timestamp, 1h)`).
import type { Argument, Expr } from "./ast.js";

/** Backticks a name that is not a plain dotted identifier. */
export function printName(name: string): string {
  return /^[A-Za-z_@$][A-Za-z0-9_.@$]*$/.test(name) && !name.endsWith(".") ? name : `\`${name}\``;
}

/**
 * Canonical text of an expression.
 *
 * @example
 * printExpr(parseExpression("countDistinctExact( vulnerability.id )")); // "countDistinctExact(vulnerability.id)"
 */
export function printExpr(expr: Expr): string {
  switch (expr.kind) {
    case "string":
      return JSON.stringify(expr.value);
    case "number":
      return String(expr.value);
    case "boolean":
      return String(expr.value);
    case "null":
      return "null";
    case "duration":
      return expr.text;
    case "field":
      return expr.name === "*" ? "*" : printName(expr.name);
    case "index":
      return `${printExpr(expr.target)}[${printExpr(expr.index)}]`;
    case "member":
      return `${printExpr(expr.target)}[${printName(expr.key)}]`;
    case "iterate":
      return `${printExpr(expr.target)}[]`;
    case "call":
      return `${expr.name}(${expr.args.map(printArgument).join(", ")})`;
    case "binary":
      return `${printOperand(expr.left)} ${expr.op} ${printOperand(expr.right)}`;
    case "unary":
      return expr.op === "not"
        ? `not ${printOperand(expr.operand)}`
        : `-${printOperand(expr.operand)}`;
    case "curly":
      return `{${expr.items.map(printArgument).join(", ")}}`;
    case "subquery":
      return "[…]";
  }
}

function printOperand(expr: Expr): string {
  return expr.kind === "binary" ? `(${printExpr(expr)})` : printExpr(expr);
}

export function printArgument(arg: Argument): string {
  const param = arg.param === undefined ? "" : `${arg.param}: `;
  const alias = arg.alias === undefined ? "" : `${printName(arg.alias)} = `;
  const order = arg.order === undefined ? "" : ` ${arg.order}`;
  return `${param}${alias}${printExpr(arg.value)}${order}`;
}
