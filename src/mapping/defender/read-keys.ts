// Case-insensitive, `$type`-tolerant access to Defender records, whose key casing is not stable.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads `key` from `value` whatever its casing (`properties`, `Properties`, `PROPERTIES`).
 * Exact camelCase is tried first, then PascalCase, then a case-insensitive scan.
 * @example get({ Properties: { Id: "x" } }, "properties") // → { Id: "x" }
 */
export function get(value: unknown, key: string): Json | undefined {
  if (!isObject(value)) return undefined;
  const direct = value[key];
  if (direct !== undefined) return direct;
  return isAscii(key) ? getOtherCasing(value, key) : getLowerCased(value, key);
}

/**
 * The PascalCase key if present, else the first key equal ignoring case. One pass over the keys
 * without building strings: most keys differ in length, and the rest compare character by character.
 */
function getOtherCasing(value: JsonObject, key: string): Json | undefined {
  let found: string | undefined;
  for (const candidate in value) {
    if (candidate.length !== key.length || !equalIgnoringCase(candidate, key)) continue;
    if (isPascalCaseOf(candidate, key)) return value[candidate];
    found ??= candidate;
  }
  return found === undefined ? undefined : value[found];
}

/** The general rule, for keys outside ASCII (callers pass ASCII names; kept for completeness). */
function getLowerCased(value: JsonObject, key: string): Json | undefined {
  const pascal = value[key.charAt(0).toUpperCase() + key.slice(1)];
  if (pascal !== undefined) return pascal;
  const lower = key.toLowerCase();
  for (const candidate in value) {
    if (candidate.toLowerCase() === lower) return value[candidate];
  }
  return undefined;
}

/** `candidate.toLowerCase() === key.toLowerCase()` for an ASCII `key` of the same length. */
function equalIgnoringCase(candidate: string, key: string): boolean {
  for (let index = 0; index < key.length; index += 1) {
    const a = candidate.charCodeAt(index);
    const b = key.charCodeAt(index);
    if (a === b) continue;
    if (a > 0x7f) return candidate.toLowerCase() === key.toLowerCase();
    if (lowerAscii(a) !== lowerAscii(b)) return false;
  }
  return true;
}

/** `candidate === key` with its first letter upper-cased (`properties` → `Properties`); same length. */
function isPascalCaseOf(candidate: string, key: string): boolean {
  const first = key.charCodeAt(0);
  const upper = first >= 0x61 && first <= 0x7a ? first - 0x20 : first;
  if (candidate.charCodeAt(0) !== upper) return false;
  for (let index = 1; index < key.length; index += 1) {
    if (candidate.charCodeAt(index) !== key.charCodeAt(index)) return false;
  }
  return true;
}

function lowerAscii(code: number): number {
  return code >= 0x41 && code <= 0x5a ? code + 0x20 : code;
}

function isAscii(key: string): boolean {
  for (let index = 0; index < key.length; index += 1) {
    if (key.charCodeAt(index) > 0x7f) return false;
  }
  return key.length > 0;
}

/** Follows a path of keys case-insensitively. */
export function path(value: unknown, ...keys: readonly string[]): Json | undefined {
  let current: Json | undefined = value as Json;
  for (const key of keys) {
    current = get(current, key);
    if (current === undefined) return undefined;
  }
  return current;
}

/** A non-empty trimmed string, else undefined. Numbers are turned into strings. */
export function text(value: unknown): string | undefined {
  if (typeof value === "string") {
    const trimmed = value.trim();
    return trimmed === "" ? undefined : trimmed;
  }
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A finite number, also from a numeric string ("7.6"), else undefined. */
export function numeric(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && value.trim() !== "") {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** A boolean, also from "true"/"false" strings, else undefined. */
export function flag(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value === "string") {
    const lower = value.trim().toLowerCase();
    if (lower === "true") return true;
    if (lower === "false") return false;
  }
  return undefined;
}

/** An array, else an empty array. */
export function list(value: unknown): Json[] {
  return Array.isArray(value) ? value : [];
}

/** Distinct non-empty strings, order kept. */
export function distinctTexts(values: readonly unknown[]): string[] {
  const distinct: string[] = [];
  // Records carry short lists (links, CWEs, tags), where a linear search beats building a Set;
  // a long list gets a Set, so the cost stays linear.
  const seen = values.length > 16 ? new Set<string>() : undefined;
  for (const value of values) {
    const item = text(value);
    if (item === undefined || (seen === undefined ? distinct.includes(item) : seen.has(item))) {
      continue;
    }
    seen?.add(item);
    distinct.push(item);
  }
  return distinct;
}
