// Flattens nested objects to dotted keys (`{a: {b: 1}}` → `{"a.b": 1}`), with depth and size limits.

export const MAX_DEPTH = 16;
export const MAX_FIELDS = 1000;

export class FlattenError extends Error {}

/** Flat copy of `record`; arrays are kept as values. Throws FlattenError past the limits. */
export function flatten(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let fields = 0;
  const walk = (value: Record<string, unknown>, prefix: string, depth: number) => {
    if (depth > MAX_DEPTH)
      throw new FlattenError(`nested deeper than ${MAX_DEPTH} levels at ${prefix.slice(0, -1)}`);
    for (const key in value) {
      const item = value[key];
      const name = `${prefix}${key}`;
      if (item !== null && typeof item === "object" && !Array.isArray(item)) {
        walk(item as Record<string, unknown>, `${name}.`, depth + 1);
        continue;
      }
      fields += 1;
      if (fields > MAX_FIELDS) throw new FlattenError(`more than ${MAX_FIELDS} fields`);
      out[name] = item;
    }
  };
  walk(record, "", 1);
  return out;
}
