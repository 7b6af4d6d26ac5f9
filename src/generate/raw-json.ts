// Splices one pre-serialized JSON fragment into JSON.stringify output (Node 20 has no JSON.rawJSON).

/** Placeholder value to put where the fragment goes; it must occur once in the object. */
export const RAW_SLOT = "@@raw-json-slot@@";
const SLOT_JSON = JSON.stringify(RAW_SLOT);

/** JSON.stringify(value), with the RAW_SLOT placeholder replaced by `raw` (already valid JSON). */
export function stringifyWithRaw(value: unknown, raw: string | undefined): string {
  const json = JSON.stringify(value);
  if (raw === undefined) return json;
  const at = json.indexOf(SLOT_JSON);
  if (at < 0) throw new Error("raw JSON slot not found");
  return json.slice(0, at) + raw + json.slice(at + SLOT_JSON.length);
}
