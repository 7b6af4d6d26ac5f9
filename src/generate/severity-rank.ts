// Ordering of severities, to find the worst one of a set.
import type { Severity } from "./cvss-v3.js";

const RANK: Readonly<Record<Severity, number>> = {
  Unknown: 0,
  Low: 1,
  Medium: 2,
  High: 3,
  Critical: 4,
};

export function worstSeverity(severities: readonly Severity[]): Severity {
  let worst: Severity = "Unknown";
  for (const s of severities) if (RANK[s] > RANK[worst]) worst = s;
  return worst;
}
