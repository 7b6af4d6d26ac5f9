// Defender's date formats (no zone = UTC, 7 fractional digits, +00:00) → ISO-8601 UTC with milliseconds.
import { RecordRejection } from "./rejection.js";

const DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** The common shape: `T`, seconds, an optional fraction, UTC (`Z`, `+00:00` or no zone). */
const UTC_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|\+00:00)?$/;

/** Parses a Defender date; returns undefined when it does not parse or is out of range. */
export function parseDefenderDate(value: string): string | undefined {
  return UTC_DATE_TIME.test(value) && isPlainUtcTime(value)
    ? `${value.slice(0, 19)}.${millisecondsOf(value)}Z`
    : parseGeneral(value);
}

/**
 * True when a value of the common shape is a calendar time that needs no normalization: year
 * 1000 or later (Date.UTC maps 0–99 to 19xx), a day the month has, seconds below 60. Such a value
 * is its own ISO form; anything else takes the general path, which rolls over like Date.UTC.
 */
function isPlainUtcTime(value: string): boolean {
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  return (
    year >= 1000 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    digitsAt(value, 11, 2) <= 23 &&
    digitsAt(value, 14, 2) <= 59 &&
    digitsAt(value, 17, 2) <= 59
  );
}

/** The first three fraction digits, zero-padded (`.0429531` → `042`, none → `000`). */
function millisecondsOf(value: string): string {
  if (value.charCodeAt(19) !== 0x2e) return "000";
  let end = 20;
  while (end < 23 && isDigit(value.charCodeAt(end))) end += 1;
  return value.slice(20, end).padEnd(3, "0");
}

function digitsAt(value: string, start: number, count: number): number {
  let number = 0;
  for (let index = start; index < start + count; index += 1) {
    number = number * 10 + (value.charCodeAt(index) - 0x30);
  }
  return number;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return leap ? 29 : 28;
}

/** Every accepted form (space or `T`, optional parts, any offset), through Date.UTC. */
function parseGeneral(value: string): string | undefined {
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
