// Column pruning, pure: which fields (and the hidden extra and order columns) each stage of a query must carry.
//
// Worked out backwards from the result, over the schemas analysis gave every stage (analysis itself
// runs against the full catalog first, so diagnostics do not depend on pruning): a stage carries the
// fields that reach the result and those later commands read. A command that computes fields asks
// its input only for what the fields it must compute read; a sort nobody depends on asks for nothing.
// When in doubt a rule keeps a field.
import { analyzeQuery, analyzeStages, someNode } from "../analyze.js";
import type {
  AppendCommand,
  Command,
  DedupCommand,
  Expr,
  FieldRef,
  FieldsRenameCommand,
  JoinCommand,
  LookupCommand,
  Query,
} from "../ast.js";
import { findColumn, type Schema } from "../schema.js";

/** What the commands after a stage need from it. */
export interface Demand {
  /** Fields of the stage that later commands read or that reach the result. */
  readonly fields: ReadonlySet<string>;
  /** The `extra` column (undeclared fields): read later, or part of the result. */
  readonly extra: boolean;
  /** Later commands depend on the stage's record order (`vigil.order`, set by sort). */
  readonly order: boolean;
}

/** Every field of `schema` (and extra when undeclared fields can be read). */
export function fullDemand(schema: Schema, order = true): Demand {
  return { fields: new Set(schema.columns.map((c) => c.name)), extra: schema.open, order };
}

/**
 * What each stage of `query` must carry: index i is the stage after `query.commands[i]` (0: the fetch).
 * `last` is what is needed of the query's result (default: all of it, in order).
 *
 * @example
 * stageDemands(parseQuery("fetch security.events | summarize count(), by: {event.type}"))[0].fields; // Set {"event.type"}
 */
export function stageDemands(query: Query, last?: Demand): Demand[] {
  const schemas = analyzeStages(query);
  // Whether the stage after command i may carry a sort's order (a sort since the last summarize,
  // makeTimeseries or append).
  const ordered: boolean[] = [];
  for (const [i, command] of query.commands.entries())
    ordered.push(
      command.kind === "sort"
        ? true
        : command.kind === "summarize" ||
            command.kind === "makeTimeseries" ||
            command.kind === "append" ||
            i === 0
          ? false
          : ordered[i - 1]!,
    );
  const demands: Demand[] = new Array(schemas.length);
  let need = last ?? fullDemand(schemas.at(-1)!);
  demands[schemas.length - 1] = need;
  for (let i = schemas.length - 1; i >= 1; i--) {
    need = demandBefore(
      query.commands[i]!,
      { schema: schemas[i - 1]!, ordered: ordered[i - 1]! },
      need,
    );
    demands[i - 1] = need;
  }
  return demands;
}

/** Fields of one stage an expression or command reads: declared columns, or extra for undeclared fields. */
class Reads {
  readonly fields = new Set<string>();
  extra = false;

  constructor(readonly schema: Schema) {}

  field(name: string): void {
    if (findColumn(this.schema, name) !== undefined) this.fields.add(name);
    else if (this.schema.open) this.extra = true;
  }

  /** A declared field the compiler reads when the stage has it (never extra). */
  column(name: string): void {
    if (findColumn(this.schema, name) !== undefined) this.fields.add(name);
  }

  expr(expr: Expr): void {
    someNode(expr, (node) => {
      if (node.kind === "field") this.field(node.name);
      return false;
    });
  }

  /** Fields needed after the command that it passes through unchanged (all but `produced`). */
  pass(need: Demand, produced: ReadonlySet<string> = new Set()): void {
    for (const name of need.fields)
      if (!produced.has(name) && findColumn(this.schema, name) !== undefined) this.fields.add(name);
    if (need.extra) this.extra = true;
  }

  demand(order: boolean): Demand {
    return { fields: this.fields, extra: this.extra && this.schema.open, order };
  }
}

/**
 * Per field fieldsRename produces, the field of its input it takes the value of (renames apply in
 * order: a later rename of an earlier one's new name takes the earlier one's source).
 */
export function renameSources(command: FieldsRenameCommand): Map<string, FieldRef> {
  const sources = new Map<string, FieldRef>();
  for (const rename of command.renames)
    sources.set(rename.to, sources.get(rename.from.name) ?? rename.from);
  return sources;
}

/** The dedup's keys that are plain fields of its input. */
export function dedupKeyFields(command: DedupCommand, before: Schema): Set<string> {
  const fields = new Set<string>();
  for (const key of command.keys)
    if (key.expr.kind === "field" && findColumn(before, key.expr.name) !== undefined)
      fields.add(key.expr.name);
  return fields;
}

/**
 * Whether what is needed after a dedup is only its key fields, and not an order its sort decides
 * (its input may be ordered, and the order is needed): then any record of each key will do.
 */
export function dedupNeedsOnlyKeys(
  command: DedupCommand,
  before: Schema,
  need: Demand,
  orderedBefore: boolean,
): boolean {
  const keys = dedupKeyFields(command, before);
  return (
    !need.extra &&
    [...need.fields].every((name) => keys.has(name)) &&
    !(need.order && orderedBefore && command.sort.length > 0)
  );
}

