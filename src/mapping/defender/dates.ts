// Defender's date formats (no zone = UTC, 7 fractional digits, +00:00) → ISO-8601 UTC with milliseconds.
import { RecordRejection } from "./rejection.js";

const DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Parses a Defender date; returns undefined when it does not parse or is out of range. */
export function parseDefenderDate(value: string): string | undefined {
  const match = DATE.exec(value.trim());
  if (match === null) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", fraction = "", zone = "Z"] = match;
  const ms = Number(fraction.padEnd(3, "0").slice(0, 3));
  const month = Number(mo);
  const day = Number(d);
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 31 ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 60
  ) {
    return undefined;
  }
  let epochMs = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s), ms);
  if (zone.toUpperCase() !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || "0");
    epochMs -= sign * offsetMinutes * 60_000;
  }
  const date = new Date(epochMs);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * Reads the first present date among candidates; rejects the record when the one found does not
 * parse. Undefined when none is present (some real records carry no time at all).
 */
export function recordDate(
  candidates: readonly [field: string, value: unknown][],
): string | undefined {
  for (const [field, value] of candidates) {
    if (value === undefined || value === null || value === "") continue;
    const parsed = typeof value === "string" ? parseDefenderDate(value) : undefined;
    if (parsed === undefined) {
      throw new RecordRejection(
        "invalid_date",
        field,
        `${field} is not a date: ${JSON.stringify(value).slice(0, 80)}`,
      );
    }
    return parsed;
  }
  return undefined;
}

/** Like recordDate for optional dates: undefined when absent or unparseable (informational only). */
export function optionalDate(value: unknown): string | undefined {
  return typeof value === "string" ? parseDefenderDate(value) : undefined;
}
