// Plan choice, pure: whether a query's "latest observation per finding" step can read the latest-arrivals table.
//
// `fetch … | filter … | dedup {keys}, sort: {timestamp desc} | …` keeps, per key, the finding event
// that arrived last within the timeframe. The store keeps, per finding key (ARRIVAL_KEY_FIELDS), a
// copy of the event that arrived last overall (`latest_arrivals`). The two agree when:
//  - the filters before dedup only read key fields, so they keep or drop whole keys, and one of them
//    requires event.type == "VULNERABILITY_FINDING" (the events the table covers);
//  - the dedup keys are key fields, so each dedup group is a union of whole keys and its first event
//    is the newest of those keys' newest events (the compiler re-dedups them, by the same order, when
//    a group can hold more than one);
//  - the sort is exactly `timestamp desc` (ties broken by event.id, in both plans).
// A key whose latest arrival is inside [from, to) contributes exactly that event; one whose latest is
// before `from` has no event in the timeframe; one whose latest is at or after `to` is answered from
// the event log (the compiled SQL handles those keys the general way, in the same statement).
// The table holds at most one row per key where the log holds every observation, and each row carries
// the whole event, so reading it is never more work than ranking the finding events: a query it
// answers always gets it.
import { ARRIVAL_EVENT_TYPE, ARRIVAL_KEY_FIELDS } from "../store/latest-arrivals.js";
import { someNode } from "./analyze.js";
import type { DedupCommand, Expr, FilterCommand, Query } from "./ast.js";

export type QueryPlan =
  | {
      readonly kind: "latest-arrivals";
      /** Index in `query.commands` of the dedup the table answers. */
      readonly dedupIndex: number;
      readonly reason: string;
    }
  | { readonly kind: "general"; readonly reason: string };

const KEY_FIELDS = new Set(ARRIVAL_KEY_FIELDS);

function general(reason: string): QueryPlan {
  return { kind: "general", reason };
}

/** Top-level conjuncts of a condition (`a and (b and c)` → a, b, c). */
function conjuncts(expr: Expr): Expr[] {
  return expr.kind === "binary" && expr.op === "and"
    ? [...conjuncts(expr.left), ...conjuncts(expr.right)]
    : [expr];
}

function isField(expr: Expr, name: string): boolean {
  return expr.kind === "field" && expr.name === name;
}

/** `event.type == "VULNERABILITY_FINDING"`, either way round. */
function requiresFindingEvents(expr: Expr): boolean {
  if (expr.kind !== "binary" || expr.op !== "==") return false;
  const literal = (e: Expr) => e.kind === "string" && e.value === ARRIVAL_EVENT_TYPE;
  return (
    (isField(expr.left, "event.type") && literal(expr.right)) ||
    (isField(expr.right, "event.type") && literal(expr.left))
  );
}

/** The first field the expression reads that is not a key field (or a subquery), if any. */
function nonKeyRead(expr: Expr): string | undefined {
  let found: string | undefined;
  someNode(expr, (node) => {
    if (node.kind === "subquery") found = "a subquery";
    else if (node.kind === "field" && !KEY_FIELDS.has(node.name)) found = node.name;
    return found !== undefined;
  });
  return found;
}

function dedupProblem(dedup: DedupCommand): string | undefined {
  if (dedup.keys.length === 0) return "the dedup has no keys";
  for (const key of dedup.keys) {
    if (key.expr.kind !== "field") return "a dedup key is an expression, not a field";
    if (!KEY_FIELDS.has(key.expr.name))
      return `dedup key ${key.expr.name} is not one of the finding key fields`;
  }
  const [sort, ...more] = dedup.sort;
  if (sort === undefined || more.length > 0 || !isField(sort.expr, "timestamp") || !sort.descending)
    return "the dedup does not sort by exactly {timestamp desc}";
  return undefined;
}

/**
 * Which plan a query gets, and why. Pure: reads only the syntax tree.
 *
 * @example
 * choosePlan(parseQuery(`fetch security.events | filter event.type == "VULNERABILITY_FINDING"
 *   | dedup {object.id, vulnerability.id, component.name, component.version}, sort: {timestamp desc}`)).kind;
 * // "latest-arrivals"
 */
export function choosePlan(query: Query): QueryPlan {
  const commands = query.commands;
  if (commands[0]?.kind !== "fetch") return general("the query does not start with fetch");
  const dedupIndex = commands.findIndex((command) => command.kind === "dedup");
  if (dedupIndex < 0) return general("no dedup");
  const before = commands.slice(1, dedupIndex);
  const other = before.find((command) => command.kind !== "filter" && command.kind !== "filterOut");
  if (other !== undefined) return general(`${other.kind} before the dedup`);
  const filters = before as FilterCommand[];
  for (const filter of filters) {
    const read = nonKeyRead(filter.condition);
    if (read !== undefined)
      return general(
        `a filter before the dedup reads ${read}, which may differ between a finding's events`,
      );
  }
  const findingsOnly = filters.some(
    (filter) => filter.kind === "filter" && conjuncts(filter.condition).some(requiresFindingEvents),
  );
  if (!findingsOnly)
    return general(`no filter before the dedup requires event.type == "${ARRIVAL_EVENT_TYPE}"`);
  const problem = dedupProblem(commands[dedupIndex] as DedupCommand);
  if (problem !== undefined) return general(problem);
  return {
    kind: "latest-arrivals",
    dedupIndex,
    reason:
      "filters before the dedup read only finding key fields and the dedup keeps the latest arrival per finding key fields",
  };
}
