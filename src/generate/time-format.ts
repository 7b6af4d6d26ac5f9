// Timestamp renderings seen in Defender exports (7 fractional digits, no zone, +00:00, plain Z).

export type DateStyle = "ticks" | "noZone" | "offset" | "zulu";

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

/** `2026-11-01T03:12:44.1234567Z`: milliseconds plus four extra digits. */
export function isoTicks(ms: number, extraDigits: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}${String(extraDigits % 10_000).padStart(4, "0")}Z`;
}

/** `2026-11-01T03:12:44Z`. */
export function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** A date (usually a midnight) in one of the styles the vulnerability feeds use. */
export function isoDate(ms: number, style: DateStyle): string {
  const base = new Date(ms).toISOString().slice(0, 19);
  switch (style) {
    case "ticks":
      return `${base}.0000000Z`;
    case "noZone":
      return base;
    case "offset":
      return `${base}+00:00`;
    case "zulu":
      return `${base}Z`;
  }
}
