// Golden-file harness for the Defender mapping: runs every fixture through reader + mapper, deterministically.
import { createReadStream, readdirSync } from "node:fs";
import { join } from "node:path";
import { mapItem } from "../../src/ingest/map-item.js";
import { readRecords } from "../../src/ingest/read-records.js";
import type { MappingContext } from "../../src/mapping/defender/mapping-context.js";

export const FIXTURE_DIR = join(import.meta.dirname, "../../fixtures/defender");

/** The fixed context golden files are produced with. */
export const GOLDEN_CONTEXT: MappingContext = {
  observedAt: "2026-11-28T00:00:00.000Z",
  bucket: "default_securityevents",
  source: "file",
};

/** Input fixtures: every .json / .ndjson file that is not an expected-output file. */
export function goldenInputs(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((name) => /\.(json|ndjson)$/.test(name) && !name.endsWith(".expected.json"))
    .sort();
}

export function expectedPathOf(input: string): string {
  return join(FIXTURE_DIR, input.replace(/\.(json|ndjson)$/, ".expected.json"));
}

export interface GoldenRun {
  /** The output as stored in the expected file (dt.raw_data elided, keys sorted). */
  readonly output: unknown;
  /** Every event produced, as the mapper returned it. */
  readonly events: Record<string, unknown>[];
  /** Records whose dt.raw_data did not round-trip to the record read. */
  readonly rawMismatches: string[];
}

/** Maps one fixture and shapes the result for comparison with its expected file. */
export async function runGolden(input: string): Promise<GoldenRun> {
  const outcomes: unknown[] = [];
  const events: Record<string, unknown>[] = [];
  const rawMismatches: string[] = [];
  for await (const item of readRecords(createReadStream(join(FIXTURE_DIR, input)), input)) {
    const result = mapItem(item, GOLDEN_CONTEXT);
    const { rawText: _raw, ...rest } = result;
    if (result.status !== "mapped") {
      outcomes.push(rest);
      continue;
    }
    const shaped = result.events.map((event) => {
      events.push({ ...event });
      const raw = String(event["dt.raw_data"]);
      if (
        item.kind === "record" &&
        JSON.stringify(JSON.parse(raw)) !== JSON.stringify(item.record)
      ) {
        rawMismatches.push(`${input}: ${String(event["event.id"])}`);
      }
      return { ...event, "dt.raw_data": `<the input record, ${raw.length} characters>` };
    });
    outcomes.push({ ...rest, events: shaped });
  }
  return { output: sortKeys({ outcomes }), events, rawMismatches };
}

/** Recursively sorts object keys, so expected files are stable and diffs readable. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export function formatExpected(output: unknown): string {
  return `${JSON.stringify(output, null, 2)}\n`;
}