/** What a command needs of its input (its fields, and whether it may be ordered), given what is needed of its output. */
function demandBefore(
  command: Command,
  input: { readonly schema: Schema; readonly ordered: boolean },
  need: Demand,
): Demand {
  const before = input.schema;
  const reads = new Reads(before);
  switch (command.kind) {
    case "fetch":
      return need;
    case "filter":
    case "filterOut":
      reads.pass(need);
      reads.expr(command.condition);
      return reads.demand(need.order);
    case "limit":
      reads.pass(need);
      return reads.demand(true);
    case "sort":
      // Nothing after depends on this order: the sort is left out.
      if (!need.order) {
        reads.pass(need);
        return reads.demand(false);
      }
      reads.pass(need);
      for (const key of command.keys) reads.expr(key.expr);
      return reads.demand(true);
    case "dedup":
      reads.pass(need);
      // Only key fields needed after it, in no order that its sort decides: one record per key,
      // whichever (compile/commands.ts groups by the keys), so the sort is not read.
      if (dedupNeedsOnlyKeys(command, before, need, input.ordered)) {
        for (const key of command.keys) reads.expr(key.expr);
        return reads.demand(need.order);
      }
      for (const key of command.keys) reads.expr(key.expr);
      for (const key of command.sort) reads.expr(key.expr);
      // Ties in the sort go to the greater event.id.
      if (command.sort.length > 0) reads.column("event.id");
      return reads.demand(true);
    case "fields":
      for (const field of command.fields) if (need.fields.has(field.name)) reads.expr(field.expr);
      return reads.demand(need.order);
    case "fieldsAdd": {
      reads.pass(need, new Set(command.fields.map((f) => f.name)));
      for (const field of command.fields) if (need.fields.has(field.name)) reads.expr(field.expr);
      return reads.demand(need.order);
    }
    case "fieldsKeep":
      // Kept undeclared fields are read from extra.
      for (const name of need.fields) reads.field(name);
      return reads.demand(need.order);
    case "fieldsRemove":
      reads.pass(need);
      return reads.demand(need.order);
    case "fieldsRename": {
      const sources = renameSources(command);
      for (const name of need.fields) reads.field(sources.get(name)?.name ?? name);
      if (need.extra) reads.extra = true;
      return reads.demand(need.order);
    }
    case "summarize":
      for (const key of command.by) reads.expr(key.expr);
      for (const agg of command.aggregations) reads.expr(agg.expr);
      return reads.demand(false);
    case "makeTimeseries":
      for (const key of command.by) reads.expr(key.expr);
      for (const agg of command.aggregations) reads.expr(agg.expr);
      if (command.time === undefined) reads.column("timestamp");
      else reads.expr(command.time);
      return reads.demand(false);
    case "expand":
      // The array is always read: it decides how many records there are.
      reads.pass(need, new Set([command.alias ?? command.field.name]));
      reads.field(command.field.name);
      return reads.demand(need.order);
    case "parse":
      reads.pass(need, new Set([command.target]));
      if (need.fields.has(command.target)) reads.expr(command.source);
      return reads.demand(need.order);
    case "lookup": {
      const added = analyzeQuery(command.subquery).columns.map((c) => command.prefix + c.name);
      reads.pass(need, new Set(added));
      reads.field(command.sourceField.name);
      return reads.demand(need.order);
    }
    case "join": {
      const sub = analyzeQuery(command.subquery);
      const picked = command.fields?.map((f) => f.name) ?? sub.columns.map((c) => c.name);
      reads.pass(need, new Set(picked.map((name) => command.prefix + name)));
      for (const on of command.on) reads.field(on.left.name);
      return reads.demand(need.order);
    }
    case "append":
      reads.pass(need);
      return reads.demand(false);
  }
}

/** What a lookup, join or append needs of its subquery's result, given what is needed after it. */
export function subqueryDemand(
  command: LookupCommand | JoinCommand | AppendCommand,
  need: Demand,
): Demand {
  const sub = analyzeQuery(command.subquery);
  switch (command.kind) {
    case "lookup": {
      const fields = new Set([command.lookupField.name]);
      for (const column of sub.columns)
        if (need.fields.has(command.prefix + column.name)) fields.add(column.name);
      // The first matching record in the subquery's order is the one looked up.
      return { fields, extra: false, order: true };
    }
    case "join": {
      const fields = new Set(command.on.map((on) => on.right.name));
      const picked = command.fields?.map((f) => f.name) ?? sub.columns.map((c) => c.name);
      for (const name of picked) if (need.fields.has(command.prefix + name)) fields.add(name);
      return { fields, extra: false, order: false };
    }
    case "append": {
      const fields = new Set(sub.columns.filter((c) => need.fields.has(c.name)).map((c) => c.name));
      return { fields, extra: need.extra && sub.open, order: false };
    }
  }
}
