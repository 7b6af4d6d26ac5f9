// Runs evaluation fixtures (test/query/eval/*.test): the outcome of a query as text lines, one JSON record each.

import { QueryError } from "../../src/query/errors.js";
import { executeDql } from "../../src/query/execute.js";
import type { EventStore } from "../../src/store/event-store.js";
import { EVAL_NOW } from "./eval-events.js";

/**
 * Block format: `# name`, the query, `==>` (optionally `==> ordered` when record order matters, or
 * `==> max=N` to set maxResultRecords, `==> default=<ISO start>/<ISO end>` to run it under the caller's
 * default timeframe), then one JSON record per line, or `error: CODE line:col`.
 * Unordered blocks compare sorted lines.
 */
export async function evalOutcome(
  store: EventStore,
  query: string,
  flags: readonly string[],
): Promise<string> {
  const max = flags.find((flag) => flag.startsWith("max="));
  const defaultTimeframe = flags
    .find((flag) => flag.startsWith("default="))
    ?.slice(8)
    .split("/");
  try {
    const result = await executeDql(store, query, {
      now: EVAL_NOW,
      ...(max === undefined ? {} : { maxResultRecords: Number(max.slice(4)) }),
      ...(defaultTimeframe === undefined
        ? {}
        : {
            defaultTimeframeStart: defaultTimeframe[0]!,
            defaultTimeframeEnd: defaultTimeframe[1]!,
          }),
    });
    const lines = result.records.map((record) => JSON.stringify(record));
    if (!flags.includes("ordered")) lines.sort();
    if (result.metadata.grail.truncated) lines.push("truncated");
    return lines.join("\n");
  } catch (error) {
    if (error instanceof QueryError) return `error: ${error.code} ${error.line}:${error.column}`;
    throw error;
  }
}
