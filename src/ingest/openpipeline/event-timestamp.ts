// The OpenPipeline timestamp rules: epoch units by magnitude, RFC 3339, clamping the future, rejecting the too old.
import { parseDefenderDate } from "../../mapping/defender/dates.js";

export const MAX_FUTURE_MS = 10 * 60 * 1000;
export const MAX_AGE_MS = 24 * 60 * 60 * 1000;

export type TimestampDecision =
  | { readonly ok: true; readonly iso: string }
  | { readonly ok: false; readonly message: string };

/** Epoch number → ms: ≤ 1e11 seconds, ≤ 1e14 milliseconds, ≤ 1e17 microseconds, else nanoseconds. */
export function epochToMs(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude <= 1e11) return value * 1000;
  if (magnitude <= 1e14) return value;
  if (magnitude <= 1e17) return value / 1000;
  return value / 1e6;
}

/** Decides an event's timestamp from what it carries and when it was received. */
export function decideTimestamp(value: unknown, receivedAt: Date): TimestampDecision {
  const now = receivedAt.getTime();
  let ms: number | undefined;
  if (typeof value === "number" && Number.isFinite(value)) ms = epochToMs(value);
  else if (typeof value === "string" && value.trim() !== "") {
    const trimmed = value.trim();
    if (/^-?\d+(\.\d+)?$/.test(trimmed)) ms = epochToMs(Number(trimmed));
    else {
      const iso = parseDefenderDate(trimmed);
      ms = iso === undefined ? undefined : Date.parse(iso);
    }
  }
  if (ms === undefined || !Number.isFinite(ms)) return { ok: true, iso: receivedAt.toISOString() };
  if (ms > now + MAX_FUTURE_MS)
    return { ok: true, iso: new Date(now + MAX_FUTURE_MS).toISOString() };
  if (ms < now - MAX_AGE_MS) {
    return {
      ok: false,
      message: `timestamp ${new Date(ms).toISOString()} is more than 24 hours before ingest (${receivedAt.toISOString()})`,
    };
  }
  return { ok: true, iso: new Date(ms).toISOString() };
}
