// Risk normalization (the seed's table): Defender severity and score → dt.security.risk.level and .score.
import type { RiskLevel } from "./security-event.js";

/** Severity words Defender sends, lower-cased, and the risk level each maps to. */
const LEVEL_BY_SEVERITY: ReadonlyMap<string, RiskLevel> = new Map([
  ["critical", "CRITICAL"],
  ["high", "HIGH"],
  ["medium", "MEDIUM"],
  ["moderate", "MEDIUM"],
  ["low", "LOW"],
  ["unknown", "NONE"],
  ["none", "NONE"],
  ["informational", "NONE"],
  ["", "NONE"],
]);

/** Top of each level's score band, used when Defender sends no score. */
export const BAND_TOP: Readonly<Record<RiskLevel, number>> = {
  CRITICAL: 10.0,
  HIGH: 8.9,
  MEDIUM: 6.9,
  LOW: 3.9,
  NONE: 0.0,
};

/** Maps a severity word to a risk level; undefined (missing) → NONE; unrecognized → undefined. */
export function riskLevelOf(severity: string | undefined): RiskLevel | undefined {
  if (severity === undefined) return "NONE";
  return LEVEL_BY_SEVERITY.get(severity.trim().toLowerCase());
}

/** The risk score: Defender's score clamped to 0–10 when sent, else the top of the level's band. */
export function riskScoreOf(level: RiskLevel, score: number | undefined): number {
  if (score === undefined || !Number.isFinite(score)) return BAND_TOP[level];
  return Math.min(10, Math.max(0, score));
}
