// Query stores: generated records imported with importRecords over a week of ingest days, cached by size and seed.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { generateDefenderRecords } from "../../src/generate/generate-records.js";
import { importRecords } from "../../src/ingest/import-records.js";
import { openDuckDbStore } from "../../src/store/duckdb/open-duckdb-store.js";
import { DAY_MS, fileContext, INGEST_START_MS } from "./context.js";
import { CACHE_DIR, SEED } from "./data.js";

export const INGEST_DAYS = 7;

export interface StoreMeta {
  readonly records: number;
  readonly seed: number;
  readonly events: number;
  readonly stored: number;
  readonly buildSeconds: number;
  /** The query's pinned now() and the default timeframe covering every event. */
  readonly now: string;
  readonly timeframeStart: string;
  readonly timeframeEnd: string;
  readonly fromCache?: boolean;
}

/** The pinned now() of the query stores (the end of the last ingest day) and a default timeframe of 8 days ending then. */
export function queryTimes(): Pick<StoreMeta, "now" | "timeframeStart" | "timeframeEnd"> {
  const end = new Date(INGEST_START_MS + INGEST_DAYS * DAY_MS).toISOString();
  return {
    now: end,
    timeframeStart: new Date(INGEST_START_MS - DAY_MS).toISOString(),
    timeframeEnd: end,
  };
}

function* chunkText(lines: Iterable<string>): Generator<string> {
  let chunk = "";
  for (const line of lines) {
    chunk += `${line}\n`;
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk !== "") yield chunk;
}

function* slice(records: number, from: number, to: number): Generator<string> {
  let index = 0;
  for (const record of generateDefenderRecords({ records, seed: SEED })) {
    if (index >= from && index < to) yield record.line;
    index += 1;
    if (index >= to) return;
  }
}

/** A DuckDB store of `records` generated records (built once; the file is reused by later runs). */
export async function duckDbStore(records: number): Promise<{ path: string; meta: StoreMeta }> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const path = join(CACHE_DIR, `store-${records}-${SEED}.duckdb`);
  const metaPath = `${path}.json`;
  if (existsSync(path) && existsSync(metaPath))
    return {
      path,
      meta: { ...(JSON.parse(readFileSync(metaPath, "utf8")) as StoreMeta), fromCache: true },
    };
  const building = join(CACHE_DIR, `building-${records}-${SEED}`, "store.duckdb");
  rmSync(join(CACHE_DIR, `building-${records}-${SEED}`), { recursive: true, force: true });
  const store = await openDuckDbStore(building);
  const started = performance.now();
  let events = 0;
  let stored = 0;
  const perDay = Math.ceil(records / INGEST_DAYS);
  for (let day = 0; day < INGEST_DAYS; day++) {
    const observedAt = new Date(INGEST_START_MS + day * DAY_MS + 3_600_000).toISOString();
    const lines = slice(records, day * perDay, Math.min(records, (day + 1) * perDay));
    const summary = await importRecords(
      store,
      [{ stream: Readable.from(chunkText(lines)), name: `day-${day}` }],
      {
        context: fileContext(observedAt),
        batchEvents: 40_000,
      },
    );
    events += Object.values(summary.events).reduce((a, b) => a + b, 0);
    stored += summary.stored;
  }
  await store.query("CHECKPOINT");
  const buildSeconds = (performance.now() - started) / 1000;
  await store.close();
  renameSync(building, path);
  rmSync(join(CACHE_DIR, `building-${records}-${SEED}`), { recursive: true, force: true });
  const meta: StoreMeta = {
    records,
    seed: SEED,
    events,
    stored,
    buildSeconds,
    ...queryTimes(),
  };
  writeFileSync(metaPath, JSON.stringify(meta, null, 2));
  return { path, meta };
}
