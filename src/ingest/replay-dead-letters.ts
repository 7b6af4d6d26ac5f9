// Replays dead letters through the same processing as when they arrived; stores what now passes.
import { DEFAULT_BUCKET } from "../mapping/defender/mapping-context.js";
import type { SecurityEvent } from "../model/security-event.js";
import type { DeadLetter, DeadLetterFilter } from "../store/metadata-store.js";
import type { Storage } from "../store/storage.js";
import { mapItem } from "./map-item.js";
import { processOpenPipeline } from "./openpipeline/process-events.js";
import { readRecordsFromText } from "./read-records.js";

export interface ReplaySummary {
  readonly attempted: number;
  readonly replayed: number;
  readonly stillFailing: number;
  readonly eventsStored: number;
}

type Attempt =
  | { ok: true; events: SecurityEvent[] }
  | { ok: false; reason: string; field?: string; message: string };

/** Processes one dead letter again (pure): the events it now yields, or why it still fails. */
export function reprocess(letter: DeadLetter, now: Date): Attempt {
  if (letter.truncated)
    return {
      ok: false,
      reason: "truncated",
      message: `only the first ${letter.raw.length} of ${letter.rawBytes} bytes were kept: cannot replay`,
    };
  const bucket =
    typeof letter.context?.bucket === "string" ? letter.context.bucket : DEFAULT_BUCKET;
  if (letter.kind === "openpipeline") {
    let record: unknown;
    try {
      record = JSON.parse(letter.raw);
    } catch (error) {
      return { ok: false, reason: "malformed_json", message: (error as Error).message };
    }
    const query = (letter.context?.query ?? {}) as Record<string, string>;
    const result = processOpenPipeline([record], {
      query,
      receivedAt: new Date(letter.receivedAt),
      source: letter.source,
      bucket,
    });
    const failure = result.rejected[0];
    if (failure !== undefined)
      return {
        ok: false,
        reason: failure.reason,
        message: failure.message,
        ...(failure.field === undefined ? {} : { field: failure.field }),
      };
    return { ok: true, events: result.events };
  }
  const events: SecurityEvent[] = [];
  const source = letter.source.startsWith("file:") ? "file" : letter.source;
  for (const item of readRecordsFromText(letter.raw, letter.source)) {
    const result = mapItem(item, { observedAt: now.toISOString(), bucket, source });
    if (result.status === "rejected")
      return {
        ok: false,
        reason: result.reason,
        message: result.message,
        ...(result.field === undefined ? {} : { field: result.field }),
      };
    if (result.status === "mapped") events.push(...result.events);
  }
  return { ok: true, events };
}

/** Replays up to `filter.limit` open dead letters; each one is marked replayed or gets its new reason. */
export async function replayDeadLetters(
  storage: Storage,
  filter: DeadLetterFilter,
  now: Date,
): Promise<ReplaySummary> {
  const letters = await storage.metadata.listDeadLetters({ ...filter, includeReplayed: false });
  let replayed = 0;
  let eventsStored = 0;
  for (const letter of letters) {
    const attempt = reprocess(letter, now);
    if (attempt.ok) {
      eventsStored += (await storage.events.append(attempt.events)).stored;
      await storage.metadata.recordReplay(letter.id, { replayedAt: now.toISOString() });
      replayed += 1;
    } else {
      await storage.metadata.recordReplay(letter.id, {
        reason: attempt.reason,
        message: attempt.message,
        ...(attempt.field === undefined ? {} : { field: attempt.field }),
      });
    }
  }
  return {
    attempted: letters.length,
    replayed,
    stillFailing: letters.length - replayed,
    eventsStored,
  };
}
