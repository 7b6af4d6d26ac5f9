// Assembles JSON objects from already-serialized values (fast path for the big, repetitive MDVM records).

/** A key and its serialized value; entries with an undefined value are left out. */
export type JsonEntry = readonly [key: string, json: string | undefined];

/**
 * `{"k1":v1,"k2":v2}` from serialized values. Keys are plain identifiers written verbatim
 * (they must not need escaping); values must already be valid JSON.
 */
export function jsonObject(entries: readonly JsonEntry[]): string {
  let out = "";
  for (const [key, json] of entries) {
    if (json === undefined) continue;
    out += out === "" ? `{"${key}":${json}` : `,"${key}":${json}`;
  }
  return out === "" ? "{}" : `${out}}`;
}
