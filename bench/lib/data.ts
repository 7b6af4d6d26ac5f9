// Seeded generator data: NDJSON files cached under bench/.cache, keyed by size and seed.
import { createWriteStream, existsSync, mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { generateDefenderRecords } from "../../src/generate/generate-records.js";

export const SEED = 8;
export const CACHE_DIR = join(import.meta.dirname, "..", ".cache");

export function generateLines(records: number, seed = SEED): string[] {
  const lines: string[] = [];
  for (const record of generateDefenderRecords({ records, seed })) lines.push(record.line);
  return lines;
}

/** An NDJSON file of `records` generated records (written once, then reused). */
export async function recordsFile(records: number, seed = SEED): Promise<string> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const path = join(CACHE_DIR, `records-${records}-${seed}.ndjson`);
  if (existsSync(path)) return path;
  const partial = `${path}.partial`;
  const out = createWriteStream(partial);
  let chunk = "";
  for (const record of generateDefenderRecords({ records, seed })) {
    chunk += `${record.line}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk))
        await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      chunk = "";
    }
  }
  out.write(chunk);
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  renameSync(partial, path);
  return path;
}
