// One DuckDB import in its own process, so its peak RSS is its own: prints timings and maxRSS as JSON.
import { createReadStream } from "node:fs";
import { importRecords } from "../../src/ingest/import-records.js";
import { openDuckDbStore } from "../../src/store/duckdb/open-duckdb-store.js";
import { fileContext } from "../lib/context.js";

const [path, dbPath, batch] = process.argv.slice(2);
if (path === undefined || dbPath === undefined)
  throw new Error("usage: import-duckdb.ts <records> <db> [batchEvents]");
const store = await openDuckDbStore(dbPath);
const batchMs: number[] = [];
let last = performance.now();
let lastStored = 0;
const started = performance.now();
const summary = await importRecords(store, [{ stream: createReadStream(path), name: path }], {
  context: fileContext(),
  batchEvents: Number(batch ?? 10_000),
  onProgress: (progress) => {
    const now = performance.now();
    batchMs.push(((progress.stored - lastStored) * 1000) / (now - last));
    lastStored = progress.stored;
    last = now;
  },
});
const ms = performance.now() - started;
await store.close();
const events = Object.values(summary.events).reduce((a, b) => a + b, 0);
process.stdout.write(
  `${JSON.stringify({ ms, records: summary.records, events, stored: summary.stored, duplicates: summary.duplicates, bytes: summary.bytes, maxRssKB: process.resourceUsage().maxRSS, batchStoredPerSec: batchMs })}\n`,
);
