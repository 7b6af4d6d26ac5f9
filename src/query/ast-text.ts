// Compact S-expression text of a syntax tree: what the parser fixtures (test/query/parse/*.txt) compare.
import type { Argument, Assignment, Command, Expr, Query, SortKey } from "./ast.js";
import { printName } from "./printer.js";

/**
 * The query as one line of nested lists.
 *
 * @example
 * queryText(parseQuery("fetch security.events | limit 5")); // "(query (fetch security.events) (limit 5))"
 */
export function queryText(query: Query): string {
  return `(query ${query.commands.map(commandText).join(" ")})`;
}

export function exprText(expr: Expr): string {
  switch (expr.kind) {
    case "string":
      return JSON.stringify(expr.value);
    case "number":
      return expr.integer || !Number.isInteger(expr.value)
        ? String(expr.value)
        : expr.value.toFixed(1);
    case "boolean":
      return String(expr.value);
    case "null":
      return "null";
    case "duration":
      return `(duration ${expr.text})`;
    case "field":
      return expr.name === "*" ? "*" : printName(expr.name);
    case "index":
      return `(index ${exprText(expr.target)} ${exprText(expr.index)})`;
    case "member":
      return `(member ${exprText(expr.target)} ${printName(expr.key)})`;
    case "iterate":
      return `(each ${exprText(expr.target)})`;
    case "call":
      return `(${[expr.name, ...expr.args.map(argText)].join(" ")})`;
    case "binary":
      return `(${expr.op} ${exprText(expr.left)} ${exprText(expr.right)})`;
    case "unary":
      return `(${expr.op} ${exprText(expr.operand)})`;
    case "curly":
      return `{${expr.items.map(argText).join(" ")}}`;
    case "subquery":
      return queryText(expr.query);
  }
}

function argText(arg: Argument): string {
  const value = exprText(arg.value);
  const named = arg.alias === undefined ? value : `(= ${printName(arg.alias)} ${value})`;
  const ordered = arg.order === undefined ? named : `(${arg.order} ${named})`;
  return arg.param === undefined ? ordered : `${arg.param}:${ordered}`;
}

function assignText(a: Assignment): string {
  return a.explicit || a.expr.kind !== "field"
    ? `(= ${printName(a.name)} ${exprText(a.expr)})`
    : exprText(a.expr);
}

function sortText(key: SortKey): string {
  return `(${key.descending ? "desc" : "asc"} ${exprText(key.expr)})`;
}

function list(name: string, parts: readonly string[]): string {
  return parts.length === 0 ? "" : ` ${name}:{${parts.join(" ")}}`;
}

function commandText(command: Command): string {
  switch (command.kind) {
    case "fetch": {
      const opts = [
        command.from === undefined ? "" : ` from:${exprText(command.from)}`,
        command.to === undefined ? "" : ` to:${exprText(command.to)}`,
        command.timeframe === undefined ? "" : ` timeframe:${exprText(command.timeframe)}`,
        command.buckets === undefined ? "" : list("bucket", command.buckets.map(exprText)),
      ];
      return `(fetch ${command.source}${opts.join("")})`;
    }
    case "filter":
    case "filterOut":
      return `(${command.kind} ${exprText(command.condition)})`;
    case "fields":
    case "fieldsAdd":
      return `(${command.kind} ${command.fields.map(assignText).join(" ")})`;
    case "fieldsKeep":
    case "fieldsRemove":
      return `(${command.kind} ${command.patterns.map(exprText).join(" ")})`;
    case "fieldsRename":
      return `(fieldsRename ${command.renames.map((r) => `(= ${printName(r.to)} ${exprText(r.from)})`).join(" ")})`;
    case "summarize":
      return `(summarize ${command.aggregations.map(assignText).join(" ")}${list("by", command.by.map(assignText))})`;
    case "sort":
      return `(sort ${command.keys.map(sortText).join(" ")})`;
    case "limit":
      return `(limit ${command.count.value})`;
    case "dedup":
      return `(dedup ${command.keys.map(assignText).join(" ")}${list("sort", command.sort.map(sortText))})`;
    case "makeTimeseries": {
      const opts = [
        list("by", command.by.map(assignText)),
        command.time === undefined ? "" : ` time:${exprText(command.time)}`,
        command.interval === undefined ? "" : ` interval:${exprText(command.interval)}`,
        command.bins === undefined ? "" : ` bins:${command.bins.value}`,
        command.from === undefined ? "" : ` from:${exprText(command.from)}`,
        command.to === undefined ? "" : ` to:${exprText(command.to)}`,
      ];
      return `(makeTimeseries ${command.aggregations.map(assignText).join(" ")}${opts.join("")})`;
    }
    case "expand":
      return `(expand ${exprText(command.field)}${command.alias === undefined ? "" : ` as:${printName(command.alias)}`})`;
    case "lookup":
      return `(lookup ${queryText(command.subquery)} sourceField:${exprText(command.sourceField)} lookupField:${exprText(command.lookupField)} prefix:${JSON.stringify(command.prefix)})`;
    case "join": {
      const on = command.on.map(
        (c) => `(== left[${printName(c.left.name)}] right[${printName(c.right.name)}])`,
      );
      const fields =
        command.fields === undefined ? "" : list("fields", command.fields.map(exprText));
      return `(join ${queryText(command.subquery)} on:{${on.join(" ")}} kind:${command.joinKind}${fields} prefix:${JSON.stringify(command.prefix)})`;
    }
    case "append":
      return `(append ${queryText(command.subquery)})`;
    case "parse":
      return `(parse ${exprText(command.source)} JSON:${command.target})`;
  }
}
