// Counts what a run of the mapper did: records read, events by type, not mapped and rejected by reason.
import type { ItemResult } from "./map-item.js";

export interface MappingSummary {
  records: number;
  mapped: number;
  events: Record<string, number>;
  notMapped: Record<string, number>;
  rejected: Record<string, number>;
}

export function emptySummary(): MappingSummary {
  return { records: 0, mapped: 0, events: {}, notMapped: {}, rejected: {} };
}

/** Adds one result to the summary (mutates and returns it: the loop that owns it stays thin). */
export function addToSummary(summary: MappingSummary, result: ItemResult): MappingSummary {
  summary.records += 1;
  switch (result.status) {
    case "mapped":
      summary.mapped += 1;
      for (const event of result.events) increment(summary.events, String(event["event.type"]));
      break;
    case "not_mapped":
      increment(summary.notMapped, result.reason);
      break;
    case "rejected":
      increment(summary.rejected, result.reason);
      break;
  }
  return summary;
}

export function formatSummary(summary: MappingSummary): string {
  const lines = [
    `records read: ${summary.records}`,
    `records mapped: ${summary.mapped}`,
    `events produced: ${sum(summary.events)}${breakdown(summary.events)}`,
    `records not mapped: ${sum(summary.notMapped)}${breakdown(summary.notMapped)}`,
    `records rejected: ${sum(summary.rejected)}${breakdown(summary.rejected)}`,
  ];
  return lines.join("\n");
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((total, count) => total + count, 0);
}

function breakdown(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0
    ? ""
    : ` (${entries.map(([key, count]) => `${key} ${count}`).join(", ")})`;
}
