// The floors' inputs: the mapped, de-duplicated events of a records file as the store's NDJSON lines (and as CSV for COPY).
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { mapItem } from "../../src/ingest/map-item.js";
import { readRecords } from "../../src/ingest/read-records.js";
import type { SecurityEvent } from "../../src/model/security-event.js";
import { type Column, EVENT_COLUMNS } from "../../src/store/columns.js";
import { stageBatch } from "../../src/store/staging-rows.js";
import { fileContext } from "./context.js";

export interface EventFiles {
  readonly ndjson: string;
  readonly csv?: string;
  readonly rows: number;
}

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
}

function end(out: WriteStream): Promise<void> {
  return new Promise((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

/** One CSV field of a value for PostgreSQL's COPY (FORMAT csv): arrays as array literals, JSON as text. */
function csvField(value: unknown, column: Column): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (column.type === "string[]" && Array.isArray(value))
    text = `{${value.map((item) => `"${String(item).replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`).join(",")}}`;
  else if (column.type === "json" || typeof value === "object") text = JSON.stringify(value);
  else text = String(value);
  return `"${text.replaceAll('"', '""')}"`;
}

function csvLine(eventLine: string): string {
  const row = JSON.parse(eventLine) as Record<string, unknown>;
  return `${EVENT_COLUMNS.map((column) => csvField(row[column.name], column)).join(",")}\n`;
}

/** Maps `recordsPath` as the import does, keeps each event.id once (as the store does), and writes the staging lines. */
export async function writeEventFiles(
  recordsPath: string,
  prefix: string,
  withCsv: boolean,
): Promise<EventFiles> {
  const ndjson = `${prefix}.events.ndjson`;
  const csv = withCsv ? `${prefix}.events.csv` : undefined;
  const out = createWriteStream(ndjson);
  const csvOut = csv === undefined ? undefined : createWriteStream(csv);
  const seen = new Set<string>();
  const context = fileContext();
  let batch: SecurityEvent[] = [];
  let rows = 0;
  const flush = async () => {
    const eventLines = stageBatch(batch).eventRows.map((row) => JSON.stringify(row));
    batch = [];
    rows += eventLines.length;
    await write(out, `${eventLines.join("\n")}\n`);
    if (csvOut !== undefined) await write(csvOut, eventLines.map(csvLine).join(""));
  };
  for await (const item of readRecords(createReadStream(recordsPath), recordsPath)) {
    const result = mapItem(item, context);
    if (result.status !== "mapped") continue;
    for (const event of result.events) {
      const id = String(event["event.id"]);
      if (seen.has(id)) continue;
      seen.add(id);
      batch.push(event);
    }
    if (batch.length >= 10_000) await flush();
  }
  if (batch.length > 0) await flush();
  await end(out);
  if (csvOut !== undefined) await end(csvOut);
  return { ndjson, rows, ...(csv === undefined ? {} : { csv }) };
}
