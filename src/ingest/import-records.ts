// The import loop: read → map → batch → store, with the next batch mapped while the previous one is written.
import type { Readable } from "node:stream";
import type { MappingContext } from "../mapping/defender/mapping-context.js";
import type { SecurityEvent } from "../model/security-event.js";
import type { EventStore } from "../store/event-store.js";
import { type ItemResult, mapItem } from "./map-item.js";
import { addToSummary, emptySummary, type MappingSummary } from "./mapping-summary.js";
import { readRecords } from "./read-records.js";

export interface ImportSummary extends MappingSummary {
  stored: number;
  duplicates: number;
  bytes: number;
}

export interface ImportOptions {
  readonly context: MappingContext;
  /** Events per store batch (one transaction each). */
  readonly batchEvents?: number;
  /** Called for every rejected record (to keep it for inspection). */
  readonly onRejected?: (result: ItemResult) => void | Promise<void>;
  /** Called after every stored batch, for progress displays. */
  readonly onProgress?: (summary: ImportSummary) => void;
}

export function emptyImportSummary(): ImportSummary {
  return { ...emptySummary(), stored: 0, duplicates: 0, bytes: 0 };
}

/**
 * Imports every record of `inputs` into `store`. A batch is appended while the next one is mapped;
 * a batch that fails to store stops the import (what was stored stays; re-running is idempotent).
 */
export async function importRecords(
  store: EventStore,
  inputs: readonly { readonly stream: Readable; readonly name: string }[],
  options: ImportOptions,
  summary: ImportSummary = emptyImportSummary(),
): Promise<ImportSummary> {
  const batchEvents = options.batchEvents ?? 10_000;
  let batch: SecurityEvent[] = [];
  let pending: Promise<void> = Promise.resolve();
  const flush = async () => {
    const events = batch;
    batch = [];
    await pending;
    pending = store.append(events).then((result) => {
      summary.stored += result.stored;
      summary.duplicates += result.duplicates;
      options.onProgress?.(summary);
    });
    // Surface a failure at the next flush or at the end, never as an unhandled rejection.
    pending.catch(() => undefined);
  };
  for (const input of inputs) {
    input.stream.on("data", (chunk: Buffer | string) => {
      summary.bytes += chunk.length;
    });
    for await (const item of readRecords(input.stream, input.name)) {
      const result = mapItem(item, options.context);
      addToSummary(summary, result);
      if (result.status === "mapped") {
        for (const event of result.events) batch.push(event);
        if (batch.length >= batchEvents) await flush();
      } else if (result.status === "rejected") {
        await options.onRejected?.(result);
      }
    }
  }
  if (batch.length > 0) await flush();
  await pending;
  return summary;
}
