// Compile-time times: fetch and makeTimeseries bounds (`now() - 7d`, ISO text, toTimestamp, bare durations).
import type { Expr } from "../ast.js";
import { fail } from "../errors.js";

/** Nanoseconds to add to a millisecond instant. */
function plus(ms: number, nanos: number): number {
  return ms + nanos / 1e6;
}

/** Parses ISO-8601 text to epoch milliseconds, or undefined. */
export function parseIso(text: string): number | undefined {
  if (
    !/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(text.trim())
  )
    return undefined;
  const normalized = /(Z|[+-]\d{2}:?\d{2})$/.test(text.trim()) ? text.trim() : `${text.trim()}Z`;
  const ms = Date.parse(normalized.replace(" ", "T"));
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The instant an expression denotes at compile time (epoch ms), or undefined when it is not constant.
 * A bare duration `d` (as in `from: -7d`) means `now() - |d|`.
 */
export function staticInstant(expr: Expr, nowMs: number, bareDuration = false): number | undefined {
  switch (expr.kind) {
    case "call":
      if (expr.name === "now" && expr.args.length === 0) return nowMs;
      if (
        expr.name === "toTimestamp" &&
        expr.args.length === 1 &&
        expr.args[0]!.value.kind === "string"
      )
        return parseIso(expr.args[0]!.value.value);
      return undefined;
    case "string":
      return bareDuration ? parseIso(expr.value) : undefined;
    case "duration":
      return bareDuration ? plus(nowMs, -Math.abs(expr.nanos)) : undefined;
    case "binary": {
      if (expr.op !== "+" && expr.op !== "-") return undefined;
      const base = staticInstant(expr.left, nowMs);
      if (base === undefined || expr.right.kind !== "duration") return undefined;
      return plus(base, expr.op === "+" ? expr.right.nanos : -expr.right.nanos);
    }
    default:
      return undefined;
  }
}

/** Like staticInstant, but a clear error when the bound is not a constant time. */
export function requireInstant(expr: Expr, nowMs: number, what: string): number {
  const ms = staticInstant(expr, nowMs, true);
  if (ms === undefined)
    fail(
      "SEC_ERR_QUERY_UNSUPPORTED",
      `${what} must be a time such as now() - 7d, -24h or "2026-11-01T00:00:00Z"`,
      expr.span,
    );
  return ms;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
