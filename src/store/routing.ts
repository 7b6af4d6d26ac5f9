// Routing rules (pure): a condition on event fields sends an event to a bucket; the first match wins.
import type { SecurityEvent } from "../model/security-event.js";

export type RoutingOperator = "equals" | "in" | "starts_with" | "exists";

export interface RoutingRule {
  readonly name: string;
  readonly field: string;
  readonly operator: RoutingOperator;
  /** The value(s) to compare with; ignored by `exists`. */
  readonly values: readonly string[];
  readonly bucket: string;
  /** Lower runs first. */
  readonly position: number;
}

export const ROUTING_OPERATORS: readonly RoutingOperator[] = [
  "equals",
  "in",
  "starts_with",
  "exists",
];

/** True when `event` satisfies the rule's condition. Arrays match when any element matches. */
export function ruleMatches(rule: RoutingRule, event: SecurityEvent): boolean {
  const value = event[rule.field];
  if (value === undefined) return false;
  if (rule.operator === "exists") return true;
  const candidates = Array.isArray(value) ? value.map(String) : [String(value)];
  switch (rule.operator) {
    case "equals":
    case "in":
      return candidates.some((candidate) => rule.values.includes(candidate));
    case "starts_with":
      return candidates.some((candidate) =>
        rule.values.some((prefix) => candidate.startsWith(prefix)),
      );
  }
}

/** The bucket the rules route `event` to, or undefined to keep the bucket it already names. */
export function routeEvent(
  rules: readonly RoutingRule[],
  event: SecurityEvent,
): string | undefined {
  for (const rule of rules) {
    if (ruleMatches(rule, event)) return rule.bucket;
  }
  return undefined;
}

/** Returns `events` with `dt.system.bucket` set by the rules (rules sorted by position first). */
export function applyRouting(
  rules: readonly RoutingRule[],
  events: readonly SecurityEvent[],
): SecurityEvent[] {
  if (rules.length === 0) return [...events];
  const ordered = [...rules].sort((a, b) => a.position - b.position);
  return events.map((event) => {
    const bucket = routeEvent(ordered, event);
    return bucket === undefined || bucket === event["dt.system.bucket"]
      ? event
      : { ...event, "dt.system.bucket": bucket };
  });
}

/** Every problem with a rule (empty when valid). */
export function ruleProblems(
  rule: Omit<RoutingRule, "position">,
  knownBuckets: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(rule.name))
    problems.push("rule name must be 1-100 characters of letters, digits, _ . -");
  if (rule.field.trim() === "") problems.push("rule field must not be empty");
  if (!ROUTING_OPERATORS.includes(rule.operator))
    problems.push(`operator must be one of ${ROUTING_OPERATORS.join(", ")}`);
  if (rule.operator !== "exists" && rule.values.length === 0)
    problems.push(`operator ${rule.operator} needs at least one value`);
  if (!knownBuckets.has(rule.bucket))
    problems.push(`bucket ${JSON.stringify(rule.bucket)} does not exist`);
  return problems;
}
