// CVSS v3.1 base-score arithmetic and a table of vectors grouped by the severity band of their score.
import { WeightedTable } from "./weighted-table.js";

export type Severity = "Critical" | "High" | "Medium" | "Low" | "Unknown";
export type ScoredSeverity = Exclude<Severity, "Unknown">;

export interface CvssVector {
  /** Metrics part, e.g. `AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H` (no `CVSS:3.x/` prefix). */
  readonly metrics: string;
  readonly score: number;
}

const AV = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 } as const;
const AC = { L: 0.77, H: 0.44 } as const;
const UI = { N: 0.85, R: 0.62 } as const;
const CIA = { H: 0.56, L: 0.22, N: 0 } as const;

/** How common each metric value is in real feeds (network-reachable, low complexity dominate). */
const METRIC_WEIGHTS: Readonly<Record<string, number>> = {
  "AV:N": 6,
  "AV:A": 1,
  "AV:L": 3,
  "AV:P": 0.3,
  "AC:L": 5,
  "AC:H": 1,
  "PR:N": 5,
  "PR:L": 3,
  "PR:H": 1,
  "UI:N": 5,
  "UI:R": 2,
  "S:U": 6,
  "S:C": 1,
  H: 3,
  L: 2,
  N: 2,
};

/** CVSS v3.1 "Roundup": smallest one-decimal number >= x, robust to float noise. */
export function roundUp(x: number): number {
  const scaled = Math.round(x * 100_000);
  return scaled % 10_000 === 0 ? scaled / 100_000 : (Math.floor(scaled / 10_000) + 1) / 10;
}

export interface BaseMetrics {
  readonly av: keyof typeof AV;
  readonly ac: keyof typeof AC;
  readonly pr: "N" | "L" | "H";
  readonly ui: keyof typeof UI;
  readonly s: "U" | "C";
  readonly c: keyof typeof CIA;
  readonly i: keyof typeof CIA;
  readonly a: keyof typeof CIA;
}

export function baseScore(m: BaseMetrics): number {
  const changed = m.s === "C";
  const pr = m.pr === "N" ? 0.85 : m.pr === "L" ? (changed ? 0.68 : 0.62) : changed ? 0.5 : 0.27;
  const iss = 1 - (1 - CIA[m.c]) * (1 - CIA[m.i]) * (1 - CIA[m.a]);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
  if (impact <= 0) return 0;
  const exploitability = 8.22 * AV[m.av] * AC[m.ac] * pr * UI[m.ui];
  return changed
    ? roundUp(Math.min(1.08 * (impact + exploitability), 10))
    : roundUp(Math.min(impact + exploitability, 10));
}

export function severityOfScore(score: number): ScoredSeverity {
  if (score >= 9) return "Critical";
  if (score >= 7) return "High";
  if (score >= 4) return "Medium";
  return "Low";
}

/** Every non-zero base vector, grouped by band and weighted by how common its metrics are. */
export function buildVectorTables(): Readonly<Record<ScoredSeverity, WeightedTable<CvssVector>>> {
  const bands: Record<ScoredSeverity, [CvssVector, number][]> = {
    Critical: [],
    High: [],
    Medium: [],
    Low: [],
  };
  const cia = ["H", "L", "N"] as const;
  for (const av of ["N", "A", "L", "P"] as const)
    for (const ac of ["L", "H"] as const)
      for (const pr of ["N", "L", "H"] as const)
        for (const ui of ["N", "R"] as const)
          for (const s of ["U", "C"] as const)
            for (const c of cia)
              for (const i of cia)
                for (const a of cia) {
                  const score = baseScore({ av, ac, pr, ui, s, c, i, a });
                  if (score === 0) continue;
                  const parts = [`AV:${av}`, `AC:${ac}`, `PR:${pr}`, `UI:${ui}`, `S:${s}`];
                  let weight = 1;
                  for (const part of parts) weight *= METRIC_WEIGHTS[part] ?? 1;
                  for (const value of [c, i, a]) weight *= METRIC_WEIGHTS[value] ?? 1;
                  const metrics = `${parts.join("/")}/C:${c}/I:${i}/A:${a}`;
                  bands[severityOfScore(score)].push([{ metrics, score }, weight]);
                }
  return {
    Critical: new WeightedTable(bands.Critical),
    High: new WeightedTable(bands.High),
    Medium: new WeightedTable(bands.Medium),
    Low: new WeightedTable(bands.Low),
  };
}
