// Defender sometimes sends JSON inside a string (`"CVEs": "[{…}]"`): read both forms.
import type { Json } from "./read-keys.js";
import { RecordRejection } from "./rejection.js";

/** Returns the value, parsing it first when it is a string holding a JSON array or object. */
export function parseEmbeddedJson(value: Json | undefined, field: string): Json | undefined {
  if (typeof value !== "string") return value;
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  if (!trimmed.startsWith("[") && !trimmed.startsWith("{")) {
    throw new RecordRejection(
      "invalid_value",
      field,
      `${field} should hold JSON, got ${JSON.stringify(trimmed.slice(0, 60))}`,
    );
  }
  try {
    return JSON.parse(trimmed) as Json;
  } catch (error) {
    throw new RecordRejection(
      "invalid_value",
      field,
      `${field} holds malformed JSON: ${(error as Error).message}`,
    );
  }
}
