// 1. Mapping: records/s and MB/s through read + parse + map, against reading + JSON.parse of the same bytes.
import { createReadStream, statSync } from "node:fs";
import { createInterface } from "node:readline";
import { mapItem } from "../../src/ingest/map-item.js";
import { readRecords } from "../../src/ingest/read-records.js";
import { fileContext } from "../lib/context.js";
import { recordsFile } from "../lib/data.js";
import { type Figure, rate } from "../lib/stats.js";

export interface MappingResult {
  readonly records: number;
  readonly bytes: number;
  readonly runs: number;
  readonly mapRecordsPerSec: Figure;
  readonly mapMBPerSec: Figure;
  readonly floorRecordsPerSec: Figure;
  readonly floorMBPerSec: Figure;
  readonly ratio: number;
  readonly eventsPerRecord: number;
}

/** The floor: the same file, the same line reader, JSON.parse of each line, nothing else. */
export async function parseOnly(path: string): Promise<number> {
  let parsed = 0;
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) {
    try {
      JSON.parse(line);
      parsed += 1;
    } catch {
      // malformed records are part of the stream; the mapper rejects them too
    }
  }
  return parsed;
}

/** The product path: readRecords + mapItem (what importRecords does before storing). */
export async function parseAndMap(path: string): Promise<number> {
  const context = fileContext();
  let events = 0;
  for await (const item of readRecords(createReadStream(path), "bench")) {
    const result = mapItem(item, context);
    if (result.status === "mapped") events += result.events.length;
  }
  return events;
}

export async function benchMapping(records: number, runs: number): Promise<MappingResult> {
  const path = await recordsFile(records);
  const bytes = statSync(path).size;
  await parseOnly(path); // warm the page cache and the JIT
  await parseAndMap(path);
  const floor: number[] = [];
  const mapped: number[] = [];
  let events = 0;
  for (let i = 0; i < runs; i++) {
    // Interleaved, so drift on a shared machine hits both sides alike.
    let started = performance.now();
    await parseOnly(path);
    floor.push(performance.now() - started);
    started = performance.now();
    events = await parseAndMap(path);
    mapped.push(performance.now() - started);
  }
  const mapRecordsPerSec = rate(records, mapped);
  const floorRecordsPerSec = rate(records, floor);
  return {
    records,
    bytes,
    runs,
    mapRecordsPerSec,
    mapMBPerSec: rate(bytes / 1e6, mapped),
    floorRecordsPerSec,
    floorMBPerSec: rate(bytes / 1e6, floor),
    ratio: mapRecordsPerSec.median / floorRecordsPerSec.median,
    eventsPerRecord: events / records,
  };
}
